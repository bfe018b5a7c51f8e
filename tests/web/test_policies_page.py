"""政策清单: every clause with its text, parameters and their dated history; filters; detail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from techzone.access import Role
from techzone.awards.catalogue import load_catalogue
from tests.web.conftest import SessionClient

NATIONAL_PRIZE = "国家科学技术奖主要完成单位奖补"


def _find(listed: list[dict[str, Any]], title: str) -> dict[str, Any]:
    return next(p for p in listed if p["title"] == title)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_catalogue(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    listed = client.get("/api/v1/policies")
    assert listed.status_code == 200
    assert len(listed.json()) == len(load_catalogue().policies)
    page = client.get("/policies")
    assert page.status_code == 200 and NATIONAL_PRIZE in page.text


def test_a_policy_has_its_clause_and_its_dated_parameters(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    policy = _find(client.get("/api/v1/policies").json(), NATIONAL_PRIZE)
    # 白银 政策清单 第三条: 特等奖、一、二、三等奖分别给予50万元、30万元、20万元、10万元
    assert "分别给予50万元、30万元、20万元、10万元" in policy["clause_text"]
    assert policy["payer"] == "高新区"
    (parameter,) = policy["parameters"]
    (dated,) = parameter["values"]
    assert dated["from"] == "2024-01-01" and dated["until"] is None
    assert (
        dated["value"] == "特等奖 50.00万元；一等奖 30.00万元；二等奖 20.00万元；三等奖 10.00万元"
    )
    one = client.get(f"/api/v1/policies/{policy['id']}")
    assert one.status_code == 200 and one.json() == policy
    page = client.get(f"/policies/{policy['id']}")
    assert page.status_code == 200
    assert "特等奖 50.00万元" in page.text and "2024-01-01" in page.text
    assert "条款原文" in page.text


def test_a_parameter_with_two_dates_shows_both(client_as: Callable[[Role], SessionClient]) -> None:
    catalogue = load_catalogue()
    dated = [
        (entry.id, parameter)
        for entry in catalogue.policies.values()
        for parameter in entry.parameters().values()
        if len(parameter.values) > 1
    ]
    if not dated:
        pytest.skip("no policy parameter of the packs has changed over time yet")
    policy_id, parameter = dated[0]
    shown = client_as(Role.ZONE).get(f"/api/v1/policies/{policy_id}").json()
    history = next(p for p in shown["parameters"] if p["label"] == parameter.label)["values"]
    starts = sorted(day.isoformat() for day in parameter.values)
    assert [v["from"] for v in history] == starts
    assert history[0]["until"] == starts[1]


@pytest.mark.parametrize(
    ("field", "code", "label"), [("payer", "province", "省级"), ("level", "zone", "高新区")]
)
def test_filters_keep_only_that_level(
    client_as: Callable[[Role], SessionClient], field: str, code: str, label: str
) -> None:
    client = client_as(Role.ZONE)
    every = client.get("/api/v1/policies").json()
    kept = client.get(f"/api/v1/policies?{field}={code}").json()
    assert kept and len(kept) < len(every)
    assert all(p[field] == label for p in kept)
    assert len(kept) == sum(p[field] == label for p in every)
    page = client.get(f"/policies?{field}={code}", headers={"HX-Request": "true"})
    assert page.status_code == 200 and f"共{len(kept)}项政策" in page.text


def test_an_unknown_filter_or_policy_is_refused(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    assert client.get("/api/v1/policies?payer=moon").status_code == 422
    page = client.get("/policies?payer=moon")
    assert page.status_code == 422 and "出资层级「moon」无效" in page.text
    missing = client.get("/api/v1/policies/no.such")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "没有这项政策"
    assert client.get("/policies/no.such").status_code == 404


def test_a_visitor_must_log_in(anonymous: SessionClient) -> None:
    assert anonymous.get("/api/v1/policies").status_code == 401
