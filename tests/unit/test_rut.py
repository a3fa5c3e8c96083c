import pytest

from ayni.core import rut


@pytest.mark.parametrize("written", ["12.345.678-5", "12345678-5", "123456785", " 12345678-5 "])
def test_every_written_form_normalises_to_one(written):
    assert rut.normalize(written) == "12345678-5"


def test_k_check_digit_is_uppercase():
    assert rut.normalize("10.000.013-k") == "10000013-K"


def test_wrong_check_digit_is_reported():
    with pytest.raises(rut.InvalidRut, match="dígito verificador"):
        rut.normalize("12.345.678-9")


def test_garbage_is_not_a_rut():
    with pytest.raises(rut.InvalidRut, match="no es un RUT"):
        rut.normalize("hola")
