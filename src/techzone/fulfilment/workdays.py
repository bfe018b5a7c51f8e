"""Working days (工作日) from the State Council's holiday arrangements, via ``chinese_calendar``.

Public holidays and 调休 make-up working days change every year and are published each autumn;
the library is maintained and released when they are. A date past the years it knows is refused
with a sentence saying so, never guessed from weekends alone.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from techzone.fulfilment.errors import FulfilmentError


def _uncovered(day: date) -> FulfilmentError:
    return FulfilmentError(
        f"{day.year}年的法定节假日安排尚未收录（节假日库只到已公布的年份），无法按工作日计算；"
        "请更新节假日库后再办理"
    )


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as error:
        raise _uncovered(day) from error


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise FulfilmentError("工作日数不能为负数")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` ≤ ``start``)."""
    if end <= start:
        return 0
    try:
        return len(chinese_calendar.get_workdays(start + timedelta(days=1), end))
    except NotImplementedError as error:
        raise _uncovered(end) from error
