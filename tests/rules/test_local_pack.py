"""A local designation (瞪羚企业, 黄埔区 / 广州开发区 2022) is decided only where its criteria
apply: elsewhere, or where the place is unknown, it is 待定 with a reason, never 不符合."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from techzone.cultivation.readiness import zone_readiness
from techzone.model.codes import QualificationKind
from techzone.rules.assess import Assessor, assess_profile
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.pack import Pack
from techzone.rules.profile import parse_profile, profile_records
from tests.cultivation.factory import uscc

AS_OF = date(2026, 6, 30)
# Not a high-tech enterprise, revenue flat: in 黄埔区 two criteria fail and a gap is measured.
FLAT: dict[str, Any] = {
    "name": "某企业",
    "registered_on": "2012-04-01",
    "figures": {
        "2023": {"main_business_income": 12000000, "other_business_income": 0},
        "2024": {"main_business_income": 17280000, "other_business_income": 0},
        "2025": {"main_business_income": 17000000, "other_business_income": 280000},
    },
    "qualifications": [],
    "declarations": {"gazelle_base_year_revenue": 10000000},
}
HUANGPU = {"zone_code": "GD-HP", "province": "广东省", "city": "广州市"}
BAIYIN = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市"}
LIUZHOU = {"zone_code": "GX-LZ", "province": "广西壮族自治区", "city": "柳州市"}


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def _gazelle(packs: PackSet, place: dict[str, Any]) -> dict[str, Any]:
    trace = assess_profile(packs, parse_profile({**FLAT, **place}), AS_OF)
    found: dict[str, Any] = next(q for q in trace["qualifications"] if q["id"] == "gazelle")
    return found


def test_in_huangpu_the_verdict_is_decided_with_its_gaps(packs: PackSet) -> None:
    gazelle = _gazelle(packs, HUANGPU)
    assert gazelle["status"] == "ineligible"
    assert "属于高新技术企业（持有有效证书）" in gazelle["unmet"]
    assert [gap["criterion"] for gap in gazelle["gaps"]] == ["cutoff_growth"]


@pytest.mark.parametrize("place", [BAIYIN, LIUZHOU, {**BAIYIN, "zone_code": "LZ-CG"}])
def test_elsewhere_it_is_unknown_with_the_reason_and_nothing_measured(
    packs: PackSet, place: dict[str, Any]
) -> None:
    gazelle = _gazelle(packs, place)
    assert gazelle["status"] == "unknown"
    assert gazelle["reason"] == (
        "未收录本地区发布的瞪羚企业认定条件；现有条件为广州市黄埔区、广州开发区的示例（2022），"
        "不适用于本企业所在地区"
    )
    assert (gazelle["criteria"], gazelle["gaps"], gazelle["unmet"]) == ([], [], [])
    assert gazelle["missing"] == [] and gazelle["waiting"] == []
    assert gazelle["applies"] is False


def test_an_unknown_place_is_unknown_and_waits_for_the_place(packs: PackSet) -> None:
    gazelle = _gazelle(packs, {"province": "甘肃省"})
    assert gazelle["status"] == "unknown"
    assert gazelle["reason"].startswith("未填写所在高新区（或县区）代码，无法确定")
    assert "广州市黄埔区、广州开发区的示例（2022）" in gazelle["reason"]
    assert gazelle["missing"] == ["zone_code"]
    assert (gazelle["criteria"], gazelle["gaps"]) == ([], [])
    assert gazelle["applies"] is None


def test_the_unicorn_pack_is_national_and_decided_anywhere(packs: PackSet) -> None:
    trace = assess_profile(packs, parse_profile({**FLAT, **BAIYIN}), AS_OF)
    unicorn = next(q for q in trace["qualifications"] if q["id"] == "unicorn")
    assert unicorn["criteria"] and "applies" not in unicorn


def test_the_batch_table_agrees_with_the_trace(packs: PackSet) -> None:
    assessor = Assessor.for_date(packs, AS_OF)
    rows = []
    for index, place in enumerate([HUANGPU, BAIYIN, {}]):
        profile = parse_profile({**FLAT, **place, "uscc": uscc(index + 1)})
        rows.append(
            build_frame(profile_records(profile, packs.declarations), AS_OF, packs.declarations)
        )
    evaluated = assessor.evaluate(pl.concat(rows, how="diagonal_relaxed"))
    verdicts = assessor.verdicts(evaluated)
    assert verdicts.get_column("gazelle.status").to_list() == ["ineligible", "unknown", "unknown"]
    assert verdicts.get_column("gazelle.unmet").to_list()[1:] == ["", ""]
    assert verdicts.get_column("gazelle.missing").to_list() == [
        None,
        None,
        "所在高新区（或县区）代码",
    ]
    # The zone-wide readiness reads the same: undecided elsewhere, with the trace's reason.
    ready = zone_readiness(assessor, evaluated, QualificationKind.GAZELLE)
    huangpu, baiyin, unplaced = (ready[uscc(n)] for n in (1, 2, 3))
    assert (huangpu.elsewhere, huangpu.reason, huangpu.level) == (False, None, "not_ready")
    assert baiyin.elsewhere and baiyin.level_label == "无法判断"
    assert baiyin.reason == _gazelle(packs, BAIYIN)["reason"]
    assert unplaced.reason == _gazelle(packs, {})["reason"]
    assert unplaced.missing == ("所在高新区（或县区）代码",)


def test_a_pack_with_a_jurisdiction_says_whose_criteria_they_are() -> None:
    with pytest.raises(ValidationError, match="local"):
        Pack.model_validate(
            {
                "id": "x",
                "qualification": "gazelle",
                "version": "1",
                "title": "x",
                "document": {"title": "x", "issuer": "x", "level": "district", "source": "x"},
                "effective": {"from": "2022-01-01"},
                "jurisdiction": {"zones": ["GD-HP"]},
                "criteria": {
                    "a": {"label": "a", "clause": {"ref": "r", "text": "t"}, "when": "TRUE"}
                },
                "verdict": ["a"],
            }
        )
