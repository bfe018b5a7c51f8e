"""Zone-level awards from zone events, in the documents' numbers (甘肃 措施1、2、20; 柳州 (十)(二十)
(二十一)), and the 高新区事件 sheet through the store and the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.zone_awards import ZONE_EVENT_SCHEMA, read_zone_events, zone_awards
from techzone.cli import app
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected
from techzone.store import Store
from tests.io.factory import dump, write_xlsx

GANSU = {"province": "甘肃省"}
WAN = 10_000 * 100  # 万元 in fen


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _events(*rows: dict[str, Any]) -> pl.DataFrame:
    full = [
        {
            "zone_code": "Z",
            "zone_name": "示例高新区",
            "zone_level": "provincial",
            "province": "甘肃省",
            "city": "定西市",
            "attributes": "{}",
            **row,
        }
        for row in rows
    ]
    return pl.DataFrame(full, schema=ZONE_EVENT_SCHEMA)


def _found(catalogue: Catalogue, events: pl.DataFrame, year: int) -> dict[str, dict[str, Any]]:
    found = zone_awards(catalogue, events, year)
    return {row["policy_id"]: row for row in found.iter_rows(named=True)}


def test_a_zone_is_approved_once_however_often_it_is_recorded(catalogue: Catalogue) -> None:
    # 措施2 "一次性给予200万元": the same recognition entered again, or in a later year, is not
    # a second award; the first record pays.
    twice = _events(
        {"ref": "Z4", "kind": "new_provincial_zone", "occurred_on": date(2024, 11, 1)},
        {"ref": "Z2", "kind": "new_provincial_zone", "occurred_on": date(2025, 5, 1)},
        {"ref": "Z3", "kind": "new_provincial_zone", "occurred_on": date(2025, 11, 1)},
    )
    paid = "gansu_zone_measures.new_provincial_zone"
    assert paid not in _found(catalogue, twice, 2025)
    first = _found(catalogue, twice, 2024)[paid]
    assert (first["trigger_id"], first["amount_max"]) == ("zone:Z:Z4", 200 * WAN)
    # Another zone's recognition in the same year is its own.
    other = _events(
        {"ref": "A", "kind": "new_provincial_zone", "occurred_on": date(2025, 5, 1)},
        {
            "zone_code": "Y",
            "ref": "B",
            "kind": "new_provincial_zone",
            "occurred_on": date(2025, 5, 1),
        },
    )
    assert len(zone_awards(catalogue, other, 2025).filter(pl.col("policy_id") == paid)) == 2


def test_new_national_zone_in_gansu_is_owed_at_least_50_million(catalogue: Catalogue) -> None:
    events = _events(
        {"ref": "国函〔2025〕1号", "kind": "new_national_zone", "occurred_on": date(2025, 6, 1)}
    )
    found = _found(catalogue, events, 2025)
    assert set(found) == {"gansu_zone_measures.new_national_zone"}
    row = found["gansu_zone_measures.new_national_zone"]
    # 措施1: "一次性给予不少于5000万元奖励" — open above, planned at its floor.
    assert (row["amount_min"], row["amount_max"], row["planned"]) == (5000 * WAN, None, 5000 * WAN)
    assert row["status"] == "eligible"
    assert row["entitlement_id"].endswith("|zone:Z:国函〔2025〕1号")


def test_new_provincial_zone_in_gansu_is_owed_2_million(catalogue: Catalogue) -> None:
    events = _events(
        {"ref": "甘政函〔2025〕9号", "kind": "new_provincial_zone", "occurred_on": date(2025, 3, 1)}
    )
    row = _found(catalogue, events, 2025)["gansu_zone_measures.new_provincial_zone"]
    assert (row["amount_min"], row["amount_max"]) == (200 * WAN, 200 * WAN)


def test_an_event_of_another_year_or_province_is_owed_nothing(catalogue: Catalogue) -> None:
    events = _events(
        {"ref": "A", "kind": "new_provincial_zone", "occurred_on": date(2024, 12, 31)},
        {
            "ref": "B",
            "kind": "new_provincial_zone",
            "occurred_on": date(2025, 1, 1),
            "province": "陕西省",
            "city": "西安市",
        },
    )
    assert _found(catalogue, events, 2025) == {}
    # The 2024 one is owed in 2024 (paid 下年度, as the clause says).
    assert set(_found(catalogue, events, 2024)) == {"gansu_zone_measures.new_provincial_zone"}


def test_evaluation_reward_has_no_number_and_top_ranks_are_undefined(catalogue: Catalogue) -> None:
    events = _events(
        {"ref": "评1", "kind": "zone_evaluated", "occurred_on": date(2025, 9, 1)},
        {
            "ref": "评2",
            "kind": "zone_evaluated",
            "occurred_on": date(2025, 9, 1),
            "zone_code": "N",
            "zone_level": "national",
        },
    )
    found = zone_awards(catalogue, events, 2025)
    # 措施20 rewards provincial zones "排名靠前" with no number and no rank named: undecided.
    assert found["zone_code"].to_list() == ["Z"]
    row = found.row(0, named=True)
    assert row["policy_id"] == "gansu_zone_measures.top_ranked_zones"
    assert (row["status"], row["amount_min"], row["amount_max"]) == ("unknown", None, None)


def test_liuzhou_zone_clauses_have_no_number(catalogue: Catalogue) -> None:
    liuzhou = {"province": "广西壮族自治区", "city": "柳州市", "zone_code": "GX-LZ"}
    events = _events(
        {"ref": "N", "kind": "new_national_zone", "occurred_on": date(2025, 5, 1), **liuzhou},
        {"ref": "P", "kind": "new_provincial_zone", "occurred_on": date(2025, 5, 1), **liuzhou},
        {"ref": "U", "kind": "zone_ranking_upgrade", "occurred_on": date(2025, 5, 1), **liuzhou},
    )
    found = zone_awards(catalogue, events, 2025)
    assert sorted(found["policy_id"].to_list()) == [
        "liuzhou_zone_measures.new_national_zone",
        "liuzhou_zone_measures.new_national_zone_tech_support",
        "liuzhou_zone_measures.new_provincial_zone",
        "liuzhou_zone_measures.new_provincial_zone_matching",
        "liuzhou_zone_measures.new_zone_matching",
        "liuzhou_zone_measures.zone_upgrade_tech_support",
    ]
    assert found["amount_max"].null_count() == len(found)
    chosen = found.filter(pl.col("policy_id") == "liuzhou_zone_measures.new_provincial_zone")
    assert chosen["status"].to_list() == ["unknown"]  # 择优: no criterion given


def test_every_zone_clause_is_computed_somewhere(catalogue: Catalogue) -> None:
    events = _events(
        *(
            {"ref": f"{kind}-{n}", "kind": kind, "occurred_on": date(2025, 5, 1), **place}
            for kind in ("new_national_zone", "new_provincial_zone", "zone_evaluated")
            for n, place in enumerate(
                [
                    {**GANSU, "zone_code": "GS"},
                    {"zone_code": "LZ", "province": "广西壮族自治区", "city": "柳州市"},
                ]
            )
        ),
        {
            "ref": "U",
            "kind": "zone_ranking_upgrade",
            "occurred_on": date(2025, 5, 1),
            "province": "广西壮族自治区",
            "city": "柳州市",
        },
    )
    computed = set(zone_awards(catalogue, events, 2025)["policy_id"])
    zone_policies = {
        pid for pid, e in catalogue.policies.items() if e.policy.trigger.zone_event is not None
    }
    assert zone_policies and zone_policies <= computed


ZONE = {
    "高新区代码": "GS-DX",
    "高新区名称": "定西高新区",
    "级别": "省级",
    "省份": "甘肃省",
    "城市": "定西市",
    "主导产业": None,
}


def _recognition(ref: str, zone: str = "GS-DX", kind: str = "新认定省级高新区") -> dict[str, Any]:
    """A row of the 高新区事件 sheet as an officer fills it."""
    return {
        "高新区代码": zone,
        "事件编号": ref,
        "事件类型": kind,
        "发生日期": date(2025, 3, 1),
        "属性": None,
    }


def test_the_sheet_stores_reads_and_rejects(store: Store, tmp_path: Path) -> None:
    book = {"高新区": [ZONE], "高新区事件": [_recognition("甘政函〔2025〕9号")]}
    import_file(store, write_xlsx(tmp_path / "zones.xlsx", book))
    with store.transaction() as session:
        events = read_zone_events(session)
    assert events.select("zone_code", "zone_level", "kind", "ref").rows() == [
        ("GS-DX", "provincial", "new_provincial_zone", "甘政函〔2025〕9号")
    ]
    before = dump(store)
    wrong = {"高新区事件": [_recognition("1", zone="GS-XX"), _recognition("2", kind="升格")]}
    with pytest.raises(ImportRejected) as rejected:
        import_file(store, write_xlsx(tmp_path / "wrong.xlsx", wrong))
    reasons = " ".join(problem.reason for problem in rejected.value.problems)
    assert "GS-XX" in reasons and "升格" in reasons
    assert dump(store) == before


def test_awards_all_shows_what_the_zone_is_owed(data_dir: Path, tmp_path: Path) -> None:
    book = {"高新区": [ZONE], "高新区事件": [_recognition("甘政函〔2025〕9号")]}
    runner = CliRunner()
    path = write_xlsx(tmp_path / "zones.xlsx", book)
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    result = runner.invoke(app, ["awards", "--all", "--year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    zoned = json.loads(result.output)["zone_awards"]
    assert [(z["zone"], z["policy"], z["amount"]["text"], z["payer"]) for z in zoned] == [
        ("定西高新区", "gansu_zone_measures.new_provincial_zone", "200.00万元", "省级")
    ]
    shown = runner.invoke(app, ["awards", "--all", "--year", "2025"])
    assert "高新区奖励" in shown.output and "定西高新区" in shown.output
