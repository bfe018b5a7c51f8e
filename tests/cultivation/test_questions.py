"""The next question of a self-assessment: what it asks, and that its answer decides it."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation.questions import (
    Question,
    award_stakes,
    next_question,
    next_question_for_profile,
    rank_questions,
)
from techzone.model.codes import QualificationKind
from techzone.rules.assess import assess_profile
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet
from techzone.rules.profile import parse_profile, profile_records

PACKS = Path(__file__).resolve().parents[2] / "src" / "techzone" / "packs"
AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def innovative_base() -> dict[str, Any]:
    """The 63号 创新型中小企业 golden base (90 points, every common condition declared)."""
    data = yaml.safe_load((PACKS / "miit-2022-63" / "innovative_sme.tests.yaml").read_text("utf-8"))
    return copy.deepcopy(data["base"])


def status(packs: PackSet, profile: dict[str, Any], kind: QualificationKind) -> str:
    trace = assess_profile(packs, parse_profile(profile), AS_OF)
    found: str = next(q["status"] for q in trace["qualifications"] if q["id"] == kind.value)
    return found


def ranked(packs: PackSet, profile: dict[str, Any], **options: Any) -> list[Question]:
    frame = build_frame(
        profile_records(parse_profile(profile), packs.declarations), AS_OF, packs.declarations
    )
    return rank_questions(packs, frame, AS_OF, **options)


def test_the_last_unknown_condition_of_a_verdict_decides_it_whichever_the_answer(
    packs: PackSet,
) -> None:
    profile = innovative_base()
    profile["declarations"]["quality_sme_credit_clear"] = None
    assert status(packs, profile, QualificationKind.INNOVATIVE_SME) == "unknown"
    question = next(q for q in ranked(packs, profile) if q.id == "quality_sme_credit_clear")
    assert QualificationKind.INNOVATIVE_SME in question.decides
    assert question.label == "未列入经营异常名录或严重失信主体名单" and question.unit == "是/否"
    assert "创新型中小企业" in question.why
    # What it claims holds on both sides: answered yes, 符合; answered no, 不符合.
    for answer, expected in ((True, "eligible"), (False, "ineligible")):
        profile["declarations"]["quality_sme_credit_clear"] = answer
        assert status(packs, profile, QualificationKind.INNOVATIVE_SME) == expected


def test_a_question_shared_by_more_open_verdicts_comes_before_one_that_decides_one(
    packs: PackSet,
) -> None:
    profile = innovative_base()
    # 创新型 waits for one declaration only; 高企 and others wait for much more.
    profile["declarations"]["quality_sme_credit_clear"] = None
    questions = ranked(packs, profile)
    first = questions[0]
    assert first.expected >= max(q.expected for q in questions)
    assert all(q.id != "" for q in questions)
    # The ranking is by what the answers decide, then by how many verdicts wait.
    keys = [(-q.expected, -len(q.waiting)) for q in questions]
    assert keys == sorted(keys)


def test_a_list_left_out_is_one_question_giving_all_its_inputs(packs: PackSet) -> None:
    profile = innovative_base()
    del profile["incidents"]
    question = next(q for q in ranked(packs, profile) if q.id == "incidents")
    assert question.label == "事故与失信情况" and question.unit == "清单"
    assert {"incidents_3y", "incidents_2y"} <= set(question.inputs)
    # An incident makes every veto fail: some answers decide the 创新型 verdict.
    assert QualificationKind.INNOVATIVE_SME in question.decides + question.may_decide


def test_a_figure_is_asked_by_its_accounting_year(packs: PackSet) -> None:
    profile = innovative_base()
    profile["figures"]["2024"]["total_assets"] = None
    question = next(q for q in ranked(packs, profile) if q.id == "total_assets_y3")
    assert question.label == "2024年度资产总额" and question.unit == "元"


def test_a_question_asked_is_not_asked_again_and_none_is_left_when_all_are_asked(
    packs: PackSet,
) -> None:
    profile = innovative_base()
    profile["declarations"]["quality_sme_credit_clear"] = None
    questions = ranked(packs, profile)
    again = ranked(packs, profile, asked=[questions[0].id])
    assert questions[0].id not in {q.id for q in again}
    frame = build_frame(
        profile_records(parse_profile(profile), packs.declarations), AS_OF, packs.declarations
    )
    assert next_question(packs, frame, AS_OF, asked=[q.id for q in questions]) is None


def test_a_decided_verdict_asks_nothing_for_it(packs: PackSet) -> None:
    profile = innovative_base()
    assert status(packs, profile, QualificationKind.INNOVATIVE_SME) == "eligible"
    for question in ranked(packs, profile):
        assert QualificationKind.INNOVATIVE_SME not in question.waiting


def test_the_award_at_stake_is_the_first_recognition_amount_where_the_enterprise_is(
    catalogue: Catalogue,
) -> None:
    day = date(2026, 6, 30)
    where = {"province": "甘肃省", "zone_level": "national", "park": None}
    # seed 000 白银政策清单: 首次获得资质认定的企业最高50万元.
    baiyin = award_stakes(catalogue, {**where, "city": "白银市", "zone_code": "GS-BY"}, day)
    assert baiyin[QualificationKind.HNTE] == 50_000_000
    assert baiyin[QualificationKind.LITTLE_GIANT] == 50_000_000
    # seed 003 城关区 (and seed 001 第10条): 首次认定的高新技术企业20万元; no 50万 outside 白银.
    chengguan = {**where, "city": "兰州市", "zone_code": "LZ-CG", "zone_level": "district"}
    assert award_stakes(catalogue, chengguan, day)[QualificationKind.HNTE] == 20_000_000
    # 柳州 pays nothing on a first recognition in the catalogue; 甘肃's money is not at stake.
    liuzhou = {"province": "广西壮族自治区", "city": "柳州市", "zone_code": "GX-LZ"}
    assert award_stakes(catalogue, {**where, **liuzhou}, day) == {}


def test_the_profile_entry_point_gives_the_first_ranked_question(
    packs: PackSet, catalogue: Catalogue
) -> None:
    profile = innovative_base()
    profile["declarations"]["quality_sme_credit_clear"] = None
    question = next_question_for_profile(packs, parse_profile(profile), AS_OF, catalogue=catalogue)
    assert question is not None
    assert question.id == ranked(packs, profile, catalogue=catalogue)[0].id
    assert question.as_dict()["why"] == question.why
