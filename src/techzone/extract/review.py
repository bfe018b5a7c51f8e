"""The review table (.xlsx): one row per extracted clause for the officer to check.

Each row names the draft policy it became, the amount as written and where (character offsets
in the text as read), the kind and values, the condition, beneficiary, article, confidence and
the clause quoted; the officer fills in 核对结果 (a dropdown) and 核对意见. Rows the extractor is
least sure of are shaded.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from techzone.extract.draft import policy_ids
from techzone.extract.extraction import Clause, Extraction
from techzone.extract.rewards import KIND_LABELS
from techzone.io.output import save_workbook
from techzone.rules.policy import PERIOD_LABELS, SUBJECT_LABELS

CLAUSES_SHEET = "条款"
DOCUMENT_SHEET = "文件"
HEADERS = [
    "序号",
    "草稿政策",
    "条款编号",
    "金额原文",
    "起",
    "止",
    "类型",
    "类型代码",
    "金额（元）",
    "上限（元）",
    "比例",
    "档次",
    "条件",
    "受益对象",
    "奖补对象",
    "奖补事由",
    "上限适用",
    "分段累进",
    "分期拨付",
    "置信度",
    "原文",
    "核对结果",
    "核对意见",
]
WIDTHS = {
    "金额原文": 22,
    "条件": 40,
    "奖补事由": 24,
    "分段累进": 24,
    "原文": 60,
    "草稿政策": 12,
    "核对意见": 30,
}
VERDICTS = ("正确", "有误", "不是奖补")
LOW_CONFIDENCE = 0.8
SHADE = PatternFill("solid", fgColor="FFF2CC")


def write_review(extraction: Extraction, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = CLAUSES_SHEET
    sheet.append(HEADERS)
    ids = policy_ids(extraction.clauses)
    for number, (clause, policy) in enumerate(zip(extraction.clauses, ids, strict=True), 1):
        sheet.append(
            [
                number,
                policy,
                clause.article,
                clause.amount_text,
                clause.span[0],
                clause.span[1],
                KIND_LABELS[clause.kind],
                clause.kind,
                _cell(clause.amount_yuan),
                _cell(clause.cap_yuan),
                _cell(clause.rate),
                clause.grade,
                clause.condition,
                clause.beneficiary,
                clause.subject,
                clause.trigger,
                _cap_owner(clause),
                _bands(clause),
                _schedule(clause),
                clause.confidence,
                clause.quote,
                None,
                None,
            ]
        )
        if clause.confidence < LOW_CONFIDENCE:
            for cell in sheet[sheet.max_row]:
                cell.fill = SHADE
    _format(sheet, len(extraction.clauses))
    _document_sheet(book, extraction)
    save_workbook(book, path)


def _cap_owner(clause: Clause) -> str | None:
    """每企业·年度 — or 未写明 where a cap says nothing of whose total it limits."""
    if clause.cap_yuan is None:
        return None
    who = SUBJECT_LABELS.get(clause.cap_subject or "", "未写明对象")
    period = PERIOD_LABELS.get(clause.cap_period or "", "未写明期间")
    return f"{who}·{period}"


def _bands(clause: Clause) -> str | None:
    if not clause.bands:
        return None
    return "；".join(
        (
            f"{_yuan(band.lower) or 0}–{_yuan(band.upper)}元"
            if band.upper is not None
            else f"{_yuan(band.lower) or 0}元以上"
        )
        + f"：{_percent(band.rate)}"
        for band in clause.bands
    )


def _schedule(clause: Clause) -> str | None:
    if not clause.schedule:
        return None
    return "、".join(
        f"{item.when}{_percent(item.share) if item.share is not None else f'{_yuan(item.yuan)}元'}"
        for item in clause.schedule
    )


def _yuan(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def _cell(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _format(sheet: Worksheet, rows: int) -> None:
    for index, header in enumerate(HEADERS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, 10)
        sheet.cell(1, index).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    verdict = get_column_letter(HEADERS.index("核对结果") + 1)
    choices = DataValidation(type="list", formula1=f'"{",".join(VERDICTS)}"', allow_blank=True)
    sheet.add_data_validation(choices)
    choices.add(f"{verdict}2:{verdict}{max(rows, 1) + 1}")


def _document_sheet(book: Workbook, extraction: Extraction) -> None:
    info = extraction.document.to_json()
    sheet = book.create_sheet(DOCUMENT_SHEET)
    rows = [
        ("文件", info["path"]),
        ("格式", info["format"]),
        ("标题", info["title"]),
        ("文首日期", info["dated"]),
        ("字符数", info["characters"]),
        ("SHA-256", info["sha256"]),
        ("条款数", len(extraction.clauses)),
        (
            "说明",
            "位置为按读取文本计的字符偏移 [起, 止)；"
            "草稿政策均为 review: pending，核定前不参与测算。",
        ),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80
