"""The weekly report and the monitoring lists as titled sections of tables, in Chinese.

One layout, written twice: ``documents.py`` sets it as a Word report and ``workbooks.py`` as
Excel sheets, so both files always carry the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from techzone.cultivation.lists import Candidate, MonitoringLists
from techzone.cultivation.readiness import NEARLY_READY_MAX_UNMET
from techzone.cultivation.weekly import WeeklyReport
from techzone.glossary import STATUS, officer_text
from techzone.model import ApplicationStatus

Cell = str | int | float | date | None
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Section:
    title: str
    sheet: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def numbered(self, index: int) -> str:
        return f"{NUMERALS[index]}、{self.title}"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def batch_label(batch: int | None) -> str:
    return "未分批" if batch is None else f"第{batch}批"


# --------------------------------------------------------------------------------------------
# The weekly report.


def weekly_title(report: WeeklyReport) -> str:
    week = report.week
    place = report.zone_name + (report.park_name or "")
    return f"{place}高新技术企业培育工作周报告（{week.year}年第{week.number}周）"


def weekly_period(report: WeeklyReport) -> str:
    return f"{chinese_date(report.week.monday)}—{chinese_date(report.week.sunday)}"


def _overview(report: WeeklyReport) -> Section:
    now, before = report.by_status(), report.by_status(last_week=True)
    counts = report.counts()
    batches = report.batches()
    header = ["状态", *(batch_label(b) for b in batches), "合计", "上周", "增减"]
    rows: list[list[Cell]] = []
    for status in ApplicationStatus:
        rows.append(
            [
                status.label,
                *(counts.get((status, b), 0) for b in batches),
                now[status],
                before[status],
                now[status] - before[status],
            ]
        )
    total, total_before = sum(now.values()), sum(before.values())
    rows.append(
        [
            "合计",
            *(sum(counts.get((s, b), 0) for s in ApplicationStatus) for b in batches),
            total,
            total_before,
            total - total_before,
        ]
    )
    text = (
        f"截至{chinese_date(report.week.sunday)}，{report.week.year}年共有申请{total}件，"
        f"其中已认定{now[ApplicationStatus.RECOGNISED]}件、未通过{now[ApplicationStatus.REJECTED]}件；"
        f"本周状态变更{len(report.changes)}次，风险提示{len(report.at_risk)}件。"
    )
    return Section("总体情况", "总体情况", [text], [Table(header, rows)])


def _zoned(
    report: WeeklyReport, header: list[str], rows: list[list[Cell]], zones: list[str]
) -> Table:
    """The table, with each row's zone first when the report may mix zones (``zones``: each
    row's zone code, in the rows' order)."""
    if not report.several_zones:
        return Table(header, rows)
    return Table(
        ["高新区", *header],
        [[report.zone_name_of(code), *row] for code, row in zip(zones, rows, strict=True)],
    )


def _changes(report: WeeklyReport) -> Section:
    rows: list[list[Cell]] = [
        [
            c.on,
            c.enterprise,
            c.qualification.label,
            c.from_status.label if c.from_status else "（建档）",
            c.to_status.label,
            c.by,
            c.reason or "",
            c.department,
        ]
        for c in report.changes
    ]
    header = ["日期", "企业名称", "资质", "原状态", "新状态", "经办人", "原因", "责任单位"]
    text = f"本周共记录状态变更{len(rows)}次。" if rows else "本周没有状态变更。"
    table = _zoned(report, header, rows, [c.zone for c in report.changes])
    return Section("本周变化", "本周变化", [text], [table] if rows else [])


def _risks(report: WeeklyReport) -> Section:
    rows: list[list[Cell]] = [
        [
            r.application.enterprise,
            r.application.qualification.label,
            batch_label(r.application.batch),
            r.deadline,
            r.days_left,
            r.application.status.label,
            "；".join(r.readiness.unmet),
            "、".join(r.readiness.missing),
            r.application.department,
        ]
        for r in report.at_risk
    ]
    header = [
        "企业名称",
        "资质",
        "批次",
        "截止日期",
        "剩余天数",
        "状态",
        "未满足条件",
        "缺少数据",
        "责任单位",
    ]
    text = (
        f"尚未推荐、所在批次距截止不足{report.risk_days}天（负数为已过截止日），"
        f"且评估存在未满足条件或缺少数据的申请{len(rows)}件。"
    )
    table = _zoned(report, header, rows, [r.application.zone for r in report.at_risk])
    return Section("风险提示", "风险提示", [text], [table] if rows else [])


def _targets(report: WeeklyReport) -> Section:
    rows: list[list[Cell]] = []
    for p in report.targets:
        t = p.target
        met = {None: "暂无数据", True: "已达成", False: "未达成"}[p.met]
        rows.append(
            [
                t.label,
                t.when,
                t.wanted,
                p.actual,
                p.basis,
                None if p.share is None else f"{p.share:g}%",
                p.remaining,
                met,
                f"{officer_text(t.clause.ref)}：{t.clause.text}",
            ]
        )
    header = ["指标", "时限", "目标", "当前", "来源", "完成率", "差额", "情况", "出处"]
    if not report.zone_wide:
        text = "年度目标是高新区整体的目标，园区周报不列；请查阅高新区周报。"
    elif rows:
        text = (
            f"按{chinese_date(report.week.sunday)}的在库记录统计，记录不能计算的指标用科技局录入的"
            "数值（与高新区目标进度表同一取值）；“新认定”按首次认定计。"
        )
    else:
        text = "没有适用于本年度的目标。"
    table = _zoned(report, header, rows, [p.target.zone for p in report.targets])
    return Section("年度目标进展", "目标进展", [text], [table] if rows else [])


def _departments(report: WeeklyReport) -> Section:
    statuses = list(ApplicationStatus)
    rows: list[list[Cell]] = [
        [
            d.department,
            d.total,
            *(d.by_status[s] for s in statuses),
            d.at_risk,
            d.changes,
        ]
        for d in report.departments
    ]
    header = ["责任单位", "申请数", *(s.label for s in statuses), "风险提示", "本周变更"]
    text = "按“包抓联”责任单位统计本年度申请。"
    table = _zoned(report, header, rows, [d.zone for d in report.departments])
    return Section("各责任单位进展", "责任单位", [text], [table] if rows else [])


def weekly_sections(report: WeeklyReport) -> list[Section]:
    return [
        _overview(report),
        _changes(report),
        _risks(report),
        _targets(report),
        _departments(report),
    ]


# --------------------------------------------------------------------------------------------
# The monitoring lists.


def _candidate_rows(candidates: list[Candidate]) -> list[list[Cell]]:
    return [
        [
            rank,
            c.firm.uscc,
            c.firm.name,
            c.firm.park,
            "、".join(k.label for k in c.holds),
            c.readiness.level_label,
            STATUS[c.readiness.status],
            c.readiness.score,
            len(c.readiness.unmet),
            "；".join(c.readiness.unmet),
            "、".join(c.readiness.missing),
        ]
        for rank, c in enumerate(candidates, start=1)
    ]


_CANDIDATE_HEADER = [
    "序号",
    "统一社会信用代码",
    "企业名称",
    "园区",
    "现有资质",
    "准备程度",
    "高企评估",
    "创新能力得分",
    "未满足条件数",
    "未满足条件",
    "缺少数据",
]


_RULE = (
    "准备程度：可申报 = 高企评估符合；"
    "接近 = 评估待定（无不符合的条件，缺数据或取决于专家评分），"
    f"或不符合的条件不超过{NEARLY_READY_MAX_UNMET}项；其余为差距较大。"
)


def _expiring(lists: MonitoringLists) -> Section:
    text = (
        f"证书于{lists.as_of.year}年到期、截至{chinese_date(lists.as_of)}尚未重新认定的"
        f"高新技术企业{len(lists.expiring)}家。"
    )
    header = ["统一社会信用代码", "企业名称", "园区", "证书编号", "发证日期", "有效期至"]
    rows: list[list[Cell]] = [
        [e.firm.uscc, e.firm.name, e.firm.park, e.certificate_no, e.issued_on, e.expires_on]
        for e in lists.expiring
    ]
    return Section(
        "本年到期需重新认定的高新技术企业", "到期需重新认定", [text], [Table(header, rows)]
    )


def _provincial(lists: MonitoringLists) -> Section:
    text = (
        f"{chinese_date(lists.as_of)}持有省级科技创新型企业资格、未持有有效高新技术企业证书的"
        f"企业{len(lists.provincial_without_hnte)}家。"
    )
    header = ["统一社会信用代码", "企业名称", "园区", "证书编号", "认定日期"]
    rows: list[list[Cell]] = [
        [p.firm.uscc, p.firm.name, p.firm.park, p.certificate_no, p.issued_on]
        for p in lists.provincial_without_hnte
    ]
    return Section(
        "省级科技创新型企业中的非高新技术企业", "省科创非高企", [text], [Table(header, rows)]
    )


def _lapsed(lists: MonitoringLists) -> Section:
    by_year = lists.lapsed_by_year()
    summary = "、".join(f"{year}年{len(items)}家" for year, items in by_year.items()) or "无"
    text = (
        f"证书在{lists.as_of.year}年以前到期、至今未重新认定（未被撤销）的企业"
        f"{len(lists.lapsed)}家：{summary}。"
    )
    header = ["到期年度", "统一社会信用代码", "企业名称", "园区", "证书编号", "有效期至"]
    header.append("有未通过记录")
    rows: list[list[Cell]] = [
        [
            item.expires_on.year,
            item.firm.uscc,
            item.firm.name,
            item.firm.park,
            item.certificate_no,
            item.expires_on,
            "是" if item.failed_since else "否",
        ]
        for item in lists.lapsed
    ]
    return Section("历年到期未重新认定的企业", "历年到期未重新认定", [text], [Table(header, rows)])


_STATUS = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定"}


def _little_giants(lists: MonitoringLists) -> Section:
    text = (
        f"{chinese_date(lists.as_of)}持有有效专精特新“小巨人”资格、尚未持有有效制造业单项冠军资格的"
        f"企业{len(lists.little_giants)}家，按单项冠军准备程度排序。"
        "重点“小巨人”依据财建〔2024〕148号（2024—2026年三批次），单项冠军依据工信部政法〔2023〕138号；"
        "两者的条件均来自第三方摘要，待核对原文。"
    )
    header = [
        "序号",
        "统一社会信用代码",
        "企业名称",
        "园区",
        "已是重点小巨人",
        "重点小巨人评估",
        "重点小巨人未满足条件",
        "单项冠军评估",
        "单项冠军未满足条件",
        "缺少数据",
    ]
    rows: list[list[Cell]] = [
        [
            rank,
            g.firm.uscc,
            g.firm.name,
            g.firm.park,
            "是" if g.key_held else "否",
            _STATUS[g.key.status],
            "；".join(g.key.unmet),
            _STATUS[g.champion.status],
            "；".join(g.champion.unmet),
            "、".join(dict.fromkeys((*g.key.missing, *g.champion.missing))),
        ]
        for rank, g in enumerate(lists.little_giants, start=1)
    ]
    return Section("“小巨人”向上培育对象", "小巨人向上", [text], [Table(header, rows)])


def _expiring_titles(lists: MonitoringLists) -> Section:
    text = (
        f"证书于{lists.as_of.year}年到期的创新型中小企业、专精特新中小企业、专精特新“小巨人”、制造业单项冠军"
        f"{len(lists.expiring_titles)}项（各层级有效期三年），需按当年通知复核或重新申请；"
        "2026年“小巨人”复核仍按工信部企业〔2022〕63号标准（工信厅企业函〔2026〕117号）。"
    )
    header = ["资质", "统一社会信用代码", "企业名称", "园区", "证书编号", "发证日期", "有效期至"]
    rows: list[list[Cell]] = [
        [
            t.kind.label,
            t.firm.uscc,
            t.firm.name,
            t.firm.park,
            t.certificate_no,
            t.issued_on,
            t.expires_on,
        ]
        for t in lists.expiring_titles
    ]
    return Section("本年到期的梯度培育资质", "梯度资质到期", [text], [Table(header, rows)])


def _upkeep(lists: MonitoringLists) -> Section:
    text = (
        f"年度更新临近（日历提醒前30天起）或有效期将满（届满前90天起）的资质{len(lists.upkeep)}项："
        "逾期不更新的按文件取消或撤销，到期前应安排重新认定或复核。"
    )
    header = ["资质", "统一社会信用代码", "企业名称", "事项", "日期", "剩余天数", "依据"]
    rows: list[list[Cell]] = [
        [
            line.title.held.kind.label,
            line.uscc,
            line.name,
            duty.label,
            duty.on,
            duty.days_left,
            duty.clause,
        ]
        for line in lists.upkeep
        for duty in line.title.due
    ]
    return Section("保持资质提醒", "保持资质", [text], [Table(header, rows)])


def list_sections(lists: MonitoringLists) -> list[Section]:
    small_text = (
        "持有有效科技型中小企业或省级科技创新型企业资格、尚非高新技术企业，"
        f"且可申报或接近的企业{len(lists.small_to_high)}家。"
    )
    above_text = (
        f"尚非高新技术企业的规模以上工业、服务业企业{len(lists.above_scale_to_high)}家，"
        "按准备程度排序（未登记行业代码的企业一并列出，请核实行业）。"
    )
    small = Section(
        "“小升高”培育对象",
        "小升高",
        [small_text, _RULE],
        [Table(_CANDIDATE_HEADER, _candidate_rows(lists.small_to_high))],
    )
    above = Section(
        "“规进高”培育对象",
        "规进高",
        [above_text, _RULE],
        [Table(_CANDIDATE_HEADER, _candidate_rows(lists.above_scale_to_high))],
    )
    return [
        _expiring(lists),
        _provincial(lists),
        _lapsed(lists),
        small,
        above,
        _little_giants(lists),
        _expiring_titles(lists),
        _upkeep(lists),
    ]
