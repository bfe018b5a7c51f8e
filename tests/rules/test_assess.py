"""A single assessment reads its own row, date and request: nothing kept between calls leaks."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from techzone.rules.assess import assess_profile
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile

AS_OF = date(2026, 6, 30)
YOUNG: dict[str, Any] = {"registered_on": "2026-03-01", "tech_field": "新材料"}
OLDER: dict[str, Any] = {
    "registered_on": "2019-05-10",
    "ip": [],
    "declarations": {"hnte_rd_management_score": 15},
}


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def _hnte(trace: dict[str, Any]) -> dict[str, Any]:
    hnte: dict[str, Any] = next(q for q in trace["qualifications"] if q["id"] == "hnte")
    return hnte


def _criteria(trace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in _hnte(trace)["criteria"]}


def test_two_enterprises_in_turn_each_get_their_own_explanation(packs: PackSet) -> None:
    for _ in range(2):
        young = _criteria(assess_profile(packs, parse_profile(YOUNG), AS_OF))
        older = _criteria(assess_profile(packs, parse_profile(OLDER), AS_OF))
        registered = "registered_one_year"
        assert (young[registered]["status"], older[registered]["status"]) == (
            "ineligible",
            "eligible",
        )
        assert young[registered]["values"] == {"days_registered": 121}
        assert older[registered]["values"] == {"days_registered": 2608}
        assert (young["tech_field"]["status"], older["tech_field"]["status"]) == (
            "eligible",
            "unknown",
        )
        # The declared score counts for the one that declared it.
        assert young["innovation_score"]["values"]["innovation_min"] == 0.0
        assert older["innovation_score"]["values"]["innovation_min"] == 15.0
        # IP left out is unknown and named as missing; an empty list is none, and not missing.
        assert young["owns_core_ip"]["status"] == "unknown"
        assert any("ip_class1_count" in name for name in young["owns_core_ip"]["missing"])
        assert older["owns_core_ip"]["status"] == "ineligible"
        assert older["owns_core_ip"]["missing"] == []


def test_each_date_and_request_is_explained_by_the_packs_in_force_then(packs: PackSet) -> None:
    profile = parse_profile(OLDER)
    for _ in range(2):
        new = assess_profile(packs, profile, AS_OF)
        review = assess_profile(packs, profile, AS_OF, review=True)
        earlier = assess_profile(packs, profile, date(2025, 6, 30))
        assert "little_giant_2026" in new["packs"] and "little_giant_2022" not in new["packs"]
        assert "little_giant_2022" in review["packs"] and review["review"] is True
        assert "srdi_sme_2022" in earlier["packs"] and earlier["as_of"] == "2025-06-30"
        assert set(new["sources"]) == set(new["packs"])
        days = _criteria(earlier)["registered_one_year"]["values"]["days_registered"]
        assert days == 2243


def test_a_trace_is_the_callers_to_change(packs: PackSet) -> None:
    first = assess_profile(packs, parse_profile(OLDER), AS_OF)
    untouched = copy.deepcopy(first)
    for qualification in first["qualifications"]:
        qualification["reason"] = "changed"
        for criterion in qualification["criteria"]:
            criterion["clause"]["text"] = "changed"
            criterion.get("combines", {}).clear()
            for parameter in criterion["parameters"]:
                parameter["value"] = "changed"
    for source in first["sources"].values():
        source["version"] = "changed"
    assert assess_profile(packs, parse_profile(OLDER), AS_OF) == untouched
