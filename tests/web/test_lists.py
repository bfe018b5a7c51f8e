"""三清单 and the monitoring lists: page, workbook and JSON, in the caller's scope."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook

from techzone.access import Role
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.officer_data import usccs


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.ZONE, Role.PARK])
def test_lists_per_officer(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    page = client.get("/lists")
    assert page.status_code == 200
    assert "“小升高”培育对象" in page.text
    body = client.get("/api/v1/lists").json()
    assert [s["sheet"] for s in body["sections"]][:2] and body["as_of"]
    book = client.get("/lists.xlsx")
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.content), read_only=True).sheetnames
    assert sheets == [s["sheet"] for s in body["sections"]]


@pytest.mark.parametrize("role", [Role.UNIT, Role.ENTERPRISE])
def test_lists_are_for_officers(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    assert client.get("/lists").status_code == 403
    assert client.get("/api/v1/lists").status_code == 403
    assert client.get("/lists.xlsx").status_code == 403


def test_a_park_officer_lists_no_other_park(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    places = usccs(web_store)
    client = client_as(Role.PARK)
    text = client.get("/api/v1/lists").text + client.get("/lists").text
    for uscc in places["zone_other_park"] + places["other_zone"]:
        assert uscc not in text
    zone_text = client_as(Role.ZONE).get("/api/v1/lists").text
    for uscc in places["other_zone"]:
        assert uscc not in zone_text


def test_the_zone_lists_do_name_its_enterprises(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    """So that the isolation check above is not vacuous: the lists name enterprises by USCC."""
    places = usccs(web_store)
    text = client_as(Role.ZONE).get("/api/v1/lists").text
    assert any(uscc in text for uscc in places["park"] + places["zone_other_park"])
