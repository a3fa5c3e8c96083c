import pandas as pd

from loaders.validate import validate

NOW = pd.Timestamp("2026-01-01 23:59:59")


def frame(rows):
    columns = ["in_dt", "in_trans_id", "in_product_id", "in_quantity", "in_price_total"]
    texts = pd.DataFrame(rows, columns=columns)
    texts["file_line"] = range(2, len(rows) + 2)
    return texts


def test_good_lines_are_typed():
    good, rejected = validate(frame([["2025-10-05 10:00:00", "501", "A", "1.5", "2780"]]), NOW)
    assert rejected == []
    assert good.loc[0, "in_dt"] == pd.Timestamp("2025-10-05 10:00")
    assert good.loc[0, "in_quantity"] == 1.5
    assert good.loc[0, "in_discount_total"] == 0


def test_each_bad_line_has_its_reason_line_and_column():
    rows = [
        ["2025-10-05 10:00:00", "501", "A", "2", "2780"],   # line 2 ok
        ["", "502", "A", "1", "1390"],                      # 3 missing date
        ["2025-02-31 10:07:00", "504", "A", "1", "1390"],   # 4 impossible date
        ["2099-10-05 10:08:00", "505", "A", "1", "1390"],   # 5 future
        ["2025-10-05 10:09:00", "506", "A", "dos", "2780"], # 6 unreadable number
        ["2025-10-05 10:11:00", "508", "A", "0", "0"],      # 7 zero quantity
        ["2025-10-05 10:12:00", "509", "A", "1", "-1390"],  # 8 negative price on a sale
        ["2025-10-05 10:12:00", "510", "A", "-1", "-1390"], # 9 a return: fine
    ]
    good, rejected = validate(frame(rows), NOW)
    assert [(r.line, r.column, r.code) for r in rejected] == [
        (3, "in_dt", "missing_required"),
        (4, "in_dt", "bad_date"),
        (5, "in_dt", "future_date"),
        (6, "in_quantity", "bad_number"),
        (7, "in_quantity", "zero_quantity"),
        (8, "in_price_total", "negative_price"),
    ]
    assert list(good["file_line"]) == [2, 9]
    assert rejected[3].value == "dos"
    assert rejected[0].reason == "falta un valor obligatorio"
