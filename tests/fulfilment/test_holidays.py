"""A year's holiday arrangement entered from the State Council's notice.

The reader is checked day by day against ``chinese_calendar`` on notices of years the library
holds (2023, 2025, 2026); the years after it are then counted from what the office entered, and
refused, in Chinese, where nothing was entered.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.cli import app
from techzone.fulfilment import holidays, measures, publicity
from techzone.fulfilment.cases import history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.workdays import (
    LIBRARY_ONLY,
    EnteredYear,
    WorkCalendar,
    add_working_days,
    work_calendar,
)
from techzone.model import AuditEntry, HolidayArrangement, Zone
from techzone.model.codes import ZoneLevel
from techzone.store import Store
from tests.fulfilment.conftest import (
    CONTACT,
    LOAN,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

NOTICES = Path(__file__).parent / "notices"
OFFICER = Actor("经办人张三")
ALL = Scope.everything()


def _text(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def _entered(arrangement: holidays.Arrangement) -> WorkCalendar:
    return WorkCalendar(
        entered={
            arrangement.year: EnteredYear(arrangement.days_off, arrangement.workdays),
        }
    )


@pytest.mark.parametrize("year", [2023, 2025, 2026])
def test_a_notice_read_gives_every_day_of_its_year_as_the_library_does(year: int) -> None:
    arrangement = holidays.read_notice(_text(f"{year}.txt"))
    assert arrangement.year == year
    # Counted as a year the library does not hold: only the entered days and the weekends.
    calendar = _entered(arrangement)
    day = date(year, 1, 1)
    while day.year == year:
        expected = chinese_calendar.is_workday(day)
        entered = day in arrangement.workdays or (
            day not in arrangement.days_off and day.weekday() < 5
        )
        assert entered == expected, day
        assert calendar.is_working_day(day) == expected, day
        day += timedelta(days=1)


def test_a_holiday_crossing_the_new_year_is_read_with_its_written_year() -> None:
    arrangement = holidays.read_notice(_text("2023.txt"))
    new_year = next(h for h in arrangement.holidays if h.name == "元旦")
    assert new_year.off == (date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2))
    spring = next(h for h in arrangement.holidays if h.name == "春节")
    assert spring.work == (date(2023, 1, 28), date(2023, 1, 29))


def test_an_entered_years_holiday_reaching_back_into_december_is_a_day_off() -> None:
    text = (
        "关于2027年部分节假日安排的通知（测试用示例）\n"
        "一、元旦：2026年12月31日（周四）至2027年1月3日（周日）放假调休，共4天。\n"
        "二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。\n"
    )
    calendar = _entered(holidays.read_notice(text))
    # The library holds 2026 and calls the 31st a working day; the later notice decides.
    assert LIBRARY_ONLY.is_working_day(date(2026, 12, 31))
    assert not calendar.is_working_day(date(2026, 12, 31))
    assert calendar.is_working_day(date(2026, 12, 30))
    assert calendar.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("1月1日（周四）", "1月1日（周五）"), "2026年1月1日是周四，通知写作「周五」"),
        (("放假调休，共3天。1月4日", "放假调休，共4天。1月4日"), "写明共4天"),
        (("5月9日（周六）上班", "5月8日（周五）上班"), "本就上班，不是调休上班日"),
        (("4月4日（周六）至6日（周一）", "4月6日至4日"), "先后颠倒"),
        (("二、春节", "二、新春"), "没有读到春节"),
        (("6月19日（周五）", "2月30日（周五）"), "不是有效日期"),
    ],
)
def test_a_mistyped_notice_is_refused_naming_what_is_wrong(
    change: tuple[str, str], said: str
) -> None:
    text = _text("2026.txt")
    assert change[0] in text
    text = text.replace(*change)
    with pytest.raises(FulfilmentError, match=said):
        holidays.read_notice(text)


def test_the_year_comes_from_the_title_or_is_asked_for() -> None:
    text = _text("2026.txt")
    untitled = text.split("\n", 1)[1]
    with pytest.raises(FulfilmentError, match="请指定年度"):
        holidays.read_notice(untitled)
    assert holidays.read_notice(untitled, 2026).year == 2026
    with pytest.raises(FulfilmentError, match="与指定的2027年不符"):
        holidays.read_notice(text, 2027)
    with pytest.raises(FulfilmentError, match="通知内容为空"):
        holidays.read_notice(" \n　", 2027)
    with pytest.raises(FulfilmentError, match="没有读到任何节日条目"):
        holidays.read_notice("关于2027年部分节假日安排的通知\n放假安排另行通知。")


def test_a_date_no_arrangement_holds_is_refused_saying_what_to_do() -> None:
    with pytest.raises(FulfilmentError, match="holidays add"):
        add_working_days(date(2026, 12, 24), 10)


def test_a_year_the_library_holds_is_not_entered_and_an_entered_year_only_replaced_on_request(
    store: Store,
) -> None:
    with (
        store.transaction() as session,
        pytest.raises(FulfilmentError, match="节假日库已收录2026年"),
    ):
        holidays.record(session, ALL, OFFICER, holidays.read_notice(_text("2026.txt")), "")
    example = holidays.read_notice(_text("example-2027.txt"))
    with store.transaction() as session:
        holidays.record(session, ALL, OFFICER, example, _text("example-2027.txt"))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="--replace"):
        holidays.record(session, ALL, OFFICER, example, "")
    with store.transaction() as session:
        holidays.record(session, ALL, Actor("经办人李四"), example, "", replace=True)
        row = session.get(HolidayArrangement, 2027)
        assert row is not None and row.entered_by == "经办人李四"
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "holiday_arrangement")
        ).all()
        assert actions == ["holidays.record", "holidays.record"]
        replaced = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "holiday_arrangement")
        ).all()[-1]
        assert replaced.before is not None and "2027-02-20" in replaced.before["调休上班"]
    with store.transaction() as session:
        holidays.remove(session, OFFICER, 2027)
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(HolidayArrangement)) == 0
        with pytest.raises(FulfilmentError, match="没有录入2027年"):
            holidays.remove(session, OFFICER, 2027)


def test_a_deadline_waiting_on_the_new_years_arrangement_is_set_in_its_own_scope_once_entered(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan()])), on=date(2026, 12, 20))
    (case,) = cases(store, LOAN)
    assert case.deadline is None
    # Entered at the command line for another zone: its scope does not reach this case; the
    # case's own zone settles it at its next sync.
    with store.transaction() as session:
        settled = holidays.record(
            session,
            Scope(zone="GS-LZ"),
            OFFICER,
            holidays.read_notice(_text("example-2027.txt")),
            "",
        )
    assert settled == 0
    (case,) = cases(store, LOAN)
    assert case.deadline is None
    sync(store, catalogue, records(plain(events=[_loan()])), on=date(2026, 12, 20))
    (case,) = cases(store, LOAN)
    # 20 working days after Sunday 20 December 2026: 9 in December, then 2027 without
    # 1–3 January (the example's 元旦).
    assert case.deadline == date(2027, 1, 18)
    with store.transaction() as session:
        assert "办理期限定为2027-01-18" in (history(session, ALL, case.id)[-1].note or "")


def test_a_notice_published_in_late_december_closes_by_the_entered_arrangement(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan()])), on=date(2026, 12, 21))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "实付利息10万元")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="2027年的法定节假日"):
        publicity.publish(
            session, ALL, OFFICER, date(2026, 12, 28), today=date(2026, 12, 28), contact=CONTACT
        )
    with store.transaction() as session:
        holidays.record(session, ALL, OFFICER, holidays.read_notice(_text("example-2027.txt")), "")
    with store.transaction() as session:
        notice = publicity.publish(
            session,
            ALL,
            OFFICER,
            date(2026, 12, 28),
            working_days=5,
            today=date(2026, 12, 28),
            contact=CONTACT,
        )
        # 29, 30, 31 December, then 4 and 5 January (1–3 January off in the example).
        assert notice.closes_on == date(2027, 1, 5)
        assert (
            work_calendar(session).working_days_between(date(2026, 12, 28), date(2027, 1, 5)) == 5
        )


def test_a_payment_in_a_year_not_entered_is_counted_without_its_duration() -> None:
    measure = measures.Measure()
    from techzone.model import FulfilmentCase

    case = FulfilmentCase(
        state="paid",
        policy_id=LOAN,
        amount=None,
        amount_min=None,
        amount_max=None,
        entitled_on=date(2026, 12, 1),
        paid_on=date(2027, 3, 1),
    )
    measures._count(measure, case, LIBRARY_ONLY)
    assert measure.paid == 1 and measure.days == [] and measure.uncounted_days == 1
    assert measures.describe(measure)["未计时长件数（当年节假日安排未录入）"] == 1


runner = CliRunner()


def test_the_office_enters_checks_lists_and_removes_a_year_from_the_command_line(
    data_dir: Path, tmp_path: Path
) -> None:
    notice = NOTICES / "example-2027.txt"
    result = runner.invoke(app, ["holidays", "add", str(notice), "--check"])
    assert result.exit_code == 0, result.output
    assert "2月6日至2月14日（9天）" in result.output and "未录入" in result.output
    listed = runner.invoke(app, ["holidays", "list"])
    assert "尚未录入其他年度" in listed.output and "2004—2026年" in listed.output
    result = runner.invoke(app, ["holidays", "add", str(notice)])
    assert (
        result.exit_code == 0
        and "已录入2027年节假日安排：放假 12 天，调休上班 1 天" in result.output
    )
    assert "2027" in runner.invoke(app, ["holidays", "list"]).output
    again = runner.invoke(app, ["holidays", "add", str(notice)])
    assert again.exit_code != 0 and "--replace" in again.output and "Traceback" not in again.output
    wrong = tmp_path / "通知.doc"
    wrong.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = runner.invoke(app, ["holidays", "add", str(wrong)])
    assert refused.exit_code != 0 and ".docx" in refused.output
    known = runner.invoke(app, ["holidays", "add", str(NOTICES / "2026.txt")])
    assert known.exit_code != 0 and "节假日库已收录2026年" in known.output
    assert runner.invoke(app, ["holidays", "remove", "2027"]).exit_code == 0
    assert "尚未录入其他年度" in runner.invoke(app, ["holidays", "list"]).output


def _loan() -> dict[str, object]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 100_000}


def test_entering_the_year_settles_the_waiting_deadlines_in_the_callers_scope(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan()])), on=date(2026, 12, 20))
    with store.transaction() as session:
        settled = holidays.record(
            session,
            Scope(zone="GS-BY"),
            OFFICER,
            holidays.read_notice(_text("example-2027.txt")),
            "",
        )
    assert settled == 1
    (case,) = cases(store, LOAN)
    assert case.deadline == date(2027, 1, 18)


def _zone(session: Session, code: str, province: str) -> None:
    session.add(Zone(code=code, name=code, level=ZoneLevel.NATIONAL, province=province, city="市"))
    session.flush()


def test_only_whom_every_zone_answers_to_changes_the_arrangement(sqlite_store: Store) -> None:
    # One arrangement dates every zone's 公示 and deadlines: a zone's administrator entering it
    # would move the other zones' deadlines, a province's those of another province's zones.
    example = holidays.read_notice(_text("example-2027.txt"))
    gansu = Scope(role=Role.PROVINCE, province="甘肃省")
    with sqlite_store.transaction() as session:
        _zone(session, "GS-BY", "甘肃省")
        _zone(session, "GS-LZ", "甘肃省")
        for scope in (
            Scope(role=Role.ZONE, zone="GS-BY"),
            Scope(role=Role.PARK, zone="GS-BY", park="HX"),
            Scope(role=Role.ENTERPRISE, uscc="91620100MA00000001"),
        ):
            with pytest.raises(FulfilmentError, match=r"各高新区共用.*由省级管理员录入"):
                holidays.record(session, scope, OFFICER, example, "")
        assert holidays.refusal(session, gansu) is None
        holidays.record(session, gansu, OFFICER, example, "")
        _zone(session, "GX-LZ", "广西壮族自治区")
        assert 2027 in holidays.entered(session)
        with pytest.raises(FulfilmentError, match="还有广西壮族自治区的高新区"):
            holidays.record(session, gansu, OFFICER, example, "", replace=True)
        with pytest.raises(FulfilmentError, match="还有广西壮族自治区的高新区"):
            holidays.remove(session, OFFICER, 2027, scope=gansu)
        # The command line (the installation's operator) reaches every zone.
        holidays.remove(session, OFFICER, 2027)
        assert holidays.entered(session) == {}
