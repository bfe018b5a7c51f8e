"""Every application rule, on both backends: the allowed change is recorded with its history, and
the refused one leaves the database exactly as it was — even when the caller commits after
catching the refusal, so nothing was half-written before the check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.cultivation.applications import (
    ApplicationRejected,
    Recognition,
    advance,
    application_history,
    find_applications,
    open_application,
    recognition_ref,
)
from techzone.model import ApplicationStatus, AwardEvent, Qualification
from techzone.model.codes import EventKind, Level, QualificationKind, QualificationStatus
from techzone.store import Store
from tests.cultivation.factory import enterprise, qualification, snapshot, uscc, write

HNTE = QualificationKind.HNTE
S = ApplicationStatus
TABLES = ("application", "application_change", "qualification", "award_event")


@pytest.fixture
def district(store: Store) -> Store:
    write(
        store,
        enterprise(1),
        enterprise(2),
        enterprise(3),
        # 2: HNTE revoked during a term that covers 2026 and 2027.
        qualification(
            2, "高新技术企业", "GR202462000002", date(2024, 12, 1), date(2027, 11, 30), "已撤销"
        ),
        # 3: an earlier HNTE certificate that ran out: a new one is a re-recognition.
        qualification(
            3, "高新技术企业", "GR202262000003", date(2022, 11, 1), date(2025, 10, 31), "已过期"
        ),
    )
    return store


def _open(session: Session, number: int = 1, **changes: object) -> int:
    arguments: dict[str, object] = {
        "uscc": uscc(number),
        "qualification": HNTE,
        "year": 2026,
        "department": "区科技局",
        "by": "张三",
        "on": date(2026, 3, 2),
        "contact": "李四",
        "batch": 2,
    }
    arguments.update(changes)
    return open_application(session, **arguments).id  # type: ignore[arg-type]


def _refused(store: Store, message: str, change: Callable[[Session], object]) -> None:
    """``change`` is refused with ``message``; committing afterwards changes nothing."""
    before = snapshot(store, TABLES)
    with store.transaction() as session, pytest.raises(ApplicationRejected, match=message):
        change(session)
    assert snapshot(store, TABLES) == before


def test_opening_records_the_first_history_entry(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
    with district.transaction() as session:
        (record,) = find_applications(session, year=2026)
        history = application_history(session, number)
    assert (record.status, record.batch, record.department, record.contact) == (
        S.SCREENING,
        2,
        "区科技局",
        "李四",
    )
    assert [(c.from_status, c.to_status, c.changed_by, c.changed_on) for c in history] == [
        (None, S.SCREENING, "张三", date(2026, 3, 2))
    ]


def test_one_application_per_enterprise_qualification_and_year(district: Store) -> None:
    with district.transaction() as session:
        _open(session)
    _refused(district, "每年只能申报一次", lambda s: _open(s, on=date(2026, 4, 1)))
    with district.transaction() as session:
        _open(session, year=2027, batch=None)
        _open(session, qualification=QualificationKind.TECH_SME, batch=None)
        assert len(find_applications(session)) == 3


def test_revoked_enterprise_cannot_apply_in_the_same_year(district: Store) -> None:
    _refused(district, "当年不得再次申请", lambda s: _open(s, 2))
    _refused(district, "当年不得再次申请", lambda s: _open(s, 2, year=2027, batch=None))
    with district.transaction() as session:
        _open(session, 2, year=2028, batch=None)
        _open(session, 2, qualification=QualificationKind.TECH_SME, batch=None)


def test_a_revocation_date_bars_only_the_year_of_the_revocation(store: Store) -> None:
    write(
        store,
        enterprise(4),
        # Revoked on 2025-05-20, during a term running to 2027: 195号 五(六)3 bars 2025 only.
        qualification(
            4,
            "高新技术企业",
            "GR202462000004",
            date(2024, 12, 1),
            date(2027, 11, 30),
            "已撤销",
            revoked_on=date(2025, 5, 20),
        ),
    )
    _refused(store, "当年不得再次申请", lambda s: _open(s, 4, year=2025, batch=None))
    with store.transaction() as session:
        _open(session, 4, year=2026, batch=None)


def test_stages_are_followed_in_order_and_a_skip_needs_a_recorded_reason(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
        advance(session, number, S.COACHING, "张三", date(2026, 4, 1))
    _refused(
        district,
        "从「辅导」到「推荐」跳过了「提交」",
        lambda s: advance(s, number, S.RECOMMENDED, "王五", date(2026, 8, 10), batch=2),
    )
    _refused(
        district,
        "跳过须写明原因",
        lambda s: advance(s, number, S.RECOMMENDED, "王五", date(2026, 8, 10), reason="  "),
    )
    with district.transaction() as session:
        advance(session, number, S.RECOMMENDED, "王五", date(2026, 8, 10), reason="线下已提交")
    with district.transaction() as session:
        history = application_history(session, number)
    assert [(c.from_status, c.to_status, c.reason) for c in history] == [
        (None, S.SCREENING, "建档"),
        (S.SCREENING, S.COACHING, None),
        (S.COACHING, S.RECOMMENDED, "线下已提交"),
    ]


def test_each_next_stage_needs_no_reason(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
        for status, on in (
            (S.COACHING, date(2026, 4, 1)),
            (S.SUBMITTED, date(2026, 5, 1)),
            (S.RECOMMENDED, date(2026, 6, 1)),
            (S.PUBLICISED, date(2026, 7, 1)),
        ):
            advance(session, number, status, "张三", on)
    _refused(
        district,
        "认定须给出证书编号",
        lambda s: advance(s, number, S.RECOGNISED, "张三", date(2026, 7, 2)),
    )


def test_not_passed_may_end_any_stage_from_submission_on(district: Store) -> None:
    with district.transaction() as session:
        early, submitted = _open(session), _open(session, 3)
        advance(session, submitted, S.COACHING, "张三", date(2026, 4, 1))
        advance(session, submitted, S.SUBMITTED, "张三", date(2026, 5, 1))
        advance(session, submitted, S.REJECTED, "张三", date(2026, 6, 1))
    _refused(
        district,
        "跳过了「辅导」、「提交」",
        lambda s: advance(s, early, S.REJECTED, "张三", date(2026, 6, 1)),
    )
    with district.transaction() as session:
        advance(session, early, S.REJECTED, "张三", date(2026, 6, 1), reason="企业放弃申报")
        assert application_history(session, early)[-1].reason == "企业放弃申报"


def test_entering_a_batch_after_its_deadline_warns(district: Store) -> None:
    late: list[str] = []
    with district.transaction() as session:
        # 第二批 closes on 08-15 (seed 003 四(三)); opening in it on the deadline is in time.
        in_time: list[str] = []
        number = _open(session, on=date(2026, 8, 15), warnings=in_time)
        assert in_time == []
        advance(session, number, S.COACHING, "张三", date(2026, 8, 16), warnings=late)
        assert late == []  # no batch entered, nothing submitted
        advance(session, number, S.SUBMITTED, "张三", date(2026, 8, 16), warnings=late)
    assert len(late) == 1 and "第2批的截止日期是2026-08-15" in late[0]
    moved: list[str] = []
    with district.transaction() as session:
        number = _open(session, 3, on=date(2026, 8, 16), batch=3, warnings=moved)
        assert moved == []
        advance(session, number, S.COACHING, "张三", date(2026, 10, 1), batch=1, warnings=moved)
    assert len(moved) == 1 and "第1批的截止日期是2026-06-30" in moved[0]


def test_going_back_needs_a_reason(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
        advance(session, number, S.SUBMITTED, "张三", date(2026, 5, 1), reason="辅导已在线下完成")
    _refused(
        district,
        "从「提交」退回「辅导」须写明原因",
        lambda s: advance(s, number, S.COACHING, "张三", date(2026, 5, 2)),
    )
    _refused(
        district,
        "须写明原因",
        lambda s: advance(s, number, S.COACHING, "张三", date(2026, 5, 2), reason="  "),
    )
    with district.transaction() as session:
        advance(session, number, S.COACHING, "张三", date(2026, 5, 2), reason="研发费用归集有误")
    with district.transaction() as session:
        last = application_history(session, number)[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        S.SUBMITTED,
        S.COACHING,
        "研发费用归集有误",
    )


def test_a_change_needs_a_person_a_change_and_a_date_in_order(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
    _refused(district, "经办人", lambda s: advance(s, number, S.COACHING, " ", date(2026, 4, 1)))
    _refused(
        district, "没有变化", lambda s: advance(s, number, S.SCREENING, "张三", date(2026, 4, 1))
    )
    _refused(
        district,
        "早于上一次变更",
        lambda s: advance(s, number, S.COACHING, "张三", date(2026, 3, 1)),
    )
    _refused(
        district,
        "没有编号为999的申请",
        lambda s: advance(s, 999, S.COACHING, "张三", date(2026, 4, 1)),
    )


def test_batches_come_from_the_calendar(district: Store) -> None:
    _refused(district, "没有第4批（可选：1、2、3）", lambda s: _open(s, batch=4))
    _refused(
        district,
        "没有科技型中小企业的申报批次",
        lambda s: _open(s, qualification=QualificationKind.TECH_SME, batch=1),
    )
    with district.transaction() as session:
        number = _open(session)
    _refused(
        district,
        "没有第7批",
        lambda s: advance(s, number, S.COACHING, "张三", date(2026, 4, 1), batch=7),
    )


def test_final_statuses_end_the_application(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session)
        advance(session, number, S.REJECTED, "张三", date(2026, 11, 1), reason="企业放弃申报")
    _refused(
        district,
        "「未通过」，已结束，不能再变更",
        lambda s: advance(s, number, S.COACHING, "张三", date(2026, 11, 2), reason="复议"),
    )


def test_recognition_writes_the_qualification_and_the_award_event(district: Store) -> None:
    with district.transaction() as session:
        first = _open(session, 1)
        again = _open(session, 3)
    _refused(
        district,
        "须给出证书编号",
        lambda s: advance(s, first, S.RECOGNISED, "张三", date(2026, 12, 20), reason="补录"),
    )
    _refused(
        district,
        "晚于登记认定的日期",
        lambda s: advance(
            s,
            first,
            S.RECOGNISED,
            "张三",
            date(2026, 12, 20),
            reason="补录历史认定",
            recognition=Recognition("GR202662000100", date(2026, 12, 21)),
        ),
    )
    with district.transaction() as session:
        for number, certificate in ((first, "GR202662000100"), (again, "GR202662000101")):
            advance(
                session,
                number,
                S.RECOGNISED,
                "张三",
                date(2026, 12, 20),
                reason="补录历史认定",
                recognition=Recognition(certificate, date(2026, 12, 15)),
            )
    with district.transaction() as session:
        new = session.scalars(
            select(Qualification).where(Qualification.certificate_no == "GR202662000100")
        ).one()
        events = {e.ref: e for e in session.scalars(select(AwardEvent))}
    assert (new.kind, new.level, new.status) == (HNTE, Level.NATIONAL, QualificationStatus.VALID)
    assert (new.issued_on, new.expires_on) == (date(2026, 12, 15), date(2029, 12, 14))
    event = events[recognition_ref(first)]
    assert event.ref == f"APP-{first}-RECOGNISED"
    assert (event.kind, event.occurred_on, event.amount) == (
        EventKind.OTHER,
        date(2026, 12, 15),
        None,
    )
    assert event.attributes["认定类型"] == "首次认定"
    assert event.attributes["证书编号"] == "GR202662000100"
    assert events[recognition_ref(again)].attributes["认定类型"] == "重新认定"
    _refused(
        district,
        "「认定」，已结束，不能再变更",
        lambda s: advance(s, first, S.PUBLICISED, "张三", date(2026, 12, 21), reason="误录"),
    )


def test_a_certificate_number_already_on_record_is_refused(district: Store) -> None:
    with district.transaction() as session:
        number = _open(session, 3)
    _refused(
        district,
        "已有编号为GR202262000003",
        lambda s: advance(
            s,
            number,
            S.RECOGNISED,
            "张三",
            date(2026, 12, 20),
            reason="补录历史认定",
            recognition=Recognition("GR202262000003", date(2026, 12, 15)),
        ),
    )


def test_unknown_enterprise_is_refused(district: Store) -> None:
    _refused(district, "没有统一社会信用代码为", lambda s: _open(s, 99))


def test_a_scoped_change_sees_only_its_applications_and_is_audited(district: Store) -> None:
    """The web's status change: the same rules, the caller's scope (outside it: not found, the
    same answer as a number that does not exist) and the audit row in the change's session."""
    from techzone.access import Role, Scope
    from techzone.audit import Actor
    from techzone.cultivation.applications import ApplicationNotFound
    from techzone.model import AuditEntry
    from tests.cultivation.factory import ZONE

    with district.transaction() as session:
        number = _open(session)
    other_zone = Scope(role=Role.ZONE, zone="GS-BY")
    other_unit = Scope(role=Role.UNIT, zone=ZONE, unit="别的单位")
    for scope in (other_zone, other_unit):

        def outside(session: Session, scope: Scope = scope) -> object:
            return advance(session, number, S.COACHING, "王五", date(2026, 3, 3), scope=scope)

        _refused(district, "或不在您的查看范围内", outside)
    with district.transaction() as session, pytest.raises(ApplicationNotFound):
        advance(session, 999, S.COACHING, "王五", date(2026, 3, 3), scope=other_zone)
    actor = Actor(name="wang", source="10.0.0.1", role="zone")
    mine = Scope(role=Role.ZONE, zone=ZONE)
    _refused(
        district,
        "跳过",
        lambda session: advance(
            session, number, S.PUBLICISED, "wang", date(2026, 3, 3), scope=mine, actor=actor
        ),
    )
    with district.transaction() as session:
        advance(
            session,
            number,
            S.COACHING,
            "wang",
            date(2026, 3, 3),
            scope=Scope(role=Role.UNIT, zone=ZONE, unit="区科技局"),
            actor=actor,
        )
    with district.transaction() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.source, entry.action, entry.entity_key) == (
            "wang",
            "10.0.0.1",
            "application.advance",
            str(number),
        )
        assert entry.before == {"status": "screening", "batch": 2}
        assert entry.after == {"status": "coaching", "batch": 2, "changed_on": "2026-03-03"}


def test_the_market_regulator_sees_its_applications_under_either_name(district: Store) -> None:
    """003 五 names the market regulator 区市场监督管理局 and 区市场监管局; an account of that unit,
    or a filter by either name, finds the applications typed under both (blindlists2)."""
    from techzone.access import Role, Scope
    from tests.cultivation.factory import ZONE

    with district.transaction() as session:
        first = _open(session, 1, department="区市场监督管理局")
        third = _open(session, 3, department="区市场监管局")
        for name in ("区市场监管局", "区市场监督管理局"):
            seen = find_applications(session, scope=Scope(role=Role.UNIT, zone=ZONE, unit=name))
            assert sorted(a.id for a in seen) == [first, third]
            assert sorted(a.id for a in find_applications(session, department=name)) == [
                first,
                third,
            ]
            advance(
                session,
                first,
                S.COACHING if name == "区市场监管局" else S.SCREENING,
                "王五",
                date(2026, 3, 3),
                scope=Scope(role=Role.UNIT, zone=ZONE, unit=name),
                reason=None if name == "区市场监管局" else "退回重新摸排",
            )
        other = Scope(role=Role.UNIT, zone=ZONE, unit="区科技局")
        assert find_applications(session, scope=other) == []
