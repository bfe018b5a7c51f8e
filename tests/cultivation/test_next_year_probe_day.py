"""batches.next_year on its edges (second review of the step across the year): a last batch on
29 February probes 28 February of a year without one, and what it says then carries no date."""

from __future__ import annotations

from datetime import date

from techzone.cultivation.batches import next_year
from techzone.cultivation.calendar import Clause, Deadline, YearCalendar
from techzone.cultivation.readiness import Readiness
from techzone.model.codes import QualificationKind

K = QualificationKind.HNTE
CLAUSE = Clause(ref="城关区方案 四(三)", text="6月底、8月中旬、9月底")


def _calendar(year: int, *days: date) -> YearCalendar:
    batches = tuple(
        Deadline(f"b{n}", f"第{n}批审核推荐", day, CLAUSE, batch=n, qualification=K)
        for n, day in enumerate(days, 1)
    )
    outside = None if days else f"本方案只适用于2024—2027年，{year}年的日期以当年通知为准"
    return YearCalendar(year, None, (), batches, (), 30, 90, outside)


def test_a_leap_day_last_batch_probes_the_28th_and_promises_no_date() -> None:
    last = _calendar(2024, date(2024, 2, 29)).batches(K)[0]
    on_last = Readiness(K, "ineligible", unmet=("注册成立一年以上",))
    asked: list[date] = []

    def readiness_on(day: date) -> Readiness:
        asked.append(day)
        return Readiness(K, "unknown", met=("注册成立一年以上",))

    later = next_year(K, last, on_last, lambda year: _calendar(year), readiness_on)
    assert asked == [date(2025, 2, 28)]
    assert later is not None and later.deadline is None and later.readiness is None
    assert later.note.startswith("2024年剩余批次均赶不上（注册成立一年以上）")
    assert "2025年的日期以当年通知为准" in later.note


def test_a_gap_time_does_not_remove_keeps_this_years_batch() -> None:
    last = _calendar(2026, date(2026, 9, 30)).batches(K)[0]
    on_last = Readiness(K, "ineligible", unmet=("拥有核心自主知识产权",))
    calendars = {2027: _calendar(2027, date(2027, 6, 30))}

    def readiness_on(day: date) -> Readiness:
        return Readiness(K, "ineligible", unmet=("拥有核心自主知识产权",))

    assert next_year(K, last, on_last, calendars.__getitem__, readiness_on) is None
