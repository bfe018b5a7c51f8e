"""Reading what an officer hands in: an .xlsx workbook, one .csv file, or a folder of .csv files.

The reader only finds the sheets, their header rows and their data rows; it checks the shape
(known sheets, known and complete columns, no duplicate headers) but not the values, which the
importer validates against the sheet models. Every problem is collected, none is raised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from techzone.io.output import csv_unescaped
from techzone.io.problems import Problem
from techzone.io.sheets import SHEET_BY_NAME, SHEETS, Sheet

NOTES_SHEET = "填表说明"
"""The template's instructions sheet; never data."""
LISTS_SHEET = "下拉选项"
"""The template's hidden sheet holding long dropdown lists; never data."""
IGNORED_SHEETS = frozenset({NOTES_SHEET, LISTS_SHEET})

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIX = ".csv"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
NO_DATA = "文件中没有任何数据"


@dataclass(frozen=True)
class RawRow:
    """One data row as typed: its Excel row number and its cells by column header.

    Only the sheet's own columns are kept; a column absent from the file is absent here.
    """

    number: int
    cells: dict[str, Any]


@dataclass
class RawSheet:
    sheet: type[Sheet]
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)


@dataclass
class RawFile:
    """The data rows found per sheet, and what is wrong with the file's shape.

    ``broken`` holds the sheets whose header row is unusable (a required column missing, a
    header repeated); their rows are not in ``sheets``, so their values are not checked.
    """

    sheets: dict[type[Sheet], RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: set[type[Sheet]] = field(default_factory=set)
    any_data: bool = False
    """Whether any data row was seen at all, in a known sheet or not."""
    unreadable: bool = False
    """Whether (part of) the file could not be read at all."""

    @property
    def row_count(self) -> int:
        return sum(len(raw.rows) for raw in self.sheets.values())


def required_headers(sheet: type[Sheet]) -> list[str]:
    """The columns a sheet cannot do without: the model fields without a default."""
    return [info.alias or name for name, info in sheet.model_fields.items() if info.is_required()]


def shown(value: Any) -> str:
    """A cell value as the officer would see it typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xl_col_to_name(index: int) -> str:
    """A column's letters as Excel shows them (0 is A), for the messages."""
    # Imported here: XlsxWriter's package loads its whole writer, which an import does not use.
    from xlsxwriter.utility import xl_col_to_name as letters

    return str(letters(index))


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_file(path: Path) -> RawFile:
    """The raw rows of a workbook, a CSV file or a folder of CSV files, and their problems."""
    result = RawFile()
    name = path.name
    if not path.exists():
        _unreadable(result, name, "文件不存在")
        return result
    if path.is_dir():
        _read_folder(path, result)
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        _read_workbook(path, result)
    elif path.suffix.lower() == CSV_SUFFIX:
        _read_csv(path, result, taken={})
    elif path.suffix.lower() == ".xls":
        _unreadable(result, name, "不支持旧版 .xls 格式，请在Excel中「另存为」.xlsx 工作簿后再导入")
        return result
    else:
        shown_suffix = path.suffix or "（无扩展名）"
        _unreadable(
            result,
            name,
            f"不支持的文件类型「{shown_suffix}」：请提供 .xlsx 工作簿、.csv 文件"
            "或存放 .csv 文件的文件夹",
        )
        return result
    if not result.any_data and not result.unreadable:
        result.problems.append(_file_problem(name, NO_DATA))
    return result


def _file_problem(name: str, reason: str) -> Problem:
    return Problem(sheet=name, row=None, column=None, value="", reason=reason)


def _unreadable(result: RawFile, name: str, reason: str) -> None:
    result.unreadable = True
    result.problems.append(_file_problem(name, reason))


_EXACT_WHOLE = 2**53
"""Beyond this a float no longer holds every whole number exactly; leave such values as they are."""


def cell_value(value: Any) -> Any:
    """A cell as python-calamine gives it, in the types openpyxl gave and the importer expects.

    Empty cells are ``None`` (calamine gives ``""``), whole numbers are ``int`` (calamine
    gives every number as a float), and a date is a ``datetime`` at midnight.
    """
    if isinstance(value, str):
        return value or None
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_WHOLE:
            return int(value)
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def workbook_rows(path: Path) -> Iterator[tuple[str, list[tuple[Any, ...]] | None]]:
    """Each worksheet's title and rows from row 1 and column A (``None`` if unreadable).

    Raises ``CalamineError`` (or another error of the library) when the file is not a
    workbook at all.
    """
    # Imported here: only commands that read a workbook pay for the library.
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with CalamineWorkbook.from_path(str(path)) as book:
        for metadata in book.sheets_metadata:
            if metadata.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(metadata.name)
                # skip_empty_area=False keeps leading empty rows and columns, so that row and
                # column numbers in problems are the ones Excel shows.
                rows = [
                    tuple(map(cell_value, row)) for row in sheet.to_python(skip_empty_area=False)
                ]
            except Exception:
                # A damaged sheet is reported by name; the others are still read.
                yield metadata.name, None
                continue
            yield metadata.name, rows


def _read_workbook(path: Path, result: RawFile) -> None:
    try:
        sheets = list(workbook_rows(path))
    except Exception:
        # The library raises several kinds of error on a damaged file (zip, XML, missing parts).
        _unreadable(result, path.name, "无法读取：文件已损坏，或不是Excel工作簿（.xlsx）")
        return
    for name, rows in sheets:
        title = str(name).strip()
        if title in IGNORED_SHEETS:
            continue
        if rows is None:
            _unreadable(result, path.name, f"无法读取工作表「{title}」：文件已损坏")
            continue
        sheet = SHEET_BY_NAME.get(title)
        if sheet is None:
            if any(not _is_blank(value) for row in rows for value in row):
                result.any_data = True
                result.problems.append(
                    Problem(
                        sheet=title,
                        row=None,
                        column=None,
                        value="",
                        reason="未知的工作表名称，应为："
                        + "、".join(known.sheet_name for known in SHEETS),
                    )
                )
            continue
        if sheet in result.sheets or sheet in result.broken:
            result.problems.append(Problem(title, None, None, "", "工作簿中有两张同名的工作表"))
            continue
        _read_table(sheet, rows, result)


def _decoded(path: Path) -> str | None:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(path: Path, result: RawFile) -> list[list[str]] | None:
    text = _decoded(path)
    if text is None:
        _unreadable(result, path.name, "无法识别文件编码：请以 UTF-8 或 GB18030（GBK）编码保存CSV")
        return None
    try:
        return [
            [csv_unescaped(cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""))
        ]
    except csv.Error as error:
        _unreadable(result, path.name, f"CSV格式错误：{error}")
        return None


def _sheet_of_csv(path: Path, rows: Sequence[Sequence[str]]) -> type[Sheet] | str:
    """The sheet a CSV file holds: named by the file, else recognised by its header row.

    Returns the reason as text when the sheet cannot be told.
    """
    named = SHEET_BY_NAME.get(path.stem.strip())
    if named is not None:
        return named
    headers = {cell.strip() for cell in rows[0] if cell.strip()} if rows else set()
    matching = [
        sheet for sheet in SHEETS if set(required_headers(sheet)) <= headers <= set(sheet.headers())
    ]
    if len(matching) == 1:
        return matching[0]
    names = "、".join(sheet.sheet_name for sheet in SHEETS)
    if matching:
        which = "、".join(sheet.sheet_name for sheet in matching)
        return (
            f"表头与多张表（{which}）相符，请把文件命名为表名，如「{matching[0].sheet_name}.csv」"
        )
    return f"无法判断是哪张表：请把文件命名为表名（{names}），如「企业.csv」"


def _read_csv(path: Path, result: RawFile, taken: dict[type[Sheet], str]) -> None:
    rows = _csv_rows(path, result)
    if rows is None:
        return
    if not any(not _is_blank(cell) for row in rows for cell in row):
        named = SHEET_BY_NAME.get(path.stem.strip())
        if named is not None:
            taken[named] = path.name
        return
    found = _sheet_of_csv(path, rows)
    if isinstance(found, str):
        result.any_data = True  # there is something in it, only not in a known sheet
        result.problems.append(_file_problem(path.name, found))
        return
    if found in taken:
        result.problems.append(
            _file_problem(
                path.name, f"与「{taken[found]}」都是「{found.sheet_name}」表，请只保留一个文件"
            )
        )
        return
    taken[found] = path.name
    _read_table(found, rows, result)


def _read_folder(folder: Path, result: RawFile) -> None:
    files = sorted(
        child
        for child in folder.iterdir()
        if child.is_file()
        and child.suffix.lower() == CSV_SUFFIX
        and not child.name.startswith((".", "~$"))
    )
    if not files:
        _unreadable(result, folder.name, "文件夹中没有 .csv 文件")
        return
    taken: dict[type[Sheet], str] = {}
    for path in files:
        _read_csv(path, result, taken)


def _read_table(sheet: type[Sheet], rows: Sequence[Sequence[Any]], result: RawFile) -> None:
    """Check one sheet's header row and collect its non-blank data rows."""
    name = sheet.sheet_name
    data_rows = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if number > 1 and not all(_is_blank(value) for value in row)
    ]
    if data_rows:
        result.any_data = True
    header_row = rows[0] if rows else ()
    if all(_is_blank(value) for value in header_row):
        if data_rows:
            result.problems.append(Problem(name, 1, None, "", "第1行应为列名（表头），不能为空"))
            result.broken.add(sheet)
        return
    known = set(sheet.headers())
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    structural = False
    for index, value in enumerate(header_row):
        header = shown(value)
        if not header:
            unnamed.append(index)
        elif header in positions:
            first = xl_col_to_name(positions[header])
            again = xl_col_to_name(index)
            result.problems.append(
                Problem(
                    name, None, header, "", f"列名重复：第{first}列和第{again}列都是「{header}」"
                )
            )
            structural = True
        else:
            positions[header] = index
            if header not in known:
                result.problems.append(
                    Problem(
                        name,
                        None,
                        header,
                        "",
                        f"未知列：「{name}」表没有这一列，可用的列为："
                        + "、".join(sheet.headers()),
                    )
                )
    for header in required_headers(sheet):
        if header not in positions:
            result.problems.append(Problem(name, None, header, "", f"缺少必填列「{header}」"))
            structural = True
    for index in unnamed:
        if any(index < len(row) and not _is_blank(row[index]) for _, row in data_rows):
            letter = xl_col_to_name(index)
            result.problems.append(Problem(name, None, None, "", f"第{letter}列有数据但没有列名"))
    if structural:
        result.broken.add(sheet)
        return
    columns = [(header, index) for header, index in positions.items() if header in known]
    result.sheets[sheet] = RawSheet(
        sheet=sheet,
        headers=[header for header, _ in columns],
        rows=[
            RawRow(
                number=number,
                # Text is stripped of surrounding spaces; in line, as this runs for every cell.
                cells={
                    header: value.strip() if isinstance(value := row[index], str) else value
                    for header, index in columns
                    if index < len(row)
                },
            )
            for number, row in data_rows
        ],
    )
