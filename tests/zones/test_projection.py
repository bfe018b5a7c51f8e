"""Projections on series with known answers, and the status rule on each side of its edges."""

from __future__ import annotations

import pytest

from techzone.zones.progress import judge_target
from techzone.zones.projection import Status, cagr, linear_fit, project, status
from techzone.zones.targets import Target, targets_for


def test_cagr_of_100_to_121_over_two_years_is_ten_percent() -> None:
    assert cagr({2023: 100, 2025: 121}) == pytest.approx(0.10)
    assert cagr({2023: 100, 2024: 999, 2025: 121}) == pytest.approx(0.10)  # first to last


def test_cagr_is_undefined_from_zero_or_one_year() -> None:
    assert cagr({2023: 0, 2025: 10}) is None
    assert cagr({2025: 10}) is None


def test_linear_slope_of_a_straight_line() -> None:
    assert linear_fit({2022: 10, 2023: 13, 2024: 16, 2025: 19}) == pytest.approx((3, 10 - 3 * 2022))


def test_linear_fit_is_least_squares() -> None:
    slope, _ = linear_fit({2023: 1, 2024: 2, 2025: 6}) or (0, 0)
    assert slope == pytest.approx(2.5)


def test_projection_to_the_target_year_and_its_band() -> None:
    projection = project({2023: 100, 2024: 110, 2025: 121}, 2027)
    assert projection.by_cagr == pytest.approx(146.41)
    assert projection.slope == pytest.approx(10.5)
    assert projection.by_linear == pytest.approx(110.333333 + 10.5 * 3, abs=1e-4)
    assert projection.band == pytest.approx((141.833333, 146.41), abs=1e-4)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (121, Status.MET),  # already there
        (141, Status.ON_TRACK),  # both projections (141.83, 146.41) reach it
        (145, Status.AT_RISK),  # only CAGR reaches it
        (147, Status.OFF_TRACK),  # neither
    ],
)
def test_status_against_the_band(wanted: float, expected: Status) -> None:
    series = {2023: 100.0, 2024: 110.0, 2025: 121.0}
    found, _ = status(series, lambda v: v >= wanted, 2025, 2027)
    assert found is expected


def test_status_once_the_target_year_has_come() -> None:
    series = {2026: 100.0, 2027: 120.0}
    assert status(series, lambda v: v >= 130, 2027, 2027)[0] is Status.OFF_TRACK
    assert status(series, lambda v: v >= 120, 2027, 2027)[0] is Status.MET


def test_status_without_history_is_unknown() -> None:
    assert status({}, lambda v: v >= 1, 2025, 2027)[0] is Status.UNKNOWN
    assert status({2025: 0.5}, lambda v: v >= 1, 2025, 2027)[0] is Status.UNKNOWN


def _chengguan(indicator: str) -> Target:
    return next(t for t in targets_for(2026, "LZ-CG") if t.indicator == indicator)


def test_a_share_is_never_projected_above_100_percent() -> None:
    # 民营高新技术企业占比 ≥80% by 2027 (seed 003 二). A zone whose few early 高企 were state-owned
    # (0%) then 91.86% and 79.6%: the straight line through the four years reached 125.55% in 2027,
    # a share no zone can have, printed as the projection in `zones targets` and on the zone page.
    found = judge_target(
        _chengguan("hnte_private_share"), {2023: 0.0, 2024: 0.0, 2025: 91.86, 2026: 79.6}, 2026
    )
    assert found.projection is not None and found.projection.band is not None
    assert found.projection.band[1] == 100
    assert found.status is Status.ON_TRACK  # 100 ≥ 80: the reading is unchanged


def test_a_falling_share_is_never_projected_below_zero() -> None:
    found = judge_target(
        _chengguan("hnte_private_share"), {2024: 30.0, 2025: 10.0, 2026: 5.0}, 2026
    )
    assert found.projection is not None and found.projection.band is not None
    assert found.projection.band[0] == 0
    assert found.status is Status.OFF_TRACK


def test_a_count_is_projected_beyond_100() -> None:
    # 高新技术企业总数 "突破255家" (seed 003 二) is a count, not a share: nothing caps it at 100.
    found = judge_target(_chengguan("hnte_total"), {2024: 150.0, 2025: 200.0, 2026: 250.0}, 2026)
    assert found.projection is not None and found.projection.band is not None
    assert found.projection.band[1] > 255
    assert found.status is Status.ON_TRACK


@pytest.mark.parametrize(
    ("indicator", "actual", "shown"),
    [
        # 民营高新技术企业占比 "80%以上" (seed 003 二): 79.7 is 99.625% of the way, not 100%.
        ("hnte_private_share", 79.7, 99.6),
        ("hnte_private_share", 79.99, 99.9),
        ("hnte_private_share", 80.0, 100.0),
        # "突破255家": 255 is not yet the whole way; 256 is past it.
        ("hnte_total", 255.0, 99.9),
        ("hnte_total", 256.0, 100.4),
    ],
)
def test_progress_short_of_a_target_never_reads_100_percent(
    indicator: str, actual: float, shown: float
) -> None:
    found = judge_target(_chengguan(indicator), {2026: actual}, 2026)
    assert found.progress == shown
    assert (found.progress >= 100) == found.target.met(actual)
