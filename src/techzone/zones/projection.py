"""Projecting an indicator to a target year, and the status that follows.

Two stated methods, both from the zone's own history (years with a known value):

- **CAGR**: the compound annual growth rate from the first to the last known value,
  ``(last / first) ** (1 / (last_year - first_year)) - 1``, carried forward from the last value:
  ``last * (1 + cagr) ** (target_year - last_year)``. Undefined when the first value is not
  positive or the last is negative.
- **Linear**: the ordinary least-squares line through every known (year, value), read at the
  target year.

The **band** runs from the lower to the higher of the two projections (one of them when only one is
defined). The **status** of a target in a year:

- ``met``: the latest known value already satisfies the target;
- ``not_met``: it does not, and the target year is over (a yearly target is judged on its year's
  value): 未达标, not 难以达标 — nothing is left to reach;
- ``off_track``: it does not, and the target year has come but is not over, or neither end of the
  band satisfies it;
- ``on_track``: the whole band satisfies it (both methods say it will be reached);
- ``at_risk``: only one end of the band satisfies it (the methods disagree);
- ``unknown``: fewer than two known years, so there is nothing to project from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.MET: "已达标",
    Status.ON_TRACK: "按期可达",
    Status.AT_RISK: "存在风险",
    Status.OFF_TRACK: "难以达标",
    Status.NOT_MET: "未达标",
    Status.UNKNOWN: "数据不足",
}


def cagr(series: Mapping[int, float]) -> float | None:
    """Compound annual growth from the first to the last year of ``series``."""
    if len(series) < 2:
        return None
    first_year, last_year = min(series), max(series)
    first, last = series[first_year], series[last_year]
    if first <= 0 or last < 0:
        return None
    return float((last / first) ** (1 / (last_year - first_year)) - 1)


def linear_fit(series: Mapping[int, float]) -> tuple[float, float] | None:
    """(slope per year, intercept) of the least-squares line, or None below two years."""
    if len(series) < 2:
        return None
    years = list(series)
    mean_x = sum(years) / len(years)
    mean_y = sum(series.values()) / len(years)
    spread = sum((x - mean_x) ** 2 for x in years)
    slope = sum((x - mean_x) * (series[x] - mean_y) for x in years) / spread
    return slope, mean_y - slope * mean_x


@dataclass(frozen=True)
class Projection:
    year: int
    cagr: float | None
    by_cagr: float | None
    slope: float | None
    by_linear: float | None

    @property
    def band(self) -> tuple[float, float] | None:
        ends = [v for v in (self.by_cagr, self.by_linear) if v is not None]
        return (min(ends), max(ends)) if ends else None


def project(
    series: Mapping[int, float], year: int, bounds: tuple[float, float] | None = None
) -> Projection:
    """Both projections of ``series`` to ``year``, each held within ``bounds`` when given (a
    share cannot go past 100% however steep its trend)."""
    rate, fit = cagr(series), linear_fit(series)
    by_cagr = None
    if rate is not None:
        last_year = max(series)
        by_cagr = series[last_year] * (1 + rate) ** (year - last_year)
    slope, by_linear = (None, None) if fit is None else (fit[0], fit[1] + fit[0] * year)
    if bounds is not None:
        low, high = bounds
        by_cagr = None if by_cagr is None else min(max(by_cagr, low), high)
        by_linear = None if by_linear is None else min(max(by_linear, low), high)
    return Projection(year, rate, by_cagr, slope, by_linear)


def status(
    series: Mapping[int, float],
    meets: Callable[[float], bool],
    year: int,
    target_year: int,
    bounds: tuple[float, float] | None = None,
    *,
    closed: bool = False,
) -> tuple[Status, Projection | None]:
    """The status, in ``year``, of a target for ``target_year`` (rule in the module docstring);
    ``closed``: ``year`` is over."""
    if not series:
        return Status.UNKNOWN, None
    latest = series[max(series)]
    if meets(latest):
        return Status.MET, None
    if year >= target_year:
        return (Status.NOT_MET if closed else Status.OFF_TRACK), None
    projection = project(series, target_year, bounds)
    band = projection.band
    if band is None:
        return Status.UNKNOWN, projection
    low, high = meets(band[0]), meets(band[1])
    if low and high:
        return Status.ON_TRACK, projection
    if low or high:
        return Status.AT_RISK, projection
    return Status.OFF_TRACK, projection
