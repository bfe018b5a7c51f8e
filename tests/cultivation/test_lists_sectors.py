"""规进高 draws on 规上工业、服务业企业 only (seed 003 五(一)2): a crafted district with one
above-scale enterprise per kind of industry, and both sides of the line."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.cultivation.lists import monitoring_lists
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.cultivation.factory import ZONE, enterprise, uscc, write

DAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("industry", "listed"),
    [
        ("C3985", True),  # 制造业: 工业
        ("B0610", True),  # 采矿业: 工业
        ("D4411", True),  # 电力生产: 工业
        ("I6511", True),  # 软件开发: 服务业
        ("F5179", True),  # 批发业: 服务业
        ("M7320", True),  # 工程和技术研究和试验发展: 服务业
        ("A0511", True),  # 农业专业及辅助性活动: 服务业 (三次产业划分规定)
        (None, True),  # 行业未登记: cannot be ruled out, the officer decides
        ("E4811", False),  # 建筑业: neither 工业 nor 服务业
        ("E", False),
        ("A0111", False),  # 种植业: 第一产业
        ("A03", False),  # 畜牧业: 第一产业
    ],
)
def test_above_scale_candidates_are_industrial_or_service_firms(
    sqlite_store: Store, packs: PackSet, industry: str | None, listed: bool
) -> None:
    write(sqlite_store, enterprise(1, above_scale=True, industry=industry))
    with sqlite_store.transaction() as session:
        lists = monitoring_lists(session, packs, DAY, ZONE)
    assert ({c.firm.uscc for c in lists.above_scale_to_high} == {uscc(1)}) is listed


def test_a_firm_below_scale_is_never_an_above_scale_candidate(
    sqlite_store: Store, packs: PackSet
) -> None:
    write(sqlite_store, enterprise(1, above_scale=False, industry="C3985"))
    with sqlite_store.transaction() as session:
        lists = monitoring_lists(session, packs, DAY, ZONE)
    assert lists.above_scale_to_high == []
