from datetime import date

from ayni.core import formatting


def test_money_is_clp_without_decimals():
    assert formatting.money(1234567) == "$1.234.567"
    assert formatting.money(1234567.6) == "$1.234.568"
    assert formatting.money(-5000) == "-$5.000"
    assert formatting.money(None) == "—"


def test_money_short_uses_k_and_m():
    assert formatting.money_short(1_234_567) == "$1,2M"
    assert formatting.money_short(850_000) == "$850K"
    assert formatting.money_short(-850_000) == "-$850K"
    assert formatting.money_short(999) == "$999"
    assert formatting.money_short(1_234_567, "en") == "$1.2M"


def test_numbers_dates_and_percent_in_es_cl():
    assert formatting.number(4758.096, decimals=3) == "4.758,096"
    assert formatting.percent(12.345) == "12,3 %"
    assert formatting.day(date(2025, 9, 1)) == "01-09-2025"
    # CLDR releases abbreviate September as "sept" or "sep"; January tells Spanish apart.
    assert formatting.month(date(2025, 9, 1)).startswith("sep")
    assert formatting.month(date(2025, 1, 1)) == "ene 2025"
    assert formatting.month(date(2025, 1, 1), "en") == "Jan 2025"


def test_changes_carry_their_sign_and_never_read_minus_zero():
    from ayni.core import formatting as f
    assert f.signed_percent(12.345) == "+12,3 %" and f.signed_percent(-4) == "-4,0 %"
    assert f.signed_percent(-0.04) == "0,0 %" and f.points(-0.01) == "0,0 pp"
    assert f.points(1.26, "en") == "+1.3 pts"
    assert f.money(-5000, "en") == "-$5,000" and f.money(48_406_901, "en") == "$48,406,901"
    assert f.quantity(266.953, "kg") == "266,953 kg" and f.quantity(266953, "unit") == "266.953"
    assert f.rut("12345678-5") == "12.345.678-5" and f.text(None) == "—"
    assert f.percent(12.34, "en") == "12.3%" and f.signed_percent(5, "en") == "+5.0%"
