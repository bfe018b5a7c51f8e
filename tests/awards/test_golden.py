"""Every policy golden case, and every payable clause covered by at least one."""

from __future__ import annotations

import pytest

from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.rules.profile import parse_profile, profile_records
from tests.awards.golden import PolicyCase, check, policy_cases

CASES = policy_cases()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_policy_case(case: PolicyCase, catalogue: Catalogue) -> None:
    records = profile_records(parse_profile(case.profile), {})
    found = entitlements(catalogue, records, case.year, Settings(case.planning_share))
    assert check(case, found) == []


def test_every_payable_clause_has_a_golden_case(catalogue: Catalogue) -> None:
    covered = {wanted["policy"] for case in CASES for wanted in case.expect}
    payable = {
        policy_id
        for policy_id, entry in catalogue.policies.items()
        if entry.policy.trigger.zone_event is None
        and entry.policy.trigger.unrecorded is None
        and entry.policy.review == "approved"
    }
    assert payable - covered == set()
