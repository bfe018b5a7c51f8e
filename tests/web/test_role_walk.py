"""Each role's walk through the pages it can reach from its menu: every link it is shown answers
(no dead link, no server error), and no page shows an internal identifier (a code name, a seed
file's number, a reference file) where officers read Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

import pytest

from techzone.access import Role
from tests.web.conftest import SessionClient

# Enough to reach every kind of page once (one enterprise, a few policies) and stay quick.
PAGES_PER_ROLE = 45
DOWNLOADS = (".xlsx", ".docx", ".csv", "/download", "/export")
INTERNAL = [
    re.compile(r"\b[a-z]+_[a-z0-9_]+\b"),  # a code name: hnte_conversions_3y
    re.compile(r"\bseed \d{3}\b"),  # a seed file's number instead of the document's name
    re.compile(r"\b[\w-]+\.md\b"),  # a maintainers' reference file
    re.compile(r"NOT FOUND"),
    re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\bnan\b"),  # Python's words for nothing and yes/no
]


class _Page(HTMLParser):
    """A page's visible text (no scripts, styles or attributes) and the links it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _walk(client: SessionClient) -> dict[str, tuple[int, str, list[str]]]:
    seen: dict[str, tuple[int, str, list[str]]] = {}
    queue = ["/"]
    enterprise_pages = 0
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen:
            continue
        if any(part in path for part in DOWNLOADS):
            answer = client.get(path)
            seen[path] = (answer.status_code, "", [])
            continue
        answer = client.get(path)
        parsed = _Page()
        parsed.feed(answer.text)
        seen[path] = (answer.status_code, " ".join(parsed.text), parsed.links)
        for href in parsed.links:
            link = urlparse(href)
            if link.scheme or link.netloc or not link.path.startswith("/"):
                continue
            if link.path.startswith("/static/"):
                continue
            if re.fullmatch(r"/enterprises/[0-9A-Z]{18}", link.path):
                enterprise_pages += 1
                if enterprise_pages > 2:
                    continue
            queue.append(link.path + (f"?{link.query}" if link.query else ""))
    return seen


@pytest.mark.parametrize("role", list(Role))
def test_every_link_a_role_is_shown_answers_in_chinese(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    pages = _walk(client_as(role))
    assert len(pages) > 3
    broken = {path: status for path, (status, _t, _l) in pages.items() if status >= 400}
    assert not broken, f"{role.label}看到的链接打不开：{broken}"
    found = {
        path: sorted({m.group(0) for pattern in INTERNAL for m in pattern.finditer(text)})
        for path, (_s, text, _l) in pages.items()
    }
    assert not {path: words for path, words in found.items() if words}


def test_an_explanations_values_carry_their_names_and_units(
    client_as: Callable[[Role], SessionClient],
) -> None:
    from techzone.web.support import measured, shown, term

    assert term("rd_ratio_3y") != "rd_ratio_3y"
    assert measured(0.079744, "rd_ratio_3y") == "7.9744%"
    assert measured(60319900.0, "sales_revenue_3y") == "60,319,900元"
    assert measured(35.56, "employees_y3") == "35.56人"
    assert shown(6.03199e07) == "60,319,900" and "e+" not in shown(1.5e-7)
    home = client_as(Role.ZONE).get("/enterprises").text
    uscc = re.search(r'href="/enterprises/([0-9A-Z]{18})"', home)
    assert uscc is not None
    # The explanation is the dossier's computed part, loaded after the page.
    page = client_as(Role.ZONE).get(f"/enterprises/{uscc.group(1)}/assessment").text
    assert "数值：" in page and "e+0" not in page


def test_a_declaration_in_the_dossier_reads_as_its_label_and_value(
    client_as: Callable[[Role], SessionClient], web_store: Any
) -> None:
    from sqlalchemy import select

    from techzone.model import Declaration, Enterprise, Park, Zone
    from techzone.rules.loader import load_packs

    declared = load_packs().declarations
    with web_store.transaction() as session:
        uscc, item, value = session.execute(
            select(Enterprise.uscc, Declaration.item, Declaration.value)
            .join(Enterprise, Declaration.enterprise_id == Enterprise.id)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .where(Declaration.value.in_([str(n) for n in range(1, 9)]), Zone.province == "甘肃省")
            .order_by(Declaration.id)
        ).first()
    answer = client_as(Role.PROVINCE).get(f"/enterprises/{uscc}")
    assert answer.status_code == 200
    page = answer.text
    # A number is not read as a code (「1」 once showed as 电子信息, the field coded 1).
    assert f"{declared[item].label}：{value}（" in page


def test_a_departments_board_names_enterprises_without_links_it_cannot_open(
    client_as: Callable[[Role], SessionClient], web_store: Any
) -> None:
    from tests.web.test_applications import YEAR, _open

    _open(web_store, "park")
    client = client_as(Role.UNIT)
    board = client.get(f"/applications?year={YEAR}").text
    assert "<td>" in board and 'href="/enterprises/' not in board
    assert 'href="/enterprises/' in client_as(Role.ZONE).get(f"/applications?year={YEAR}").text
