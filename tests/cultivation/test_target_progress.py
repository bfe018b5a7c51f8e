"""The weekly report's 完成率 and 差额 on each side of a target (seed 003 二)."""

from __future__ import annotations

import pytest

from techzone.cultivation.progress import TargetProgress
from techzone.zones.targets import Target, targets_for


def _chengguan(indicator: str) -> Target:
    return next(t for t in targets_for(2026, "LZ-CG") if t.indicator == indicator)


@pytest.mark.parametrize(
    ("actual", "met", "share", "remaining"),
    [
        # 民营高新技术企业占比达到80%以上: 79.97% is short of it by 0.03 and must not read 100%.
        (79.97, False, 99.9, 0.03),
        (79.6, False, 99.5, 0.4),
        (80.0, True, 100.0, 0.0),
    ],
)
def test_private_share_around_80_percent(
    actual: float, met: bool, share: float, remaining: float
) -> None:
    found = TargetProgress(_chengguan("hnte_private_share"), actual)
    assert (found.met, found.share, found.remaining) == (met, share, remaining)


@pytest.mark.parametrize(
    ("actual", "met", "share", "remaining"),
    [
        # 全区高新技术企业突破255家: 255 has not broken through; 256 has.
        (255.0, False, 99.9, 1.0),
        (256.0, True, 100.4, 0.0),
    ],
)
def test_hnte_total_around_255(actual: float, met: bool, share: float, remaining: float) -> None:
    found = TargetProgress(_chengguan("hnte_total"), actual)
    assert (found.met, found.share, found.remaining) == (met, share, remaining)


@pytest.mark.parametrize(("actual", "met", "share"), [(34.0, False, 97.1), (35.0, True, 100.0)])
def test_new_hnte_around_35_a_year(actual: float, met: bool, share: float) -> None:
    # 每年新认定高新技术企业35家以上.
    found = TargetProgress(_chengguan("hnte_first_recognised"), actual)
    assert (found.met, found.share) == (met, share)
