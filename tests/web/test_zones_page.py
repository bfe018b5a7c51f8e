"""园区: zone indicators, targets and the evaluation, each within the caller's scope."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from techzone.access import Role
from techzone.accounts import Binding
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.policy_support import client_for

YEAR = 2025
_numbers = itertools.count(1)


def test_a_zone_admin_sees_its_own_zone_only(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    listed = client.get(f"/api/v1/zones?year={YEAR}").json()
    assert [zone["zone_code"] for zone in listed["zones"]] == ["GS-BY"]
    one = client.get(f"/api/v1/zones/GS-BY/indicators?year={YEAR}")
    assert one.status_code == 200
    body = one.json()
    assert body["zone_name"] == "白银高新区"
    assert {item["code"] for item in body["indicators"]} >= {"hnte_share", "enterprises"}
    assert body["targets"], "白银 has its 2027 targets"
    page = client.get(f"/zones/GS-BY?year={YEAR}")
    assert page.status_code == 200 and "目标进度与预测" in page.text


@pytest.mark.parametrize("other", ["GS-LZ", "GX-LZ", "NO-SUCH", "GS%00BY", "X" * 41])
def test_another_zone_is_not_found(client_as: Callable[[Role], SessionClient], other: str) -> None:
    client = client_as(Role.ZONE)
    answer = client.get(f"/api/v1/zones/{other}/indicators?year={YEAR}")
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "没有这个高新区，或不在您的查看范围内"
    assert client.get(f"/zones/{other}?year={YEAR}").status_code == 404


def test_a_province_admin_sees_every_zone_of_the_province_and_no_other(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.PROVINCE)
    codes = [z["zone_code"] for z in client.get(f"/api/v1/zones?year={YEAR}").json()["zones"]]
    assert "GS-BY" in codes and "GS-LZ" in codes and len(codes) > 5
    assert "LZ-CG" in codes and not any(code.startswith("GX-") for code in codes)
    assert client.get(f"/api/v1/zones/GS-LZ/indicators?year={YEAR}").status_code == 200
    assert client.get(f"/api/v1/zones/GX-LZ/indicators?year={YEAR}").status_code == 404


def test_the_province_sees_the_ranking_its_consequences_and_the_choices(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.PROVINCE)
    body = client.get(f"/api/v1/zones/evaluation?year={YEAR}").json()
    (scheme,) = body["schemes"]  # 柳州's scheme covers 广西, not this province
    assert scheme["title"] == "甘肃省省级高新区年度发展评价"
    ranks = [row["rank"] for row in scheme["ranking"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert all(row["ranked"] == len(scheme["ranking"]) for row in scheme["ranking"])
    assert any("本地选择" in line for line in scheme["basis"])
    assert any("文件规定" in line for line in scheme["basis"])
    for consequence in scheme["consequences"]:
        assert consequence["outcome"] in {
            "奖励",
            "表扬",
            "支持",
            "通报约谈",
            "限期整改",
            "取消资格",
        }
    page = client.get(f"/zones/evaluation?year={YEAR}")
    assert page.status_code == 200 and "本评价依据的方法和参数" in page.text


def test_a_zone_admin_sees_only_its_own_place_in_the_ranking(
    web_app: FastAPI, web_store: Store, client_as: Callable[[Role], SessionClient]
) -> None:
    everyone = client_as(Role.PROVINCE).get(f"/api/v1/zones/evaluation?year={YEAR}").json()
    ranking = everyone["schemes"][0]["ranking"]
    mine = ranking[2]
    client = client_for(
        web_app, web_store, f"zoneeval{next(_numbers)}", Role.ZONE, Binding(zone=mine["zone_code"])
    )
    with client:
        body = client.get(f"/api/v1/zones/evaluation?year={YEAR}").json()
        (scheme,) = body["schemes"]
        assert scheme["ranking"] == [mine]
        assert all(c["zone_code"] == mine["zone_code"] for c in scheme["consequences"])
        listed = client.get(f"/api/v1/zones?year={YEAR}").json()["zones"]
        assert [z["zone_code"] for z in listed] == [mine["zone_code"]]


def test_a_national_zone_has_no_provincial_ranking(
    client_as: Callable[[Role], SessionClient],
) -> None:
    """白银 is a national zone: the province's scheme for its provincial zones does not cover it."""
    body = client_as(Role.ZONE).get(f"/api/v1/zones/evaluation?year={YEAR}").json()
    assert body["schemes"] == []
    page = client_as(Role.ZONE).get(f"/zones/evaluation?year={YEAR}")
    assert "没有覆盖您查看范围内高新区的评价办法" in page.text


@pytest.mark.parametrize("role", [Role.PARK, Role.UNIT, Role.ENTERPRISE])
def test_roles_below_a_zone_may_not(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    for url in (
        f"/api/v1/zones?year={YEAR}",
        f"/api/v1/zones/GS-BY/indicators?year={YEAR}",
        f"/api/v1/zones/evaluation?year={YEAR}",
        "/zones",
        "/zones/GS-BY",
        "/zones/evaluation",
    ):
        assert client.get(url).status_code == 403, url


def test_a_year_out_of_bounds_is_refused(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).get("/api/v1/zones?year=1990")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_year"


def test_pages_default_to_last_year(client_as: Callable[[Role], SessionClient]) -> None:
    page = client_as(Role.PROVINCE).get("/zones")
    assert page.status_code == 200 and "白银高新区" in page.text


def test_what_the_evaluation_cannot_decide_is_on_the_page(
    web_app: FastAPI, web_store: Store
) -> None:
    """柳州 (二十一) compares 全国综合排名 with last year's: with only this year's entered, the page
    said 本年没有…后果 and nothing more. The evaluation's notes (undecided comparisons, entered vs
    imported ranks that disagree) must reach the page and the API, as they reach the command line
    (blind3)."""
    from datetime import datetime

    from techzone.zones.statistics import enter_statistic

    with web_store.transaction() as session:
        enter_statistic(session, "GX-LZ", 2023, "national_rank", 70, "王五", datetime(2024, 3, 1))
    client = client_for(
        web_app, web_store, f"zoneeval{next(_numbers)}", Role.ZONE, Binding(zone="GX-LZ")
    )
    with client:
        body = client.get("/api/v1/zones/evaluation?year=2023").json()
        (scheme,) = body["schemes"]
        (note,) = scheme["notes"]
        assert note.startswith("柳州高新区") and "2022年全国综合排名未录入" in note
        assert "需核实" in note and "seeds/" not in note
        page = client.get("/zones/evaluation?year=2023")
        assert "注意：柳州高新区2023年全国综合排名第70名" in page.text
