"""企业 and 企业详情: search, paging, export, the dossier, and isolation by scope."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from techzone.access import Role
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.officer_data import usccs


@pytest.fixture(scope="module")
def places(web_store: Store) -> dict[str, list[str]]:
    found = usccs(web_store)
    assert all(found.values()), found  # the demo has every kind of place
    return found


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.ZONE, Role.PARK, Role.ENTERPRISE])
def test_the_list_and_its_json_per_role(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    page = client.get("/enterprises")
    assert page.status_code == 200
    assert "企业名单" in page.text
    body = client.get("/api/v1/enterprises", params={"page_size": 200}).json()
    assert body["total"] == len(body["items"]) > 0
    if role is Role.ENTERPRISE:
        assert body["total"] == 1


def test_a_unit_contact_has_no_register(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.UNIT)
    assert client.get("/enterprises").status_code == 403
    assert client.get("/api/v1/enterprises").json()["error"]["code"] == "forbidden"


def test_a_park_officer_never_lists_another_park(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]]
) -> None:
    client = client_as(Role.PARK)
    listed = {r["uscc"] for r in client.get("/api/v1/enterprises?page_size=200").json()["items"]}
    assert listed == set(places["park"])
    page = client.get("/enterprises", params={"page_size": "200"}).text
    for uscc in places["zone_other_park"] + places["other_zone"]:
        assert uscc not in page


def test_a_zone_officer_lists_the_zone_only(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]]
) -> None:
    rows = client_as(Role.ZONE).get("/api/v1/enterprises?page_size=200").json()["items"]
    assert {r["uscc"] for r in rows} == set(places["park"] + places["zone_other_park"])


def test_search_by_uscc_prefix_and_htmx_fragment(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]]
) -> None:
    client = client_as(Role.ZONE)
    uscc = places["zone_other_park"][0]
    fragment = client.get(
        "/enterprises", params={"text": uscc[:14]}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert uscc in fragment.text
    assert f'href="/enterprises/{uscc}"' in fragment.text


def test_paging_sorting_and_refusals(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.PROVINCE)
    first = client.get("/api/v1/enterprises", params={"page_size": 5, "sort": "uscc"}).json()
    second = client.get(
        "/api/v1/enterprises", params={"page_size": 5, "page": 2, "sort": "uscc"}
    ).json()
    assert first["pages"] == second["pages"] >= 2
    ones = [r["uscc"] for r in first["items"]]
    assert ones == sorted(ones) and ones[-1] < second["items"][0]["uscc"]
    bad = client.get("/api/v1/enterprises", params={"sort": "secret"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_sort"
    size = client.get("/api/v1/enterprises", params={"page_size": 201})
    assert size.status_code == 422 and size.json()["error"]["code"] == "bad_page_size"
    kind = client.get("/api/v1/enterprises", params={"qualification": "nothing"})
    assert kind.status_code == 422 and "资格" in kind.json()["error"]["message"]
    assert client.get("/enterprises", params={"expiring_within": "9999"}).status_code == 422


def test_filters_narrow_the_list(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    every = client.get("/api/v1/enterprises", params={"page_size": 200}).json()["total"]
    hnte = client.get(
        "/api/v1/enterprises", params={"page_size": 200, "qualification": "hnte"}
    ).json()["total"]
    assert 0 < hnte < every


def test_export_holds_every_page_of_the_filter(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]]
) -> None:
    client = client_as(Role.PARK)
    answer = client.get("/enterprises/export.xlsx", params={"page_size": "1"})
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    assert {r[0] for r in rows[1:]} == set(places["park"])


def test_the_dossier_page_and_json(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]]
) -> None:
    client = client_as(Role.ZONE)
    uscc = places["park"][0]
    page = client.get(f"/enterprises/{uscc}")
    assert page.status_code == 200
    # The computed parts arrive after the page, each from its own route.
    parts = [f"/enterprises/{uscc}/{part}" for part in ("assessment", "steps", "awards")]
    for url in parts:
        assert f'hx-get="{url}" hx-trigger="load"' in page.text
    loaded = [client.get(url, headers={"HX-Request": "true"}) for url in parts]
    assert [answer.status_code for answer in loaded] == [200, 200, 200]
    assert all("<html" not in answer.text for answer in loaded)  # fragments, not pages
    text = page.text + "".join(answer.text for answer in loaded)
    for heading in ("基本信息", "历年数据", "资质评估", "培育路径与计划", "奖补", "申报"):
        assert heading in text
    assert '<details class="tree criterion">' in loaded[0].text
    assert "国科发火〔2016〕32号" in loaded[0].text  # the clause each criterion quotes
    assert "主营业务收入" in text and "main_business_income" not in text
    assert "{&#39;criterion&#39;" not in text  # gaps read as sentences
    assert "年奖补" in loaded[2].text and "<table" in loaded[2].text
    # Opened directly (no script), each part is a page of its own.
    for url in parts:
        direct = client.get(url)
        assert direct.status_code == 200 and "<html" in direct.text
    body = client.get(f"/api/v1/enterprises/{uscc}").json()
    assert body["identity"]["uscc"] == uscc
    assert body["assessment"]["format"] == "techzone.trace.v2"


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.ZONE, "other_zone"),
        (Role.PARK, "zone_other_park"),
        (Role.PARK, "other_zone"),
        (Role.ENTERPRISE, "zone_other_park"),
        (Role.ENTERPRISE, "other_zone"),
    ],
)
def test_out_of_scope_dossier_is_not_found(
    client_as: Callable[[Role], SessionClient],
    places: dict[str, list[str]],
    role: Role,
    place: str,
) -> None:
    client = client_as(role)
    own = client.get("/api/v1/enterprises").json()["items"]
    uscc = next(u for u in places[place] if u not in {r["uscc"] for r in own})
    assert client.get(f"/enterprises/{uscc}").status_code == 404
    for part in ("assessment", "steps", "awards"):
        refused = client.get(f"/enterprises/{uscc}/{part}", headers={"HX-Request": "true"})
        assert refused.status_code == 404 and uscc not in refused.text
    answer = client.get(f"/api/v1/enterprises/{uscc}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert uscc not in answer.text


def test_an_enterprise_user_sees_its_own_dossier(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ENTERPRISE)
    own = client.get("/api/v1/enterprises").json()["items"][0]["uscc"]
    assert client.get(f"/enterprises/{own}").status_code == 200
    assert client.get("/enterprises/NOT-A-CODE").status_code == 404


def test_the_dossier_page_sends_two_statements(
    client_as: Callable[[Role], SessionClient], places: dict[str, list[str]], web_store: Store
) -> None:
    # The login's lookup and the dossier's one read (``dossier_head``): each statement is a round
    # trip to a database server. Counted after a first request, which may note the login's use.
    client = client_as(Role.ZONE)
    uscc = places["park"][0]
    assert client.get(f"/enterprises/{uscc}").status_code == 200
    sent: list[str] = []

    def count(_c: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.append(statement)

    event.listen(web_store.engine, "before_cursor_execute", count)
    try:
        page = client.get(f"/enterprises/{uscc}")
    finally:
        event.remove(web_store.engine, "before_cursor_execute", count)
    assert page.status_code == 200 and "历年数据" in page.text
    assert len(sent) == 2, sent
