"""The national rank given by an imported 年度评价结果 reaches the 柳州 rules (seed 004 (二十一)).

An officer gives a zone's 全国综合排名 either with ``zones enter … national_rank`` or by importing a
高新区事件「年度评价结果」with 「排名」 and 「上年排名」. Both must lead to the same consequences;
when both give the same zone and year, the entered value is used and the disagreement is said.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected
from techzone.io.template import write_template
from techzone.model import Zone, ZoneEvent
from techzone.model.codes import ZoneEventKind, ZoneLevel
from techzone.store import Store
from techzone.zones.evaluation import annual_evaluation
from techzone.zones.indicators import zone_indicators
from techzone.zones.statistics import enter_statistic
from tests.io.factory import write_xlsx

LZ = "GX-LZ"


def _zone(store: Store) -> None:
    with store.transaction() as session:
        session.add(
            Zone(
                code=LZ,
                name="柳州高新区",
                level=ZoneLevel.NATIONAL,
                province="广西壮族自治区",
                city="柳州市",
            )
        )


def _event(store: Store, ref: str, on: date, **ranks: int) -> None:
    with store.transaction() as session:
        zone = session.query(Zone).filter_by(code=LZ).one()
        session.add(
            ZoneEvent(
                zone_id=zone.id,
                ref=ref,
                kind=ZoneEventKind.EVALUATED,
                occurred_on=on,
                attributes={{"now": "排名", "before": "上年排名"}[k]: v for k, v in ranks.items()},
            )
        )


def _liuzhou_rules(store: Store, year: int) -> set[str]:
    with store.transaction() as session:
        found = annual_evaluation(session, year)
    (liuzhou,) = [r for r in found.results if r.scheme.id == "liuzhou"]
    return {c.rule for c in liuzhou.consequences if c.zone == LZ}


# 下降5位以上 → 限期整改; 4 places is not enough.
@pytest.mark.parametrize(("before", "now", "fired"), [(30, 35, True), (30, 34, False)])
def test_an_imported_fall_of_five_places_asks_for_rectification(
    sqlite_store: Store, before: int, now: int, fired: bool
) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=now, before=before)
    assert ("lz-down5" in _liuzhou_rules(sqlite_store, 2025)) is fired


# 提升10位以上且排名在前60名 → 进位升级; 9 places is not enough.
@pytest.mark.parametrize(("before", "now", "fired"), [(60, 50, True), (59, 50, False)])
def test_an_imported_rise_of_ten_places_into_the_top_60_is_an_upgrade(
    sqlite_store: Store, before: int, now: int, fired: bool
) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=now, before=before)
    assert ("lz-rise10-top60" in _liuzhou_rules(sqlite_store, 2025)) is fired


def test_two_yearly_imports_give_the_comparison_without_上年排名(sqlite_store: Store) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2024〕1号", date(2024, 3, 1), now=30)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=35)
    assert "lz-down5" in _liuzhou_rules(sqlite_store, 2025)


def test_entered_rank_wins_over_an_imported_one_and_the_difference_is_said(
    sqlite_store: Store,
) -> None:
    _zone(sqlite_store)
    # Imported: 30 → 35, a fall of 5. Entered for 2025: 34, a fall of 4 — the entry is used.
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=35, before=30)
    with sqlite_store.transaction() as session:
        enter_statistic(session, LZ, 2025, "national_rank", 34, "王五", datetime(2025, 4, 1))
    assert "lz-down5" not in _liuzhou_rules(sqlite_store, 2025)
    with sqlite_store.transaction() as session:
        (row,) = zone_indicators(session, [2025], LZ)
        found = annual_evaluation(session, 2025)
    assert row.values["national_rank"] == 34
    assert row.entries["national_rank"].entered_by == "王五"
    (note,) = row.notes
    assert "34" in note and "35" in note and "国科火字〔2025〕1号" in note and "录入值" in note
    (liuzhou,) = [r for r in found.results if r.scheme.id == "liuzhou"]
    assert liuzhou.notes == {LZ: [note]}


def test_an_agreeing_entry_says_nothing(sqlite_store: Store) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=35, before=30)
    with sqlite_store.transaction() as session:
        enter_statistic(session, LZ, 2025, "national_rank", 35, "王五", datetime(2025, 4, 1))
        (row,) = zone_indicators(session, [2025], LZ)
    assert row.notes == ()
    assert "lz-down5" in _liuzhou_rules(sqlite_store, 2025)


def test_the_imported_value_says_where_it_came_from(sqlite_store: Store) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=35, before=30)
    with sqlite_store.transaction() as session:
        before, now = zone_indicators(session, [2024, 2025], LZ)
    assert (before.values["national_rank"], now.values["national_rank"]) == (30, 35)
    assert "国科火字〔2025〕1号" in now.entries["national_rank"].said
    assert "上年排名" in before.entries["national_rank"].said


def test_a_years_own_排名_wins_over_the_next_years_上年排名(sqlite_store: Store) -> None:
    _zone(sqlite_store)
    _event(sqlite_store, "国科火字〔2024〕1号", date(2024, 3, 1), now=30)
    _event(sqlite_store, "国科火字〔2025〕1号", date(2025, 3, 1), now=35, before=31)
    with sqlite_store.transaction() as session:
        (row,) = zone_indicators(session, [2024], LZ)
    assert row.values["national_rank"] == 30
    (note,) = row.notes
    assert "31" in note and "30" in note


# The import itself, through the template's sheet -----------------------------------------------

_ZONE_ROW = {
    "高新区代码": LZ,
    "高新区名称": "柳州高新区",
    "级别": "国家级",
    "省份": "广西壮族自治区",
    "城市": "柳州市",
    "主导产业": "汽车",
}


def _imported(path: Path, store: Store, attributes: dict[str, object]) -> None:
    event = {
        "高新区代码": LZ,
        "事件编号": "国科火字〔2025〕1号",
        "事件类型": "年度评价结果",
        "发生日期": date(2025, 3, 1),
        "属性": json.dumps(attributes, ensure_ascii=False),
    }
    import_file(store, write_xlsx(path, {"高新区": [_ZONE_ROW], "高新区事件": [event]}))


def test_a_rank_imported_through_the_template_reaches_the_rules(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _imported(tmp_path / "评价.xlsx", sqlite_store, {"排名": 35, "上年排名": 30})
    assert "lz-down5" in _liuzhou_rules(sqlite_store, 2025)


def test_a_previous_rank_that_is_no_place_is_refused_on_import(
    sqlite_store: Store, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected, match="上年排名"):
        _imported(tmp_path / "评价.xlsx", sqlite_store, {"排名": 35, "上年排名": 0})


def test_the_template_names_the_attributes_the_evaluation_reads(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    notes = load_workbook(path)["填表说明"]
    said = [
        str(row[4])
        for row in notes.iter_rows(values_only=True)
        if row[0] == "高新区事件" and row[1] == "属性"
    ]
    (text,) = said
    assert "年度评价结果" in text and "「排名」" in text and "「上年排名」" in text
    assert "全国综合排名" in text
