"""The dossier's entitlements: computed as ``techzone awards`` does, beside the ledger's record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from techzone.access import Scope
from techzone.awards import ledger
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import load_catalogue
from techzone.awards.explain import explain
from techzone.demo.load import load_demo
from techzone.model import Entitlement
from techzone.registry.dossier import dossier
from techzone.rules.loader import PackSet
from techzone.rules.records import read_records
from techzone.store import Store

YEAR = 2025


def test_entitlements_match_the_awards_command_and_carry_the_ledger(
    store: Store, packs: PackSet
) -> None:
    load_demo(store, 40)
    catalogue = load_catalogue()
    with store.transaction() as session:
        records = read_records(session)
        found = entitlements(
            catalogue, records, YEAR, Settings(), recorded=ledger.recorded(session)
        )
        ledger.record(session, found, YEAR, records.enterprises["uscc"], "测试", "测试记录")
    with store.transaction() as session:
        uscc = session.scalars(select(Entitlement.uscc).order_by(Entitlement.id)).first()
        assert uscc is not None
        view = dossier(
            session, Scope.everything(), uscc, date(2026, 6, 30), award_year=YEAR, packs=packs
        )
        expected = [
            explain(catalogue, row, YEAR)
            for row in found.filter(found["uscc"] == uscc).iter_rows(named=True)
        ]
    assert [e.basis for e in view.entitlements] == expected
    assert all(e.ledger is not None and e.ledger["id"] == e.basis["id"] for e in view.entitlements)
    assert view.model_dump_json()
