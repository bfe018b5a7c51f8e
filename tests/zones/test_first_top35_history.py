"""柳州 (二十一) "首次进入全国综合排名前35名的国家高新区" reads every rank on record (blind3).

Seed 004 (二十一): 对新获批的国家级高新技术产业开发区或"进位升级"的高新技术产业开发区
（首次进入全国综合排名前35名的国家高新区或……）予以一定的科技支持. "首次" is a statement about
every earlier year, not the last three: a zone recorded 30th in 2018 that is 34th in 2025 is not
entering for the first time, and must not be given the support. The evaluation used to look back
only three years.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from techzone.model import Zone
from techzone.model.codes import ZoneLevel
from techzone.store import Store
from techzone.zones.consequences import Standing, judge
from techzone.zones.evaluation import annual_evaluation
from techzone.zones.scheme import default_schemes
from techzone.zones.statistics import enter_statistic

LZ = "GX-LZ"


def _zone(store: Store, ranks: dict[int, int]) -> None:
    with store.transaction() as session:
        zone = Zone(
            code=LZ,
            name="柳州高新区",
            level=ZoneLevel.NATIONAL,
            province="广西壮族自治区",
            city="柳州市",
        )
        session.add(zone)
        session.flush()
        for year, rank in ranks.items():
            enter_statistic(session, LZ, year, "national_rank", rank, "王五", datetime(2026, 1, 5))


def _liuzhou(store: Store, year: int) -> dict[str, str]:
    with store.transaction() as session:
        found = annual_evaluation(session, year)
    (liuzhou,) = [r for r in found.results if r.scheme.id == "liuzhou"]
    return {c.rule: c.reason for c in liuzhou.consequences if c.zone == LZ}


@pytest.mark.parametrize(
    ("ranks", "fires"),
    [
        # In the top 35 in 2018 (seven years back): 2025 is not 首次.
        ({2018: 30, 2019: 50, 2024: 40, 2025: 34}, False),
        # Never in the top 35 on record since 2018: 2025 is 首次.
        ({2018: 36, 2019: 50, 2024: 40, 2025: 34}, True),
        # Exactly 35 long ago counts as in the top 35 (前35名 includes 35).
        ({2017: 35, 2024: 40, 2025: 35}, False),
    ],
)
def test_first_time_in_the_top_35_reads_every_recorded_year(
    sqlite_store: Store, ranks: dict[int, int], fires: bool
) -> None:
    _zone(sqlite_store, ranks)
    assert ("lz-first-top35" in _liuzhou(sqlite_store, 2025)) is fires


def test_the_reason_names_the_years_on_record_and_those_missing(sqlite_store: Store) -> None:
    _zone(sqlite_store, {2018: 36, 2019: 50, 2024: 40, 2025: 34})
    reason = _liuzhou(sqlite_store, 2025)["lz-first-top35"]
    assert "2018—2024年" in reason
    # 2020–2023 have no rank: the verdict cannot be certain for them.
    assert "2020—2023年无排名记录" in reason and "需核实" in reason


def _scheme() -> object:
    (scheme,) = [s for s in default_schemes() if s.id == "liuzhou"]
    return scheme


def test_no_earlier_record_says_what_must_be_checked() -> None:
    history = {2025: Standing(2025, national_rank=35)}
    (found,) = [
        c
        for c in judge(_scheme(), LZ, ZoneLevel.NATIONAL, history, 2025)  # type: ignore[arg-type]
        if c.rule == "lz-first-top35"
    ]
    # Not "需核实是否前35名" (35 is in the top 35): what is unknown is the earlier years.
    assert "需核实此前是否进入过前35名" in found.reason


def test_a_year_with_other_values_but_no_rank_is_not_a_year_on_record() -> None:
    history = {
        2024: Standing(2024, flags=frozenset({"yellow_card"})),
        2025: Standing(2025, national_rank=30),
    }
    (found,) = [
        c
        for c in judge(_scheme(), LZ, ZoneLevel.NATIONAL, history, 2025)  # type: ignore[arg-type]
        if c.rule == "lz-first-top35"
    ]
    assert "记录中从未进入" not in found.reason and "此前无排名记录" in found.reason


def test_the_workbook_lists_what_could_not_be_decided(sqlite_store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from techzone.zones.workbook import write_evaluation_workbook

    _zone(sqlite_store, {2025: 40})
    with sqlite_store.transaction() as session:
        found = annual_evaluation(session, 2025)
    out = tmp_path / "评价.xlsx"
    write_evaluation_workbook(found.results, found.indicators, out)
    rows = list(load_workbook(out)["后果"].iter_rows(values_only=True))
    (row,) = [r for r in rows if r[3] == "需核实"]
    assert row[1] == LZ and "2024年全国综合排名未录入" in str(row[5])
