"""Reading what an officer hands in: an .xlsx workbook, one .csv file, or a folder of .csv files.

The reader only finds the sheets, their header rows and their data rows; it checks the shape
(known sheets, known and complete columns, no duplicate headers) but not the values, which the
importer validates against the sheet models. Every problem is collected, none is raised.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from techzone.io.output import csv_unescaped
from techzone.io.problems import Problem
from techzone.io.sheets import SHEET_BY_NAME, SHEETS, Sheet

NOTES_SHEET = "填表说明"
"""The template's instructions sheet; never data."""
LISTS_SHEET = "下拉选项"
"""The template's hidden sheet holding long dropdown lists; never data."""
IGNORED_SHEETS = frozenset({NOTES_SHEET, LISTS_SHEET})

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
# Workbooks of other programs' formats: WPS's own .et (its default) and template .ett, Excel's
# binary .xlsb, OpenDocument's .ods. Each can be saved again as .xlsx.
OTHER_WORKBOOKS = frozenset({".et", ".ett", ".xlsb", ".ods"})
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


def column_lookup(known: Iterable[str]) -> dict[str, str]:
    """Each known column name by its compact form, for ``column_name``."""
    return {_compact(name): name for name in known}


def column_name(value: Any, lookup: Mapping[str, str]) -> str:
    """A header cell as the column it names (``lookup``: ``column_lookup`` of the known names):
    「主营业务收入（元）」 retyped with a Chinese input method's brackets, or wrapped in its cell
    (Alt+Enter), is 「主营业务收入(元)」, and 「金额(元)」 is 「金额（元）」; a name that is
    none of them is kept as typed, for the refusal to quote."""
    typed = shown(value)
    return lookup.get(_compact(typed), typed)


def _compact(text: str) -> str:
    from techzone.io.fields import half_width

    return _SPACES.sub("", half_width(text))


_SPACES = re.compile(r"\s+")


def _refuse_sheet(result: RawFile, name: str, sheet: type[Sheet], reason: str) -> None:
    """A sheet whose shape is refused as a whole: one problem said once, its rows not read."""
    result.any_data = True
    result.problems.append(Problem(name, None, None, "", reason))
    result.broken.add(sheet)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _no_data(value: Any) -> bool:
    """Nothing typed: blank, or a formula's error such as the #N/A of a lookup filled down a
    template's rows not yet used. Such rows and columns were read as empty before errors were
    refused; an error beside typed data in a named column is still refused at its cell."""
    return _is_blank(value) or (isinstance(value, Unusable) and value.error)


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
    elif path.suffix.lower() in OTHER_WORKBOOKS:
        _unreadable(
            result,
            name,
            f"不支持「{path.suffix}」格式的工作簿：请在WPS或Excel中「另存为」.xlsx 工作簿后再导入",
        )
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


class Unusable:
    """A cell whose value is not what the officer sees in Excel: a formula's error (#DIV/0!,
    #REF!), or a formula saved without its result by a program that does not calculate.

    The workbook library gives both as an empty cell; read so, a re-import would clear the stored
    value, or a text column would take 「#REF!」. Every reader refuses such a cell by ``reason``.
    """

    __slots__ = ("error", "reason", "shown")

    def __init__(self, shown: str, reason: str, *, error: bool = False) -> None:
        self.shown = shown
        self.reason = reason
        self.error = error  # a result that is an error (#N/A), not a result missing

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"Unusable({self.shown!r})"


FORMULA_ERROR = "单元格是出错的公式结果（{value}）：请改正公式，或直接填写数值"
FORMULA_WITHOUT_RESULT = (
    "单元格是公式，文件中没有计算结果（文件可能由其他软件生成）："
    "请在Excel或WPS中打开、保存后再导入，或把公式改为数值"
)
_SHEET_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# What only a refused cell holds: an error result (t="e"), or a formula with an empty or no
# result. Found with bytes.find, which runs at memory speed where a regular expression would
# cost more than reading the workbook itself.
_TRIGGERS = (b't="e"', b"<v></v>", b"<v/>", b"</f></c>", b"/></c>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_CELL_TYPE = re.compile(rb'\bt="([^"]*)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT_TYPES = frozenset({b"str", b"s", b"inlineStr"})
_SCAN_CHUNK = 1 << 22


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _unusable_cell(cell: bytes) -> tuple[int, int, Unusable] | None:
    """The position (from 0) and refusal of one ``<c>`` element, if it holds no usable value."""
    start_tag = cell[: cell.find(b">") + 1]
    ref = _CELL_REF.search(start_tag)
    if ref is None:
        return None
    kind = _CELL_TYPE.search(start_tag)
    value = _VALUE.search(cell)
    result = value.group(1) if value else b""
    position = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
    if kind is not None and kind.group(1) == b"e":  # a formula's error, or #N/A typed as one
        error = html.unescape(result.decode("utf-8", "replace"))
        return *position, Unusable(error, FORMULA_ERROR.format(value=error), error=True)
    formula = _FORMULA.search(cell)
    if formula is None:
        return None
    if result or (kind is not None and kind.group(1) in _TEXT_TYPES):
        return None  # a result, or a formula's empty text (=IF(…,"",…)) as Excel saves it
    text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
    return *position, Unusable("=" + text if text else "=", FORMULA_WITHOUT_RESULT)


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_SCAN_CHUNK):
        yield chunk


# A number format that writes a unit of money other than 元 beside the number (0"万元",
# #,##0.00"万", 0.0"亿元", 0"千", the financial and traditional 仟/萬/億, and the k/K for 千,
# w/W for 万 and M for 百万 of accounts and chat: 0.0"k", 0\W, 0"k元"): Excel shows 500 as
# 「500万元」 while the cell holds 500. A letter counts only as a whole literal, so the format's
# own codes (General, [Red], yyyy) are not read as a unit.
_UNIT_FORMAT = re.compile(
    r'[十拾百佰千仟万萬亿億]+元|[千仟万萬亿億]|"\s*([kKwWM])\s*元?\s*"|\\([kKwWM])'
)
# A format's sections (positive;negative;zero;text), a ; inside a literal not splitting them.
_SECTION = re.compile(r'(?:"[^"]*"?|\\.?|[^;"\\])+')
# What is neither a digit placeholder nor a comma: a literal ("…", \x) or a bracket ([Red]).
_LITERAL = re.compile(r'"[^"]*"?|\\.?|\[[^\]]*\]?')
# Commas after the section's last digit placeholder show the number divided by 1,000 each
# (#,##0,"千" shows 5000000 as 5,000千): the cell holds the full amount, the unit is the display's.
_SCALED = re.compile(r"[0#?],+[^0#?]*$")
_STYLES_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
UNIT_SHOWN = (
    "单元格格式把数值显示为「{value}{unit}」，而单元格中的数值是{value}：本列按列名的单位读取"
    "（金额按元），请把单元格格式设为「常规」，填写按列名单位的数值后再导入"
)


def unit_shown(number_format: str | None) -> str | None:
    """The unit of money other than 元 a cell's number format writes beside its number."""
    for section in _SECTION.findall(number_format or ""):
        found = _UNIT_FORMAT.search(section)
        if found is not None and not _SCALED.search(_LITERAL.sub("", section)):
            return found.group(1) or found.group(2) or found.group(0)
    return None


def _unit_styles(package: zipfile.ZipFile, part: str | None) -> dict[bytes, str]:
    """The cell styles (their ``s`` index, as bytes) whose number format shows a unit of money,
    with that unit; empty for nearly every workbook."""
    from xml.etree import ElementTree

    if part is None or part not in package.namelist():
        return {}
    styles = ElementTree.fromstring(package.read(part))
    units = {
        fmt.get("numFmtId", ""): unit
        for fmt in styles.iter(f"{_MAIN}numFmt")
        if (unit := unit_shown(fmt.get("formatCode")))
    }
    if not units:
        return {}
    cell_styles = styles.find(f"{_MAIN}cellXfs")
    if cell_styles is None:
        return {}
    return {
        str(index).encode(): units[xf.get("numFmtId", "")]
        for index, xf in enumerate(cell_styles.findall(f"{_MAIN}xf"))
        if xf.get("numFmtId", "") in units
    }


_CELL_STYLE = re.compile(rb'\bs="([0-9]+)"')


def _unit_cells(
    data: bytes, units: dict[bytes, str], found: dict[tuple[int, int], Unusable]
) -> None:
    """The number cells of ``data`` whose style shows a unit of money (``_unit_styles``)."""
    for style, unit in units.items():
        trigger = b's="' + style + b'"'
        at = data.find(trigger)
        while at >= 0:
            start = data.rfind(b"<c ", 0, at + 1)
            tag_end = data.find(b">", at)
            if start >= 0 and tag_end >= 0 and data.find(b">", start) == tag_end:
                tag = data[start : tag_end + 1]
                end = data.find(b"</c>", tag_end)
                kind = _CELL_TYPE.search(tag)
                number = kind is None or kind.group(1) == b"n"
                styled = _CELL_STYLE.search(tag)
                ref = _CELL_REF.search(tag)
                if number and not tag.endswith(b"/>") and end >= 0 and styled and ref:
                    value = _VALUE.search(data[tag_end:end])
                    if value is not None and styled.group(1) == style:
                        shown = value.group(1).decode("utf-8", "replace")
                        position = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
                        found.setdefault(
                            position, Unusable(shown, UNIT_SHOWN.format(value=shown, unit=unit))
                        )
            at = data.find(trigger, at + len(trigger))


def _unusable_in_part(
    part: Iterator[bytes], units: dict[bytes, str] | None = None
) -> dict[tuple[int, int], Unusable]:
    found: dict[tuple[int, int], Unusable] = {}
    pending = b""
    for chunk in part:
        buffer = pending + chunk
        cut = buffer.rfind(b"</row>")
        if cut < 0:
            if len(buffer) > _SCAN_CHUNK * 4:  # no row ends: not held whole (a bomb)
                _scan(buffer[:-_SCAN_CHUNK], found, units)
                buffer, cut = buffer[-_SCAN_CHUNK:], 0
            pending = buffer
            continue
        cut += len(b"</row>")
        _scan(buffer[:cut], found, units)
        pending = buffer[cut:]
    _scan(pending, found, units)
    return found


def _scan(
    data: bytes, found: dict[tuple[int, int], Unusable], units: dict[bytes, str] | None = None
) -> None:
    if units:
        _unit_cells(data, units, found)
    # Most sheets have no formula: one pass for that, one for an error typed as a value (#N/A).
    triggers = _TRIGGERS if b"<f" in data else _TRIGGERS[:1]
    for trigger in triggers:
        at = data.find(trigger)
        while at >= 0:
            start = data.rfind(b"<c ", 0, at + 1)
            end = data.find(b"</c>", at)
            if start < 0 or end < 0:
                break
            cell = _unusable_cell(data[start : end + len(b"</c>")])
            if cell is not None:
                row, column, unusable = cell
                found[(row, column)] = unusable
            at = data.find(trigger, end)


def unusable_cells(path: Path) -> dict[str, dict[tuple[int, int], Unusable]]:
    """Per worksheet title, the cells (row, column from 0) that hold a formula's error or a
    formula without its result; empty for a workbook without them (the common case, found by a
    byte search of each sheet's XML). Raises what ``zipfile`` raises on a damaged file."""
    # Read from the package itself: the workbook library gives these cells as empty.
    from xml.etree import ElementTree

    result: dict[str, dict[tuple[int, int], Unusable]] = {}
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return result
        relations = [
            relation
            for relation in ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
            if relation.tag == f"{_PACKAGE}Relationship"
        ]
        targets = {
            relation.get("Id"): relation.get("Target", "")
            for relation in relations
            if relation.get("Type") == _SHEET_PART
        }
        styles = next(
            (_part(r.get("Target", "")) for r in relations if r.get("Type") == _STYLES_PART),
            None,
        )
        units = _unit_styles(package, styles)
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_RELATIONSHIP))
            if not target:
                continue
            part = _part(target)
            if part not in names:
                continue
            with package.open(part) as stream:
                found = _unusable_in_part(_chunks(stream), units)
            if found:
                result[str(sheet.get("name", ""))] = found
    return result


def _part(target: str) -> str:
    """A workbook relationship's target as the package names it."""
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _with_unusable(
    rows: list[tuple[Any, ...]], cells: dict[tuple[int, int], Unusable]
) -> list[tuple[Any, ...]]:
    for (row, column), unusable in cells.items():
        while row >= len(rows):
            rows.append(())
        values = list(rows[row])
        values.extend([None] * (column + 1 - len(values)))
        values[column] = unusable
        rows[row] = tuple(values)
    return rows


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


Merged = tuple[tuple[int, int], tuple[int, int]]
"""A merged range of cells: its first and last (row, column), from 0."""


def workbook_rows(path: Path) -> Iterator[tuple[str, list[tuple[Any, ...]] | None]]:
    """Each worksheet's title and rows from row 1 and column A (``None`` if unreadable).

    Raises ``CalamineError`` (or another error of the library) when the file is not a
    workbook at all, and ``UnsafeArchive`` when it would inflate beyond the bounds (a bomb).
    """
    for name, rows, _, _ in _worksheets(path):
        yield name, rows


def _worksheets(
    path: Path,
) -> Iterator[tuple[str, list[tuple[Any, ...]] | None, Sequence[Merged], bool]]:
    """``workbook_rows`` with each sheet's merged ranges (a header merged over two columns) and
    whether it is hidden (Excel shows no tab for it)."""
    # Imported here: only commands that read a workbook pay for the library.
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    from techzone.io.archive import check_archive

    # Bounded before anything inflates it: a bomb renamed .xlsx handed to a command took
    # gigabytes of memory and was then read as if sound. The ratio only: a web upload's bound on
    # the size is checked where it is received, and a command read large workbooks before.
    check_archive(path, size_bound=False)
    unusable = unusable_cells(path)
    with CalamineWorkbook.from_path(str(path)) as book:
        for metadata in book.sheets_metadata:
            if metadata.typ != SheetTypeEnum.WorkSheet:
                continue
            hidden = metadata.visible != SheetVisibleEnum.Visible
            try:
                sheet = book.get_sheet_by_name(metadata.name)
                # skip_empty_area=False keeps leading empty rows and columns, so that row and
                # column numbers in problems are the ones Excel shows.
                rows = [
                    tuple(map(cell_value, row)) for row in sheet.to_python(skip_empty_area=False)
                ]
                merged = sheet.merged_cell_ranges or ()
            except Exception:
                # A damaged sheet is reported by name; the others are still read.
                yield metadata.name, None, (), hidden
                continue
            if metadata.name in unusable:
                rows = _with_unusable(rows, unusable[metadata.name])
            yield metadata.name, rows, merged, hidden


def _read_workbook(path: Path, result: RawFile) -> None:
    from techzone.io.archive import DamagedArchive, UnsafeArchive

    try:
        sheets = list(_worksheets(path))
    except UnsafeArchive as error:
        damaged = isinstance(error, DamagedArchive)
        _unreadable(result, path.name, _not_a_workbook(path) if damaged else str(error))
        return
    except Exception:
        # The library raises several kinds of error on a damaged file (zip, XML, missing parts).
        _unreadable(result, path.name, _not_a_workbook(path))
        return
    for name, rows, merged, hidden in sheets:
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
                        reason="未知的工作表名称"
                        + (HIDDEN_SHEET if hidden else "")
                        + "，应为："
                        + "、".join(known.sheet_name for known in SHEETS),
                    )
                )
            continue
        if sheet in result.sheets or sheet in result.broken:
            result.problems.append(Problem(title, None, None, "", "工作簿中有两张同名的工作表"))
            continue
        if hidden and len(rows) > 1 and any(not _is_blank(v) for row in rows[1:] for v in row):
            # Rows the officer cannot see on any tab would be written all the same (an old year
            # hidden away, a colleague's sheet): refused until shown and checked.
            _refuse_sheet(
                result,
                title,
                sheet,
                "该工作表已隐藏，其中的数据在Excel或WPS中看不到：请右键任一工作表标签，选「取消隐藏」，"
                "核对后再导入（不需导入的，删除该工作表）",
            )
            continue
        _read_table(sheet, rows, result, merged)


# A hidden sheet has no tab: without this the officer searches the tabs for a name not there.
HIDDEN_SHEET = "（该工作表已隐藏：在Excel或WPS中右键任一工作表标签，选「取消隐藏」即可看到）"

_OLE = bytes.fromhex("d0cf11e0a1b11ae1")


def _not_a_workbook(path: Path) -> str:
    """Why a file named .xlsx is no workbook, from what it begins with: an old .xls or a
    password-protected workbook (both OLE compound files), a CSV saved under the old name."""
    try:
        with path.open("rb") as file:
            start = file.read(4096)
    except OSError:
        start = b""
    if start.startswith(_OLE):
        return (
            "这是旧版 .xls 工作簿，或设置了打开密码的工作簿：请在Excel或WPS中取消密码，"
            "「另存为」.xlsx 后再导入"
        )
    if start and b"\0" not in start and b"," in start:
        for encoding in CSV_ENCODINGS:
            try:
                start.decode(encoding)
            except UnicodeDecodeError as error:
                if error.start < len(start) - 4:  # not only a character cut at the end
                    continue
            return "这是文本（CSV）文件，不是.xlsx工作簿：请把扩展名改为 .csv 后再导入"
    return "无法读取：文件已损坏，或不是Excel工作簿（.xlsx）"


def _decoded(path: Path) -> str | None:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's 「Unicode 文本」 is UTF-16 with its byte-order mark, which says so unambiguously.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
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
    every = column_lookup(header for sheet in SHEETS for header in sheet.headers())
    headers = {column_name(cell, every) for cell in rows[0] if cell.strip()} if rows else set()
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
    separator = _other_separator(found, rows)
    if separator is not None:
        result.any_data = True
        result.problems.append(
            _file_problem(
                path.name,
                f"各列之间用{separator}分隔，不是逗号：请在Excel或WPS中「另存为」"
                "「CSV（逗号分隔）」文件后再导入",
            )
        )
        return
    _read_table(found, rows, result)


# Excel's 「文本文件(制表符分隔)」 and 「Unicode 文本」, or a semicolon locale's CSV, renamed .csv.
_SEPARATORS = {"\t": "制表符（Tab）", ";": "分号"}


def _other_separator(sheet: type[Sheet], rows: Sequence[Sequence[Any]]) -> str | None:
    """The name of the separator a header row is written with when it is not a comma: the
    header is then one cell that, split by it, holds the sheet's column names."""
    header = next((row for row in rows if any(not _is_blank(cell) for cell in row)), ())
    cells = [cell for cell in header if not _is_blank(cell)]
    if len(cells) != 1:
        return None
    known = set(sheet.headers())
    for character, name in _SEPARATORS.items():
        if len(known & {part.strip() for part in str(cells[0]).split(character)}) >= 2:
            return name
    return None


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


# How far down a header row is looked for under title lines (「白银高新区2026年企业名单」).
_TITLE_ROWS = 5
# A unit of amounts other than the 元 the columns are read in, said in a title line:
# 「（单位：万元）」, 「金额单位为万元」, 「以万元为单位」, 「（万元）」, with the currency as
# accounts write it (单位：人民币万元, 单位：RMB万元, 单位/万元, （金额：万元）) or without 元 as
# statistics do (单位：万) — but not 「单位：万人次」. Another currency (单位：万美元,
# 单位：美元) is no 元 either: its figures read as 元 would be another sum.
_UNIT_NOTE = re.compile(
    r"(?:单位\s*(?:[：:/]|为|是)?|金额\s*[：:])\s*(?:人民币|RMB)?\s*"
    r"([十百千万亿]*(?:美元|港元|港币|欧元|日元|英镑)|[十百千万亿]+(?:元|(?![\u4e00-\u9fff])))"
    r"|[（(]\s*(?:人民币|RMB)?\s*([十百千万亿]+元)\s*[）)]"
    r"|以\s*(?:人民币|RMB)?\s*([十百千万亿]+元)\s*为单位"
)


def _header_at(sheet: type[Sheet], rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the header row when it is not the first: a later row holding every required
    column, within the first few. ``None`` when the first row is the header (or none is)."""
    known = set(sheet.headers())
    lookup = column_lookup(known)
    if rows and any(column_name(value, lookup) in known for value in rows[0]):
        return None
    required = set(required_headers(sheet))
    for index in range(1, min(len(rows), _TITLE_ROWS + 1)):
        if required <= {column_name(value, lookup) for value in rows[index]}:
            return index
    return None


def _header_below(sheet: type[Sheet], rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of a header row further down than title lines are passed over, to say where it
    is; ``None`` when the first row holds a column name, or no row holds every required one."""
    known = set(sheet.headers())
    lookup = column_lookup(known)
    if rows and any(column_name(value, lookup) in known for value in rows[0]):
        return None
    required = set(required_headers(sheet))
    for index in range(_TITLE_ROWS + 1, len(rows)):
        if required <= {column_name(value, lookup) for value in rows[index]}:
            return index
    return None


def _read_table(
    sheet: type[Sheet],
    rows: Sequence[Sequence[Any]],
    result: RawFile,
    merged: Sequence[Merged] = (),
) -> None:
    """Check one sheet's header row and collect its non-blank data rows."""
    name = sheet.sheet_name
    start = _header_at(sheet, rows)
    if start is not None:
        above = rows[:start]
        above_rows = "第1行" if start == 1 else f"第1—{start}行"
        if any(sum(not _is_blank(value) for value in row) > 1 for row in above):
            # Not only a title: notes in several cells may be data typed above the header.
            _refuse_sheet(
                result,
                name,
                sheet,
                f"列名（表头）应在第1行，本表在第{start + 1}行：请删除上方的{above_rows}后再导入",
            )
            return
        unit = next(
            (
                found.group(1) or found.group(2) or found.group(3)
                for row in above
                for v in row
                if (found := _UNIT_NOTE.search(shown(v)))
            ),
            None,
        )
        if unit is not None and any("元" in header for header in sheet.headers()):
            # The title said the figures are in 万元: passed over with it, 500 would be 500元.
            _refuse_sheet(
                result,
                name,
                sheet,
                f"表头上方注明了金额单位「{unit}」，本表的金额按元读取（列名中的「(元)」）："
                f"请把金额换算为元，删除上方的{above_rows}后再导入",
            )
            return
    else:
        lower = _header_below(sheet, rows)
        if lower is not None:
            # Said once where it is: read from row 1 it was every column unknown and missing.
            _refuse_sheet(
                result,
                name,
                sheet,
                f"列名（表头）应在第1行，本表在第{lower + 1}行：请删除上方的第1—{lower}行后再导入",
            )
            return
        start = 0
    data_rows = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if number > start + 1 and not all(_no_data(value) for value in row)
    ]
    if data_rows:
        result.any_data = True
    header_row = rows[start] if rows else ()
    if all(_is_blank(value) for value in header_row):
        if data_rows:
            result.problems.append(Problem(name, 1, None, "", "第1行应为列名（表头），不能为空"))
            result.broken.add(sheet)
        return
    known = set(sheet.headers())
    lookup = column_lookup(known)
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    structural = False
    for index, value in enumerate(header_row):
        header = column_name(value, lookup)
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
        if any(index < len(row) and not _no_data(row[index]) for _, row in data_rows):
            letter = xl_col_to_name(index)
            reason = f"第{letter}列有数据但没有列名"
            if any(
                first[0] <= start <= last[0] and first[1] < index <= last[1]
                for first, last in merged
            ):
                reason += "（表头是合并单元格：请取消合并，为每一列填写列名）"
            result.problems.append(Problem(name, None, None, "", reason))
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
