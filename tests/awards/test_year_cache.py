"""What a year's calculation keeps per catalogue (the policies in force, compiled, and what each
pays for) gives the answers a calculation from nothing gives."""

from __future__ import annotations

from datetime import date

from polars.testing import assert_frame_equal

from techzone.awards import calculate
from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import load_catalogue
from techzone.cultivation.selfcheck import self_assess
from techzone.rules.loader import load_packs
from techzone.rules.profile import parse_profile, profile_records
from tests.cultivation.test_selfcheck import EXAMPLE

# A first recognition in 2025 and an invention patent: awards arise in both years below.
PROFILE = {
    **EXAMPLE,
    "qualifications": [
        {"kind": "高新技术企业", "level": "国家级", "certificate_no": "GR2025",
         "issued_on": "2025-11-20", "expires_on": "2028-11-19", "status": "有效"}
    ],
}  # fmt: skip


def test_kept_years_answer_as_a_fresh_catalogue() -> None:
    packs = load_packs()
    records = profile_records(parse_profile(PROFILE), packs.declarations)
    kept = load_catalogue()
    # Years asked in turn, then again: the second round is served from what the first kept.
    first = {year: entitlements(kept, records, year) for year in (2025, 2026, 2024)}
    assert set(calculate._YEARS[kept]) == {2024, 2025, 2026}
    again = {year: entitlements(kept, records, year) for year in (2026, 2024, 2025)}
    for year, found in first.items():
        fresh = entitlements(load_catalogue(), records, year)
        assert_frame_equal(found, fresh)
        assert_frame_equal(again[year], fresh)
    assert first[2025].height > 0  # something is computed, not two empty frames


def test_a_self_assessment_is_the_same_kept_or_not() -> None:
    packs, kept = load_packs(), load_catalogue()
    profile = parse_profile(PROFILE)
    day = date(2025, 12, 1)
    once = self_assess(packs, kept, profile, day)
    twice = self_assess(packs, kept, profile, day)
    fresh = self_assess(packs, load_catalogue(), profile, day)
    assert once == twice == fresh
    assert once["awards"]["entitlements"]
