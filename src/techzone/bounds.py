"""The one rule for the years and dates techzone accepts, on the command line and in records.

Two kinds of date, each with one range, checked here and nowhere else:

* **A date a command works on** (``--year``, ``--as-of``, ``--date``, ``--on`` for a plan,
  ``--week``, a calendar date set with ``--set``, a reform's effective date): from 2000-01-01 to
  the last day of the year ten years from today. 2000 is the first year of the cultivation
  calendar and earlier than every document techzone holds (the oldest, 国科发火〔2016〕32号, is
  from 2016); ten years ahead covers a five-year plan and its targets (十五五 ends in 2030), while
  a budget for the year 3000 is a typing mistake, not a forecast.
* **A fact a record states** (a certificate's issue date, an event, a platform's recognition, an
  enterprise's founding, an accounting year, the day an application changed): not before
  1949-01-01 and not more than 30 days after today. A fact cannot have happened in the future;
  the 30 days allow for a document dated a few days ahead of its entry. An accounting year may
  be the current year at the latest.

These are bounds of plausibility chosen by techzone, not thresholds from a policy document.
"""

from __future__ import annotations

from datetime import date, timedelta

FIRST_WORKING_YEAR = 2000
YEARS_AHEAD = 10
FIRST_FACT_DAY = date(1949, 1, 1)
FACT_MARGIN_DAYS = 30

RULE = (
    f"年度与日期：命令处理的年度为{FIRST_WORKING_YEAR}年至今后{YEARS_AHEAD}年；"
    f"记录的事实日期（发证、事件、成立、变更）不早于{FIRST_FACT_DAY:%Y年%m月%d日}，"
    f"不晚于今天之后{FACT_MARGIN_DAYS}天；会计年度不晚于今年。"
)
"""The rule in one sentence, for the command line's help and error messages."""


class OutOfBounds(ValueError):
    """A year or date outside the rule above, said in Chinese."""


def last_working_year(today: date | None = None) -> int:
    return (today or date.today()).year + YEARS_AHEAD


def working_year(year: int, what: str = "年度", today: date | None = None) -> int:
    """``year`` if a command may work on it, else :class:`OutOfBounds`."""
    last = last_working_year(today)
    if not FIRST_WORKING_YEAR <= year <= last:
        raise OutOfBounds(f"{what}{year}超出可处理的范围（{FIRST_WORKING_YEAR}—{last}年）")
    return year


def working_date(day: date, what: str = "日期", today: date | None = None) -> date:
    """``day`` if a command may work on it, else :class:`OutOfBounds`."""
    last = last_working_year(today)
    if not FIRST_WORKING_YEAR <= day.year <= last:
        raise OutOfBounds(
            f"{what}{day.isoformat()}超出可处理的范围（{FIRST_WORKING_YEAR}-01-01 至 {last}-12-31）"
        )
    return day


def latest_fact_day(today: date | None = None) -> date:
    return (today or date.today()) + timedelta(days=FACT_MARGIN_DAYS)


def fact_date(day: date, what: str = "日期", today: date | None = None) -> date:
    """``day`` if a record may state it as a fact, else :class:`OutOfBounds`."""
    latest = latest_fact_day(today)
    if day < FIRST_FACT_DAY:
        raise OutOfBounds(f"{what}{day.isoformat()}早于{FIRST_FACT_DAY.isoformat()}，不予受理")
    if day > latest:
        raise OutOfBounds(
            f"{what}{day.isoformat()}在未来（晚于今天之后{FACT_MARGIN_DAYS}天，即{latest.isoformat()}）"
            "，已发生的事实不能是将来的日期"
        )
    return day


def fact_year(year: int, what: str = "年度", today: date | None = None) -> int:
    """An accounting year: from 1949 to the current year."""
    current = (today or date.today()).year
    if not FIRST_FACT_DAY.year <= year <= current:
        raise OutOfBounds(f"{what}{year}超出范围（{FIRST_FACT_DAY.year}—{current}年）")
    return year
