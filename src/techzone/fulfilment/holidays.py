"""A year's holiday arrangement read from the State Council's notice (部分节假日安排的通知).

Working days (``workdays``) come from ``chinese_calendar``, which is released once the State
Council publishes the next year's arrangement, usually in November; until it is, a 公示 or a
deadline that runs into the new year cannot be counted. The notice itself is public the day it
is published: an officer pastes its text here, it is read day by day, checked against itself
(the weekday written beside each date, the 共N天 of each holiday), and kept in the database with
who entered it. A year the library knows is never entered: the two could disagree.

The notice's grammar is small and stable since 2008; each item is one holiday:

    二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月4日（周四）、2月20日（周六）上班。

A date may carry its year where the holiday crosses into it (``2022年12月31日至2023年1月2日``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.fulfilment.errors import FulfilmentError
from techzone.model.fulfilment import HolidayArrangement
from techzone.model.zone import Zone

WEEKDAYS = "一二三四五六日"
# A date as the notice writes it: optional year, optional month (a range's end may omit it),
# day, and an optional parenthesis (周三 / 农历除夕、周二). Both bracket widths occur in
# re-typed copies.


def _date_pattern(prefix: str) -> str:
    return (
        rf"(?:(?P<{prefix}y>\d{{4}})年)?(?:(?P<{prefix}m>\d{{1,2}})月)?(?P<{prefix}d>\d{{1,2}})日"
        rf"(?:[（(](?P<{prefix}n>[^）)]*)[）)])?"
    )


_PLAIN_DATE = r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:[（(][^）)]*[）)])?"
_RANGE = re.compile(
    _date_pattern("a")
    + r"(?:\s*(?:至|—|－|-|~|～)\s*"
    + _date_pattern("b")
    + r")?\s*放假(?:调休)?(?:[^。；;]*?共(?P<days>\d{1,2})天)?"
)
_WORK = re.compile(rf"((?:{_PLAIN_DATE}[、，,\s]*)+)上班")
_ONE = re.compile(_date_pattern("o"))
# An item begins the text, a line or a sentence: 农历腊月二十八、周日 is no item.
_ITEM = re.compile(
    r"(?:^|(?<=[。\s]))[一二三四五六七八九十]+、\s*(?P<name>[^：:\n。]{1,12})[：:]", re.M
)
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年(?:部分)?节假日安排")


@dataclass(frozen=True)
class Holiday:
    name: str
    off: tuple[date, ...]
    work: tuple[date, ...]


@dataclass(frozen=True)
class Arrangement:
    """One year's arrangement: the days off that would otherwise be worked and the weekend
    days worked instead (调休上班), each holiday with its own."""

    year: int
    holidays: tuple[Holiday, ...]

    @property
    def days_off(self) -> frozenset[date]:
        return frozenset(day for holiday in self.holidays for day in holiday.off)

    @property
    def workdays(self) -> frozenset[date]:
        return frozenset(day for holiday in self.holidays for day in holiday.work)


def notice_year(text: str) -> int | None:
    """The year in the notice's title (关于2027年部分节假日安排的通知), if it is there."""
    found = _TITLE_YEAR.search(text)
    return int(found.group(1)) if found else None


def _items(text: str) -> Iterator[tuple[str, str]]:
    """Each numbered item (一、元旦：…) with its holiday's name; the title and the closing
    paragraphs (节假日期间，各地区、各部门要妥善安排…) are outside every item."""
    found = list(_ITEM.finditer(text))
    for index, item in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        yield item.group("name").strip(), text[item.end() : end]


def _date(year: int, groups: dict[str, str | None], prefix: str, month: int | None) -> date:
    written_year = groups.get(prefix + "y")
    written_month = groups.get(prefix + "m")
    day_text = groups[prefix + "d"]
    assert day_text is not None
    if written_month is None and month is None:
        raise FulfilmentError(f"「{day_text}日」没有月份，无法确定日期；未作修改")
    y = int(written_year) if written_year else year
    m = int(written_month) if written_month else month
    assert m is not None
    try:
        day = date(y, m, int(day_text))
    except ValueError as error:
        raise FulfilmentError(f"「{y}年{m}月{day_text}日」不是有效日期；未作修改") from error
    _check_weekday(day, groups.get(prefix + "n"))
    return day


def _check_weekday(day: date, note: str | None) -> None:
    """The notice writes the weekday beside each date; a copy whose weekday is wrong was
    mistyped (or is another year's notice), and its days would be wrong too."""
    if not note:
        return
    found = re.search(r"(?:周|星期)([一二三四五六日天])", note)
    if found is None:
        return
    written = found.group(1).replace("天", "日")
    actual = WEEKDAYS[day.weekday()]
    if written != actual:
        raise FulfilmentError(
            f"{day.year}年{day.month}月{day.day}日是周{actual}，通知写作「周{written}」："
            "通知文本或年度有误；未作修改"
        )


def _span(first: date, last: date) -> tuple[date, ...]:
    if last < first:
        raise FulfilmentError(f"放假日期 {first} 至 {last} 先后颠倒；未作修改")
    if (last - first).days > 15:
        raise FulfilmentError(f"放假日期 {first} 至 {last} 超过半个月，不像一个节日；未作修改")
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def _holiday(year: int, name: str, body: str) -> Holiday:
    off: list[date] = []
    for found in _RANGE.finditer(body):
        groups = found.groupdict()
        first = _date(year, groups, "a", None)
        last = _date(year, groups, "b", first.month) if groups["bd"] else first
        if not groups["by"] and (first.month, last.month) == (12, 1):
            last = last.replace(year=last.year + 1)  # 12月31日至1月2日: into the next year
        days = _span(first, last)
        if groups["days"] is not None and int(groups["days"]) != len(days):
            raise FulfilmentError(
                f"「{name}」写明共{groups['days']}天，但 {first} 至 {last} 是{len(days)}天；"
                "未作修改"
            )
        off.extend(days)
    work: list[date] = []
    for found in _WORK.finditer(body):
        for one in _ONE.finditer(found.group(1)):
            work.append(_date(year, one.groupdict(), "o", None))
    if not off:
        raise FulfilmentError(f"「{name}」没有读到放假日期（应如「1月1日（周五）放假」）；未作修改")
    return Holiday(name=name, off=tuple(off), work=tuple(work))


def read_notice(text: str, year: int | None = None) -> Arrangement:
    """The arrangement a notice's text gives, checked; ``year`` when the title is not pasted."""
    if not text.strip():
        raise FulfilmentError("通知内容为空，请粘贴或给出通知全文；未作修改")
    titled = notice_year(text)
    if year is not None and titled is not None and titled != year:
        raise FulfilmentError(f"通知标题是{titled}年的安排，与指定的{year}年不符；未作修改")
    chosen = year if year is not None else titled
    if chosen is None:
        raise FulfilmentError(
            "未能从通知标题读出年度（如「关于2027年部分节假日安排的通知」），请指定年度；未作修改"
        )
    holidays = tuple(_holiday(chosen, name, body) for name, body in _items(text))
    if not holidays:
        raise FulfilmentError(
            "没有读到任何节日条目（应如「一、元旦：1月1日（周五）放假……」）；未作修改"
        )
    arrangement = Arrangement(year=chosen, holidays=holidays)
    _check(arrangement)
    return arrangement


def _check(arrangement: Arrangement) -> None:
    year = arrangement.year
    for day in arrangement.days_off | arrangement.workdays:
        if abs(day.year - year) > 1 or (day.year != year and day.month not in (1, 12)):
            raise FulfilmentError(f"日期 {day} 不在{year}年的安排之内；未作修改")
    both = arrangement.days_off & arrangement.workdays
    if both:
        first = min(both)
        raise FulfilmentError(f"{first} 既写作放假又写作上班；未作修改")
    weekday_work = sorted(day for day in arrangement.workdays if day.weekday() < 5)
    if weekday_work:
        raise FulfilmentError(
            f"{weekday_work[0]} 是周{WEEKDAYS[weekday_work[0].weekday()]}，本就上班，"
            "不是调休上班日；未作修改"
        )
    if not any(h.name.startswith("春节") for h in arrangement.holidays):
        raise FulfilmentError("通知中没有读到春节，文本可能不完整；未作修改")


def known_years() -> range:
    """The years ``chinese_calendar`` holds (its data, not guessed)."""
    import chinese_calendar

    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def entered(session: Session) -> dict[int, HolidayArrangement]:
    rows = session.scalars(select(HolidayArrangement).order_by(HolidayArrangement.year))
    return {row.year: row for row in rows}


def refusal(session: Session, scope: Scope) -> str | None:
    """Why ``scope`` may not enter or remove an arrangement, or None when it may.

    One arrangement per year serves every zone of the register: it dates every zone's 公示 and
    deadlines. It is changed only by whom every zone answers to: the command line (the
    installation's operator), or a 省级管理员 when the register holds that province's zones
    alone. A 高新区管理员 would move other zones' deadlines; a province's administrator, those
    of another province's zones."""
    if scope.role is None:
        return None
    if scope.role is not Role.PROVINCE or scope.province is None:
        return (
            "节假日安排各高新区共用，改动会影响所有高新区的公示期和办理期限，"
            "由省级管理员录入；未作修改"
        )
    others = sorted(
        province
        for province in session.scalars(select(Zone.province).distinct())
        if province != scope.province
    )
    if others:
        return (
            f"节假日安排各高新区共用，登记册中还有{'、'.join(others)}的高新区，"
            "请由系统管理员在命令行录入（techzone holidays add）；未作修改"
        )
    return None


def _may_change(session: Session, scope: Scope) -> None:
    why = refusal(session, scope)
    if why is not None:
        raise FulfilmentError(why)


def record(
    session: Session,
    scope: Scope,
    actor: Actor,
    arrangement: Arrangement,
    text: str,
    *,
    replace: bool = False,
) -> int:
    """Keep a year's arrangement (a year already entered is replaced only when asked); the
    number of cases in ``scope`` whose deadline it settles (the others' at their next sync).
    Refused unless ``scope`` reaches every zone the arrangement dates (``refusal``)."""
    _may_change(session, scope)
    if arrangement.year in known_years():
        raise FulfilmentError(
            f"节假日库已收录{arrangement.year}年的安排，按节假日库计算，无需录入；未作修改"
        )
    row = session.get(HolidayArrangement, arrangement.year)
    before = None
    if row is not None:
        if not replace:
            raise FulfilmentError(
                f"{arrangement.year}年的安排已于{row.entered_at:%Y-%m-%d}由{row.entered_by}录入；"
                "如需更正，请选择「更正已录入的年度」（命令行加 --replace）；未作修改"
            )
        before = _shown(row)
    else:
        row = HolidayArrangement(year=arrangement.year)
    row.days_off = sorted(day.isoformat() for day in arrangement.days_off)
    row.workdays = sorted(day.isoformat() for day in arrangement.workdays)
    row.notice = text.strip()[:20_000]
    row.entered_by = actor.name
    row.entered_at = datetime.now(UTC).replace(tzinfo=None)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "holidays.record",
        "holiday_arrangement",
        str(arrangement.year),
        before=before,
        after=_shown(row),
    )
    return settle_deadlines(session, scope, actor)


def recorded_message(arrangement: Arrangement, settled: int) -> str:
    """What the officer reads once a year is entered (the command line and the page alike)."""
    return (
        f"已录入{arrangement.year}年节假日安排：放假 {len(arrangement.days_off)} 天，"
        f"调休上班 {len(arrangement.workdays)} 天"
        + (f"；{settled} 件案件的办理期限已确定" if settled else "")
    )


def settle_deadlines(session: Session, scope: Scope, actor: Actor) -> int:
    """Cases in ``scope`` matched while their deadline's year had no arrangement get it now."""
    from techzone.fulfilment.cases import note, scoped
    from techzone.fulfilment.config import handling
    from techzone.fulfilment.states import State
    from techzone.fulfilment.workdays import work_calendar
    from techzone.model.fulfilment import FulfilmentCase

    calendar = work_calendar(session)
    days = handling().confirm_working_days
    waiting = scoped(select(FulfilmentCase), scope).where(
        FulfilmentCase.deadline.is_(None),
        FulfilmentCase.state.in_([State.PENDING.value, State.RETURNED.value]),
    )
    settled = 0
    for case in session.scalars(waiting):
        try:
            deadline = calendar.add_working_days(case.entitled_on, days)
        except FulfilmentError:
            continue  # still in a year not entered
        case.deadline = deadline
        note(session, case, actor, "deadline", f"节假日安排已录入，办理期限定为{deadline}")
        settled += 1
    return settled


def remove(session: Session, actor: Actor, year: int, *, scope: Scope | None = None) -> None:
    """Remove an entered year; ``scope`` as for ``record`` (None: the command line)."""
    _may_change(session, scope or Scope.everything())
    row = session.get(HolidayArrangement, year)
    if row is None:
        raise FulfilmentError(f"没有录入{year}年的节假日安排；未作修改")
    audit.record(
        session, actor, "holidays.remove", "holiday_arrangement", str(year), before=_shown(row)
    )
    session.delete(row)
    session.flush()


def _shown(row: HolidayArrangement) -> dict[str, object]:
    return {"放假": list(row.days_off), "调休上班": list(row.workdays)}
