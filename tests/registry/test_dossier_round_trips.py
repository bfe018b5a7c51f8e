"""The page's quick parts (``dossier_head``) are read in one statement, scope included: on a
database server each statement is a round trip, and they were ten one after another, and one
more for each application's history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.cultivation.applications import advance, open_application
from techzone.demo.load import load_demo
from techzone.model import ApplicationStatus, Enterprise
from techzone.model.codes import QualificationKind
from techzone.registry import NotFound
from techzone.registry.dossier import DossierHead, dossier_head
from techzone.store import Store
from tests.registry.conftest import AS_OF

WHOLE = Scope()


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    sent: list[str] = []

    def count(_c: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _kinds(e: Enterprise) -> int:
    parts = (e.figures, e.qualifications, e.ip_items, e.platforms, e.events, e.incidents)
    return sum(1 for part in (*parts, e.declarations) if part)


@pytest.fixture
def demo(store: Store) -> tuple[Store, str, str]:
    """The demo's enterprise with the most kinds of record, given two applications (one moved
    on, so with two history entries), and one with no record but its figures."""
    load_demo(store, enterprises=60, seed=7)
    with store.transaction() as session:
        found = list(session.scalars(select(Enterprise).order_by(Enterprise.uscc)))
        richest = max(found, key=_kinds)
        plainest = min(found, key=_kinds)
        first = open_application(
            session, richest.uscc, QualificationKind.HNTE, 2026, "科技局", "甲", date(2026, 3, 2)
        )
        session.flush()
        advance(
            session, first.id, ApplicationStatus.COACHING, "乙", date(2026, 3, 5), reason="辅导"
        )
        open_application(
            session,
            richest.uscc,
            QualificationKind.TECH_SME,
            2026,
            "科技局",
            "丙",
            date(2026, 3, 1),
        )
        return store, richest.uscc, plainest.uscc


def _head(store: Store, scope: Scope, uscc: str) -> tuple[DossierHead, int]:
    with statements(store) as sent, store.autocommit() as session:
        found = dossier_head(session, scope, uscc, AS_OF)
    return found, len(sent)


def _by_relationships(session: Session, uscc: str) -> dict[str, int]:
    e = session.scalars(select(Enterprise).where(Enterprise.uscc == uscc)).one()
    return {
        "figures": len(e.figures),
        "qualifications": len(e.qualifications),
        "ip": len(e.ip_items),
        "platforms": len(e.platforms),
        "events": len(e.events),
        "incidents": len(e.incidents),
        "declarations": len(e.declarations),
    }


def _shown(head: DossierHead) -> dict[str, int]:
    return {
        "figures": len(head.figures),
        "qualifications": len(head.qualifications),
        "ip": head.ip.total,
        "platforms": len(head.platforms),
        "events": len(head.events),
        "incidents": len(head.incidents),
        "declarations": len(head.declarations),
    }


def test_the_quick_parts_are_one_statement(demo: tuple[Store, str, str]) -> None:
    store, richest, plainest = demo
    head, sent = _head(store, WHOLE, richest)
    assert sent == 1
    with store.transaction() as session:
        held = _by_relationships(session, richest)
    assert _shown(head) == held
    assert sum(1 for n in held.values() if n) >= 5  # the statement met many kinds at once
    # Both applications, each with its own history in order, none of the other's.
    assert [(a.qualification, len(a.history)) for a in head.applications] == [
        ("hnte", 2),
        ("tech_sme", 1),
    ]
    assert [c.to_status for c in head.applications[0].history] == ["摸排", "辅导"]
    # Each list in the order the page shows it.
    assert [f.year for f in head.figures] == sorted(f.year for f in head.figures)
    issued = [(q.issued_on, q.kind) for q in head.qualifications]
    assert issued == sorted(issued)
    declared = [(d.declared_on, d.item) for d in head.declarations]
    assert declared == sorted(declared)

    # Read as columns and converted by kind, each value is the mapped object's, of its type.
    with store.transaction() as session:
        e = session.scalars(select(Enterprise).where(Enterprise.uscc == richest)).one()
        figures = {f.year: {n: getattr(f, n) for n in head.figures[0].values} for f in e.figures}
        events = {(v.ref, v.kind.label, v.occurred_on, v.amount) for v in e.events}
        held_q = {
            (q.certificate_no, q.level.label, q.expires_on, q.revoked_on) for q in e.qualifications
        }
        places = {(p.name, p.level.label, p.status.label, p.status_on) for p in e.platforms}
        incidents = {(i.ref, i.kind.label, i.description) for i in e.incidents}
        said = {(d.item, d.value, d.source.label) for d in e.declarations}
    assert {f.year: f.values for f in head.figures} == figures
    assert any(isinstance(v, Decimal) for f in head.figures for v in f.values.values())
    assert {(v.ref, v.kind, v.occurred_on, v.amount) for v in head.events} == events
    assert {
        (q.certificate_no, q.level, q.expires_on, q.revoked_on) for q in head.qualifications
    } == held_q
    assert {(p.name, p.level, p.status, p.status_on) for p in head.platforms} == places
    assert {(i.ref, i.kind, i.description) for i in head.incidents} == incidents
    assert {(d.item, d.value, d.source) for d in head.declarations} == said
    assert sum(map(bool, (events, incidents, said, places, held_q))) >= 4
    assert [(a.year, a.status_label, a.department, a.opened_on) for a in head.applications] == [
        (2026, "辅导", "科技局", date(2026, 3, 2)),
        (2026, "摸排", "科技局", date(2026, 3, 1)),
    ]

    plain, sent = _head(store, WHOLE, plainest)
    assert sent == 1
    with store.transaction() as session:
        assert _shown(plain) == _by_relationships(session, plainest)
    assert plain.applications == []


def test_out_of_scope_is_not_found_in_the_same_statement(demo: tuple[Store, str, str]) -> None:
    store, richest, plainest = demo
    with store.transaction() as session:
        e = session.scalars(select(Enterprise).where(Enterprise.uscc == richest)).one()
        zone, park = e.park.zone.code, e.park.code
    assert _head(store, Scope(zone=zone, park=park), richest)[1] == 1
    for outside in (Scope(zone=zone, park="P-NONE"), Scope(zone="Z-NONE"), Scope(uscc=plainest)):
        with statements(store) as sent, store.autocommit() as session, pytest.raises(NotFound):
            dossier_head(session, outside, richest, AS_OF)
        assert len(sent) == 1


@pytest.mark.postgres
def test_postgresql_prepares_the_dossier_at_its_first_run(demo: tuple[Store, str, str]) -> None:
    # Planning the one statement costs more than running it: prepared at once, each pooled
    # connection plans it for its values five times and then keeps one plan, instead of
    # planning it at every run until psycopg prepares it at the fifth.
    store, richest, plainest = demo
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    store.engine.dispose()  # a new connection, which has prepared nothing
    with store.autocommit() as session:
        dossier_head(session, WHOLE, richest, AS_OF)
        prepared = session.execute(
            text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%part%'")
        ).scalars()
        assert len(list(prepared)) == 1
        # the same statement for another enterprise: no second preparation
        dossier_head(session, WHOLE, plainest, AS_OF)
        counted = text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%part%'")
        assert session.execute(counted).scalar() == 1
        # other statements still wait for psycopg's fifth run
        session.execute(select(Enterprise.id).where(Enterprise.uscc == richest))
        assert session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar() == 1
