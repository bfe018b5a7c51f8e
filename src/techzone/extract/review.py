"""The review table (.xlsx): one row per extracted clause for the officer to check.

Each row names the draft policy it became, the amount as written and where (character offsets
in the text as read), the kind and values, the condition, beneficiary, article, confidence and
the clause quoted. The officer fills the columns after 原文 (green headers): 核对结果 (正确, 有误,
不是奖补), the corrections an 有误 row needs (核定类型, 核定金额, 核定上限, 核定比例, 核定上限适用,
核定条件), what the clause pays for (触发事项) and how it stacks with others (叠加方式).
``techzone extract accept`` reads them back (``extract.accept``). Rows the extractor is least sure
of are shaded; the sheet 填写说明 says what each reviewer column takes, 选项 lists the choices.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from techzone.extract.draft import policy_ids, split_words
from techzone.extract.extraction import Clause, Extraction
from techzone.extract.rewards import kind_label
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
    "分级承担",
    "置信度",
    "提取说明",
    "原文",
    "核对结果",
    "核定类型",
    "核定金额（元）",
    "核定上限（元）",
    "核定比例",
    "核定上限适用",
    "核定条件",
    "触发事项",
    "叠加方式",
    "核对意见",
]
REVIEWER_COLUMNS = HEADERS[HEADERS.index("核对结果") :]
WIDTHS = {
    "金额原文": 22,
    "条件": 40,
    "奖补事由": 24,
    "分段累进": 24,
    "分级承担": 30,
    "提取说明": 30,
    "原文": 60,
    "草稿政策": 12,
    "核对意见": 30,
}
VERDICTS = ("正确", "有误", "不是奖补")
CORRECT, WRONG, NOT_A_REWARD = VERDICTS
# The packs' payable kinds, as the reviewer names them in 核定类型.
PACK_KIND_LABELS: dict[str, str] = {
    "fixed": "定额",
    "cap": "最高限额",
    "at_least": "不少于",
    "rate": "按比例",
    "rate_cap": "按比例、设上限",
    "per_unit": "按项/家/人",
    "per_month": "按月",
    "tiered": "分档",
}
STACKING_LABELS: dict[str, str] = {"highest": "就高不重复", "cumulative": "累加"}
OPTIONS_SHEET = "选项"
GUIDE_SHEET = "填写说明"
GUIDE: list[tuple[str, str]] = [
    ("核对结果", "必填。正确：按提取结果采纳；有误：按本行「核定…」列更正后采纳；不是奖补：不采纳"),
    ("核定类型", "有误时可填：" + "、".join(PACK_KIND_LABELS.values())),
    ("核定金额（元）", "有误时可填：以元计的数字，如 500000（也可写 50万元）"),
    ("核定上限（元）", "有误时可填：以元计的上限"),
    ("核定比例", "有误时可填：如 10% 或 0.1"),
    (
        "核定上限适用",
        "有上限的条款必须写明（原「上限适用」为未写明时）：对象·期间，"
        "对象为 企业、银行、机构、个人、项目 或 每次，期间为 年度、累计 或 单次（如 企业·年度；"
        "上限只是每次金额本身的上限时写 每次·单次）",
    ),
    ("核定条件", "有误时可填：谁因何获奖补，写入政策标题与说明"),
    (
        "触发事项",
        "采纳的条款必填：奖补因哪类事件支付，或因取得哪项资质（如 首次认定：高新技术企业），"
        "见「选项」表；同一草稿政策的各档填同一项",
    ),
    ("叠加方式", "选填：就高不重复、累加；同一触发事项的两条政策须写明"),
]
GREEN = PatternFill("solid", fgColor="E2EFDA")
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
                kind_label(clause.kind, clause.basis),
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
                _split(clause),
                clause.confidence,
                clause.note,
                clause.quote,
                *([None] * len(REVIEWER_COLUMNS)),
            ]
        )
        if clause.confidence < LOW_CONFIDENCE:
            for cell in sheet[sheet.max_row]:
                cell.fill = SHADE
    _format(sheet, len(extraction.clauses))
    _document_sheet(book, extraction)
    _guide_sheets(book, sheet, len(extraction.clauses))
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


def _split(clause: Clause) -> str | None:
    """省级100000元、市级200000元（合计300000元，同一笔奖补）: the parts are never paid on top."""
    if not clause.split:
        return None
    sums = [share.yuan for share in clause.split if share.yuan is not None]
    total = f"合计{_yuan(sum(sums, Decimal(0)))}元，" if sums else ""
    return f"{split_words(clause)}（{total}同一笔奖补，不另行支付）"


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
        if header in REVIEWER_COLUMNS:
            sheet.cell(1, index).fill = GREEN
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


def _guide_sheets(book: Workbook, sheet: Worksheet, rows: int) -> None:
    """What each reviewer column takes, and the lists its dropdowns offer."""
    from techzone.extract.accept import trigger_choices

    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["列", "填写"])
    for row in GUIDE:
        guide.append(list(row))
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 100
    options = book.create_sheet(OPTIONS_SHEET)
    lists = {
        "触发事项": trigger_choices(),
        "核定类型": list(PACK_KIND_LABELS.values()),
        "叠加方式": list(STACKING_LABELS.values()),
    }
    last = max(rows, 1) + 1
    for column, (header, values) in enumerate(lists.items(), 1):
        letter = get_column_letter(column)
        options.cell(1, column, header).font = Font(bold=True)
        for index, value in enumerate(values, 2):
            options.cell(index, column, value)
        options.column_dimensions[letter].width = 28
        target = get_column_letter(HEADERS.index(header) + 1)
        choices = DataValidation(
            type="list",
            formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
        )
        sheet.add_data_validation(choices)
        choices.add(f"{target}2:{target}{last}")
