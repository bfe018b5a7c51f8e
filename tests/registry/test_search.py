"""Enterprise search: filters, sort, paging, refusals, and the scope in every row and count."""

from __future__ import annotations

from typing import Any

import pytest

from techzone.access import Scope
from techzone.model.codes import QualificationKind, TechField
from techzone.registry import QueryRejected
from techzone.registry.search import MAX_PAGE_SIZE, search_enterprises
from techzone.store import Store
from tests.registry.conftest import AS_OF, FIRMS, PARK, PROVINCE, ZONE, uscc


def _usccs(store: Store, scope: Scope, **kwargs: object) -> list[str]:
    with store.transaction() as session:
        page = search_enterprises(session, scope, as_of=AS_OF, sort=("uscc", "asc"), **kwargs)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.uscc for row in page.items]


@pytest.mark.parametrize(
    ("scope", "numbers"),
    [
        (Scope.everything(), [1, 2, 3, 4, 5]),
        (PROVINCE, [1, 2, 3, 5]),
        (ZONE, [1, 2, 5]),
        (PARK, [1, 5]),
        (Scope(uscc=uscc(3)), [3]),
        (Scope(province="陕西省"), [4]),
    ],
)
def test_scope_is_applied_to_rows_and_count(
    register: Store, scope: Scope, numbers: list[int]
) -> None:
    assert _usccs(register, scope) == sorted(uscc(n) for n in numbers)


def test_park_scope_never_shows_the_same_park_code_in_another_zone(register: Store) -> None:
    with register.transaction() as session:
        page = search_enterprises(session, PARK, as_of=AS_OF)
    assert {(row.zone, row.park) for row in page.items} == {("GS-A", "P1")}


def test_text_matches_name_substring_or_uscc_prefix(register: Store) -> None:
    assert _usccs(register, Scope.everything(), text="另区") == [uscc(3)]
    assert _usccs(register, Scope.everything(), text=uscc(4)[:17].lower()) == [uscc(4)]
    # % and _ are characters to find, not wildcards.
    assert _usccs(register, Scope.everything(), text="%示例_") == [uscc(5)]
    assert _usccs(register, Scope.everything(), text="%") == [uscc(5)]
    # Outside the scope, a name is not found.
    assert _usccs(register, ZONE, text="另区") == []


def test_filters(register: Store) -> None:
    everything = Scope.everything()
    assert _usccs(register, ZONE, park="P2") == [uscc(2)]
    assert _usccs(register, everything, tech_field=TechField.parse("新材料")) == [uscc(2)]
    assert _usccs(register, everything, qualification=QualificationKind.TECH_SME) == sorted(
        [uscc(1), uscc(2)]
    )
    # Enterprise 5's HNTE ran out the day before: not held on the day.
    assert uscc(5) not in _usccs(register, everything, qualification=QualificationKind.HNTE)
    assert _usccs(register, everything, applied_in=2026) == sorted([uscc(1), uscc(3), uscc(4)])
    assert _usccs(register, everything, applied_in=2025) == []


def test_expiry_window_edges(register: Store) -> None:
    everything = Scope.everything()
    # Expiring on the day itself counts in a window of 0 days; a day earlier does not.
    assert _usccs(register, everything, expiring_within=0) == [uscc(4)]
    # 30 days holds the HNTE expiring in 30 days, not the one in 31; the 科技型中小企业 registered
    # to 31 December lies beyond both.
    assert _usccs(register, everything, expiring_within=30) == sorted([uscc(1), uscc(4)])
    assert _usccs(register, everything, expiring_within=31) == sorted([uscc(1), uscc(3), uscc(4)])


def test_sort_and_paging(register: Store) -> None:
    with register.transaction() as session:
        first = search_enterprises(session, Scope.everything(), sort=("name", "desc"), page_size=2)
        second = search_enterprises(
            session, Scope.everything(), sort=("name", "desc"), page=2, page_size=2
        )
        past = search_enterprises(session, Scope.everything(), page=9, page_size=2)
    names = sorted((name for _, _, name in FIRMS.values()), reverse=True)
    assert [r.name for r in first.items + second.items] == names[:4]
    assert (first.total, first.pages) == (5, 3)
    assert first.model_dump(mode="json")["pages"] == 3
    assert past.items == [] and past.total == 5


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"sort": ("founded", "asc")}, "bad_sort"),
        ({"sort": ("name", "up")}, "bad_sort_direction"),
        ({"page": 0}, "bad_page"),
        ({"page_size": MAX_PAGE_SIZE + 1}, "bad_page_size"),
        ({"page_size": 0}, "bad_page_size"),
        ({"expiring_within": -1}, "bad_window"),
        ({"text": "字" * 201}, "bad_text"),
        ({"text": "示例\x00"}, "bad_text"),
        ({"park": "P\x001"}, "bad_park"),
    ],
)
def test_refusals_carry_a_code_and_chinese(
    register: Store, kwargs: dict[str, object], code: str
) -> None:
    with register.transaction() as session, pytest.raises(QueryRejected) as refused:
        search_enterprises(session, Scope.everything(), **kwargs)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)


def test_longest_text_is_accepted(register: Store) -> None:
    assert _usccs(register, Scope.everything(), text="字" * 200) == []


def test_largest_page_size_is_accepted(register: Store) -> None:
    with register.transaction() as session:
        page = search_enterprises(session, Scope.everything(), page_size=MAX_PAGE_SIZE)
    assert page.total == 5 and page.page_size == MAX_PAGE_SIZE
    assert page.model_dump(mode="json")["items"][0]["uscc"]


def test_a_park_outside_the_park_scope_matches_nothing(register: Store) -> None:
    assert _usccs(register, PARK, park="P2") == []
    assert _usccs(register, PARK, park="P1") == sorted([uscc(1), uscc(5)])


@pytest.mark.parametrize("few", [0, 1, 3, 1000])
def test_few_matches_read_once_give_the_same_pages(
    register: Store, monkeypatch: pytest.MonkeyPatch, few: int
) -> None:
    # The same searches with every match count below, at and above the bound under which a
    # search's ids are read once: the rows, their order and the totals never depend on it.
    queries: list[dict[str, Any]] = [
        {"scope": Scope.everything(), "sort": ("name", "desc")},
        {"scope": Scope.everything(), "sort": ("park", "asc")},
        {"scope": Scope.everything(), "sort": ("registered_on", "desc"), "text": "示例"},
        {"scope": ZONE, "text": "园", "sort": ("zone", "desc")},
        {"scope": PROVINCE, "text": uscc(1)[:6]},
        {"scope": PARK, "qualification": QualificationKind.HNTE},
    ]

    def pages() -> list[tuple[int, list[str]]]:
        found: list[tuple[int, list[str]]] = []
        with register.transaction() as session:
            for query in queries:
                for page in (1, 2, 3, 4):
                    result = search_enterprises(session, **query, page=page, page_size=2)
                    found.append((result.total, [row.uscc for row in result.items]))
        return found

    expected = pages()
    monkeypatch.setattr("techzone.registry.search.FEW", few)
    assert pages() == expected
    assert any(total > few for total, _ in expected) or few == 1000
