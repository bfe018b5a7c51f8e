"""The blank workbook officers fill in: instructions first, then one sheet per record kind.

Everything here comes from the sheet models: headers, which are required, their descriptions
(as the instructions and as a comment on each header) and the code lists (as dropdowns).
"""

from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic.fields import FieldInfo

from techzone.io.declared import Vocabulary, described
from techzone.io.output import DATE_FORMAT, MONEY_FORMAT, save_workbook
from techzone.io.reader import LISTS_SHEET, NOTES_SHEET
from techzone.io.sheets import SHEETS, DeclarationRow, Sheet
from techzone.model.codes import CodedEnum

LAST_ROW = 1_048_576  # Excel's last row: dropdowns and formats cover the whole column
# Excel allows 255 characters in a list typed into the validation; longer lists (事件类型)
# are kept readable in the hidden lists sheet instead.
_INLINE_LIST_LIMIT = 100
YES_NO = ("是", "否")
_AUTHOR = "techzone"

NOTES = (
    "每张工作表对应一类记录。第1行是列名，请勿修改；从第2行起每行填写一条记录。",
    "「必填」列不能留空，「选填」列可以留空。带下拉箭头的列请从下拉列表中选择。"
    "把鼠标停在列名上可以看到该列的说明。",
    "各表互相引用：园区引用高新区代码，企业引用高新区代码和园区代码，其余各表用统一社会信用代码"
    "引用企业。被引用的记录可以在本文件中，也可以已在系统中。",
    "「唯一键」列共同确定一条记录：再次导入同一条记录会更新它，不会重复新增。",
    "再次导入已有记录时，选填列留空表示不改变系统中已有的值（与文件中没有这一列相同）；"
    "要清空已有的值，请在单元格中填写「清空」。必填列不能留空，也不能清空。",
    "金额单位为元，最多两位小数；日期写作 YYYY-MM-DD（如 2024-03-05）。"
    "发证、认定、发生、成立等已发生的日期不能早于1949-01-01，也不能晚于今天之后30天；"
    "会计年度不能晚于今年。",
    "导入时整份文件一起检查：只要有一处错误就不导入任何数据，并列出全部问题及所在行列。",
    "不需要的工作表可以留空或删除。",
    "「企业声明」表记录登记表中没有的事项（如未列入经营异常名录、高企评分项自评档次），注明声明日期"
    "和来源（企业声明或官员核实）。声明在声明日期所在年度的12月31日前有效，同一事项以最新一次声明为准；"
    "各事项的含义和填写方式见本页末尾。",
)
DECLARATION_NOTES_HEADERS = ("声明事项", "声明内容", "说明")
NOTES_HEADERS = ("工作表", "列名", "必填/选填", "唯一键", "说明")


def code_list(info: FieldInfo) -> type[CodedEnum] | None:
    """The code list a column takes its values from, if any."""

    def find(annotation: Any) -> type[CodedEnum] | None:
        if isinstance(annotation, type) and issubclass(annotation, CodedEnum):
            return annotation
        for argument in typing.get_args(annotation):
            found = find(argument)
            if found is not None:
                return found
        return None

    return find(info.annotation)


def _plain(annotation: Any) -> set[Any]:
    """The types a field annotation allows, unions and ``Annotated`` unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return {plain for argument in typing.get_args(annotation) for plain in _plain(argument)}
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    return {annotation}


def choices(info: FieldInfo) -> list[str] | None:
    """The values a column's dropdown offers: a code list's labels, or 是/否."""
    enum_cls = code_list(info)
    if enum_cls is not None:
        return enum_cls.labels()
    if bool in _plain(info.annotation):
        return list(YES_NO)
    return None


def _number_format(info: FieldInfo, header: str) -> str | None:
    allowed = _plain(info.annotation)
    if str in allowed and choices(info) is None:
        return "@"  # text, so 18-character codes and leading zeros stay as typed
    if date in allowed:
        return DATE_FORMAT
    if Decimal in allowed and header.endswith("(元)"):
        return MONEY_FORMAT
    return None


def _key_headers(sheet: type[Sheet]) -> list[str]:
    return [sheet.model_fields[name].alias or name for name in sheet.key]


def _write_notes(book: Workbook, declared: Vocabulary | None) -> None:
    notes = book.active
    assert notes is not None
    notes.title = NOTES_SHEET
    notes.append(["高新区企业数据导入模板 — 填表说明"])
    notes["A1"].font = Font(bold=True, size=14)
    for number, text in enumerate(NOTES, start=1):
        notes.append([f"{number}. {text}"])
    notes.append([])
    notes.append(list(NOTES_HEADERS))
    header_row = notes.max_row
    for cell in notes[header_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        keys = set(sheet.key)
        for name, info in sheet.model_fields.items():
            notes.append(
                [
                    sheet.sheet_name,
                    info.alias or name,
                    "必填" if info.is_required() else "选填",
                    "是" if name in keys else "",
                    info.description or "",
                ]
            )
    if declared:
        _write_declaration_notes(notes, declared)
    for letter, width in zip("ABCDE", (12, 30, 10, 8, 90), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=header_row + 1, min_col=5, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.freeze_panes = notes.cell(row=header_row + 1, column=1)


def _write_declaration_notes(notes: Any, declared: Vocabulary) -> None:
    """The items of the 企业声明 sheet: each label, what its value takes, and what it means."""
    notes.append([])
    notes.append([f"「{DeclarationRow.sheet_name}」的声明事项"])
    notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
    notes.append([DeclarationRow.sheet_name, *DECLARATION_NOTES_HEADERS])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for label, takes, description in described(declared):
        notes.append([DeclarationRow.sheet_name, label, takes, "", description])


class _Lists:
    """The hidden sheet holding dropdown lists too long to type into a validation."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet: Any = None
        self.columns: dict[tuple[str, ...], str] = {}

    def reference(self, title: str, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.columns:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            column = len(self.columns) + 1
            letter = get_column_letter(column)
            self.sheet.cell(row=1, column=column, value=title)
            for row, value in enumerate(values, start=2):
                self.sheet.cell(row=row, column=column, value=value)
            last = len(values) + 1
            self.columns[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
        return self.columns[key]


def _formula(values: list[str], title: str, lists: _Lists) -> str:
    inline = ",".join(values)
    if len(inline) <= _INLINE_LIST_LIMIT and not any("," in value for value in values):
        return f'"{inline}"'
    return lists.reference(title, values)


def _write_sheet(
    book: Workbook, sheet: type[Sheet], lists: _Lists, declared: Vocabulary | None
) -> None:
    worksheet = book.create_sheet(sheet.sheet_name)
    keys = set(sheet.key)
    for column, (name, info) in enumerate(sheet.model_fields.items(), start=1):
        header = info.alias or name
        letter = get_column_letter(column)
        cell = worksheet.cell(row=1, column=column, value=header)
        cell.font = Font(bold=True)
        need = "必填" if info.is_required() else "选填"
        key_note = "；唯一键" if name in keys else ""
        text = f"【{need}{key_note}】{info.description or ''}"
        comment = Comment(text, _AUTHOR)
        comment.width = 260
        comment.height = max(80, 20 * (len(text) // 16 + 1))
        cell.comment = comment
        dimension = worksheet.column_dimensions[letter]
        dimension.width = min(max(2 * len(header) + 4, 12), 40)
        number_format = _number_format(info, header)
        if number_format is not None:
            dimension.number_format = number_format
        values = choices(info)
        if sheet is DeclarationRow and name == "item" and declared:
            values = sorted(item.label for item in declared.values())
        if values is not None:
            validation = DataValidation(
                type="list",
                formula1=_formula(values, f"{sheet.sheet_name}·{header}", lists),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="取值无效",
                error=f"「{header}」请从下拉列表中选择：{'、'.join(values)}"[:255],
                showInputMessage=False,
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            worksheet.add_data_validation(validation)
    worksheet.freeze_panes = "A2"


def write_template(path: Path, declared: Vocabulary | None = None) -> Path:
    """Write the blank import template to ``path`` (an .xlsx workbook); ``declared`` (the packs'
    declarations) gives the 企业声明 sheet its dropdown of items and their notes."""
    book = Workbook()
    _write_notes(book, declared)
    lists = _Lists(book)
    for sheet in SHEETS:
        _write_sheet(book, sheet, lists, declared)
    if lists.sheet is not None:
        # Keep the hidden lists sheet last, after every sheet officers fill in.
        book.move_sheet(lists.sheet, offset=len(book.sheetnames) - 1 - book.index(lists.sheet))
    book.active = 0
    save_workbook(book, path)
    return path
