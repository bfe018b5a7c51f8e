"""The one writer of every table file techzone produces: .xlsx workbooks and .csv files.

Values come from data officers typed or imported, so a company called ``=HYPERLINK(…)`` or
``-3`` must come back as that text, never as a live formula or a number:

- in a workbook every ``str`` is written as a string cell (the file format's own text type,
  which Excel never evaluates); numbers, dates and booleans keep their own cell types, so a
  negative amount stays a number;
- in a CSV file, which has no types, text beginning with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return is prefixed with an apostrophe ``'`` (what spreadsheet programs take as
  "this is text"); text already beginning with an apostrophe gets one more, so
  ``csv_unescaped`` — which the importer applies — gives back exactly what was exported.
  Numbers are written as numbers, so ``-3`` as an amount is never prefixed.

Large tables (the export, the award details, the assessment) stream through XlsxWriter in
constant-memory mode; workbooks built with openpyxl for their comments, dropdowns and charts
are saved through ``save_workbook``, which turns any formula-looking text back into text.
Either way the file is written beside its target and renamed into place (``io.files``).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techzone.io.files import atomic_path

if TYPE_CHECKING:
    from openpyxl import Workbook as OpenpyxlWorkbook
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook as XlsxWorkbook
    from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

CSV_ENCODING = "utf-8-sig"  # the byte order mark makes Excel read the file as UTF-8
CSV_ESCAPE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet program read a CSV cell as a formula (OWASP's list)."""

_RICH_START, _RICH_END = "<r>", "</r>"
_SPECIAL_TEXT = re.compile("[\x00-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
"""Text XlsxWriter changes on its way into the file: control characters and its own escapes
(``_xHHHH_``), XML's reserved characters, and a newline (which also decides the space below)."""
_PLAIN_LENGTH = 16_383
"""Longer text is measured in UTF-16 units (and cut at a cell's limit) by the library itself."""
_PRESERVE = ' xml:space="preserve"'

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"


def csv_escaped(text: str) -> str:
    """Text as written to CSV: an apostrophe before a formula start or an apostrophe."""
    if text.startswith((*FORMULA_STARTS, CSV_ESCAPE)):
        return CSV_ESCAPE + text
    return text


def csv_unescaped(text: str) -> str:
    """The inverse of ``csv_escaped`` (the importer's view of a CSV cell).

    Only an apostrophe that ``csv_escaped`` could have added is removed, so a cell typed by
    hand as ``'abc`` stays ``'abc``.
    """
    if text.startswith(CSV_ESCAPE) and text[1:].startswith((*FORMULA_STARTS, CSV_ESCAPE)):
        return text[1:]
    return text


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return csv_escaped(str(value))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """One CSV file (UTF-8 with BOM), text escaped against formulas, written atomically."""
    with atomic_path(path) as temporary:
        write_csv_into(temporary, header, rows)


def write_csv_into(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The CSV written straight into ``path``: for a caller that holds the temporary file of an
    ``atomic_path`` (several files replaced together)."""
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_escaped(text) for text in header])
        writer.writerows([_csv_cell(value) for value in row] for row in rows)


def save_workbook(book: OpenpyxlWorkbook, path: Path) -> None:
    """Save an openpyxl workbook atomically, every formula-looking text kept as text.

    openpyxl makes any string beginning with ``=`` a formula; techzone writes no formulas,
    so every such cell holds data and is written back as a string cell.
    """
    for sheet in book.worksheets:
        for cell in getattr(sheet, "_cells", {}).values():
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"
    with atomic_path(path) as temporary:
        book.save(temporary)


class StreamingSheet:
    """One worksheet written row by row; every value gets its own cell type.

    A row of text, numbers and dates, as nearly every row is, is turned into the sheet's XML
    here, a row at a time, and handed to XlsxWriter's row file: its cell-by-cell path (a cell
    object, a table and five XML helpers per cell) was most of an export's time. The XML is
    the library's own, byte for byte (``tests/io/test_output.py`` writes the same rows both
    ways and compares the files); any text the library treats specially (control characters,
    its ``_xHHHH_`` escapes, XML's ``&<>``, rich text, a text too long for a cell) and any
    other type is written by the library's own functions.
    """

    def __init__(self, book: StreamingBook, sheet: XlsxWorksheet) -> None:
        self._book = book
        self._sheet = sheet
        self._row = 0
        self._formats: dict[int, Format] = {}
        self._styles: dict[int, str] = {}  # a format's ' s="…"' attribute, by the format's id
        self._letters: list[str] = []
        # Rows keep XlsxWriter's defaults here (no height, format or outline is ever set, and
        # a column's width comes without a format), so a row is "<row r=…>" and a cell's only
        # style is its own.
        self._by_row = (
            sheet.excel_version == 2007 and sheet.default_row_height == sheet.original_row_height
        )

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths):
            self._sheet.set_column(index, index, width)

    def width(self, column: int, width: float) -> None:
        self._sheet.set_column(column, column, width)

    def freeze(self, rows: int = 1, columns: int = 0) -> None:
        self._sheet.freeze_panes(rows, columns)

    def text(self, columns: Iterable[int], widths: Sequence[float]) -> None:
        """Take what is typed into these (0-based) columns later as text: a 20-digit voucher
        typed into a 常规 column is a number to Excel, which keeps 15 of its digits. The
        columns' cells are left empty here, so the rows' own XML is unchanged."""
        for column in columns:
            self._sheet.set_column(column, column, widths[column], self._book.text)

    def money(self, columns: Iterable[int]) -> None:
        """Show numbers in these (0-based) columns as money: thousands and two decimals."""
        for column in columns:
            self._formats[column] = self._book.money

    def header(self, values: Sequence[Any]) -> None:
        self.append(values, bold=True)

    def title(self, text: str) -> None:
        self.append([text], style=self._book.title)

    def append(
        self, values: Sequence[Any], bold: bool = False, style: Format | None = None
    ) -> None:
        row = self._row
        self._row += 1
        if bold:
            style = self._book.bold
        xml = self._row_xml(row, values, style) if self._by_row else None
        if xml is None:
            self._append_cells(row, values, style)
        elif xml:
            sheet = self._sheet
            if sheet.table:  # the row before, written cell by cell, is still held
                sheet._write_single_row(row)
            sheet.previous_row = row
            sheet.fh.write(xml)

    def _style(self, style: Format | None) -> str:
        if style is None:
            return ""
        attribute = self._styles.get(id(style))
        if attribute is None:
            attribute = self._styles[id(style)] = f' s="{style._get_xf_index()}"'
        return attribute

    def _row_xml(self, row: int, values: Sequence[Any], style: Format | None) -> str | None:
        """The row's XML as XlsxWriter writes it, "" for a row of empty cells, or None when a
        value needs the library's cell-by-cell path."""
        sheet = self._sheet
        if row >= sheet.xls_rowmax or len(values) > sheet.xls_colmax:
            return None
        letters = self._letters
        if len(letters) < len(values):
            from xlsxwriter.utility import xl_col_to_name

            letters.extend(xl_col_to_name(index) for index in range(len(letters), len(values)))
        number = str(row + 1)
        own = self._style(style)
        cells: list[str] = []
        first = last = -1
        for column, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                if len(value) > _PLAIN_LENGTH or value.startswith(_RICH_START):
                    return None
                if _SPECIAL_TEXT.search(value):
                    from xlsxwriter.utility import _preserve_whitespace

                    value = sheet._escape_control_characters(value)
                    space = _PRESERVE if _preserve_whitespace(value) else ""
                    value = sheet._escape_data(value)
                else:
                    space = _PRESERVE if value[0].isspace() or value[-1].isspace() else ""
                cells.append(
                    f'<c r="{letters[column]}{number}"{own} t="inlineStr">'
                    f"<is><t{space}>{value}</t></is></c>"
                )
            elif kind is int or kind is float or kind is Decimal:
                # A NaN or infinity is no number at all: the cell is left empty, as missing is.
                if not math.isfinite(value):
                    continue
                attribute = own or self._style(self._formats.get(column))
                cells.append(f'<c r="{letters[column]}{number}"{attribute}><v>{value:.16G}</v></c>')
            elif kind is date or kind is datetime:
                serial = sheet._convert_date_time(value)
                attribute = own or self._style(self._book.date)
                cells.append(
                    f'<c r="{letters[column]}{number}"{attribute}><v>{serial:.16G}</v></c>'
                )
            elif value is None:
                continue
            else:
                return None
            if first < 0:
                first = column
            last = column
        if first < 0:
            return ""
        sheet._check_dimensions(row, first)
        sheet._check_dimensions(row, last)
        return f'<row r="{number}">{"".join(cells)}</row>'

    def _append_cells(self, row: int, values: Sequence[Any], style: Format | None) -> None:
        sheet = self._sheet
        # XlsxWriter's undecorated writers: the public ones first test whether the row is "A1"
        # text. Types met exactly take the short way; anything else (a subclass, an unknown
        # type) goes through ``_write_other``.
        write_string = sheet._write_string
        write_number = sheet._write_number
        formats = self._formats
        for column, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value.startswith(_RICH_START):
                    self._write_other(row, column, value, style)
                elif value:
                    write_string(row, column, value, style)
            elif kind is int or kind is float or kind is Decimal:
                # A NaN or infinity is no number at all: the cell is left empty, as missing is.
                if math.isfinite(value):
                    write_number(row, column, value, style or formats.get(column))
            elif value is not None:
                self._write_other(row, column, value, style)

    def _write_other(self, row: int, column: int, value: Any, style: Format | None) -> None:
        sheet = self._sheet
        if isinstance(value, str) and value.startswith(_RICH_START) and value.endswith(_RICH_END):
            # XlsxWriter (constant memory) copies text shaped "<r>…</r>" into the file as rich
            # text XML, unescaped: a name like that would break the workbook or smuggle in a
            # formula. Written as a rich string of two plain runs, it is escaped and reads back
            # as the same text.
            from xlsxwriter.format import Format

            runs: list[Any] = [value[:1], Format(), value[1:]]
            sheet._write_rich_string(row, column, *runs, *([style] if style else []))
        elif isinstance(value, str):
            if value:
                sheet._write_string(row, column, value, style)
        elif isinstance(value, bool):
            sheet._write_boolean(row, column, value, style)
        elif isinstance(value, int | float | Decimal):
            if math.isfinite(value):
                sheet._write_number(row, column, value, style or self._formats.get(column))
        elif isinstance(value, datetime | date):
            sheet._write_datetime(row, column, value, style or self._book.date)
        else:
            sheet._write_string(row, column, str(value), style)


class StreamingBook:
    """A workbook streamed to disk by XlsxWriter (constant memory, no formulas from text)."""

    def __init__(self, path: Path) -> None:
        # Imported here: only commands that write a workbook pay for the library.
        from xlsxwriter import Workbook

        self._book: XlsxWorkbook = Workbook(
            str(path),
            {
                "constant_memory": True,
                # Text stays text: never a formula, a number or a hyperlink.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "remove_timezone": True,
            },
        )
        self.bold = self._book.add_format({"bold": True})
        self.title = self._book.add_format({"bold": True, "font_size": 14})
        self.date = self._book.add_format({"num_format": DATE_FORMAT})
        self.money = self._book.add_format({"num_format": MONEY_FORMAT})
        self.text = self._book.add_format({"num_format": "@"})

    def sheet(self, name: str) -> StreamingSheet:
        return StreamingSheet(self, self._book.add_worksheet(name))

    def close(self) -> None:
        self._book.close()


@contextmanager
def streaming_workbook(path: Path) -> Iterator[StreamingBook]:
    """A ``StreamingBook`` that replaces ``path`` only when it was written completely."""
    with atomic_path(path) as temporary:
        book = StreamingBook(temporary)
        yield book
        book.close()


def write_table(
    path: Path,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | float = 18,
    money: Iterable[int] = (),
    text: Iterable[int] = (),
    freeze: tuple[int, int] = (1, 0),
) -> None:
    """One sheet: a bold header row, then ``rows``; .csv or .xlsx by the path's suffix.
    ``text``: empty columns someone fills in later, formatted as text (a voucher number)."""
    if path.suffix.lower() == ".csv":
        write_csv(path, header, rows)
        return
    with streaming_workbook(path) as book:
        sheet = book.sheet(title)
        column_widths = [widths] * len(header) if isinstance(widths, int | float) else widths
        sheet.widths(column_widths)
        sheet.text(text, column_widths)
        sheet.freeze(*freeze)
        sheet.money(money)
        sheet.header(header)
        for row in rows:
            sheet.append(row)
