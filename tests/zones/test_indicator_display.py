"""A value just under a document's threshold is never shown on it (blindzones2).

`zones indicators` printed 主导产业集中度 59.9999% as "60 … ≥ 60%（未达到）" and
高新技术企业占比 9.999% as "10 … ≥ 10%（未达到）": the verdict was right (seed 001 第10、12条
"达到10%以上", "60%以上"), the figure beside it contradicted it. A value that misses its goal is
cut, not rounded up."""

from __future__ import annotations

import pytest

from techzone.cli.zones import _number


@pytest.mark.parametrize(
    ("value", "met", "shown"),
    [
        (59.9999, False, "59.99"),
        (9.999, False, "9.99"),
        (59.9, False, "59.9"),
        (0.29, False, "0.29"),
        (60.0, True, "60"),
        (60.004, True, "60"),
        (14.2857, None, "14.29"),  # no goal: rounded as before
        (1873295.671, None, "1,873,295.67"),
        (None, None, "—"),
    ],
)
def test_a_missed_goal_is_not_rounded_onto_its_threshold(
    value: float | None, met: bool | None, shown: str
) -> None:
    assert _number(value, met) == shown
