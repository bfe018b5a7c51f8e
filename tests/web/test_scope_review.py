"""Second review of who sees and changes what (session 11): the gaps it found, each guarded.

The route-wide matrix (every route refuses a visitor; a record id outside the scope is not
found) is tests/web/test_isolation_matrix.py; these are what it cannot see: figures a role's
scope does not reach, and a role acting where the same act by hand is refused to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from techzone.access import Role, Scope
from techzone.registry.dashboard import dashboard
from techzone.store import Store
from tests.web.conftest import SessionClient


def test_a_departments_home_holds_no_zone_wide_figure(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    """A 责任单位 reaches the applications and tasks assigned to it (issue #14), not its zone's
    enterprises: no targets, funnel, expiring certificates or award totals of the zone."""
    zone = client_as(Role.ZONE).get("/api/v1/dashboard", params={"targets": "false"}).json()
    assert sum(step["total"] for step in zone["funnel"]) > 0  # the zone has figures to leak
    unit = client_as(Role.UNIT)
    body = unit.get("/api/v1/dashboard").json()  # targets asked for too
    assert body["level"] == "unit"
    assert body["targets"] == []
    assert [step["total"] for step in body["funnel"]] == [0, 0, 0, 0]
    assert all(window["total"] == 0 for window in body["expiring"])
    assert body["awards"] == []
    page = unit.get("/").text
    assert "/dashboard/targets" not in page and "梯度培育漏斗" not in page
    assert "即将到期的资格证书" not in page and "应兑现奖励" not in page
    assert "申报（按批次与状态）" in page
    assert "的目标、现值与预测" not in unit.get("/dashboard/targets").text
    # A department bound to no zone (a province's office named in several zones' chains)
    # reaches no register-wide figure either.
    with web_store.transaction() as session:
        wide = dashboard(session, Scope(role=Role.UNIT, unit="某厅"), date(2026, 6, 1))
    assert wide.targets == [] and wide.awards == []
    assert sum(step.total for step in wide.funnel) == 0
