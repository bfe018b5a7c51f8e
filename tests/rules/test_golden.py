"""Every golden case of every pack, and the count the acceptance asks for."""

from __future__ import annotations

from collections import Counter

import pytest

from techzone.rules.assess import assess_profile
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile
from tests.rules.golden import GoldenCase, check, golden_cases

CASES = golden_cases()


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_golden_case(case: GoldenCase, packs: PackSet) -> None:
    trace = assess_profile(packs, parse_profile(case.profile), case.as_of, case.review)
    assert check(case, trace) == []


def test_there_are_enough_golden_cases() -> None:
    per_pack = Counter(case.pack for case in CASES)
    assert sum(per_pack.values()) >= 60, per_pack
