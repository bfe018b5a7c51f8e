"""The demo carries declarations, so the batch assessment of 白银 can say yes."""

from __future__ import annotations

from techzone.demo.generator import DEMO_AS_OF, generate
from techzone.demo.generator.declarations import HNTE_ITEMS, TECH_SME_ITEMS
from techzone.demo.load import load_demo
from techzone.io.sheets import DeclarationRow
from techzone.rules.assess import assess_all
from techzone.rules.loader import load_packs
from techzone.store import Store


def test_demo_declarations_are_pack_items_dated_in_the_demo_year_and_seeded() -> None:
    rows = list(generate(300, seed=3).rows(DeclarationRow))
    again = list(generate(300, seed=3).rows(DeclarationRow))
    assert rows == again and rows
    declared = load_packs().declarations
    assert {row.item for row in rows} <= set(declared)
    assert {row.item for row in rows} == {*TECH_SME_ITEMS, *HNTE_ITEMS}
    assert all(row.declared_on.year == DEMO_AS_OF.year for row in rows)
    assert all(row.declared_on <= DEMO_AS_OF for row in rows)


def test_on_the_demo_date_some_baiyin_enterprises_are_tech_sme_and_some_hnte(
    sqlite_store: Store,
) -> None:
    load_demo(sqlite_store, 2000, 0)
    with sqlite_store.transaction() as session:
        assessor, evaluated = assess_all(session, load_packs(), DEMO_AS_OF, "GS-BY")
    verdicts = assessor.verdicts(evaluated)
    assert (verdicts["tech_sme.status"] == "eligible").sum() > 50
    assert (verdicts["hnte.status"] == "eligible").sum() >= 1
