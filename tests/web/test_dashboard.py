"""首页: the dashboard per role, its targets fragment, and its JSON twin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from techzone.access import Role
from tests.web.conftest import SessionClient


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_its_dashboard(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    page = client.get("/")
    assert page.status_code == 200
    # A department's home holds its applications alone (tests/web/test_scope_review.py).
    if role is not Role.UNIT:
        assert "梯度培育漏斗" in page.text
        assert "即将到期的资格证书" in page.text
        assert 'data-kind="funnel"' in page.text
    assert "/static/charts.js" in page.text
    answer = client.get("/api/v1/dashboard", params={"targets": "false"})
    assert answer.status_code == 200
    body = answer.json()
    assert [step["label"] for step in body["funnel"]] == [
        "科技型中小企业",
        "省级科技创新型企业",
        "高新技术企业",
        "科技领军企业",
    ]
    assert body["targets"] == []


def test_the_zone_page_loads_targets_apart(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    page = client.get("/")
    assert 'hx-get="/dashboard/targets"' in page.text
    fragment = client.get("/dashboard/targets", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "目标" in fragment.text


def test_a_park_officer_sees_only_its_park(client_as: Callable[[Role], SessionClient]) -> None:
    body = client_as(Role.PARK).get("/api/v1/dashboard", params={"targets": "false"}).json()
    assert body["level"] == "park"
    assert len(body["areas"]) == 1
    for step in body["funnel"]:
        assert set(step["by_area"]) <= {f"{a['zone']}/{a['park']}" for a in body["areas"]}


def test_a_bad_day_is_refused_in_chinese(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).get("/api/v1/dashboard", params={"as_of": "2026-13-01"})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_input"


def test_a_visitor_is_sent_to_log_in(anonymous: SessionClient) -> None:
    assert anonymous.get("/", follow_redirects=False).status_code == 303
    assert anonymous.get("/api/v1/dashboard").status_code == 401


def test_the_targets_fragment_shows_progress_as_the_core_gives_it(
    client_as: Callable[[Role], SessionClient],
) -> None:
    # zones.progress gives progress already in per cent (actual ÷ target × 100), as 目标进度 in
    # `techzone zones targets` and the zone page print it. The small demo has a handful of 高企
    # against 白银's "177家以上" (seed 002 一(四)), a few per cent: multiplying by 100 again showed
    # officers more than 100%.
    client = client_as(Role.ZONE)
    body = client.get("/api/v1/dashboard").json()
    rows = [t for zone in body["targets"] for t in zone["targets"] if t["progress"] is not None]
    assert rows, "the small demo should give at least one target a value"
    fragment = client.get("/dashboard/targets", headers={"HX-Request": "true"}).text
    for row in rows:
        assert f"<td>{row['progress']:.1f}%</td>" in fragment
        assert f"<td>{row['progress'] * 100:.1f}%</td>" not in fragment
