"""A page number past the last page — a bookmark kept while the register shrank, a link typed by
hand — shows the last page, not 「没有符合条件的企业」 under 「共64家企业」."""

from __future__ import annotations

import re
from collections.abc import Callable

from techzone.access import Role
from tests.web.conftest import SessionClient


def _shown(text: str) -> str:
    found = re.search(r'<span role="status">([^<]*)</span>', text)
    assert found is not None
    return found.group(1)


def test_a_page_past_the_end_of_the_register_goes_to_the_last_page(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    first = client.get("/enterprises?page_size=5")
    total_pages = int(re.search(r"/(\d+)页", _shown(first.text)).group(1))  # type: ignore[union-attr]
    assert total_pages > 1

    answer = client.get("/enterprises?page_size=5&sort=name&page=99999", follow_redirects=False)

    assert answer.status_code == 303
    location = answer.headers["location"]
    assert f"page={total_pages}" in location and "page_size=5" in location
    last = client.get(location)
    assert f"第{total_pages}/{total_pages}页" in _shown(last.text)
    assert "没有符合条件的企业" not in last.text


def test_a_page_past_the_end_in_place_shows_the_last_page(
    client_as: Callable[[Role], SessionClient],
) -> None:
    # htmx swaps the rows in place: the last page's rows, its address pushed to the history.
    client = client_as(Role.ZONE)
    answer = client.get("/enterprises?page_size=5&page=99999", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    shown = _shown(answer.text)
    pages = re.search(r"第(\d+)/(\d+)页", shown)
    assert pages is not None and pages.group(1) == pages.group(2), shown
    assert "page=" + pages.group(2) in answer.headers.get("HX-Push-Url", "")


def test_a_search_that_matches_nothing_still_says_so(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/enterprises?text=不存在的企业名称&page=3", follow_redirects=False)
    assert answer.status_code == 200
    assert "没有符合条件的企业" in answer.text


def test_the_api_answers_a_page_past_the_end_with_no_items(
    client_as: Callable[[Role], SessionClient],
) -> None:
    # A program reads pages until one comes back empty: the last page again would never end.
    client = client_as(Role.ZONE)
    answer = client.get("/api/v1/enterprises?page=99999")
    assert answer.status_code == 200
    assert answer.json()["items"] == []


def test_an_audit_page_past_the_end_says_so_and_leads_back(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/audit?page=99999")
    assert answer.status_code == 200
    assert "没有记录" not in answer.text
    assert "已超过最后一页" in answer.text and 'href="/audit?page=1"' in answer.text


def test_a_case_list_page_past_the_end_says_so_and_leads_back(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/fulfilment?page=99999&year=2026")
    assert answer.status_code == 200
    assert "没有案件" not in answer.text
    assert "已超过最后一页" in answer.text
    assert 'href="/fulfilment?page=1&amp;state=&amp;policy=&amp;year=2026"' in answer.text
