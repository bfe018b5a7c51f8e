"""Working days (工作日) from the State Council's holiday arrangements.

Public holidays and 调休 make-up working days change every year and are published each autumn.
``chinese_calendar`` holds the years it was released for; a later year's arrangement, once its
notice is out, is entered by the office (``fulfilment.holidays``, kept in the database). A date
in a year neither holds is refused with a sentence saying so, never guessed from weekends alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from sqlalchemy.orm import Session

from techzone.fulfilment.errors import FulfilmentError


@dataclass(frozen=True)
class EnteredYear:
    days_off: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class WorkCalendar:
    """The library's years, and the years the office entered from their notices."""

    entered: Mapping[int, EnteredYear] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        # An entered notice names its own days, and a holiday crossing the new year
        # (12月31日至1月2日) is in the next year's notice.
        for notice in (self.entered.get(day.year), self.entered.get(day.year + 1)):
            if notice is not None:
                if day in notice.workdays:
                    return True
                if day in notice.days_off:
                    return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as error:
            if day.year not in self.entered:
                raise _uncovered(day) from error
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise FulfilmentError("工作日数不能为负数")
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` ≤ ``start``)."""
        if end <= start:
            return 0
        return sum(
            self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )


LIBRARY_ONLY = WorkCalendar()


def work_calendar(session: Session) -> WorkCalendar:
    """The calendar with every arrangement the office has entered."""
    from techzone.fulfilment.holidays import entered

    return WorkCalendar(
        entered={
            year: EnteredYear(
                days_off=frozenset(date.fromisoformat(day) for day in row.days_off),
                workdays=frozenset(date.fromisoformat(day) for day in row.workdays),
            )
            for year, row in entered(session).items()
        }
    )


def _uncovered(day: date) -> FulfilmentError:
    return FulfilmentError(
        f"{day.year}年的法定节假日安排尚未收录（节假日库只到已公布的年份），无法按工作日计算；"
        f"国务院办公厅公布{day.year}年节假日安排后，请用「techzone holidays add 通知.txt」录入"
        "通知全文，再办理"
    )


def is_working_day(day: date) -> bool:
    return LIBRARY_ONLY.is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    return LIBRARY_ONLY.add_working_days(start, days)


def working_days_between(start: date, end: date) -> int:
    return LIBRARY_ONLY.working_days_between(start, end)
