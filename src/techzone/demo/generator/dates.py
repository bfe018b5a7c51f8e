"""When the demo is set, and dates as ordinals (days since 0001-01-01, as ``date.toordinal``).

Dates are drawn and compared as integer ordinals, whole arrays at a time, and become ``date``
only when a row is built.
"""

from __future__ import annotations

from datetime import date
from typing import Final, cast

import numpy as np

from techzone.demo.generator.arrays import I64

DEMO_YEAR: Final = 2026
# The day the demo world is observed: nothing is dated later. The end of June is the first of
# 城关区's three yearly submission batches (seed 003 四(三): 每年6月底、8月中旬、9月底).
DEMO_AS_OF: Final = date(DEMO_YEAR, 6, 30)
AS_OF: Final = DEMO_AS_OF.toordinal()
# Accounting years with figures: the four closed years before the demo year.
FIGURE_YEARS: Final = (2022, 2023, 2024, 2025)

EPOCH: Final = date(1970, 1, 1).toordinal()


def ordinal(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal()


def ordinals(years: I64, months: I64, days: I64) -> I64:
    first_of_month = ((years - 1970) * 12 + months - 1).astype("datetime64[M]")
    return cast(I64, first_of_month.astype("datetime64[D]").astype(np.int64) + days - 1 + EPOCH)


def years_of(days: I64) -> I64:
    dates = (days - EPOCH).astype("datetime64[D]")
    return dates.astype("datetime64[Y]").astype(np.int64) + 1970


def months_of(days: I64) -> I64:
    dates = (days - EPOCH).astype("datetime64[D]")
    return dates.astype("datetime64[M]").astype(np.int64) % 12 + 1


def uniform_days(rng: np.random.Generator, low: I64, high: I64) -> I64:
    """A day drawn uniformly from [low, high] (ordinals, element-wise; high ≥ low)."""
    span = np.maximum(high - low, 0) + 1
    return cast(I64, low + np.floor(rng.random(low.shape) * span).astype(np.int64))
