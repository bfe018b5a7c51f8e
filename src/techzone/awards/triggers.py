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

from techzone.model.codes import EventKind, QualificationKind, QualificationStatus
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
}

TRIGGER_INPUTS: dict[str, Input] = {
    "event_amount": Input(
        "event_amount", pl.Int64(), "yuan", "事件金额（项目资金、购置金额、利息等）"
    ),
    "event_level": Input("event_level", pl.String(), None, "事件级别（属性「级别」）"),
    "event_grade": Input("event_grade", pl.String(), None, "奖项等级（属性「等级」）"),
    "event_rank": Input("event_rank", pl.Int64(), "count", "排名（属性「排名」）"),
    "event_persons": Input("event_persons", pl.Int64(), "persons", "人数（属性「人数」）"),
    "event_months": Input("event_months", pl.Int64(), "count", "月数（属性「月数」）"),
    "event_project": Input(
        "event_project", pl.String(), None, "项目（属性「项目」，补差时识别同一项目）"
    ),
    "first_recognition": Input(
        "first_recognition", pl.Boolean(), "flag", "首次认定（此前未持有该资质）"
    ),
    "via_relocation": Input("via_relocation", pl.Boolean(), "flag", "省外整体迁入，视同新认定"),
    "platform_level": Input(
        "platform_level", pl.String(), None, "平台认定级别（national/provincial/city/district）"
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
        attributes.str.json_path_match(f"$.{key}").cast(dtype, strict=False).alias(name)
        for name, (key, dtype) in EVENT_COLUMNS.items()
    ]
    return records.events.lazy().select(
        "uscc",
        pl.col("kind").alias("event_kind"),
        pl.col("occurred_on").alias("trigger_date"),
        pl.col("amount").alias("event_amount"),
        # The officer's own reference (事件编号) identifies the event across runs.
        pl.concat_str(pl.lit("event:"), pl.col("uscc"), pl.lit(":"), pl.col("ref")).alias(
            "trigger_id"
        ),
        *parsed,
    )


def gain_rows(records: Records, kinds: Collection[str] | None = None) -> pl.LazyFrame:
    """Every qualification issued, with whether it was the enterprise's first of that kind.

    A whole HNTE moving in from outside the province is "confirmed and treated as newly
    recognised" (seed 003 五(一)3): its relocation event is a first HNTE recognition.

    ``kinds`` keeps only those qualification kinds: "first" is decided within one kind, so
    leaving the others out changes nothing and spares the window over them.
    """
    held = records.qualifications.lazy().filter(pl.col("status").is_in(HELD))
    if kinds is not None:
        held = held.filter(pl.col("kind").is_in(list(kinds)))
    issued = held.select(
        "uscc",
        pl.col("kind").alias("qualification_kind"),
        pl.col("issued_on").alias("trigger_date"),
        (pl.col("issued_on") == pl.col("issued_on").min().over("uscc", "kind")).alias(
            "first_recognition"
        ),
        pl.lit(False).alias("via_relocation"),
    )
    parts = [issued]
    if kinds is None or QualificationKind.HNTE.value in kinds:
        relocations = (
            records.events.lazy()
            .filter(pl.col("kind") == EventKind.RELOCATION_IN.value)
            .select(
                "uscc",
                pl.lit(QualificationKind.HNTE.value).alias("qualification_kind"),
                pl.col("occurred_on").alias("trigger_date"),
                pl.lit(True).alias("first_recognition"),
                pl.lit(True).alias("via_relocation"),
            )
        )
        parts.append(relocations)
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
