"""Dossier assessments evaluated together give each enterprise the trace it gets alone.

The web answers a worker's concurrent ``/enterprises/{uscc}/assessment`` requests with
``assess_records_many`` (one frame for all); every trace must be the one ``assess_enterprise``
gives for the enterprise alone, whatever else is in the batch.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from techzone.demo.load import load_demo
from techzone.model import Enterprise
from techzone.registry.dossier import dossier_assessment
from techzone.rules import assess as assess_module
from techzone.rules.assess import assess_enterprise, assess_records_many
from techzone.rules.loader import PackSet
from techzone.rules.records import read_records
from techzone.store import Store
from tests.registry.conftest import AS_OF, ZONE, uscc

DATES = (AS_OF, date(2025, 12, 31))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from techzone.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    load_demo(store, 60)
    return store


def test_demo_enterprises_together_get_their_own_traces(demo: Store, packs: PackSet) -> None:
    with demo.transaction() as session:
        usccs = list(session.scalars(select(Enterprise.uscc).order_by(Enterprise.uscc)))
        assert len(usccs) >= 40
        # Some enterprises asked twice (a page opened twice), on two dates, in mixed order.
        asked = [(u, DATES[i % 2]) for i, u in enumerate(usccs)] + [(usccs[3], DATES[1])] * 2
        random.Random(7).shuffle(asked)
        alone = [assess_enterprise(session, packs, u, day) for u, day in asked]
        records = {u: read_records(session, uscc=u) for u in usccs}
    together = assess_records_many(packs, [(records[u], day) for u, day in asked])
    assert together == alone
    statuses = {q["status"] for trace in alone for q in trace["qualifications"]}
    assert statuses == {"eligible", "ineligible", "unknown"}


def test_a_batch_is_evaluated_together_and_a_failed_one_alone(
    demo: Store, packs: PackSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo.transaction() as session:
        usccs = list(session.scalars(select(Enterprise.uscc).order_by(Enterprise.uscc)))[:5]
        alone = [assess_enterprise(session, packs, u, AS_OF) for u in usccs]
        records = [read_records(session, uscc=u) for u in usccs]
    asked = [(r, AS_OF) for r in records]

    def refuse(*_: object) -> object:
        raise AssertionError("assessed one at a time")

    with monkeypatch.context() as patched:
        patched.setattr(assess_module, "assess_records", refuse)
        assert assess_records_many(packs, asked) == alone

    def broken(*_: object) -> object:
        raise RuntimeError("joint evaluation failed")

    monkeypatch.setattr(assess_module, "_assess_together", broken)
    assert assess_records_many(packs, asked) == alone


def test_the_dossier_part_through_a_batcher_is_the_same(register: Store, packs: PackSet) -> None:
    with register.transaction() as session:
        plain = dossier_assessment(session, ZONE, uscc(1), AS_OF, packs=packs)
        batched = dossier_assessment(
            session,
            ZONE,
            uscc(1),
            AS_OF,
            packs=packs,
            assess=lambda asked: _only(assess_records_many(packs, [asked])),
        )
    assert batched == plain


def _only(answers: list[dict[str, Any] | Exception]) -> dict[str, Any]:
    (answer,) = answers
    assert not isinstance(answer, Exception)
    return answer


def test_the_awards_part_calculated_with_others_is_the_same(demo: Store) -> None:
    """The dossier's awards part through ``entitlements_many``, the enterprise calculated in one
    batch with others (as the web's batcher does), is the part calculated alone."""
    from techzone.access import Scope
    from techzone.awards.calculate import entitlements_many
    from techzone.awards.catalogue import load_catalogue
    from techzone.awards.ledger import recorded
    from techzone.registry.dossier import dossier_awards

    catalogue = load_catalogue()
    everything = Scope.everything()
    with demo.transaction() as session:
        every = list(session.scalars(select(Enterprise.uscc).order_by(Enterprise.uscc)))
        usccs, other = every[:15], every[15:30]
        caps = recorded(session)
        # Other enterprises in the batch: the one asked for is calculated together with them.
        others = [(read_records(session, uscc=u), 2026, caps) for u in other]

        def with_others(asked: Any) -> Any:
            answers = entitlements_many(catalogue, [*others[:5], asked, *others[5:]])
            assert not isinstance(answers[5], Exception)
            return answers[5]

        found = 0
        for u in usccs:
            plain = dossier_awards(
                session, everything, u, AS_OF, award_year=2026, catalogue=catalogue
            )
            found += len(plain.entitlements)
            batched = dossier_awards(
                session,
                everything,
                u,
                AS_OF,
                award_year=2026,
                catalogue=catalogue,
                calculate=with_others,
            )
            assert batched == plain
        assert found >= 10
