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
    # It holds an HNTE certificate: its next one is a 重新认定 (seed 003 五(五)14: 10万元), no
    # first recognition's 20万元 is at stake.
    assert [(a.policy, a.fen, a.renewal) for a in hnte.awards] == [
        ("chengguan_doubling.renewed_hnte", 10_000_000, True)
    ]
    assert set(hnte.met).isdisjoint(hnte.unmet)


def test_a_first_recognition_at_stake_is_the_provincial_money_once(
    sqlite_store: Store, packs: PackSet
) -> None:
    # 城关区, never an HNTE: 首次认定20万元 (seed 003 五(五)14, the same money as 甘肃 措施10, paid
    # once by the engine), shown once; before, as three rows of 20万元.
    write(sqlite_store, enterprise(2, registered=date(2018, 3, 1)))
    with sqlite_store.transaction() as session:
        view = compare(session, packs, load_catalogue(), uscc(2), [K.HNTE, K.TECH_SME], DAY)
    hnte = view.columns[0]
    assert [(a.policy, a.fen) for a in hnte.awards] == [
        ("gansu_zone_measures.new_hnte", 20_000_000)
    ]


def test_two_or_three_different_qualifications_only(firms: Store, packs: PackSet) -> None:
    catalogue = load_catalogue()
    with firms.transaction() as session:
        for kinds in ([K.HNTE], [K.HNTE, K.HNTE], [K.HNTE, K.TECH_SME, K.SRDI_SME, K.GAZELLE]):
            with pytest.raises(CompareError, match="两到三项不同的资质"):
                compare(session, packs, catalogue, uscc(1), kinds, DAY)
        three = compare(session, packs, catalogue, uscc(1), [K.HNTE, K.SRDI_SME, K.GAZELLE], DAY)
    assert len(three.columns) == 3
