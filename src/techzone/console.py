"""Rendering core results for the terminal: tables and progress, no domain logic."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

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

from techzone.model.codes import QualificationKind
from techzone.zones.summary import ZoneSummary

out = Console()
err = Console(stderr=True)

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
    QualificationKind.GAZELLE: "瞪羚",
    QualificationKind.UNICORN: "独角兽",
}


def show_summary(summaries: Sequence[ZoneSummary]) -> None:
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
        _show_expiring(summary)


def _show_expiring(summary: ZoneSummary) -> None:
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
        table.caption = f"另有{len(summary.expiring) - EXPIRING_SHOWN}张，见工作簿"
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


_STATUS_STYLE = {
    "eligible": "[green]符合[/]",
    "ineligible": "[red]不符合[/]",
    "unknown": "[yellow]待定[/]",
}


def show_assessment(trace: dict[str, Any]) -> None:
    """One enterprise's verdicts: a line per qualification, then what is unmet or missing."""
    table = Table(
        title=f"资质评估 · {trace.get('uscc') or '企业画像'} · 评价日 {trace['as_of']}",
        title_justify="left",
    )
    for header in ("资质", "结论", "得分", "不符合的条件 / 原因"):
        table.add_column(header)
    for entry in trace["qualifications"]:
        score = entry.get("score")
        shown_score = f"{score['min']:g}–{score['max']:g}" if score else ""
        unmet = "；".join(c["label"] for c in entry["criteria"] if c["status"] == "ineligible")
        table.add_row(
            entry["label"],
            _STATUS_STYLE[entry["status"]],
            shown_score,
            unmet or entry.get("reason", ""),
        )
    out.print(table)
    gaps = [gap for entry in trace["qualifications"] for gap in entry["gaps"]]
    for entry in trace["qualifications"]:
        for gap in entry["gaps"]:
            out.print(f"  · {entry['label']}：{gap['text']}")
    if not gaps:
        out.print("  （没有可计算的差距）")
