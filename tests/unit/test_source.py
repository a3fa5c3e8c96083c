"""Reading exports as users send them: detection, rows as text, physical line numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from loaders import sniff
from loaders.errors import FileFormatError
from loaders.source import Chunk, _sizes, open_source, sheet_names
from tests.conftest import EXPECTED, SHARED_DATA


def read_all(path: Path, rows: int = 100_000, **options) -> tuple[list[int], list[tuple], list]:
    """(lines, rows as tuples, bad rows) of the whole file."""
    source = open_source(path, **options)
    lines: list[int] = []
    values: list[tuple] = []
    bad: list = []
    for chunk in source.chunks(rows):
        assert chunk.lines.dtype == np.int64
        assert len(chunk.lines) == len(chunk.frame)
        assert list(chunk.frame.columns) == source.columns
        lines += chunk.lines.tolist()
        values += list(chunk.frame.itertuples(index=False, name=None))
        bad += chunk.bad_rows
    return lines, values, bad


def write(tmp_path: Path, text: str, name: str = "ventas.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- the sample exports -------------------------------------------------------------

CSV_SAMPLES = [
    ("canonical_in_columns.csv", "utf-8", ",", EXPECTED["canonical_in_columns.csv"]["lines"]),
    ("pos_export_cl.csv", "utf-8-sig", ",", EXPECTED["pos_export_cl.csv"]["lines"]),
    ("planilla_latin1_semicolon.csv", "cp1252", ";",
     EXPECTED["planilla_latin1_semicolon.csv"]["lines"]),
    ("lineas_con_errores.csv", "utf-8", ";", 11),
]


@pytest.mark.parametrize("name,encoding,delimiter,count", CSV_SAMPLES)
def test_sample_csv_opens_with_its_format_and_every_line(name, encoding, delimiter, count):
    source = open_source(SHARED_DATA / name)
    assert source.format.kind == "csv"
    assert source.format.encoding == encoding
    assert source.format.delimiter == delimiter
    assert source.format.header_line == 1
    assert source.format.sheet is None
    lines, values, bad = read_all(SHARED_DATA / name, rows=1000)
    assert bad == []
    assert len(values) == count
    assert lines == list(range(2, count + 2))
    assert all(isinstance(v, str) for row in values[:50] for v in row)


def test_pos_export_header_and_values():
    source = open_source(SHARED_DATA / "pos_export_cl.csv")
    assert source.columns[:6] == ["Fecha", "Tipo Doc", "Folio", "RUT Cliente",
                                  "Código Producto", "Producto"]
    first = source.preview(3)
    assert first.lines.tolist() == [2, 3, 4]
    assert first.frame.iloc[0]["Fecha"] == "01-08-2025 09:10"
    assert first.frame.iloc[0]["RUT Cliente"] == ""


def test_latin1_semicolon_accents_are_decoded():
    source = open_source(SHARED_DATA / "planilla_latin1_semicolon.csv")
    assert source.columns[:5] == ["Fecha", "N° Boleta", "SKU", "Descripción", "Categoría"]
    assert source.preview(1).frame.iloc[0]["Descripción"] == "Salmón porción"


def test_xlsx_with_title_rows():
    path = SHARED_DATA / "ventas_con_titulo.xlsx"
    source = open_source(path)
    assert source.format.kind == "xlsx"
    assert source.format.sheet == "Ventas"
    assert source.format.header_line == 3
    assert source.format.encoding is None and source.format.delimiter is None
    assert source.columns == ["Fecha", "Documento", "Código", "Nombre producto", "Categoría",
                              "Cantidad", "Total", "Cliente"]
    lines, values, bad = read_all(path, rows=100)
    count = EXPECTED["ventas_con_titulo.xlsx"]["lines"]
    assert bad == []
    assert len(values) == count
    assert lines[0] == 4 and lines == list(range(4, count + 4))
    assert values[0] == ("2025-10-01 09:42:00", "40001", "FRU-1023", "Limón", "Frutas y verduras",
                         "2.363", "5884", "")
    assert sheet_names(path) == ["Ventas"]


def test_lineas_con_errores_keeps_every_line_for_validation():
    lines, values, bad = read_all(SHARED_DATA / "lineas_con_errores.csv")
    assert lines == list(range(2, 13))
    assert values[1][0] == ""  # the missing date stays, validation rejects it
    assert values[6][3] == "dos"


# --- CSV dialects ---------------------------------------------------------------------

def test_newline_inside_quotes_keeps_following_line_numbers(tmp_path):
    path = write(tmp_path, 'Fecha,Producto,Total\r\n'
                           '01-10-2025,"Pan\r\namasado",100\r\n'
                           '02-10-2025,Leche,200\r\n'
                           '03-10-2025,"Queso\r\nde\r\ncabra",300\r\n'
                           '04-10-2025,Té,400\r\n')
    lines, values, bad = read_all(path)
    assert lines == [2, 4, 5, 8]
    assert values[0][1] == "Pan\r\namasado"
    assert values[2][1] == "Queso\r\nde\r\ncabra"
    assert bad == []


def test_doubled_quotes_and_delimiters_inside_quotes(tmp_path):
    path = write(tmp_path, 'Producto;Precio\n"Televisor 32"" LED";"1.234,5"\n"a;b";2\n')
    lines, values, _ = read_all(path)
    assert values == [('Televisor 32" LED', "1.234,5"), ("a;b", "2")]
    assert lines == [2, 3]


def test_literal_quote_inside_unquoted_field(tmp_path):
    path = write(tmp_path, 'Producto,Precio\nTV 32" LED,100\nRadio,50\n')
    lines, values, bad = read_all(path)
    assert values == [('TV 32" LED', "100"), ("Radio", "50")]
    assert lines == [2, 3] and bad == []


@pytest.mark.parametrize("delimiter", ["\t", "|", ";", ","])
def test_delimiter_is_detected(tmp_path, delimiter):
    rows = [["Fecha", "Producto", "Total"], ["01-10-2025", "Jugo 1,5 L", "1.290"],
            ["02-10-2025", "Pan; amasado", "990"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    source = open_source(write(tmp_path, buffer.getvalue()))
    assert source.format.delimiter == delimiter
    assert source.columns == rows[0]
    assert read_all(source.path)[1] == [tuple(r) for r in rows[1:]]


def test_title_rows_above_csv_header(tmp_path):
    path = write(tmp_path, "Informe de ventas;;;\nSucursal Centro;;;\n;;;\n"
                           "Fecha;Folio;SKU;Total\n01/10/2025;1;A-1;100\n02/10/2025;2;A-2;200\n")
    source = open_source(path)
    assert source.format.header_line == 4
    assert source.columns == ["Fecha", "Folio", "SKU", "Total"]
    lines, values, _ = read_all(path)
    assert lines == [5, 6]


def test_title_without_delimiters_above_header(tmp_path):
    path = write(tmp_path,
                 "Reporte generado el 05/10/2025\n\nFecha,Folio,Total\n01/10/2025,1,100\n")
    source = open_source(path)
    assert source.format.delimiter == ","
    assert source.format.header_line == 3
    assert read_all(path)[0] == [4]


def test_blank_lines_are_skipped_but_counted(tmp_path):
    path = write(tmp_path,
                 "\n\nFecha;Total\r\n01/10/2025;1\r\n\r\n;\r\n   \r\n02/10/2025;2\r\n\r\n")
    source = open_source(path)
    assert source.format.header_line == 3
    lines, values, bad = read_all(path)
    assert lines == [4, 8]
    assert values == [("01/10/2025", "1"), ("02/10/2025", "2")]
    assert bad == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("10;Pan;1.000", ("10", "Pan", "1.000")),  # nothing to trim
        (" 10;Pan ;1.000", ("10", "Pan", "1.000")),  # spaces beside delimiters
        ('10;" Pan";1.000', ("10", "Pan", "1.000")),  # inside quotes
        ('10;"Pan\t";1.000', ("10", "Pan", "1.000")),  # a tab
        ("10;Pan\u00a0;1.000", ("10", "Pan", "1.000")),  # a no-break space (Excel)
        ("10;\u3000Pan;1.000", ("10", "Pan", "1.000")),  # an ideographic space
        ('10;"Pan; dulce";1.000', ("10", "Pan; dulce", "1.000")),  # no padding, only inside
    ],
)
def test_padding_of_any_kind_is_trimmed_and_nothing_else(tmp_path, row, expected):
    for encoding in ("utf-8", "cp1252") if "\u3000" not in row else ("utf-8",):
        path = write(tmp_path, f"Folio;Producto;Total\n{row}\n11;Leche;990\n", encoding=encoding)
        assert read_all(path)[1] == [expected, ("11", "Leche", "990")]


def test_short_rows_are_padded_and_long_rows_reported(tmp_path):
    path = write(tmp_path, "Fecha,Folio,Cliente\n"
                           "01/10/2025,1\n"            # trailing empty cell left out
                           "01/10/2025,2,,,\n"         # extra empty fields: fine
                           "01/10/2025,3,x,sobra\n"    # extra data: a bad row
                           "01/10/2025,4,y\n")
    lines, values, bad = read_all(path)
    assert values == [("01/10/2025", "1", ""), ("01/10/2025", "2", ""), ("01/10/2025", "4", "y")]
    assert lines == [2, 3, 5]
    assert bad == [(4, "01/10/2025,3,x,sobra")]


def test_values_are_stripped(tmp_path):
    path = write(tmp_path, "Fecha , Total\n 01/10/2025 ,\t100 \n")
    source = open_source(path)
    assert source.columns == ["Fecha", "Total"]
    assert read_all(path)[1] == [("01/10/2025", "100")]


def test_header_names_empty_and_repeated(tmp_path):
    path = write(tmp_path, "Fecha,,Total,Total,Total\n1,2,3,4,5\n")
    assert open_source(path).columns == ["Fecha", "columna_2", "Total", "Total (2)", "Total (3)"]


def test_unclosed_quote_is_one_bad_line_not_the_rest_of_the_file(tmp_path):
    path = write(tmp_path, 'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n10,11,12\n')
    lines, values, bad = read_all(path)
    assert lines == [2, 4, 5]
    assert values[1] == ("7", "8", "9")
    assert bad == [(3, '4,"5,6')]


def test_old_mac_line_endings(tmp_path):
    path = write(tmp_path, "Fecha;Total\r01/10/2025;1\r\r02/10/2025;\"2\r3\"\r03/10/2025;4\r")
    lines, values, _ = read_all(path, rows=1)
    assert lines == [2, 4, 6]
    assert values[1] == ("02/10/2025", "2\r3")


def test_carriage_return_inside_quotes_is_part_of_the_value(tmp_path):
    lines, values, bad = read_all(write(tmp_path, 'a,b\n1,"x\ry"\n2,z\n'))
    assert lines == [2, 3] and values[0] == ("1", "x\ry") and bad == []


def test_no_trailing_newline(tmp_path):
    lines, values, _ = read_all(write(tmp_path, "a,b\n1,2\n3,4"))
    assert lines == [2, 3] and values[-1] == ("3", "4")


def test_header_only_file_has_no_rows(tmp_path):
    source = open_source(write(tmp_path, "Fecha,Total\n"))
    assert source.columns == ["Fecha", "Total"]
    assert list(source.chunks()) == []
    preview = source.preview()
    assert isinstance(preview, Chunk) and len(preview.frame) == 0
    assert list(preview.frame.columns) == ["Fecha", "Total"]


def test_preview_reads_only_the_first_rows(tmp_path):
    body = "".join(f"01/10/2025,{i}\n" for i in range(1000))
    preview = open_source(write(tmp_path, "Fecha,Folio\n" + body)).preview(5)
    assert preview.lines.tolist() == [2, 3, 4, 5, 6]
    assert preview.frame["Folio"].tolist() == ["0", "1", "2", "3", "4"]


def test_given_options_win_over_detection(tmp_path):
    path = write(tmp_path, "x;y\nFecha;Total\n01/10/2025;1\n")
    source = open_source(path, delimiter=";", header_line=2, encoding="latin-1")
    assert source.format.encoding == "latin-1"
    assert source.format.header_line == 2
    assert source.columns == ["Fecha", "Total"]
    assert read_all(path, header_line=2)[0] == [3]
    with pytest.raises(FileFormatError, match="línea 9"):
        open_source(path, header_line=9)
    with pytest.raises(FileFormatError, match="codificación"):
        open_source(path, encoding="no-existe")


# --- chunking ------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [1, 2, 3, 5, 7])
def test_small_chunks_give_the_same_rows_and_lines(tmp_path, rows):
    text = ('Fecha,Nota,Total\n'
            '1,a,10\n'
            '2,"uno\ndos\ntres",20\n'   # a quoted field over three lines
            '\n'
            '3,"x ""y""",30\n'
            '4,"otra\nnota",40\n'
            '5,b\n'
            '6,c,60,extra\n'
            '7,"fin\n\nde nota",70\n')
    path = write(tmp_path, text)
    whole = read_all(path, rows=1_000)
    assert read_all(path, rows=rows) == whole
    lines, values, bad = whole
    assert lines == [2, 3, 7, 8, 10, 12]
    assert values[1] == ("2", "uno\ndos\ntres", "20")
    assert bad == [(11, "6,c,60,extra")]


def test_large_file_chunks_match_one_pass(tmp_path):
    rows = [f'{i},"Prod {i}\n2da línea",{i * 10}' if i % 97 == 50 else f"{i},Prod {i},{i * 10}"
            for i in range(20_000)]
    path = write(tmp_path, "Folio,Producto,Total\n" + "\n".join(rows) + "\n")
    small = read_all(path, rows=333)
    big = read_all(path)
    assert small == big
    assert len(big[1]) == 20_000
    assert big[0][:3] == [2, 3, 4]
    assert big[0][50:52] == [52, 54]  # the first two-line record pushes later lines by one
    assert big[0][-1] == 2 + 19_999 + 206


def test_byte_cap_and_a_line_longer_than_it(tmp_path, monkeypatch):
    from loaders import source as source_module
    monkeypatch.setattr(source_module, "CHUNK_BYTES", 1000)
    path = write(tmp_path, "a,b\n" + "x" * 5000 + ",y\n" + "1,2\n" * 3000)
    lines, values, _ = read_all(path)
    assert len(values) == 3001 and values[0] == ("x" * 5000, "y")
    assert lines == list(range(2, 3003))
    assert max(len(c.frame) for c in open_source(path).chunks()) <= 250


def _reference(path: Path, delimiter: str, width: int) -> tuple[list[int], list[tuple], list[int]]:
    """The same reading done slowly with the csv module."""
    lines, values, bad = [], [], []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        previous = 0
        for fields in reader:
            start, previous = previous + 1, reader.line_num
            if start == 1:
                continue
            fields = [v.strip() for v in fields]
            if not any(fields):
                continue
            if len(fields) > width:
                if any(fields[width:]):
                    bad.append(start)
                    continue
                fields = fields[:width]
            values.append(tuple(fields + [""] * (width - len(fields))))
            lines.append(start)
    return lines, values, bad


@pytest.mark.parametrize("seed", range(12))
def test_random_files_match_the_csv_module(tmp_path, seed):
    rng = random.Random(seed)
    delimiter = rng.choice([",", ";", "\t", "|"])
    newline = rng.choice(["\n", "\r\n"])
    width = rng.randint(2, 6)
    pieces = ["abc", "Ñandú", "1.234,5", " x ", "", "12\" TV", "\t"]

    def cell() -> str:
        kind = rng.random()
        if kind < 0.15:
            inner = rng.choice(pieces) + rng.choice(["\n", "\r\n", delimiter, '""', ""]) + "z"
            return f'"{inner}"'
        return rng.choice(pieces).replace(delimiter, "")

    out = [delimiter.join(f"Col{i}" for i in range(width))]
    for _ in range(rng.randint(50, 400)):
        roll = rng.random()
        if roll < 0.05:
            out.append("")
        elif roll < 0.1:
            out.append(delimiter * (width - 1))
        else:
            n = width + rng.choice([0, 0, 0, 0, -1, 1, 2]) if roll < 0.3 else width
            out.append(delimiter.join(cell() for _ in range(max(1, n))))
    path = write(tmp_path, newline.join(out) + rng.choice(["", newline]))
    # all-text random rows can look like a header: header detection is tested elsewhere
    source = open_source(path, delimiter=delimiter, header_line=1)
    expected = _reference(path, delimiter, width)
    for rows in (1_000, rng.randint(1, 40)):
        lines, values, bad = read_all(path, rows=rows, delimiter=delimiter, header_line=1)
        assert (lines, values, [line for line, _ in bad]) == expected
    assert source.columns == [f"Col{i}" for i in range(width)]


# --- encodings -------------------------------------------------------------------------

def test_utf8_bom_is_removed_from_the_first_name(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfFecha,Descripci\xc3\xb3n\n1,caf\xc3\xa9\n")
    source = open_source(path)
    assert source.format.encoding == "utf-8-sig"
    assert source.columns == ["Fecha", "Descripción"]
    assert read_all(path)[1] == [("1", "café")]


def test_cp1252_is_preferred_over_latin1(tmp_path):
    path = write(tmp_path, "Año;Descripción\n2025;Peña € 5\n2026;“Ñandú”\n", encoding="cp1252")
    assert open_source(path).format.encoding == "cp1252"
    assert read_all(path)[1] == [("2025", "Peña € 5"), ("2026", "“Ñandú”")]  # 0x80-0x9F bytes
    path = write(tmp_path, "Año;Descripción\n2025;Peña\n", encoding="latin-1")
    assert open_source(path).format.encoding == "cp1252"  # same bytes, Excel's name


def test_latin1_when_cp1252_cannot_decode(tmp_path):
    path = tmp_path / "l1.csv"
    path.write_bytes("Año;Descripción\n2025;Peña\n".encode("latin-1") + b"2026;x\x81y\n")
    source = open_source(path)
    assert source.format.encoding == "latin-1"
    assert read_all(path)[1][1] == ("2026", "x\x81y")


def test_utf8_is_checked_over_the_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff, "BLOCK", 64)
    text = "Fecha;Total\n" + "01/10/2025;1\n" * 500 + "02/10/2025;Peña\n"
    path = write(tmp_path, text, encoding="cp1252")  # the only accent is at the very end
    source = open_source(path)
    assert source.format.encoding == "cp1252"
    assert read_all(path)[1][-1] == ("02/10/2025", "Peña")
    utf8 = write(tmp_path, text.replace("Peña", "Peña ñandú"), "u.csv")
    assert open_source(utf8).format.encoding == "utf-8"


def test_dos_code_page_is_recognised_from_the_words(tmp_path):
    text = (SHARED_DATA / "planilla_latin1_semicolon.csv").read_bytes().decode("cp1252")
    path = write(tmp_path, "\n".join(text.splitlines()[:300]) + "\n", encoding="cp850")
    source = open_source(path)
    assert source.format.encoding == "cp850"
    assert source.columns[3:5] == ["Descripción", "Categoría"]


def test_utf8_given_but_file_is_not(tmp_path):
    path = write(tmp_path, "a;b\n1;Peña\n", encoding="cp1252")
    with pytest.raises(FileFormatError, match="UTF-8"):
        open_source(path, encoding="utf-8")


# --- refusals ---------------------------------------------------------------------------

def test_empty_file_is_refused(tmp_path):
    with pytest.raises(FileFormatError, match="vacío"):
        open_source(write(tmp_path, ""))
    with pytest.raises(FileFormatError, match="no tiene datos"):
        open_source(write(tmp_path, "\n \r\n\n", "blank.csv"))


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = write(tmp_path, "a,b\n" + "1,2\n" * 3000)  # 12 KB
    with pytest.raises(FileFormatError) as error:
        open_source(path, max_bytes=10 * 1024)
    assert "pesa 12 KB" in str(error.value) and "máximo permitido es 10 KB" in str(error.value)
    big = 250 * 1024 * 1024
    assert _sizes(big, 200 * 1024 * 1024) == ("250 MB", "200 MB")
    assert open_source(path, max_bytes=1 << 20).columns == ["a", "b"]


def test_file_without_header_row_is_refused(tmp_path):
    with pytest.raises(FileFormatError, match="encabezado"):
        open_source(write(tmp_path, "1;2;3\n4;5;6\n7;8;9\n"))


def test_unknown_kinds_are_refused(tmp_path):
    with pytest.raises(FileFormatError, match="tipo de archivo"):
        open_source(write(tmp_path, "a,b\n", "ventas.pdf"))
    with pytest.raises(FileFormatError, match=".xls"):
        open_source(write(tmp_path, "a,b\n", "ventas.xls"))
    with pytest.raises(FileFormatError, match="UTF-16"):
        open_source(write(tmp_path, "a\tb\n1\t2\n", "u16.txt", encoding="utf-16"))
    with pytest.raises(FileFormatError, match="tipo de archivo"):
        open_source(write(tmp_path, "a,b\n"), kind="parquet")
    with pytest.raises(FileFormatError):
        open_source(write(tmp_path, "a,b\n", "falso.xlsx"))


# --- XLSX ---------------------------------------------------------------------------------

def _workbook(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    empty = workbook.active
    empty.title = "Portada"
    sheet = workbook.create_sheet("Datos")
    sheet["A1"] = "Ventas octubre"
    sheet.append([])
    sheet.append(["Fecha", "Folio", None, "Cantidad", "Fecha", "Activo"])
    sheet.append([dt.datetime(2025, 10, 1, 9, 42), 40001, "  A-1 ", 2.363,
                  dt.date(2025, 10, 1), True])
    sheet.append([])  # row 5 blank
    sheet.append([dt.datetime(2025, 10, 2, 23, 59, 59, 999_000), 40002.0, None, 0.1 + 0.2,
                  None, False])
    sheet.append([dt.datetime(2025, 10, 3), 3, "B", 1, None, None, None, "nota"])  # beyond header
    sheet.append([dt.datetime(2025, 10, 4), 4, "C"])
    other = workbook.create_sheet("Otra")
    other.append(["x"])
    path = tmp_path / "libro.xlsx"
    workbook.save(path)
    return path


def test_xlsx_first_sheet_with_data_and_cell_text(tmp_path):
    path = _workbook(tmp_path)
    assert sheet_names(path) == ["Portada", "Datos", "Otra"]
    source = open_source(path)
    assert source.format == open_source(path, sheet="Datos").format
    assert source.format.sheet == "Datos" and source.format.header_line == 3
    assert source.columns == ["Fecha", "Folio", "columna_3", "Cantidad", "Fecha (2)", "Activo"]
    lines, values, bad = read_all(path, rows=2)
    assert lines == [4, 6, 8]
    assert values[0] == ("2025-10-01 09:42:00", "40001", "A-1", "2.363",
                         "2025-10-01 00:00:00", "true")
    assert values[1] == ("2025-10-03 00:00:00", "40002", "", "0.3", "", "false")
    assert values[2] == ("2025-10-04 00:00:00", "4", "C", "", "", "")
    assert [line for line, _ in bad] == [7]
    assert "nota" in bad[0][1]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path):
    path = _workbook(tmp_path)
    with pytest.raises(FileFormatError) as error:
        open_source(path, sheet="Hoja1")
    assert "Hoja1" in str(error.value) and "Portada" in str(error.value)
    assert "Datos" in str(error.value)


def test_sheet_names_of_a_csv_is_empty(tmp_path):
    assert sheet_names(write(tmp_path, "a,b\n")) == []


def test_cell_text():
    assert sniff.cell_text(None) == ""
    assert sniff.cell_text(5884.0) == "5884"
    assert sniff.cell_text(2.363) == "2.363"
    assert sniff.cell_text(1e-7) == "0.0000001"
    assert sniff.cell_text(True) == "true"
    assert sniff.cell_text(dt.date(2025, 1, 2)) == "2025-01-02"
    assert sniff.cell_text(dt.datetime(2025, 1, 2, 3, 4, 5)) == "2025-01-02 03:04:05"
    assert sniff.cell_text(dt.time(8, 30)) == "08:30:00"
