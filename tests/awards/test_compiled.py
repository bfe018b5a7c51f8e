"""Compiled policies are reused across runs: never across different parameters in force."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from techzone.awards import catalogue as catalogue_module
from techzone.awards.calculate import Settings, entitlements, entitlements_side_by_side
from techzone.awards.catalogue import load_catalogue
from techzone.awards.reform import read_reform
from techzone.rules.profile import parse_profile, profile_records

A = "91620100000000002F"


def _amounts(found: pl.DataFrame, policy_id: str) -> list[int]:
    return found.filter(pl.col("policy_id") == policy_id)["amount_max"].to_list()


def test_a_year_with_another_rate_is_not_served_an_earlier_compilation() -> None:
    """The general R&D rate is 75% until 2022 and 100% from 2023: whichever year is computed
    first, each gets its own rate."""
    records = profile_records(
        parse_profile(
            {
                "uscc": A,
                "registered_on": "2015-01-01",
                "resident": True,
                "industry_code": "I6513",
                "zone_code": "GS-LZ",
                "province": "甘肃省",
                "city": "兰州市",
                "qualifications": [],
                "figures": {
                    "2021": {"rd_expense_deduction": 1_000_000},
                    "2022": {"rd_expense_deduction": 1_000_000},
                },
            }
        ),
        {},
    )
    general = "tax_rd_deduction.general"
    for years in ((2022, 2023), (2023, 2022)):
        catalogue = load_catalogue()
        found = {year: entitlements(catalogue, records, year) for year in years}
        assert _amounts(found[2022], general) == [18_750_000]
        assert _amounts(found[2023], general) == [25_000_000]


def test_a_reform_does_not_leak_into_the_baseline_or_back(tmp_path: Path) -> None:
    records = profile_records(
        parse_profile(
            {
                "uscc": A,
                "registered_on": "2015-01-01",
                "zone_code": "LZ-CG",
                "province": "甘肃省",
                "city": "兰州市",
                "qualifications": [
                    {
                        "kind": "高新技术企业",
                        "level": "国家级",
                        "certificate_no": "GR1",
                        "issued_on": "2025-11-01",
                        "expires_on": "2028-10-31",
                        "status": "有效",
                    }
                ],
            }
        ),
        {},
    )
    patch = tmp_path / "reform.json"
    patch.write_text(
        json.dumps({"parameters": {"gansu_zone_measures.new_hnte_award": {"2025-01-01": 300000}}}),
        encoding="utf-8",
    )
    catalogue = load_catalogue()
    reform = read_reform(patch, catalogue)
    new_hnte = "gansu_zone_measures.new_hnte"
    overrides = reform.overrides
    reformed = entitlements(catalogue, records, 2025, overrides=overrides)
    baseline = entitlements(catalogue, records, 2025)
    again = entitlements(catalogue, records, 2025, overrides=overrides)
    assert _amounts(reformed, new_hnte) == _amounts(again, new_hnte) == [30_000_000]
    assert _amounts(baseline, new_hnte) == [20_000_000]
    # Side by side in one run, each set of parameters still gets its own amounts.
    together = entitlements_side_by_side(catalogue, records, 2025, Settings(), [{}, overrides])
    assert [frame.to_dicts() for frame in together] == [baseline.to_dicts(), reformed.to_dicts()]
    # The reform's value takes effect on 2025-01-01: the year before is the baseline's.
    entry = catalogue.policies[new_hnte]
    before = catalogue.compiled(entry, date(2024, 12, 31), reform.overrides)
    assert before is catalogue.compiled(entry, date(2024, 12, 31), {})
    assert catalogue.compiled(entry, date(2025, 12, 31), reform.overrides) is not before


def test_a_policy_from_elsewhere_is_compiled_not_looked_up() -> None:
    """The cache is keyed by policy id: a same-named policy from another catalogue is not it."""
    catalogue, other = load_catalogue(), load_catalogue()
    policy_id = "gansu_zone_measures.new_hnte"
    day = date(2025, 12, 31)
    mine = catalogue.compiled(catalogue.policies[policy_id], day, {})
    theirs = catalogue.compiled(other.policies[policy_id], day, {})
    assert theirs is not mine
    assert theirs.entry is other.policies[policy_id]


def test_the_cache_of_compilations_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_module, "COMPILED_KEPT", 3)
    catalogue = load_catalogue()
    entries = list(catalogue.policies.values())[:5]
    compiled = [catalogue.compiled(entry, entry.effective.start, {}) for entry in entries]
    assert len(catalogue._compiled) <= 3
    # What is compiled after a reset is compiled afresh and still belongs to its policy.
    again = catalogue.compiled(entries[0], entries[0].effective.start, {})
    assert again.entry is entries[0] and compiled[0].entry is entries[0]
