"""Qualifications side by side: the same verdicts, calendar, awards and materials as elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.awards.catalogue import load_catalogue
from techzone.cultivation.compare import CompareError, compare
from techzone.model.codes import QualificationKind as K
from techzone.rules.assess import assess_enterprise
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.cultivation.factory import enterprise, patent, qualification, uscc, write

DAY = date(2026, 6, 1)


@pytest.fixture
def firms(sqlite_store: Store) -> Store:
    write(
        sqlite_store,
        enterprise(1, registered=date(2018, 3, 1)),
        patent(1, "ZL201910000001", date(2019, 5, 1)),
        qualification(1, "高新技术企业", "GR202362000001", date(2023, 12, 1), date(2026, 11, 30)),
    )
    return sqlite_store


def test_each_column_is_the_assessment_the_calendar_and_the_materials(
    firms: Store, packs: PackSet
) -> None:
    with firms.transaction() as session:
        view = compare(session, packs, load_catalogue(), uscc(1), [K.HNTE, K.TECH_SME], DAY)
        trace = assess_enterprise(session, packs, uscc(1), DAY)
    statuses = {q["id"]: q["status"] for q in trace["qualifications"]}
    hnte, tech_sme = view.columns
    assert (hnte.kind, tech_sme.kind) == (K.HNTE, K.TECH_SME)
    assert hnte.status == statuses["hnte"] and tech_sme.status == statuses["tech_sme"]
    assert hnte.document == "国科发火〔2016〕32号"
    # seed 003: the first HNTE batch is 6月底; the calendar has no tech-SME batch.
    assert hnte.deadline is not None and hnte.deadline.on == date(2026, 6, 30)
    assert tech_sme.deadline is None
    assert hnte.materials == 8
    # 城关区 (seed 003): 首次认定的高新技术企业20万元 at stake where the enterprise is.
    assert [a.fen for a in hnte.awards][:1] == [20_000_000]
    assert set(hnte.met).isdisjoint(hnte.unmet)


def test_two_or_three_different_qualifications_only(firms: Store, packs: PackSet) -> None:
    catalogue = load_catalogue()
    with firms.transaction() as session:
        for kinds in ([K.HNTE], [K.HNTE, K.HNTE], [K.HNTE, K.TECH_SME, K.SRDI_SME, K.GAZELLE]):
            with pytest.raises(CompareError, match="两到三项不同的资质"):
                compare(session, packs, catalogue, uscc(1), kinds, DAY)
        three = compare(session, packs, catalogue, uscc(1), [K.HNTE, K.SRDI_SME, K.GAZELLE], DAY)
    assert len(three.columns) == 3
