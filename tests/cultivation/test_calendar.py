"""The yearly calendar: the seed's dates, reminders on both sides of every deadline, a district's
own dates (stored, checked whole, refused in Chinese), and certificates running out in 90 days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from techzone.cultivation.calendar import (
    CalendarError,
    calendar_items,
    expiring_within,
    notice_on,
    reset_calendar_date,
    set_calendar_date,
    year_calendar,
)
from techzone.model.codes import QualificationKind
from techzone.rules.records import UnknownZone
from techzone.store import Store
from tests.cultivation.factory import ZONE, enterprise, qualification, snapshot, uscc, write

HNTE = QualificationKind.HNTE


def test_the_seed_calendar_for_a_year(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as session:
        calendar = year_calendar(session, 2026)
    assert [(p.label, p.start, p.end) for p in calendar.phases] == [
        ("研判分析阶段", date(2026, 1, 1), date(2026, 3, 31)),
        ("宣传发动阶段", date(2026, 3, 1), date(2026, 6, 30)),
        ("组织申报阶段", date(2026, 6, 1), date(2026, 12, 31)),
    ]
    assert [(d.batch, d.on) for d in calendar.batches(HNTE)] == [
        (1, date(2026, 6, 30)),
        (2, date(2026, 8, 15)),
        (3, date(2026, 9, 30)),
    ]
    second = calendar.batch(HNTE, 2)
    assert second is not None and second.local_choice and "8月中旬" in second.local_choice
    assert {d.id: d.on for d in calendar.deadlines}["lists_due"] == date(2026, 3, 31)
    assert {r.id: r.on for r in calendar.reminders} == {
        "hnte_annual_report": date(2026, 5, 31),
        "tech_sme_update": date(2026, 3, 31),
        "mfg_champion_update": date(2026, 5, 31),
    }
    assert calendar.batches(QualificationKind.TECH_SME) == []
    assert [p.id for p in calendar.phases_on(date(2026, 3, 15))] == ["analysis", "publicity"]


def test_every_deadline_and_reminder_on_both_sides(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as session:
        calendar = year_calendar(session, 2026)
    lead = calendar.lead_days
    assert lead == 30
    items = [(d.label, d.on) for d in calendar.deadlines]
    items += [(r.label, r.on) for r in calendar.reminders]
    for label, on in items:

        def state(day: date, label: str = label) -> str:
            (notice,) = [n for n in calendar.notices(day) if n.label == label]
            return notice.state

        assert state(on - timedelta(days=lead + 1)) == "upcoming", label
        assert state(on - timedelta(days=lead)) == "due", label
        assert state(on) == "due", label
        assert state(on + timedelta(days=1)) == "passed", label
    assert notice_on(date(2026, 5, 31), "x", date(2026, 5, 31), 30).days_left == 0


def _changes(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return snapshot(store, ("calendar_override",))


def _refused(store: Store, message: str, change: Callable[[Session], object]) -> None:
    before = _changes(store)
    with store.transaction() as session, pytest.raises(CalendarError, match=message):
        change(session)
    assert _changes(store) == before


def test_a_district_sets_its_own_date_for_a_year(store: Store) -> None:
    write(store)
    with store.transaction() as session:
        set_calendar_date(
            session, 2026, ZONE, "第二批审核推荐", date(2026, 8, 20), "王五", "市局通知"
        )
    with store.transaction() as session:
        changed = year_calendar(session, 2026, ZONE).batch(HNTE, 2)
        other_year = year_calendar(session, 2027, ZONE).batch(HNTE, 2)
        default = year_calendar(session, 2026).batch(HNTE, 2)
    assert changed is not None and changed.on == date(2026, 8, 20)
    assert changed.change is not None
    assert (changed.change.set_by, changed.change.reason, changed.change.default) == (
        "王五",
        "市局通知",
        date(2026, 8, 15),
    )
    assert other_year is not None and other_year.on == date(2027, 8, 15)
    assert default is not None and default.on == date(2026, 8, 15)
    with store.transaction() as session:
        set_calendar_date(session, 2026, ZONE, "batch_2", date(2026, 8, 18), "赵六")
        assert year_calendar(session, 2026, ZONE).batch(HNTE, 2).on == date(2026, 8, 18)  # type: ignore[union-attr]
        reset_calendar_date(session, 2026, ZONE, "batch_2")
    with store.transaction() as session:
        restored = year_calendar(session, 2026, ZONE).batch(HNTE, 2)
    assert restored is not None and restored.on == date(2026, 8, 15) and restored.change is None
    assert _changes(store) == {"calendar_override": []}


def test_the_plans_dates_stop_with_its_term(store: Store) -> None:
    # 城关区方案 is for 2024—2027年: its "每年" phases and batches are not promised for 2028; a zone
    # that has the year's notice enters its own dates, the national reminders go on.
    write(store)
    with store.transaction() as session:
        last = year_calendar(session, 2027, ZONE)
        after = year_calendar(session, 2028, ZONE)
    assert next(d.on for d in last.batches(HNTE)) == date(2027, 6, 30)
    assert last.outside_term is None
    assert after.batches(HNTE) == [] and after.phases == ()
    assert "lists_due" not in {d.id for d in after.deadlines}
    assert {r.id for r in after.reminders} == {r.id for r in last.reminders}
    assert after.outside_term and "2024—2027年" in after.outside_term
    with store.transaction() as session:
        set_calendar_date(session, 2028, ZONE, "batch_1", date(2028, 6, 28), "王五", "市局通知")
    with store.transaction() as session:
        entered = year_calendar(session, 2028, ZONE).batches(HNTE)
    assert [(d.batch, d.on) for d in entered] == [(1, date(2028, 6, 28))]
    assert entered[0].change is not None and entered[0].change.default is None


def test_bad_calendar_changes_are_refused_in_chinese(store: Store) -> None:
    write(store)
    with store.transaction() as session:
        set_calendar_date(session, 2026, ZONE, "analysis_end", date(2026, 3, 20), "王五")
    assert set(calendar_items()) >= {"batch_1", "batch_2", "batch_3", "lists_due", "analysis_start"}

    def change(item: str, on: date, by: str = "王五") -> Callable[[Session], object]:
        return lambda s: set_calendar_date(s, 2026, ZONE, item, on, by)

    _refused(store, "日历中没有「第四批」", change("第四批", date(2026, 10, 30)))
    _refused(store, "由国家规定", change("高新技术企业年度发展情况报表", date(2026, 6, 30)))
    _refused(store, "不在2026年内", change("batch_3", date(2027, 1, 15)))
    _refused(store, "须晚于第一批审核推荐", change("batch_2", date(2026, 6, 30)))
    _refused(store, "须晚于第二批审核推荐", change("batch_3", date(2026, 8, 1)))
    _refused(
        store, "开始日期（2026-04-01）晚于结束日期", change("analysis_start", date(2026, 4, 1))
    )
    _refused(store, "修改人", change("batch_1", date(2026, 6, 28), by=" "))
    _refused(
        store,
        "年度须在",
        lambda s: set_calendar_date(s, 1900, ZONE, "batch_1", date(1900, 6, 1), "王五"),
    )
    before = _changes(store)
    with store.transaction() as session, pytest.raises(UnknownZone):
        set_calendar_date(session, 2026, "NOPE", "batch_1", date(2026, 6, 28), "王五")
    assert _changes(store) == before


def test_certificates_expiring_within_90_days(store: Store) -> None:
    day = date(2026, 6, 30)
    write(
        store,
        *(enterprise(n) for n in range(1, 6)),
        qualification(1, "高新技术企业", "GR1", date(2023, 9, 28), day + timedelta(days=90)),
        qualification(2, "高新技术企业", "GR2", date(2023, 9, 29), day + timedelta(days=91)),
        qualification(3, "高新技术企业", "GR3", date(2023, 6, 30), day),
        qualification(4, "高新技术企业", "GR4", date(2023, 6, 29), day - timedelta(days=1)),
        qualification(5, "高新技术企业", "GR5", date(2023, 7, 1), date(2026, 7, 5), "已撤销"),
    )
    with store.transaction() as session:
        found = expiring_within(session, day, ZONE)
        later = expiring_within(session, day + timedelta(days=1), ZONE)
    assert [(item.uscc, item.days_left) for item in found] == [(uscc(3), 0), (uscc(1), 90)]
    assert [item.uscc for item in later] == [uscc(1), uscc(2)]


def test_a_certificate_revoked_later_was_expiring_on_the_days_before(store: Store) -> None:
    # Asked for a past day, the list shows the certificates as they stood then: a revocation
    # recorded with a later date did not yet apply (as the ladder and the counts read it).
    write(
        store,
        enterprise(1),
        qualification(
            1,
            "高新技术企业",
            "GR1",
            date(2023, 9, 1),
            date(2026, 8, 31),
            "已撤销",
            revoked_on=date(2026, 7, 10),
        ),
    )
    with store.transaction() as session:
        before = expiring_within(session, date(2026, 7, 9), ZONE)
        on = expiring_within(session, date(2026, 7, 10), ZONE)
    assert [item.certificate_no for item in before] == ["GR1"]
    assert on == []


def test_every_change_of_a_zones_date_is_in_the_audit_log(store: Store) -> None:
    """The override row keeps only the newest date; the log keeps each change and the reset."""
    from sqlalchemy import select

    from techzone.model import AuditEntry

    write(store)
    with store.transaction() as session:
        set_calendar_date(session, 2026, ZONE, "batch_2", date(2026, 8, 20), "王五", "市局通知")
    with store.transaction() as session:
        set_calendar_date(session, 2026, ZONE, "batch_2", date(2026, 8, 18), "赵六")
        reset_calendar_date(session, 2026, ZONE, "batch_2")
    with store.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "calendar").order_by(AuditEntry.id)
        ).all()
        logged = [(r.action, r.before, r.after, r.zone) for r in rows]
    first = {"on": "2026-08-20", "set_by": "王五", "reason": "市局通知"}
    second = {"on": "2026-08-18", "set_by": "赵六", "reason": None}
    assert logged == [
        ("calendar.set", None, first, ZONE),
        ("calendar.set", first, second, ZONE),
        ("calendar.reset", second, None, ZONE),
    ]
    # A refused change writes no audit row either.
    with store.transaction() as session, pytest.raises(CalendarError):
        set_calendar_date(session, 2026, ZONE, "batch_3", date(2027, 1, 15), "王五")
    with store.transaction() as session:
        count = len(
            session.scalars(select(AuditEntry).where(AuditEntry.entity == "calendar")).all()
        )
    assert count == 3


def test_a_certificate_already_renewed_is_not_expiring(store: Store) -> None:
    # 城关区 四(一) lists the 高企 "3年到期需复审": one holding a newer certificate needs none.
    # Re-recognition is usually issued before the old term ends (here 2026-11-20 against
    # 2026-12-04), and the old certificate stays 有效 until then; the 90-day reminder must drop it
    # from the new certificate's issue day, as 三清单 and 保持资质提醒 already do.
    write(
        store,
        enterprise(1),
        enterprise(2),
        qualification(1, "高新技术企业", "GR-OLD-1", date(2023, 12, 5), date(2026, 12, 4)),
        qualification(1, "高新技术企业", "GR-NEW-1", date(2026, 11, 20), date(2029, 11, 19)),
        qualification(2, "高新技术企业", "GR-OLD-2", date(2023, 12, 5), date(2026, 12, 4)),
    )
    with store.transaction() as session:
        before = expiring_within(session, date(2026, 11, 19), ZONE)
        on = expiring_within(session, date(2026, 11, 20), ZONE)
    assert [(item.uscc, item.certificate_no) for item in before] == [
        (uscc(1), "GR-OLD-1"),
        (uscc(2), "GR-OLD-2"),
    ]
    assert [(item.uscc, item.certificate_no) for item in on] == [(uscc(2), "GR-OLD-2")]
