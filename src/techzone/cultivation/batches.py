"""Which batch deadline an enterprise can still make, for the ladder and the self-assessment.

Both date a plan to the first batch at which the enterprise is not ruled out, judged on that
deadline with its records as they are. When every batch left this year rules it out for a reason
only time removes — not yet a year since registration (32号 第十一条(一)), not yet a year clear of
a major accident (第十一条(八)), its HNTE status cancelled this year (195号 五(六)3) — the earliest
it can make is next year's first batch, where the calendar gives one: 城关区方案 sets its dates for
2024—2027年, so for 2028 no date is published and none is promised.

A condition counts as one only time removes when the same records fail it on this year's last
batch and meet it on next year's first. A condition work could still meet this year (a declared
score, a missing figure) does not move the plan to next year: there it is unknown, not met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from techzone.cultivation.calendar import Deadline, YearCalendar
from techzone.cultivation.readiness import Readiness
from techzone.model.codes import QualificationKind

Calendars = Callable[[int], YearCalendar]
ReadinessOn = Callable[[date], Readiness | None]

NONE_OPEN = "按现有数据，剩余批次均不符合条件；须先补齐下列差距"


def remaining(kind: QualificationKind, as_of: date, calendars: Calendars) -> list[Deadline]:
    """This year's batches not yet past; if none is left, next year's."""
    this_year = calendars(as_of.year).batches(kind)
    left = [d for d in this_year if d.on >= as_of]
    if left or not this_year:
        return left
    return calendars(as_of.year + 1).batches(kind)


@dataclass(frozen=True)
class NextYear:
    """This year is out of reach: next year's first batch, or none published."""

    deadline: Deadline | None
    # The assessment on that deadline (None when no deadline is published).
    readiness: Readiness | None
    note: str


def _same_day(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def next_year(
    kind: QualificationKind,
    last: Deadline,
    on_last: Readiness,
    calendars: Calendars,
    readiness_on: ReadinessOn,
) -> NextYear | None:
    """When the enterprise, ruled out on this year's ``last`` batch (``on_last``), is ruled out
    there by a condition only time removes: the first batch of next year it can aim at. None
    when nothing time removes stands in its way (the gaps are to close this year)."""
    year = last.on.year + 1
    following = calendars(year)
    batches = following.batches(kind)
    # Without a published deadline, the day a year after this year's last still says whether
    # time alone removes what stands in the way.
    probe = batches[0].on if batches else _same_day(last.on, year)
    then = readiness_on(probe)
    if then is None:
        return None
    waited = [label for label in on_last.unmet if label in then.met]
    if not waited:
        return None
    why = f"{last.on.year}年剩余批次均赶不上（{'；'.join(waited)}）"
    if not batches:
        unpublished = (
            following.outside_term or f"日历中没有{year}年该资质的申报批次，按主管部门通知申报"
        )
        return NextYear(None, None, f"{why}；{unpublished}")
    first = batches[0]
    note = f"{why}，最早可赶上{year}年{first.label}"
    if then.status == "ineligible":
        note += "；按现有数据届时仍不符合条件，须先补齐下列差距"
    return NextYear(first, then, note)
