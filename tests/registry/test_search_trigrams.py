"""The search through the names' trigram index (migration 0018) against the plain scan of the
scope, on a generated register and on both databases: the same rows, order, pages and counts for
every query — 1 to many characters, whole names, USCC prefixes and fragments, letters in either
case, % _ \\ and " as characters, spaces — in every kind of scope."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

import techzone.registry.search as search
from techzone.access import Scope
from techzone.demo.generator import generate
from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import EnterpriseRow, ParkRow, ZoneRow
from techzone.io.writer import write_rows
from techzone.model import Enterprise, Park, Zone
from techzone.registry import QueryRejected
from techzone.registry.search import Page, search_enterprises
from techzone.store import Store, open_store
from tests.postgres import PostgresServer

ENTERPRISES = 1500
_numbers = itertools.count()

# Names the demo does not make: letters in both cases (ASCII and beyond, which SQLite's LIKE
# does not fold), spaces, the LIKE and FTS5 query characters, and a name that holds another.
SPECIAL = (
    "Alpha Beta 科技有限公司",
    "ALPHA beta 材料有限公司",
    "alphabet 有限公司",
    "Äpfel Ölwerk 有限公司",
    "äpfel ölwerk 有限公司",
    "Straße 制造有限公司",
    "百分之%百_有限公司",
    "反斜杠\\路径有限公司",
    '引号"名字"有限公司',
    "星号*与^符号 AND OR NOT 有限公司",
    "兰州 中间 有空格 有限公司",
    "兰州",
    "ΣΊΣΥΦΟΣ 希腊字母有限公司",
    "σίσυφος 希腊字母有限公司",
    "Kelvin\u212a 有限公司",
    "kelvink 有限公司",
)


def _special_rows(parks: list[tuple[str, str]]) -> list[EnterpriseRow]:
    return [
        EnterpriseRow.model_validate(
            {
                "统一社会信用代码": synthetic_uscc(900_000 + number, "620102"),
                "企业名称": name,
                "高新区代码": parks[number % len(parks)][0],
                "园区代码": parks[number % len(parks)][1],
                "成立日期": date(2018, 1, 1 + number),
                "所有制": "民营",
                "规上企业": "否",
                "上市状态": "未上市",
            }
        )
        for number, name in enumerate(SPECIAL)
    ]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The demo's zones, parks and enterprises (no figures: the search reads none), and the
    special names, in one store per database for the whole module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('trigrams') / 'techzone.sqlite'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"search_trigrams_{next(_numbers)}")
    store = open_store(url)
    data = generate(ENTERPRISES, seed=3)
    with store.transaction() as session:
        write_rows(session, {sheet: data[sheet] for sheet in (ZoneRow, ParkRow, EnterpriseRow)})
    with store.transaction() as session:
        parks = [tuple(row) for row in session.execute(
            select(Zone.code, Park.code).join(Park, Park.zone_id == Zone.id).order_by(Park.id)
        )]  # fmt: skip
        write_rows(session, {EnterpriseRow: _special_rows(parks)})  # type: ignore[arg-type]
        session.execute(text("ANALYZE"))
    try:
        yield store
    finally:
        store.dispose()


def _queries(session: Session) -> list[str]:
    rows = session.execute(select(Enterprise.name, Enterprise.uscc).order_by(Enterprise.id)).all()
    pick = random.Random(14)
    queries = {
        "有限公司", "科技", "科技有限公司", "兰州", "兰州新区", "甘肃", "公司", "司", "有",
        "alpha", "ALPHA", "Alpha Beta", "a b", "beta 材", "alphabet", "ALPHABET 有",
        "Äpfel", "äpfel", "ÄPFEL", "ölw", "Straße", "STRASSE", "strasse",
        "σίσυφος", "ΣΊΣΥΦΟΣ", "σίσ", "Kelvink", "kelvin\u212a", "KELVINK",
        "%", "_", "%百_", "之%百", "\\", "杠\\路", '"', '"名字"', '引号"', "*与^", "AND OR",
        "^", "*", "NOT", ":", "中间 有", " 有空格 ", "  兰州  ", "x", "xyz", "无此企业名称",
        "91", "916", "9162", "91620102", "916201020", "9162010200", "9162a", "91620102ab",
    }  # fmt: skip
    for name, uscc in pick.sample(rows, 40):
        queries.add(name)
        for length in (1, 2, 3, 4, 6):
            start = pick.randrange(max(1, len(name) - length + 1))
            queries.add(name[start : start + length])
        queries.update({uscc, uscc[:3], uscc[:10], uscc[:12].lower(), uscc[4:12], uscc[-5:]})
    return sorted(queries)


def _scopes(session: Session) -> list[Scope]:
    largest_zone, province = session.execute(
        select(Zone.code, Zone.province)
        .join(Park, Park.zone_id == Zone.id)
        .join(Enterprise, Enterprise.park_id == Park.id)
        .group_by(Zone.code, Zone.province)
        .order_by(text("count(*) DESC"), Zone.code)
        .limit(1)
    ).one()
    zone, park = session.execute(
        select(Zone.code, Park.code).join(Park, Park.zone_id == Zone.id).order_by(Park.id).limit(1)
    ).one()
    one = session.scalars(select(Enterprise.uscc).order_by(Enterprise.id).limit(1)).one()
    return [
        Scope.everything(),
        Scope(province=province),
        Scope(zone=largest_zone),
        Scope(zone=zone, park=park),
        Scope(uscc=one),
    ]


SORTS = [
    ("name", "asc"),
    ("uscc", "desc"),
    ("registered_on", "asc"),
    ("park", "desc"),
    ("zone", "asc"),
]


def _search(store: Store, scan: bool, **arguments: Any) -> Page[Any] | str:
    with store.transaction() as session:
        if scan and session.get_bind().dialect.name == "postgresql":
            # The scan the indexes replace: no index may find the rows.
            session.execute(text("SET LOCAL enable_bitmapscan = off"))
            session.execute(text("SET LOCAL enable_indexscan = off"))
            session.execute(text("SET LOCAL enable_indexonlyscan = off"))
        try:
            return search_enterprises(session, as_of=date(2026, 6, 30), **arguments)
        except QueryRejected as refused:
            return refused.code


@pytest.mark.parametrize(("few", "candidates"), [(1000, 1000), (3, 8), (8, 3)])
def test_the_indexed_search_answers_as_the_scan(
    generated: Store, monkeypatch: pytest.MonkeyPatch, few: int, candidates: int
) -> None:
    # Small limits take the other paths on this small register: more candidates than a search
    # reads through the index, more matches than it pages among its ids.
    monkeypatch.setattr(search, "FEW", few)
    monkeypatch.setattr(search, "CANDIDATES", candidates)
    with generated.transaction() as session:
        queries = _queries(session)
        scopes = _scopes(session)
    found = search._candidates
    indexed: list[str] = []

    def counted(session: Session, cleaned: str) -> list[int] | None:
        result = found(session, cleaned)
        if result is not None:
            indexed.append(cleaned)
        return result

    compared = 0
    for number, query in enumerate(queries):
        for scope in scopes:
            arguments = {
                "scope": scope,
                "text": query,
                "sort": SORTS[number % len(SORTS)],
                "page": 1 + number % 2,
                "page_size": 3 + number % 5,
            }
            monkeypatch.setattr(search, "_candidates", counted)
            answer = _search(generated, False, **arguments)
            monkeypatch.setattr(search, "_candidates", lambda *_: None)
            scanned = _search(generated, True, **arguments)
            assert answer == scanned, (query, scope, arguments)
            compared += 1
    assert compared == len(queries) * len(scopes) > 1000
    with generated.transaction() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        # Not a vacuous comparison: most queries of three characters or more went through the
        # index (the rest, found more often than the limit, were read as before).
        assert len(set(indexed)) > len([q for q in queries if len(q.strip()) >= 3]) / 2
        assert all(len(q) >= 3 for q in indexed)


def test_some_answers_of_the_generated_register(generated: Store) -> None:
    # What the comparison above compares is not empty: the register is searched for real.
    def names(text: str) -> list[str]:
        page = _search(generated, False, scope=Scope.everything(), text=text, page_size=200)
        assert isinstance(page, Page)
        return sorted(row.name for row in page.items)

    with generated.transaction() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
    # SQLite's LIKE folds A–Z only; PostgreSQL's does not fold at all.
    assert names("alpha") == (
        ["ALPHA beta 材料有限公司", "Alpha Beta 科技有限公司", "alphabet 有限公司"]
        if sqlite
        else ["alphabet 有限公司"]
    )
    assert names("äpfel") == ["äpfel ölwerk 有限公司"]
    # The index folds the Kelvin sign to k; LIKE does not, and LIKE decides.
    assert names("kelvink") == ["kelvink 有限公司"]
    assert names("%百_") == ["百分之%百_有限公司"]
    assert names("杠\\路") == ["反斜杠\\路径有限公司"]
    assert names('"名字"') == ['引号"名字"有限公司']
    assert names("中间 有") == ["兰州 中间 有空格 有限公司"]


@pytest.mark.postgres
def test_postgresql_can_find_a_name_through_the_trigram_index(generated: Store) -> None:
    with generated.transaction() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("PostgreSQL's index")
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            session.execute(
                text(
                    "EXPLAIN SELECT id FROM enterprise WHERE name LIKE '%' || :q || '%' ESCAPE '/'"
                    " OR uscc LIKE :p || '%' ESCAPE '/'"
                ),
                {"q": "希腊字母", "p": "希腊字母"},
            ).scalars()
        )
    assert "ix_enterprise_name_trgm" in plan
    assert "ix_enterprise_uscc_prefix" in plan


@pytest.mark.postgres
@pytest.mark.parametrize("kept", [False, True])
def test_postgresql_plans_the_search_for_its_pattern(generated: Store, kept: bool) -> None:
    # psycopg prepares a statement run five times; a plan made for any pattern scans the scope.
    # The search's statements with a pattern are never prepared, in a transaction or not.
    opened = generated.transaction if kept else generated.autocommit
    with opened() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("PostgreSQL's plans")
        for _ in range(8):
            assert search_enterprises(session, Scope.everything(), text="希腊字母").total == 2
            # page 1 of a pattern many match: counted, then read along the sort's index
            assert search_enterprises(session, Scope.everything(), text="有限").total > search.FEW
        prepared = session.execute(
            text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%LIKE%'")
        ).scalars()
        assert list(prepared) == []
        # other statements are still prepared as psycopg does (a statement run five times)
        for _ in range(6):
            session.execute(select(Enterprise.id).where(Enterprise.id == 1))
        assert session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
