from datetime import date

from ayni import formatting


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
