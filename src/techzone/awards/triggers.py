"""What policies pay for, as frames: one row per event, one row per qualification gained.

Both carry the enterprise's profile-frame inputs, so a policy's conditions read the same names as
the qualification rules (``above_scale``, ``tech_field``, …), plus the trigger's own columns.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import polars as pl

from techzone.cultivation.terms import all_terms
from techzone.io.fields import EVENT_COUNTS
from techzone.model.codes import (
    EventKind,
    PlatformStatus,
    QualificationKind,
    QualificationStatus,
)
from techzone.rules.frame import Records
from techzone.rules.inputs import Input

Rows = TypeVar("Rows", pl.DataFrame, pl.LazyFrame)

# Event attributes as officers type them in the 属性 column (docs/profile.md).
EVENT_COLUMNS: dict[str, tuple[str, pl.DataType]] = {
    "event_level": ("级别", pl.String()),
    "event_grade": ("等级", pl.String()),
    "event_rank": ("排名", pl.Int64()),
    "event_persons": ("人数", pl.Int64()),
    "event_months": ("月数", pl.Int64()),
    "event_project": ("项目", pl.String()),
    # Where a whole enterprise moved in from (整体迁入): "省外" is judged against its province now.
    "origin_province": ("迁出省份", pl.String()),
    "origin_city": ("迁出城市", pl.String()),
    "origin_zone": ("迁出园区", pl.String()),
}

TRIGGER_INPUTS: dict[str, Input] = {
    "event_amount": Input(
        "event_amount", "Int64", "yuan", "事件金额（项目资金、购置金额、利息等）"
    ),
    "event_level": Input("event_level", "String", None, "事件级别（属性「级别」）"),
    "event_grade": Input("event_grade", "String", None, "奖项等级（属性「等级」）"),
    "event_rank": Input("event_rank", "Int64", "count", "排名（属性「排名」）"),
    "event_persons": Input("event_persons", "Int64", "persons", "人数（属性「人数」）"),
    "event_months": Input("event_months", "Int64", "count", "月数（属性「月数」）"),
    "event_project": Input(
        "event_project", "String", None, "项目（属性「项目」，补差时识别同一项目）"
    ),
    "event_months_left": Input(
        "event_months_left",
        "Int64",
        "count",
        "发生日期所在月至当年12月的月数（聘用当年最多可计的月数）",
    ),
    "event_project_amount": Input(
        "event_project_amount",
        "Int64",
        "yuan",
        "同一项目（属性「项目」）同类事件的金额合计（分批登记时的项目资金额度；未载项目的为空）",
    ),
    "moved_high_growth": Input(
        "moved_high_growth",
        "Boolean",
        "flag",
        "整体迁入之日持有独角兽或瞪羚企业资质（引入的独角兽、瞪羚企业）",
    ),
    "event_first": Input(
        "event_first",
        "Boolean",
        "flag",
        "该企业同类事件中最早的一次（首次获得绿色工厂等认定）",
    ),
    "first_recognition": Input(
        "first_recognition", "Boolean", "flag", "首次认定（此前未持有该资质）"
    ),
    "via_relocation": Input(
        "via_relocation",
        "Boolean",
        "flag",
        "持有效高企证书整体迁入（迁入之日为触发日）；是否省外见 origin_province",
    ),
    "origin_province": Input(
        "origin_province", "String", None, "整体迁入前所在省份（属性「迁出省份」）"
    ),
    "origin_city": Input("origin_city", "String", None, "整体迁入前所在城市（属性「迁出城市」）"),
    "origin_zone": Input(
        "origin_zone", "String", None, "整体迁入前所在高新区或园区（属性「迁出园区」）"
    ),
    "platform_level": Input(
        "platform_level", "String", None, "平台认定级别（national/provincial/city/district）"
    ),
}

# Issued, then expired or revoked, still counts as having held the qualification before.
HELD = (
    QualificationStatus.VALID.value,
    QualificationStatus.EXPIRED.value,
    QualificationStatus.REVOKED.value,
)


@dataclass(frozen=True)
class Triggers:
    events: pl.DataFrame
    gains: pl.DataFrame
    platforms: pl.DataFrame
    years: pl.DataFrame


def event_rows(records: Records) -> pl.LazyFrame:
    """Every event as a trigger, without the profile (lazy: callers filter before joining)."""
    attributes = pl.col("attributes")
    parsed = [
        _attribute(attributes.str.json_path_match(f"$.{key}"), key, dtype).alias(name)
        for name, (key, dtype) in EVENT_COLUMNS.items()
    ]
    rows = records.events.lazy().select(
        "uscc",
        pl.col("kind").alias("event_kind"),
        pl.col("occurred_on").alias("trigger_date"),
        pl.col("amount").alias("event_amount"),
        (pl.col("occurred_on") == pl.col("occurred_on").min().over("uscc", "kind")).alias(
            "event_first"
        ),
        # A hire's 月数 are months of its own year from the hire on (seed 000 第17段 每月): a
        # 7月 hire has 6 left, counting its own month, which the monthly ceiling covers whole.
        (13 - pl.col("occurred_on").dt.month().cast(pl.Int64)).alias("event_months_left"),
        # The officer's own reference (事件编号) identifies the event across runs.
        pl.concat_str(pl.lit("event:"), pl.col("uscc"), pl.lit(":"), pl.col("ref")).alias(
            "trigger_id"
        ),
        *parsed,
    )
    # A project registered in tranches: its amount is the sum of its events of the kind (seed 001
    # 措施5 "项目(课题)资金额度300万元以上"); an event naming no project is no project's tranche.
    rows = rows.with_columns(
        pl.when(pl.col("event_project").is_not_null())
        .then(pl.col("event_amount").sum().over("uscc", "event_kind", "event_project"))
        .otherwise(None)
        .alias("event_project_amount")
    )
    return rows.join(_moved_high_growth(records), on="trigger_id", how="left")


def _attribute(value: pl.Expr, key: str, dtype: pl.DataType) -> pl.Expr:
    """An attribute as typed, read as the one thing it names: "甲", " 甲 " and "\u3000甲" are one
    项目 (one 每项 award, one 最高300万元 cap), "甘肃省 " is 甘肃省 (not 省外), and a blank is no
    value (each such event its own item), never a name shared by every blank. A count outside
    its range (月数 13 in one year, 人数 -1) is no count: input refuses it, but a store may hold
    rows imported before it did, and the amount multiplied from it would be paid."""
    if dtype != pl.String():
        number = value.cast(dtype, strict=False)
        if key not in EVENT_COUNTS:
            return number
        low, high = EVENT_COUNTS[key]
        inside = number >= low if high is None else number.is_between(low, high)
        return pl.when(inside).then(number).otherwise(pl.lit(None, dtype=dtype))
    text = value.str.normalize("NFKC").str.strip_chars()
    return pl.when(text != "").then(text).otherwise(pl.lit(None, dtype=pl.String))


HIGH_GROWTH = (QualificationKind.UNICORN.value, QualificationKind.GAZELLE.value)


def _moved_high_growth(records: Records) -> pl.LazyFrame:
    """For each 整体迁入, whether the enterprise held a 独角兽 or 瞪羚 title on the day it moved
    (甘肃 措施10 "对引入的独角兽企业、瞪羚企业"): a title gained after the move was not
    brought in."""
    moves = records.events.lazy().filter(pl.col("kind") == EventKind.RELOCATION_IN.value)
    titles = records.qualifications.lazy().filter(
        pl.col("kind").is_in(HIGH_GROWTH)
        & pl.col("status").is_in(
            [QualificationStatus.VALID.value, QualificationStatus.EXPIRED.value]
        )
    )
    held = moves.join(titles.select("uscc", "issued_on", "expires_on"), on="uscc", how="left")
    covers = (pl.col("issued_on") <= pl.col("occurred_on")) & (
        pl.col("expires_on").is_null() | (pl.col("expires_on") >= pl.col("occurred_on"))
    )
    return (
        held.group_by("uscc", "ref")
        .agg(moved_high_growth=covers.fill_null(False).any())
        .select(
            pl.concat_str(pl.lit("event:"), pl.col("uscc"), pl.lit(":"), pl.col("ref")).alias(
                "trigger_id"
            ),
            "moved_high_growth",
        )
    )


ORIGIN = ("origin_province", "origin_city", "origin_zone")


def _relocations(records: Records) -> pl.LazyFrame:
    """Every 整体迁入 with where it came from (all columns null where the officer left them out)."""
    attributes = pl.col("attributes")
    return (
        records.events.lazy()
        .filter(pl.col("kind") == EventKind.RELOCATION_IN.value)
        .select(
            "uscc",
            pl.col("occurred_on").alias("moved_on"),
            *(
                attributes.str.json_path_match(f"$.{EVENT_COLUMNS[name][0]}").alias(name)
                for name in ORIGIN
            ),
        )
    )


def gain_rows(records: Records, kinds: Collection[str] | None = None) -> pl.LazyFrame:
    """Every qualification issued, with whether it was the enterprise's first of that kind.

    Seed 003 五(一)3: "对省外整体迁入的高新技术企业,直接确认资格并享受省级新认定奖补政策". A move
    is a row here only for an enterprise that holds a valid HNTE certificate on the day it moves
    (the certificate is a qualification record issued elsewhere): ``via_relocation``, with where
    it came from, so each policy can tell a move from outside the province from one between
    zones of the same province. An enterprise without a certificate that moves gains nothing.

    ``kinds`` keeps only those qualification kinds: "first" is decided within one kind, so
    leaving the others out changes nothing and spares the window over them.
    """
    held = records.qualifications.lazy().filter(pl.col("status").is_in(HELD))
    if kinds is not None:
        held = held.filter(pl.col("kind").is_in(list(kinds)))
    first = pl.col("issued_on") == pl.col("issued_on").min().over("uscc", "kind")
    issued = held.select(
        "uscc",
        pl.col("kind").alias("qualification_kind"),
        pl.col("issued_on").alias("trigger_date"),
        first.alias("first_recognition"),
        (~first & _renewed_early()).alias("renewed_early"),
        pl.lit(False).alias("via_relocation"),
        *(pl.lit(None, dtype=pl.String).alias(name) for name in ORIGIN),
        # When the certificate stopped counting, if it was revoked (a revoked one with no date:
        # from its issue): an award for it is not certain once that day has come.
        pl.when(pl.col("status") == QualificationStatus.REVOKED.value)
        .then(pl.coalesce("revoked_on", "issued_on"))
        .alias("revoked_on"),
    )
    parts = [issued]
    if kinds is None or QualificationKind.HNTE.value in kinds:
        certificates = (
            records.qualifications.lazy()
            .filter(
                (pl.col("kind") == QualificationKind.HNTE.value)
                # Revoked is not held; expired only later than the move still was.
                & pl.col("status").is_in(
                    [QualificationStatus.VALID.value, QualificationStatus.EXPIRED.value]
                )
            )
            .select("uscc", "issued_on", "expires_on")
        )
        moves = _relocations(records)
        holding = (
            moves.join(certificates, on="uscc", how="inner")
            .filter(
                (pl.col("issued_on") <= pl.col("moved_on"))
                & (pl.col("expires_on").is_null() | (pl.col("expires_on") >= pl.col("moved_on")))
            )
            .select("uscc", "moved_on", *ORIGIN)
            .unique(maintain_order=True)
        )
        parts.append(
            holding.select(
                "uscc",
                pl.lit(QualificationKind.HNTE.value).alias("qualification_kind"),
                pl.col("moved_on").alias("trigger_date"),
                pl.lit(True).alias("first_recognition"),
                pl.lit(False).alias("renewed_early"),
                pl.lit(True).alias("via_relocation"),
                *ORIGIN,
                pl.lit(None, dtype=pl.Date).alias("revoked_on"),
            )
        )
    gains = pl.concat(parts, how="vertical_relaxed")
    return gains.with_columns(
        trigger_id=pl.concat_str(
            pl.lit("gain:"),
            pl.col("uscc"),
            pl.lit(":"),
            pl.col("qualification_kind"),
            pl.lit(":"),
            pl.col("trigger_date").cast(pl.String),
        )
    )


def _renewed_early() -> pl.Expr:
    """Whether this certificate came earlier than any renewal of an earlier one of its kind can.

    Since 2016 there is no 复审: a firm applies again when its certificate runs out
    (国科发火〔2016〕195号; reference §1.5), so a 重新认定 comes in the last calendar year of the
    earlier certificate's term (the third for an HNTE: a certificate dated in January may be
    renewed late in the year before it expires) or later; after a revocation, not in the year of
    it (195号 五(六)3). A second certificate issued sooner is no such renewal (a duplicate record,
    a wrong date): its 重新认定 award is not certain. An earlier certificate of a kind with no
    term in any document is not held against it.
    """
    years = {
        kind.value: terms.validity.years
        for kind, terms in all_terms().items()
        if terms.validity is not None and terms.validity.years is not None
    }
    term = pl.col("kind").replace_strict(years, default=None, return_dtype=pl.Int32)
    # The first calendar year a renewal of this certificate can come in.
    renewable = pl.min_horizontal(
        pl.col("issued_on").dt.year() + term - 1,
        pl.col("expires_on").dt.year(),
    )
    # A revoked certificate no longer counts: only the year of its revocation is closed.
    renewable = (
        pl.when(pl.col("status") == QualificationStatus.REVOKED.value)
        .then(pl.coalesce("revoked_on", "issued_on").dt.year().cast(pl.Int32) + 1)
        .otherwise(renewable)
    )
    # The latest such year among the certificates issued before this one (same kind).
    before = renewable.cast(pl.Int32).cum_max().shift(1).over("uscc", "kind", order_by="issued_on")
    return (pl.col("issued_on").dt.year() < before).fill_null(False)


# The location columns of the profile a trigger before a move must not be judged by.
LOCATION = {"province": "origin_province", "city": "origin_city", "zone_code": "origin_zone"}
UNPLACED = ("zone_level", "park")


def located(rows: pl.LazyFrame, records: Records) -> pl.LazyFrame:
    """Each trigger judged where the enterprise was on its day, not where it is now.

    The profile says where an enterprise is at the year's end; an event, certificate or platform
    dated before a later 整体迁入 happened at the move's origin (unknown where the officer did not
    record it), so the new place's policies do not pay for it — a certificate issued in another
    province is not a first recognition here.
    """
    names = rows.collect_schema().names()
    placed = [name for name in (*LOCATION, *UNPLACED) if name in names]
    if not placed:
        return rows
    moves = _relocations(records).select(
        "uscc", pl.col("moved_on"), *(pl.col(name).alias(f"_{name}") for name in ORIGIN)
    )
    # The move itself happens at its destination; anything else dated on or before a move's day
    # (a certificate issued in another province the day the enterprise moved) at its origin.
    if "via_relocation" in names:
        itself = pl.col("via_relocation").fill_null(False)
    elif "event_kind" in names:
        itself = pl.col("event_kind").fill_null("") == EventKind.RELOCATION_IN.value
    else:
        itself = pl.lit(False)
    # The first move on or after the trigger decides where it happened.
    after = (
        rows.select("uscc", "trigger_id", "trigger_date", itself.alias("_itself"))
        .join(moves, on="uscc", how="inner")
        .filter(
            (pl.col("moved_on") > pl.col("trigger_date"))
            | ((pl.col("moved_on") == pl.col("trigger_date")) & ~pl.col("_itself"))
        )
        .sort("moved_on")
        .group_by("uscc", "trigger_id", maintain_order=True)
        .first()
        .drop("trigger_date", "_itself")
    )
    joined = rows.join(after, on=["uscc", "trigger_id"], how="left")
    moved = pl.col("moved_on").is_not_null()
    origin = {name: pl.col(f"_{LOCATION[name]}") for name in LOCATION}
    if "province" in names:
        # From another province with no zone recorded: in none of this province's zones, which
        # the zone-scoped packs here can only list by code.
        elsewhere = pl.col("_origin_province").is_not_null() & (
            pl.col("_origin_province") != pl.col("province")
        )
        origin["zone_code"] = pl.coalesce(
            pl.col("_origin_zone"),
            pl.when(elsewhere).then(pl.concat_str(pl.lit("省外："), pl.col("_origin_province"))),
        )
    replaced = [
        pl.when(moved).then(origin[name]).otherwise(pl.col(name)).alias(name)
        for name in placed
        if name in LOCATION
    ] + [
        pl.when(moved).then(None).otherwise(pl.col(name)).alias(name)
        for name in placed
        if name in UNPLACED
    ]
    return joined.with_columns(replaced).drop("moved_on", *(f"_{name}" for name in ORIGIN))


def platform_rows(records: Records) -> pl.LazyFrame:
    """Every platform recognition: a new 孵化器、院士工作站 … at a level, on a date."""
    return records.platforms.lazy().select(
        "uscc",
        pl.col("kind").alias("platform_kind"),
        pl.col("level").alias("platform_level"),
        pl.col("recognised_on").alias("trigger_date"),
        # The platform itself is the item a per-item cap (每个孵化器最高…) counts against.
        pl.concat_str(pl.col("kind"), pl.lit(":"), pl.col("name")).alias("platform_item"),
        pl.concat_str(
            pl.lit("platform:"),
            pl.col("uscc"),
            pl.lit(":"),
            pl.col("kind"),
            pl.lit(":"),
            pl.col("level"),
            pl.lit(":"),
            # The platform's name: two incubators recognised on one day are two triggers.
            pl.col("name"),
        ).alias("trigger_id"),
        # A recognition revoked later (no date: from the day it was recognised) is, as a revoked
        # certificate, doubtful for its 新认定 award once that day has come; an expired one stood.
        pl.when(pl.col("status") == PlatformStatus.REVOKED.value)
        .then(pl.coalesce("status_on", "recognised_on"))
        .alias("revoked_on"),
    )


def year_rows(profile: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """The year itself as every enterprise's trigger (annual reliefs)."""
    return profile.with_columns(
        trigger_date=pl.lit(date(year, 12, 31)),
        trigger_id=pl.concat_str(pl.lit("year:"), pl.col("uscc"), pl.lit(f":{year}")),
    )


def triggers(records: Records, profile: pl.DataFrame, year: int) -> Triggers:
    """Events and qualification gains of every enterprise, all years, and the year itself
    (for annual reliefs), each with the enterprise's profile inputs."""
    joined = profile.lazy()
    events, gains, platforms, years = pl.collect_all(
        [
            event_rows(records).join(joined, on="uscc", how="left"),
            gain_rows(records).join(joined, on="uscc", how="left"),
            platform_rows(records).join(joined, on="uscc", how="left"),
            year_rows(joined, year),
        ]
    )
    return Triggers(events=events, gains=gains, platforms=platforms, years=years)


def in_year(frame: Rows, year: int) -> Rows:
    return frame.filter(
        (pl.col("trigger_date") >= date(year, 1, 1))
        & (pl.col("trigger_date") <= date(year, 12, 31))
    )
