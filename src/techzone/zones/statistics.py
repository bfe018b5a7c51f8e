"""Entering zone statistics and reading the values in use, each with who entered it and when.

A zone's 全国综合排名 (``national_rank``) can also come from an imported
高新区事件「年度评价结果」: for a 国家级 zone its 「排名」 is the rank of the year of its
发生日期 (通报日期) and 「上年排名」 that of the year before (a national zone's yearly ranking is
the 火炬中心's; no province ranks national zones). ``imported_ranks`` reads them;
``zones/indicators.py`` uses one only where no officer entered the value, and says when the two
differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Zone, ZoneEvent, ZoneStatistic
from techzone.model.codes import ZoneEventKind, ZoneLevel
from techzone.rules.records import UnknownZone
from techzone.zones.catalogue import code_of, enterable_codes, indicators

# Units of things counted one by one (enterprises, people, patents): 5.5 家 is a typing mistake.
COUNTED = frozenset({"家", "个", "人", "件", "名", "户"})


class StatisticRejected(ValueError):
    """An entry that cannot be kept, with the reason in Chinese."""


@dataclass(frozen=True)
class Entry:
    zone_id: int
    year: int
    indicator: str
    value: float
    entered_by: str
    entered_at: datetime
    source: str | None
    # The 事件编号 of the imported 高新区事件 the value was read from (None: entered by an officer).
    imported_from: str | None = None

    @property
    def said(self) -> str:
        """Where the value comes from, for officers."""
        if self.imported_from is not None:
            return (
                f"导入的高新区事件「{self.imported_from}」{self.source or ''}"
                f"（{self.entered_at:%Y-%m-%d}通报）"
            )
        return f"{self.entered_by} {self.entered_at:%Y-%m-%d} 录入"


def enter_statistic(
    session: Session,
    zone_code: str,
    year: int,
    indicator: str,
    value: float,
    entered_by: str,
    entered_at: datetime,
    source: str | None = None,
) -> Entry:
    """Record one value; earlier entries for the zone, year and indicator stay as history."""
    indicator = code_of(indicator)
    if indicator not in enterable_codes():
        known = "、".join(indicators()[code].label for code in enterable_codes())
        raise StatisticRejected(f"「{indicator}」不是可录入的指标（可录入：{known}）")
    if value != value or value in (float("inf"), float("-inf")):
        raise StatisticRejected("录入值须为有限的数")
    if not entered_by.strip():
        raise StatisticRejected("须写明录入人")
    zone = session.scalar(select(Zone).where(Zone.code == zone_code))
    if zone is None:
        raise UnknownZone(zone_code)
    unit = indicators()[indicator].unit
    if unit == "是=1" and value not in (0, 1):
        raise StatisticRejected(f"「{indicator}」只能录入 1（是）或 0（否）")
    # Counts and amounts are never below zero; only a rate (a growth of -5%) may be.
    if unit != "%" and value < 0:
        label = indicators()[indicator].label
        raise StatisticRejected(f"「{label}」是{unit}数，不能为负数（录入的是{value:g}）")
    label = indicators()[indicator].label
    # 每万人R&D人员, 万人发明专利拥有量: counted per ten thousand people, a rate with decimals.
    if unit in COUNTED and "万人" not in label and value != int(value):
        raise StatisticRejected(f"「{label}」是{unit}数，须为整数（录入的是{value:g}）")
    row = ZoneStatistic(
        zone_id=zone.id,
        year=year,
        indicator=indicator,
        value=value,
        entered_by=entered_by.strip(),
        entered_at=entered_at,
        source=source,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def _entry(row: ZoneStatistic) -> Entry:
    return Entry(
        row.zone_id, row.year, row.indicator, row.value, row.entered_by, row.entered_at, row.source
    )


def latest_entries(
    session: Session, zone_ids: Sequence[int], years: Sequence[int]
) -> dict[tuple[int, int], list[Entry]]:
    """The entry in use (the latest) per zone, year and indicator, grouped by (zone id, year)."""
    rows = session.scalars(
        select(ZoneStatistic)
        .where(ZoneStatistic.zone_id.in_(zone_ids), ZoneStatistic.year.in_(years))
        .order_by(ZoneStatistic.entered_at, ZoneStatistic.id)
    )
    latest: dict[tuple[int, int, str], Entry] = {}
    for row in rows:
        latest[(row.zone_id, row.year, row.indicator)] = _entry(row)
    grouped: dict[tuple[int, int], list[Entry]] = {}
    for (zone_id, year, _), entry in latest.items():
        grouped.setdefault((zone_id, year), []).append(entry)
    return grouped


def statistic_history(session: Session, zone_code: str, year: int, indicator: str) -> list[Entry]:
    """Every entry for one value, oldest first: who changed it, when, to what."""
    rows = session.scalars(
        select(ZoneStatistic)
        .join(Zone)
        .where(
            Zone.code == zone_code, ZoneStatistic.year == year, ZoneStatistic.indicator == indicator
        )
        .order_by(ZoneStatistic.entered_at, ZoneStatistic.id)
    )
    return [_entry(row) for row in rows]


RANK = "national_rank"
# The attribute giving the rank of the event's year, then the one giving the year before's.
RANK_ATTRIBUTES = (("排名", 0), ("上年排名", 1))


def _place(value: Any) -> int | None:
    """A rank as written in an imported attribute: a whole number of at least 1, else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number >= 1 and number == int(number) else None


@dataclass(frozen=True)
class ImportedRanks:
    """The imported national rank in use per (zone id, year), and what disagreed among imports."""

    ranks: dict[tuple[int, int], Entry]
    notes: dict[tuple[int, int], list[str]]


def imported_ranks(
    session: Session, zone_ids: Sequence[int], years: Sequence[int]
) -> ImportedRanks:
    """The national ranks the imported 年度评价结果 of national zones give for ``years``.

    A year's own 「排名」 wins over the next year's 「上年排名」 for it (the restated one is the
    copy); among equals the latest 通报 wins. Any other value given for the same year is noted."""
    wanted = set(years)
    rows = session.execute(
        select(ZoneEvent)
        .join(Zone, ZoneEvent.zone_id == Zone.id)
        .where(
            ZoneEvent.zone_id.in_(zone_ids),
            ZoneEvent.kind == ZoneEventKind.EVALUATED,
            Zone.level == ZoneLevel.NATIONAL,
        )
        .order_by(ZoneEvent.occurred_on, ZoneEvent.ref)
    ).scalars()
    given: dict[tuple[int, int], list[tuple[int, Entry]]] = {}
    for event in rows:
        for key, back in RANK_ATTRIBUTES:
            year = event.occurred_on.year - back
            place = _place((event.attributes or {}).get(key))
            if year not in wanted or place is None:
                continue
            entry = Entry(
                event.zone_id,
                year,
                RANK,
                float(place),
                "高新区事件导入",
                datetime.combine(event.occurred_on, time()),
                f"「{key}」",
                imported_from=event.ref,
            )
            given.setdefault((event.zone_id, year), []).append((back, entry))
    ranks: dict[tuple[int, int], Entry] = {}
    notes: dict[tuple[int, int], list[str]] = {}
    for at, found in given.items():
        # Own 排名 (back 0) before 上年排名; the latest 通报 last, so it is the one kept.
        ordered = sorted(found, key=lambda pair: (-pair[0], pair[1].entered_at))
        used = ordered[-1][1]
        ranks[at] = used
        others = [e for _, e in ordered[:-1] if e.value != used.value]
        if others:
            said = "、".join(f"{e.said}为第{e.value:g}名" for e in others)
            notes[at] = [
                f"{at[1]}年全国综合排名：导入的数值不一致，采用{used.said}的第{used.value:g}名；"
                f"{said}，请核实"
            ]
    return ImportedRanks(ranks, notes)
