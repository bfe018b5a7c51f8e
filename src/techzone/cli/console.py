"""Rendering core results for the terminal: tables and progress, no domain logic."""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from techzone.glossary import STATUS, cell_text, money, officer_text
from techzone.model.codes import QualificationKind

if TYPE_CHECKING:
    import polars as pl

    from techzone.awards.budget import Budget
    from techzone.awards.reform import Comparison

    # Types only: importing these at start-up would make every command wait for the
    # cultivation, extraction and rules layers (see docs/performance.md).
    from techzone.cultivation.applications import ApplicationRecord
    from techzone.cultivation.calendar import ExpiringSoon, Notice, YearCalendar
    from techzone.cultivation.ladder import LadderView
    from techzone.cultivation.report_tables import Section
    from techzone.extract import Extraction
    from techzone.model import ApplicationChange
    from techzone.zones.summary import ZoneSummary

out = Console()
err = Console(stderr=True)

EMPTY_DATABASE = (
    "数据库中还没有企业数据。请先：\n"
    "  1. techzone template：生成带填表说明的空白导入模板；\n"
    "  2. 填好后 techzone import 文件.xlsx：导入企业数据（全部成功或全部不写入）；\n"
    "  或 techzone demo：先载入示范数据试用。"
)


def quiet_libraries() -> None:
    """Keep libraries' English notices off the officer's screen.

    openpyxl says what it drops when it reads a workbook made by Excel or WPS (data validation
    extensions, unknown styles); none of it is data, and officers read Chinese.
    """
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\..*)?$")
    # pypdf logs what it finds wrong in a damaged PDF ("invalid pdf header", "EOF marker not
    # found"), SQLAlchemy what fails while a Ctrl-C unwinds ("Error closing cursor", with a
    # traceback): the command says it in one Chinese line, the details go to the error log.
    for name in ("pypdf", "sqlalchemy"):
        library = logging.getLogger(name)
        library.addHandler(_ToErrorLog())
        library.propagate = False
    # A workbook writer that failed (a full disk) leaves its zip open; Python closes it when
    # collected, fails again, and prints "Exception ignored … Traceback" under the Chinese line.
    sys.unraisablehook = _unraisable_to_log


def _unraisable_to_log(unraisable: Any) -> None:
    import traceback

    text = "".join(
        traceback.format_exception(
            unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback
        )
    )
    record = logging.LogRecord(
        "unraisable", logging.WARNING, "", 0, f"{unraisable.err_msg or ''}: {text}", None, None
    )
    _ToErrorLog().emit(record)


class _ToErrorLog(logging.Handler):
    """Appends a library's logged message to ``<data directory>/logs/errors.log``; opened only
    when something is logged, and silent when even that cannot be written."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("--- %(asctime)s %(name)s %(levelname)s\n%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        from techzone.config import data_dir

        try:
            path = data_dir() / "logs" / "errors.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(self.format(record) + "\n\n")
        except Exception:  # a log that cannot be written must not stop the command
            pass


# Expiring certificates are listed in full in the workbook; the terminal shows the first few.
EXPIRING_SHOWN = 10

# The short names officers use, so a park table fits a terminal.
SHORT_LABELS = {
    QualificationKind.TECH_SME: "科小",
    QualificationKind.PROVINCIAL_INNOVATIVE: "省科创",
    QualificationKind.HNTE: "高企",
    QualificationKind.TECH_LEADER: "领军",
    QualificationKind.INNOVATIVE_SME: "创新型",
    QualificationKind.SRDI_SME: "专精特新",
    QualificationKind.LITTLE_GIANT: "小巨人",
    QualificationKind.KEY_LITTLE_GIANT: "重点小巨人",
    QualificationKind.MFG_CHAMPION: "单项冠军",
    QualificationKind.GAZELLE: "瞪羚",
    QualificationKind.UNICORN: "独角兽",
}


def typed_qualification(text: str) -> QualificationKind:
    """A qualification as typed: its code, its full name, or the short name the tables show
    (高企, 科小); a ``ValueError`` in Chinese naming both forms otherwise."""
    cleaned = text.strip()
    for kind, short in SHORT_LABELS.items():
        if cleaned == short:
            return kind
    try:
        return QualificationKind.parse(cleaned)
    except ValueError as error:
        shorts = "、".join(SHORT_LABELS.values())
        raise ValueError(f"{error}（也可用简称：{shorts}）") from error


def show_summary(summaries: Sequence[ZoneSummary], *, workbook: bool) -> None:
    """Each zone's table and its expiring certificates; ``workbook``: the rest are written to
    one, so the table may point there (otherwise it says how to get them)."""
    kinds = [kind for kind in QualificationKind if any(s.holding(kind) for s in summaries)]
    for summary in summaries:
        table = Table(
            title=f"{summary.zone_name}（{summary.zone_code}）· 统计日期 {summary.as_of}",
            title_justify="left",
        )
        table.add_column("园区", overflow="fold", min_width=8)
        table.add_column("企业", justify="right")
        for kind in kinds:
            table.add_column(SHORT_LABELS[kind], justify="right")
        for park in summary.parks:
            table.add_row(
                park.park_name,
                str(park.enterprises),
                *(str(park.holding.get(kind, 0)) for kind in kinds),
            )
        table.add_row(
            "合计",
            str(summary.enterprises),
            *(str(summary.holding(kind)) for kind in kinds),
            style="bold",
        )
        out.print(table)
        _show_expiring(summary, workbook)


def _show_expiring(summary: ZoneSummary, workbook: bool) -> None:
    if not summary.expiring:
        out.print(f"{summary.as_of.year}年内没有到期的证书。\n")
        return
    table = Table(
        title=f"{summary.as_of.year}年内到期的证书（共{len(summary.expiring)}张）",
        title_justify="left",
    )
    for header in ("有效期至", "企业名称", "资质", "证书编号"):
        table.add_column(header, overflow="fold")
    for cert in summary.expiring[:EXPIRING_SHOWN]:
        table.add_row(
            cert.expires_on.isoformat(),
            cert.enterprise,
            SHORT_LABELS[cert.kind],
            cert.certificate_no,
        )
    if len(summary.expiring) > EXPIRING_SHOWN:
        more = len(summary.expiring) - EXPIRING_SHOWN
        where = "见工作簿" if workbook else "全部列表请加 --out 文件名.xlsx"
        table.caption = f"另有{more}张，{where}"
    out.print(table)


@contextmanager
def sheet_progress(totals: Mapping[str, int] | None = None) -> Iterator[Callable[[str, int], None]]:
    """A progress bar per sheet on stderr (so piped output stays clean).

    Yields the ``(sheet_name, rows_done)`` callback that import and the demo loader report to.
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(sheet: str, rows: int) -> None:
            if sheet not in tasks:
                tasks[sheet] = progress.add_task(sheet, total=(totals or {}).get(sheet))
            progress.advance(tasks[sheet], rows)

        yield advance


_COLOURS = {"eligible": "green", "ineligible": "red", "unknown": "yellow"}
_STATUS_STYLE = {status: f"[{_COLOURS[status]}]{text}[/]" for status, text in STATUS.items()}


def _whose(trace: dict[str, Any]) -> str:
    if trace.get("uscc"):
        return f"{trace.get('name') or ''}（{trace['uscc']}）"
    return "企业画像"


def show_assessment(trace: dict[str, Any]) -> None:
    """One enterprise's verdicts: a line per qualification, then what is unmet or missing.

    A verdict that is not met names the conditions it failed (alternatives to a condition met
    are not named); an undecided one names what decides it: the missing data or the experts.
    """
    table = Table(
        title=f"资质评估 · {_whose(trace)} · 评价日 {trace['as_of']}",
        title_justify="left",
    )
    for header in ("资质", "结论", "得分", "不符合的条件 / 原因"):
        table.add_column(header)
    for entry in trace["qualifications"]:
        score = entry.get("score")
        shown_score = f"{score['min']:g}–{score['max']:g}" if score else ""
        if entry["status"] == "ineligible":
            why = "；".join(entry.get("unmet", []))
        else:
            why = officer_text(entry.get("reason", ""))
        table.add_row(entry["label"], _STATUS_STYLE[entry["status"]], shown_score, why)
    out.print(table)
    gaps = [gap for entry in trace["qualifications"] for gap in entry["gaps"]]
    for entry in trace["qualifications"]:
        for gap in entry["gaps"]:
            out.print(f"  · {entry['label']}：{gap['text']}")
    if not gaps:
        out.print("  （没有可计算的差距）")
    _show_declarations(trace)


def _show_declarations(trace: dict[str, Any]) -> None:
    """The declarations the verdicts rest on, with who stands behind each and since when."""
    declared = {
        d["name"]: d for entry in trace["qualifications"] for d in entry.get("declarations", [])
    }
    if not declared:
        return
    out.print("依据的声明：")
    for d in declared.values():
        value = d["value"]
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        when = d["declared_on"] or "画像文件"
        out.print(f"  · {d['label']}：{value}（{d['source_label']}，{when}）")


def show_policies(listing: list[dict[str, Any]]) -> None:
    table = Table(title=f"政策清单（共{len(listing)}条）", title_justify="left")
    for header in ("序号", "政策", "金额", "出资", "适用范围", "依据"):
        table.add_column(header, overflow="fold")
    for number, row in enumerate(listing, 1):
        table.add_row(
            str(number),
            row["title"],
            officer_text(row["amount"]["text"]),
            row["payer"],
            row["jurisdiction"],
            row["cited"],
        )
    out.print(table)


def show_entitlements(explained: list[dict[str, Any]], assumption: str, whose: str) -> None:
    """One enterprise's entitlements; ``whose`` names it (企业名称（统一社会信用代码）)."""
    if not explained:
        out.print(f"{whose}：该年度没有可享受的政策。")
        return
    table = Table(title=f"奖补测算 · {whose}", title_justify="left", caption=f"假设：{assumption}")
    for header in ("政策", "日期", "金额", "出资", "依据"):
        table.add_column(header, overflow="fold")
    for item in explained:
        status = "" if item["status"] == "eligible" else "（待定）"
        basis = item["cited"] + (f"；{item['stacking']}" if item["stacking"] else "")
        basis += f"；{item['cap']}" if item.get("cap") else ""
        # 白银 第二条: the award of a year's honour is applied for the next year; say so.
        basis += f"；{item['window']}" if item.get("window") else ""
        basis += f"；{item['assumed']}" if item.get("assumed") else ""
        table.add_row(
            item["title"] + status, item["date"], item["amount"]["text"], item["payer"], basis
        )
    out.print(table)


def show_zone_awards(explained: list[dict[str, Any]]) -> None:
    """What zones are owed for their own events (新获批国家高新区、新认定省级高新区 …)."""
    table = Table(title="高新区奖励", title_justify="left")
    for header in ("高新区", "政策", "日期", "金额", "出资", "拨付", "依据"):
        table.add_column(header, overflow="fold")
    for item in explained:
        status = "" if item["status"] == "eligible" else "（待定）"
        table.add_row(
            item["zone"],
            item["title"] + status,
            item["date"],
            item["amount"]["text"],
            item["payer"],
            # A budget says the paying year (措施1、2 下年度); `awards` the clause's words.
            item.get("paid") or item["window"] or "",
            item["cited"],
        )
    out.print(table)


def _totals_table(title: str, frame: pl.DataFrame, key: str, heading: str) -> Table:
    table = Table(title=title, title_justify="left")
    for header in (heading, "笔数", "规划金额", "待定金额", "未定额笔数"):
        table.add_column(header, overflow="fold", justify="left" if header == heading else "right")
    for row in frame.iter_rows(named=True):
        table.add_row(
            str(row[key]),
            str(row["entitlements"]),
            money(row["planned"] or 0),
            money(row["pending"] or 0),
            str(row["without_amount"]),
        )
    return table


def show_award_totals(year: int, by: Mapping[str, pl.DataFrame], lines: pl.DataFrame) -> None:
    """Every enterprise's awards, summed by policy and by payer; the workbook has each line."""
    enterprises = lines["uscc"].n_unique()
    out.print(f"[bold]{year}年奖补测算[/]：{enterprises}家企业，{lines.height}笔")
    out.print(_totals_table("按政策（奖补类）", by["policy"], "title", "政策"))
    out.print(_totals_table("按出资层级（奖补类）", by["payer"], "payer", "出资层级"))
    import polars as pl

    from techzone.awards.budget import PAYMENT

    reliefs = lines.filter(pl.col("kind") != PAYMENT)
    if reliefs.height:
        out.print(f"另有减免类{reliefs.height}笔（估算值，不计入支出）。")
    out.print("规划金额只计符合条件的；待定金额因缺少数据尚未计入。")


def show_budget(result: Budget) -> None:
    out.print(f"[bold]{result.year}年奖补预算[/]：规划合计 {money(result.total)}")
    out.print(f"假设：{result.settings.describe()}")
    out.print(_totals_table("按政策", result.by["policy"], "title", "政策"))
    out.print(_totals_table("按出资层级", result.by["payer"], "payer", "出资层级"))
    out.print(_totals_table("按园区", result.by["park"], "park", "园区"))
    out.print(_totals_table("按技术领域", result.by["industry"], "industry", "技术领域"))
    if result.forecast is not None:
        out.print(f"{result.forecast.describe()}：预计 {money(result.forecast.expected)}")


def show_reform(comparison: Comparison) -> None:
    baseline, reformed = comparison.totals
    out.print(f"[bold]改革方案：{comparison.reform.name}[/]（{comparison.year}年）")
    for line in comparison.reform.describe():
        out.print(f"  · {line}")
    difference = reformed - baseline
    sign = "+" if difference > 0 else ""
    out.print(
        f"基线 {money(baseline)} → 改革后 {money(reformed)}，"
        f"差额 {sign}{money(difference)}；受影响企业 {comparison.gainers.height} 家"
    )
    by_park = Table(title="按园区", title_justify="left")
    for header in ("园区", "基线", "改革后", "差额"):
        by_park.add_column(header, justify="left" if header == "园区" else "right")
    for row in comparison.by["park"].iter_rows(named=True):
        by_park.add_row(
            str(row["park"] or "（未入园区）"),
            money(row["baseline"]),
            money(row["reform"]),
            _signed(row["difference"]),
        )
    out.print(by_park)
    if comparison.gainers.is_empty():
        return
    firms = Table(title="受影响企业", title_justify="left")
    for header in ("企业", "统一社会信用代码"):
        firms.add_column(header, justify="left")
    for header in ("基线", "改革后", "差额"):
        firms.add_column(header, justify="right")
    for row in comparison.gainers.head(ROWS_SHOWN).iter_rows(named=True):
        firms.add_row(
            str(row["enterprise"]),
            str(row["uscc"]),
            money(row["baseline"]),
            money(row["reform"]),
            _signed(row["difference"]),
        )
    out.print(firms)
    if comparison.gainers.height > ROWS_SHOWN:
        out.print(f"另有{comparison.gainers.height - ROWS_SHOWN}家企业，见对比工作簿（--out）")


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + money(fen)


# --------------------------------------------------------------------------------------------
# Tiered cultivation: ladder, lists, calendar, applications, weekly report.

# Rows of a long table shown in the terminal; the files carry every row.
ROWS_SHOWN = 15


def show_sections(title: str, subtitle: str, sections: Sequence[Section], *, written: bool) -> None:
    """Numbered sections with their text and tables; long tables are cut to ``ROWS_SHOWN``,
    pointing to the output file when one is ``written`` (otherwise saying how to get one)."""
    out.print(f"[bold]{title}[/]")
    out.print(subtitle)
    for index, section in enumerate(sections):
        out.print(f"\n[bold]{section.numbered(index)}[/]")
        for text in section.paragraphs:
            out.print(f"  {text}")
        for data in section.tables:
            table = Table(show_lines=False)
            for header in data.header:
                table.add_column(header, overflow="fold")
            for row in data.rows[:ROWS_SHOWN]:
                table.add_row(*(cell_text(value) for value in row))
            if len(data.rows) > ROWS_SHOWN:
                where = "见输出文件" if written else "全部行请加 --out 输出文件"
                table.caption = f"另有{len(data.rows) - ROWS_SHOWN}行，{where}"
            out.print(table)


def show_ladder(view: LadderView) -> None:
    out.print(f"[bold]{view.name}[/]（{view.uscc}）· {view.zone} · 日期 {view.as_of}")
    held = "、".join(
        f"{h.kind.label}（{h.certificate_no}，至{h.expires_on or '长期'}）" for h in view.held
    )
    out.print(f"现有资质：{held or '无'}")
    for ladder in view.ladders:
        rungs = " → ".join(
            f"[bold]{k.label}[/]" if k == view.current(ladder) else k.label for k in ladder.tiers
        )
        out.print(f"  {ladder.label}：{rungs}")
    for step in view.steps:
        what = "重新认定" if step.renewal else "下一步"
        r = step.readiness
        out.print(
            f"\n[bold]{what}：{step.kind.label}[/]（{step.ladder.label}）"
            f" · 评估{_STATUS_STYLE[r.status]} · 准备程度 {r.level_label}"
            + (f" · 得分 {r.score}" if r.score else "")
        )
        if r.unmet:
            out.print(f"  未满足：{'；'.join(r.unmet)}")
        for gap in r.gaps:
            out.print(f"  差距：{gap}")
        if r.reason and not r.unmet:
            out.print(f"  说明：{r.reason}")
        for outlook in step.batches:
            mark = "  ← 目标批次" if outlook is step.target else ""
            status = _STATUS_STYLE[outlook.readiness.status]
            out.print(f"  {outlook.deadline.label}（{outlook.deadline.on}）：{status}{mark}")
            if outlook.deadline.local_choice and outlook.deadline.change is None:
                # 8月中旬 has no day in 城关区方案 四(三): the date shown is the system's choice.
                out.print(f"    {outlook.deadline.local_choice}")
        if step.note:
            out.print(f"  {step.note}")
        for item in step.plan:
            out.print(f"  · {item.by} 前：{item.text}")


_NOTICE_STYLE = {"upcoming": "未到", "due": "[yellow]临近[/]", "passed": "[dim]已过[/]"}


def show_calendar(
    calendar: YearCalendar,
    notices: Sequence[Notice],
    expiring: Sequence[ExpiringSoon],
) -> None:
    # The dates are 城关区's (seed 003) wherever a zone has not set its own: said in the title,
    # so that another zone's officer does not take them for the zone's own notice.
    zone = (
        f"{calendar.zone}（未经本区修改的日期按城关区方案；本区另有日期的用 --set 修改）"
        if calendar.zone
        else "默认（城关区方案）"
    )
    table = Table(title=f"{calendar.year}年培育工作日历 · {zone}", title_justify="left")
    for header in ("项目", "日期", "依据", "备注"):
        table.add_column(header, overflow="fold")
    for phase in calendar.phases:
        changed = phase.start_change or phase.end_change
        note = f"已修改（{changed.set_by}）" if changed else ""
        table.add_row(
            phase.label, f"{phase.start} — {phase.end}", officer_text(phase.clause.ref), note
        )
    for deadline in calendar.deadlines:
        note = deadline.local_choice or ""
        if deadline.change and deadline.change.default is None:
            note = f"本区录入（{deadline.change.set_by}）"
        elif deadline.change:
            note = f"已修改（{deadline.change.set_by}，原为{deadline.change.default}）"
        table.add_row(deadline.label, str(deadline.on), officer_text(deadline.clause.ref), note)
    for reminder in calendar.reminders:
        table.add_row(
            reminder.label, str(reminder.on), officer_text(reminder.clause.ref), reminder.text
        )
    out.print(table)
    if calendar.outside_term:
        out.print(calendar.outside_term)
    if notices:
        out.print(f"提醒（提前{calendar.lead_days}天）：")
        for notice in notices:
            days = f"还有{notice.days_left}天" if notice.days_left >= 0 else "已过"
            out.print(f"  {_NOTICE_STYLE[notice.state]} {notice.on} {notice.label}（{days}）")
    out.print(f"{calendar.expiry_days}天内到期的证书：{len(expiring)}张")
    for item in expiring[:ROWS_SHOWN]:
        out.print(
            f"  {item.expires_on} {SHORT_LABELS[item.kind]} {item.enterprise}"
            f"（{item.certificate_no}，还有{item.days_left}天）"
        )
    if len(expiring) > ROWS_SHOWN:
        out.print(f"  另有{len(expiring) - ROWS_SHOWN}张")


def show_applications(records: Sequence[ApplicationRecord]) -> None:
    from techzone.cultivation.report_tables import batch_label

    table = Table(title=f"申请（共{len(records)}件）", title_justify="left")
    for header in (
        "编号",
        "年度",
        "企业名称",
        "资质",
        "批次",
        "状态",
        "责任单位",
        "联系人",
        "更新",
    ):
        table.add_column(header, overflow="fold")
    for r in records:
        table.add_row(
            str(r.id),
            str(r.year),
            r.enterprise,
            SHORT_LABELS[r.qualification],
            batch_label(r.batch),
            r.status.label,
            r.department,
            r.contact or "",
            str(r.last_changed_on),
        )
    out.print(table)


def show_history(application_id: int, changes: Sequence[ApplicationChange]) -> None:
    from techzone.cultivation.report_tables import batch_label

    table = Table(title=f"申请{application_id}的状态变更", title_justify="left")
    for header in ("日期", "原状态", "新状态", "批次", "经办人", "原因"):
        table.add_column(header, overflow="fold")
    for c in changes:
        table.add_row(
            str(c.changed_on),
            c.from_status.label if c.from_status else "—",
            c.to_status.label,
            batch_label(c.batch),
            c.changed_by,
            c.reason or "",
        )
    out.print(table)


def show_extraction(extraction: Extraction) -> None:
    """Each money clause found: where, what kind, how much, under which condition."""
    plain(f"{extraction.document.title or extraction.document.path.name}")
    plain(f"共{len(extraction.clauses)}处奖补金额（位置为字符偏移，置信度 0–1）")
    for number, clause in enumerate(extraction.clauses, 1):
        values = {"金额": clause.amount_yuan, "上限": clause.cap_yuan, "比例": clause.rate}
        shown = "，".join(f"{name}{value}" for name, value in values.items() if value is not None)
        grade = f"（{clause.grade}）" if clause.grade else ""
        # 贴息 / 按面积按月: what the figures are paid on, which the kind alone no longer says
        if clause.basis:
            from techzone.extract.rewards import BASIS_LABELS

            grade += f"（{BASIS_LABELS[clause.basis]}）"
        start, end = clause.span
        plain(
            f"{number}. {clause.article or ''}「{clause.amount_text}」{start}–{end} "
            f"{clause.kind}{grade} {shown} {clause.condition} 置信度{clause.confidence}"
        )
        if clause.split:
            from techzone.extract.draft import split_words  # only when a split is shown

            plain(f"   分级承担：{split_words(clause)}（同一笔奖补，不另行支付）")
        if clause.note:
            plain(f"   提取说明：{clause.note}")


def plain(text: str) -> None:
    """Print without rich markup: document text may contain brackets."""
    out.print(text, markup=False, highlight=False)
