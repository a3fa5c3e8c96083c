"""The pieces of a load that need no database: occurrences, RUTs, encrypted storage, report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cryptography.fernet import Fernet
from stdnum.cl import rut

from ayni.core.ruts import check_digits, normalize
from ayni.core.settings import Settings
from loaders import storage
from loaders.occurrence import Occurrences
from loaders.report import ReportWriter, read_report


def test_occurrences_continue_across_chunks_in_file_order():
    docs = pd.Series(["1", "1", "2", "1", "2", "3", "1"], dtype=str)
    prods = pd.Series(["A", "A", "A", "B", "A", "A", "A"], dtype=str)
    numbers = Occurrences()
    got = np.concatenate([numbers.number(docs[:3], prods[:3]), numbers.number(docs[3:], prods[3:])])
    assert got.tolist() == [1, 2, 1, 1, 2, 1, 3]


def test_occurrences_equal_a_groupby_count_on_random_data():
    rng = np.random.default_rng(5)
    docs = pd.Series(rng.integers(0, 500, 20_000).astype(str), dtype=str)
    prods = pd.Series(rng.integers(0, 30, 20_000).astype(str), dtype=str)
    expected = pd.DataFrame({"d": docs, "p": prods}).groupby(["d", "p"]).cumcount() + 1
    numbers = Occurrences()
    got = np.concatenate([numbers.number(docs[i:i + 3000], prods[i:i + 3000])
                          for i in range(0, 20_000, 3000)])
    assert (got == expected.to_numpy()).all()


def test_occurrences_of_numeric_and_text_folios_mixed_across_chunks():
    # Chunk 1 holds numbers only, chunk 2 mixes them with text folios and a leading zero:
    # a folio keeps its count whichever kind of chunk it comes back in.
    rng = np.random.default_rng(9)
    pool = np.array(["12", "7", "012", "B-12", "99999999999999999999", "30001", "0"])
    docs = pd.Series(np.r_[rng.choice(pool[[0, 1, 5]], 3000), rng.choice(pool, 3000)], dtype=str)
    prods = pd.Series(rng.choice(["A", "7801234567890", "B"], 6000), dtype=str)
    expected = pd.DataFrame({"d": docs, "p": prods}).groupby(["d", "p"]).cumcount() + 1
    numbers = Occurrences()
    got = np.concatenate([numbers.number(docs[:3000], prods[:3000]),
                          numbers.number(docs[3000:], prods[3000:])])
    assert (got == expected.to_numpy()).all()


def test_check_digits_agree_with_python_stdnum():
    bodies = np.random.default_rng(1).integers(1_000_000, 99_999_999, 5000).astype(str)
    assert check_digits(bodies).tolist() == [rut.calc_check_digit(b) for b in bodies]


def test_normalize_agrees_with_python_stdnum_on_every_written_form():
    values = []
    for body in np.random.default_rng(2).integers(1_000_000, 99_999_999, 300).astype(str):
        digit = rut.calc_check_digit(body)
        wrong = "0" if digit != "0" else "1"
        values += [rut.format(body + digit), f"{body}-{digit}", body + digit, f"{body}-{wrong}"]
    normal, wrong = normalize(pd.Series(values, dtype=str))
    expected = [f"{rut.compact(v)[:-1]}-{rut.compact(v)[-1]}" if rut.is_valid(v) else v
                for v in values]
    assert normal.tolist() == expected
    assert wrong.sum() == 300


@pytest.fixture
def settings(tmp_path):
    return Settings(_env_file=None, data_dir=tmp_path, file_key=Fernet.generate_key().decode())


def test_stored_files_are_encrypted_and_come_back_whole(settings, tmp_path):
    original = ("Fecha;Total\n" + "01/09/2025;12.990\n" * 200_000).encode("cp1252")
    target = tmp_path / "u" / "1.enc"
    sha, size = storage.store(settings, original, target)
    assert size == len(original) and sha == storage.sha256_of(original)
    assert b"12.990" not in target.read_bytes()
    assert storage.read_bytes(settings, target) == original
    with storage.plain_copy(settings, target, ".csv") as plain:
        assert plain.read_bytes() == original
    assert not plain.exists()


def test_a_changed_key_is_reported_not_garbage(settings, tmp_path):
    target = tmp_path / "1.enc"
    storage.store(settings, b"hola", target)
    other = settings.model_copy(update={"file_key": Settings(
        _env_file=None, file_key=Fernet.generate_key().decode()).file_key})
    with pytest.raises(storage.StorageError, match="AYNI_FILE_KEY cambió"):
        storage.read_bytes(other, target)


def test_dev_key_is_made_once_per_data_dir(tmp_path):
    dev = Settings(_env_file=None, data_dir=tmp_path)
    storage.store(dev, b"abc", tmp_path / "a.enc")
    key_file = tmp_path / "secrets" / "file.key"
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert storage.read_bytes(dev, tmp_path / "a.enc") == b"abc"


def test_report_lists_every_problem_in_spanish(tmp_path):
    writer = ReportWriter(tmp_path / "r.csv")
    writer.write(pd.DataFrame({"line": [3, 7], "column": ["Fecha", "Cliente"],
                               "value": ["", "12.345.678-9"],
                               "code": ["missing_required", "invalid_rut"]}))
    writer.close()
    report = read_report(tmp_path / "r.csv")
    assert list(report.columns) == ["linea", "columna", "valor", "motivo", "codigo", "gravedad"]
    assert report.to_dict("records") == [
        {"linea": 3, "columna": "Fecha", "valor": "", "motivo": "falta un valor obligatorio",
         "codigo": "missing_required", "gravedad": "rechazada"},
        {"linea": 7, "columna": "Cliente", "valor": "12.345.678-9",
         "motivo": "RUT con dígito verificador incorrecto", "codigo": "invalid_rut",
         "gravedad": "advertencia"},
    ]
