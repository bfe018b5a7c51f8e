"""A zone's award budget for a year: totals by policy, payer, park and industry; next year's
forecast from the cultivation pipeline, with its assumption stated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from techzone.awards.calculate import Settings, entitlements, payer_of
from techzone.awards.catalogue import Catalogue
from techzone.glossary import money
from techzone.model.codes import Level, QualificationKind, QualificationStatus, TechField
from techzone.rules.assess import Assessor
from techzone.rules.frame import Records, build_frame
from techzone.rules.loader import PackSet

PAYMENT = "奖补"


@dataclass(frozen=True)
class Forecast:
    """Next year's expected first-HNTE awards: candidates × probability × their awards."""

    year: int
    probability: float
    candidates: int
    expected: int  # fen

    def describe(self) -> str:
        return (
            f"{self.year}年预测：高企条件评估未发现不符合项、尚未持有的{self.candidates}家企业，"
            f"假设其中{self.probability:.0%}在{self.year}年获首次认定"
        )


@dataclass(frozen=True)
class Budget:
    year: int
    settings: Settings
    lines: pl.DataFrame  # every entitlement with policy and enterprise attributes
    by: dict[str, pl.DataFrame] = field(default_factory=dict)
    forecast: Forecast | None = None
    # What the zones are owed for their own events (甘肃 措施1、2), explained as `awards` does,
    # each with "zone": listed apart, never in the totals (a zone is no enterprise; 不少于 has
    # no top).
    zones: tuple[dict[str, Any], ...] = ()

    @property
    def total(self) -> int:
        payments = self.lines.filter((pl.col("kind") == PAYMENT) & (pl.col("status") == "eligible"))
        return int(payments["planned"].sum() or 0)


# The clauses' word for "paid the year after the approval" (甘肃 措施1、2 "于下年度…给予").
NEXT_YEAR = "下年度"


# 白银 政策清单 第二条 "本政策申报适用于上一自然年度取得的成果、荣誉": what is obtained in one
# year is applied for in the next. The packs say so in each such policy's window (「…，次年申报
# （第二条）」); no other document here puts an application a year after its trigger.
CLAIMED_NEXT_YEAR = "次年申报"


def claimed_next_year(window: str | None) -> bool:
    """Whether a policy's award for a year's trigger is applied for in the following year."""
    return window is not None and CLAIMED_NEXT_YEAR in window


def paid_in(window: str | None, approved: int) -> int:
    """The year a zone award approved in ``approved`` leaves the payer's account: the next for
    下年度; a clause that names no time is read as paying in the approval year (as listed)."""
    return approved + 1 if window == NEXT_YEAR else approved


def zones_owed(
    catalogue: Catalogue, events: pl.DataFrame, year: int, settings: Settings
) -> tuple[dict[str, Any], ...]:
    """The zone-level awards the budget of ``year`` lists, from the 高新区事件 in scope: those due
    in ``year`` (approved the year before and paid 下年度 — carried — or approved and paid this
    year), then this year's approvals paid later, which the budget of their paying year holds.
    Each carries ``approved_in``, ``paid_in`` and ``paid`` (the 拨付 cell, said for ``year``)."""
    from techzone.awards.explain import explain
    from techzone.awards.zone_awards import zone_awards

    listed = []
    for approved in (year - 1, year):
        for row in zone_awards(catalogue, events, approved, settings).iter_rows(named=True):
            item = {**explain(catalogue, row, approved), "zone": row["zone_name"]}
            due = paid_in(item["window"], approved)
            if due < year:
                continue  # paid in its own year: the budget of that year held it
            paid = _paid(item["window"], approved, year)
            listed.append({**item, "approved_in": approved, "paid_in": due, "paid": paid})
    # Due this year first (carried ones before this year's), then the later ones.
    return tuple(sorted(listed, key=lambda item: item["paid_in"]))


def _paid(window: str | None, approved: int, year: int) -> str:
    """When an award approved in ``approved`` is paid, said for the budget of ``year``."""
    due = paid_in(window, approved)
    if due > year:
        return f"{due}年拨付（{window}），列入{due}年预算"
    if approved < year:
        return f"{due}年拨付（{approved}年获批，{window}）"
    return f"{due}年拨付" + (f"（{window}）" if window else "")


@dataclass(frozen=True)
class ZonesDue:
    """What the budget of ``year`` owes zones: the awards due in it, summed at their floors
    (不少于 has no top); the later ones counted apart, never in this year's sum."""

    year: int
    count: int  # due this year, with an amount, conditions met
    floor: int  # fen: the sum of their lower bounds
    carried: int  # of ``count``, approved the year before (下年度)
    later: int  # approved this year, due in a later year's budget
    pending: int  # due this year but undecided or with no number: not in ``floor``

    def describe(self) -> str:
        said = f"{self.year}年应拨付高新区奖励{self.count}笔，下限合计{money(self.floor)}"
        if self.carried:
            said += f"（含{self.year - 1}年获批、{NEXT_YEAR}拨付的{self.carried}笔）"
        if self.pending:
            said += f"；另有{self.pending}笔条件待定或未规定金额，未计入"
        if self.later:
            said += (
                f"；本年度获批、{NEXT_YEAR}拨付的{self.later}笔"
                f"列入{self.year + 1}年预算，不计入本年度"
            )
        return said + "。高新区奖励不计入上表合计；“不少于”的以所列金额为最低数。"


def zones_due(owed: tuple[dict[str, Any], ...], year: int) -> ZonesDue:
    """Sum what ``zones_owed(…, year)`` lists as due in ``year``."""
    due = [item for item in owed if item["paid_in"] == year]
    counted = [
        item for item in due if item["status"] == "eligible" and item["amount"]["min"] is not None
    ]
    return ZonesDue(
        year=year,
        count=len(counted),
        floor=sum(_fen(item["amount"]["min"]) for item in counted),
        carried=sum(item["approved_in"] < year for item in counted),
        later=sum(item["paid_in"] > year for item in owed),
        pending=len(due) - len(counted),
    )


def _fen(yuan_amount: Any) -> int:
    # ``explain`` gives yuan as a Decimal (or a number): back to fen without float error.
    return int(Decimal(str(yuan_amount)) * 100)


def enterprise_attributes(records: Records) -> pl.DataFrame:
    labels = {field.value: field.label for field in TechField}
    return records.enterprises.select(
        "uscc",
        pl.col("name").alias("enterprise"),
        pl.col("park").fill_null("（未入园区）"),
        pl.col("tech_field").replace_strict(labels, default="（未填领域）").alias("industry"),
        pl.when(pl.col("above_scale")).then(pl.lit("规上")).otherwise(pl.lit("规下")).alias("size"),
    )


def lines(catalogue: Catalogue, found: pl.DataFrame, records: Records) -> pl.DataFrame:
    return found.join(payer_of(catalogue), on="policy_id", how="left").join(
        enterprise_attributes(records), on="uscc", how="left"
    )


def totals(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """Payments (奖补) only — reliefs are estimates, not spending; pending ones apart."""
    payments = frame.filter(pl.col("kind") == PAYMENT)
    return (
        payments.group_by(by)
        .agg(
            pl.len().alias("entitlements"),
            pl.col("planned").filter(pl.col("status") == "eligible").sum().alias("planned"),
            pl.col("amount_min").filter(pl.col("status") == "eligible").sum().alias("minimum"),
            pl.col("amount_max").filter(pl.col("status") == "eligible").sum().alias("maximum"),
            pl.col("planned").filter(pl.col("status") == "unknown").sum().alias("pending"),
            pl.col("amount_min").is_null().sum().alias("without_amount"),
        )
        .sort(["planned", by], descending=[True, False], nulls_last=True)
    )


def forecast(
    catalogue: Catalogue,
    packs: PackSet,
    records: Records,
    year: int,
    probability: float,
    settings: Settings,
    recorded: pl.DataFrame | None = None,
) -> Forecast:
    """First-HNTE awards expected next year from the enterprises the HNTE rules do not rule out.

    Each candidate is given a hypothetical first recognition on 1 December of ``year``; the
    calculator prices it exactly as it would a real one (stacking included), and the total is
    weighted by ``probability`` — an assumption stated with the result, not a rule.
    """
    # Assessed as at the first batch's deadline (end of June, seed 003 四(三)): the last closed
    # accounts are the previous year's.
    as_of = date(year, 6, 30)
    hnte = next(
        (
            compiled
            for compiled in Assessor.for_date(packs, as_of).compiled
            if compiled.pack.qualification == QualificationKind.HNTE
        ),
        None,
    )
    if hnte is None:
        return Forecast(year, probability, 0, 0)
    # Every input, verdict and entitlement is the enterprise's own: assessing and pricing only
    # the enterprises that can be candidates gives them what a run over the whole pool would.
    # Packs never read each other's columns, so the HNTE pack is assessed alone.
    holding = _holding_hnte(records, year)
    pool = _only(records, ~pl.col("uscc").is_in(holding.implode()))
    evaluated = Assessor(packs, as_of, (hnte,)).evaluate(
        build_frame(pool, as_of, packs.declarations)
    )
    verdict = pl.col(hnte.out("verdict", "eligible"))
    # Not ruled out: eligible, or undecided only for want of data or experts' points.
    candidates = evaluated.filter(verdict.is_null() | verdict)["uscc"]
    hypothetical = pl.DataFrame(
        {
            "uscc": candidates,
            "kind": QualificationKind.HNTE.value,
            # As the register records an HNTE certificate: 国家级.
            "level": Level.NATIONAL.value,
            "issued_on": date(year, 12, 1),
            "expires_on": date(year + 3, 11, 30),
            "status": QualificationStatus.VALID.value,
            "revoked_on": None,
        },
        schema=records.qualifications.schema,
    )
    chosen = _only(records, pl.col("uscc").is_in(candidates.implode()))
    with_candidates = Records(
        enterprises=chosen.enterprises,
        figures=chosen.figures,
        ip=chosen.ip,
        qualifications=pl.concat([chosen.qualifications, hypothetical]),
        platforms=chosen.platforms,
        events=chosen.events,
        incidents=chosen.incidents,
        declarations=chosen.declarations,
    )
    found = entitlements(catalogue, with_candidates, year, settings, recorded=recorded)
    priced = (
        found.filter(
            pl.col("trigger_id").str.contains(f":{QualificationKind.HNTE.value}:{year}-12-01")
            & (pl.col("status") == "eligible")
        )
        .join(payer_of(catalogue), on="policy_id")
        .filter(pl.col("kind") == PAYMENT)
    )
    expected = round(int(priced["planned"].sum() or 0) * probability)
    return Forecast(year, probability, candidates.len(), expected)


def _only(records: Records, keep: pl.Expr) -> Records:
    """The records of the enterprises ``keep`` selects (by ``uscc``), declarations included."""
    return Records(
        enterprises=records.enterprises.filter(keep),
        figures=records.figures.filter(keep),
        ip=records.ip.filter(keep),
        qualifications=records.qualifications.filter(keep),
        platforms=records.platforms.filter(keep),
        events=records.events.filter(keep),
        incidents=records.incidents.filter(keep),
        declarations=records.declarations.filter(keep),
        unknown=records.unknown,
    )


def _holding_hnte(records: Records, year: int) -> pl.Series:
    """Enterprises with an HNTE certificate in force at some point of ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    held = records.qualifications.filter(
        (pl.col("kind") == QualificationKind.HNTE.value)
        & (pl.col("status") != QualificationStatus.NOT_PASSED.value)
        & (pl.col("issued_on") <= end)
        & (pl.col("expires_on").is_null() | (pl.col("expires_on") >= start))
    )
    return held["uscc"].unique()


def budget(
    catalogue: Catalogue,
    packs: PackSet,
    records: Records,
    year: int,
    settings: Settings,
    probability: float,
    recorded: pl.DataFrame | None = None,
) -> Budget:
    """The year's budget; ``recorded`` (the ledger, ``ledger.recorded``) is what caps have
    already given out in earlier runs and years."""
    found = entitlements(catalogue, records, year, settings, recorded=recorded)
    detailed = lines(catalogue, found, records)
    breakdown = {
        "policy": totals(detailed, "title"),
        "payer": totals(detailed, "payer"),
        "park": totals(detailed, "park"),
        "industry": totals(detailed, "industry"),
    }
    outlook = forecast(catalogue, packs, records, year + 1, probability, settings, recorded)
    return Budget(year, settings, detailed, breakdown, outlook)
