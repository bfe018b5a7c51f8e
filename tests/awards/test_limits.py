"""Caps declared with their subject and period: the schema refuses what it cannot apply, in
Chinese, and a cap shows in the explanation, the budget and a reform."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from techzone.awards.budget import budget
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.explain import explain
from techzone.awards.reform import compare, read_reform
from techzone.rules.loader import PackError, load_packs
from techzone.rules.policy import Limit, Policy
from techzone.rules.profile import parse_profile, profile_records

A = "91620400000000001U"
LOAN = "baiyin_policy_list.loan_interest"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _policy(catalogue: Catalogue, name: str) -> dict[str, Any]:
    return catalogue.policies[name].policy.model_dump(mode="json", exclude_none=True)


def test_every_capped_approved_policy_declares_whose_cap(catalogue: Catalogue) -> None:
    for policy_id, entry in catalogue.policies.items():
        amount = entry.policy.amount
        if amount.kind in ("cap", "rate_cap") or amount.up_to:
            assert entry.policy.limit is not None, policy_id


def test_a_cap_without_its_subject_is_refused_in_chinese(catalogue: Catalogue) -> None:
    data = _policy(catalogue, LOAN)
    del data["limit"]
    with pytest.raises(ValidationError, match="须声明 limit"):
        Policy.model_validate(data)
    # A draft still under review may wait for its reading.
    Policy.model_validate({**data, "review": "pending"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"per": "bank"}, "与受益对象 beneficiary enterprise 不一致"),
        ({"period": "event"}, "per 为 event 时 period 也须为 event"),
        ({"per": "event", "period": "event"}, "不再给 value 或 group"),
        ({"value": None}, "须给出 value"),
        ({"per": "company"}, "per"),
    ],
)
def test_a_limit_that_cannot_be_applied_is_refused(
    catalogue: Catalogue, change: dict[str, Any], message: str
) -> None:
    data = _policy(catalogue, LOAN)
    data["limit"] = {**data["limit"], **change}
    with pytest.raises(ValidationError, match=message):
        Policy.model_validate(data)


def _with_limit(catalogue: Catalogue, policy: str, **change: Any) -> Catalogue:
    loaded = []
    for item in catalogue.packs:
        if item.pack.id == "baiyin_policy_list":
            entry = item.pack.policies[policy]
            assert entry.limit is not None
            limit = Limit.model_validate({**entry.limit.model_dump(), **change})
            policies = {**item.pack.policies, policy: entry.model_copy(update={"limit": limit})}
            item = dataclasses.replace(
                item, pack=item.pack.model_copy(update={"policies": policies})
            )
        loaded.append(item)
    return Catalogue(loaded)


def test_a_limit_on_no_money_parameter_stops_the_catalogue(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match="须为本包以元计的参数"):
        _with_limit(catalogue, "loan_interest", value="no_such_cap")
    with pytest.raises(PackError, match="须为本包以元计的参数"):
        _with_limit(catalogue, "loan_interest", value="shared_instrument_rate")


def test_policies_sharing_a_cap_must_declare_it_alike(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match="共用一个上限"):
        _with_limit(catalogue, "first_srdi", period="year")


def _records(events: list[dict[str, Any]]) -> Any:
    profile = {
        "uscc": A,
        "registered_on": "2015-01-01",
        "zone_code": "GS-BY",
        "province": "甘肃省",
        "city": "白银市",
        "park": "银南工业园",  # 白银政策清单 第一条: the list covers its named parks
        "events": events,
    }
    return profile_records(parse_profile(profile), {})


TWO_LOANS = [
    {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-03-01", "amount": 150_000},
    {"ref": "L2", "kind": "贷款贴息", "occurred_on": "2025-09-01", "amount": 80_000},
]


def test_a_yearly_cap_starts_again_each_year(catalogue: Catalogue) -> None:
    yearly = _with_limit(catalogue, "loan_interest", period="year")
    found = entitlements(yearly, _records(TWO_LOANS), 2025).filter(pl.col("policy_id") == LOAN)
    assert found["limit_key"].to_list() == [f"{LOAN}|{A}|2025"] * 2
    assert found["cap_note"][1].startswith("已达企业年度上限20万元")


def test_the_explanation_budget_and_reform_show_the_cut(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    records = _records(TWO_LOANS)
    found = entitlements(catalogue, records, 2025)
    second = found.filter(pl.col("trigger_id").str.ends_with(":L2")).row(0, named=True)
    explained = explain(catalogue, second, 2025)
    assert explained["cap"] == "已达企业累计上限20万元（此前已计15万元），本次核减为最高5万元"
    result = budget(catalogue, load_packs(), records, 2025, Settings(), 0.0)
    loans = result.lines.filter(pl.col("policy_id") == LOAN)
    assert loans["planned"].sum() == 20_000_000  # not 23万: the cap holds in the budget
    patch = tmp_path / "reform.json"
    patch.write_text(
        '{"parameters": {"baiyin_policy_list.loan_interest_cap": {"2025-01-01": 300000}}}',
        encoding="utf-8",
    )
    comparison = compare(catalogue, records, 2025, read_reform(patch, catalogue), Settings())
    assert comparison.capped == (1, 0)  # a 30万 cap leaves both loans whole
    assert comparison.totals == (20_000_000, 23_000_000)


def _held(found: pl.DataFrame, waived: str, paid: int | None = None) -> pl.DataFrame:
    """The ledger as ``ledger.recorded`` gives it: the loan ``waived`` given up (放弃)."""
    given_up = pl.col("trigger_id").str.ends_with(f":{waived}")
    return found.filter(pl.col("limit_key").is_not_null()).select(
        "entitlement_id",
        "limit_key",
        "amount_min",
        "amount_max",
        "planned",
        paid=pl.when(given_up).then(pl.lit(paid, dtype=pl.Int64)),
        waived=given_up,
    )


def _by_loan(found: pl.DataFrame, column: str) -> dict[str, Any]:
    loans = found.filter(pl.col("policy_id") == LOAN)
    return dict(zip(loans["trigger_id"].str.split(":").list.last(), loans[column], strict=True))


def test_a_loan_given_up_holds_nothing_in_the_cap(catalogue: Catalogue) -> None:
    records = _records(TWO_LOANS)
    found = entitlements(catalogue, records, 2025)
    assert _by_loan(found, "amount_max") == {"L1": 15_000_000, "L2": 5_000_000}
    held = _held(found, "L1")
    again = entitlements(catalogue, records, 2025, recorded=held)
    # The 8万 loan is whole; the one given up computes to nothing, never to be paid.
    assert _by_loan(again, "amount_max") == {"L1": 0, "L2": 8_000_000}
    assert _by_loan(again, "planned") == {"L1": 0, "L2": 8_000_000}
    assert _by_loan(again, "cap_note") == {
        "L1": "企业已放弃该项奖补，不占用企业累计上限20万元",
        "L2": None,
    }
    result = budget(catalogue, load_packs(), records, 2025, Settings(), 0.0, recorded=held)
    assert result.lines.filter(pl.col("policy_id") == LOAN)["planned"].sum() == 8_000_000


def test_a_loan_given_up_after_another_changes_nothing_before_it(catalogue: Catalogue) -> None:
    records = _records(TWO_LOANS)
    held = _held(entitlements(catalogue, records, 2025), "L2")
    again = entitlements(catalogue, records, 2025, recorded=held)
    assert _by_loan(again, "amount_max") == {"L1": 15_000_000, "L2": 0}


def test_a_loan_marked_given_up_but_paid_keeps_its_place(catalogue: Catalogue) -> None:
    """Money out is never freed: paid, it stands first in the cap, marked or not."""
    records = _records(TWO_LOANS)
    held = _held(entitlements(catalogue, records, 2025), "L1", paid=15_000_000)
    again = entitlements(catalogue, records, 2025, recorded=held)
    assert _by_loan(again, "amount_max") == {"L1": 15_000_000, "L2": 5_000_000}


def test_a_ledger_without_the_given_up_column_counts_every_row(catalogue: Catalogue) -> None:
    records = _records(TWO_LOANS)
    held = _held(entitlements(catalogue, records, 2025), "L1").drop("waived")
    again = entitlements(catalogue, records, 2025, recorded=held)
    assert _by_loan(again, "amount_max") == {"L1": 15_000_000, "L2": 5_000_000}


def test_a_one_off_award_given_up_is_not_paid_through_its_twin(catalogue: Catalogue) -> None:
    """城关 五(五)14 restates 甘肃 措施10's 一次性20万元 for a first HNTE recognition: one award,
    one cap (gansu.new_hnte_once), 就高不重复 on the same certificate. Given up under 措施10, the
    freed room is not taken by the twin on the same trigger: stacking decided before the cap
    which of the two pays, so the enterprise that gave the award up is not offered it again."""
    twin, measure = "chengguan_doubling.first_hnte", "gansu_zone_measures.new_hnte"
    profile = {
        "uscc": "91620100000000001C",
        "registered_on": "2015-01-01",
        "zone_code": "LZ-CG",
        "zone_level": "县区",
        "province": "甘肃省",
        "city": "兰州市",
        "qualifications": [
            {
                "kind": "高新技术企业",
                "level": "国家级",
                "certificate_no": "GR2025",
                "issued_on": "2025-03-01",
                "expires_on": "2028-02-28",
                "status": "有效",
            }
        ],
    }
    records = profile_records(parse_profile(profile), {})

    def amounts(found: pl.DataFrame) -> dict[str, int]:
        both = found.filter(pl.col("policy_id").is_in([twin, measure]))
        return dict(zip(both["policy_id"], both["amount_max"], strict=True))

    found = entitlements(catalogue, records, 2025)
    assert amounts(found) == {twin: 0, measure: 20_000_000}
    held = found.filter(pl.col("limit_key").is_not_null()).select(
        "entitlement_id",
        "limit_key",
        "amount_min",
        "amount_max",
        "planned",
        paid=pl.lit(None, dtype=pl.Int64),
        waived=pl.col("policy_id") == measure,
    )
    assert amounts(entitlements(catalogue, records, 2025, recorded=held)) == {twin: 0, measure: 0}
