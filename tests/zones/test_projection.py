"""Projections on series with known answers, and the status rule on each side of its edges."""

from __future__ import annotations

import pytest

from techzone.zones.projection import Status, cagr, linear_fit, project, status


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
