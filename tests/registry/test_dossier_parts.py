"""The dossier's parts read apart (the page loads them after it) are the whole dossier's, and
each is scoped like it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.registry import NotFound
from techzone.registry.dossier import (
    dossier,
    dossier_assessment,
    dossier_awards,
    dossier_head,
    dossier_steps,
)
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.registry.conftest import AS_OF, PARK, PROVINCE, ZONE, uscc


@pytest.mark.parametrize("number", [1, 2])
def test_the_parts_together_are_the_whole_dossier(
    register: Store, packs: PackSet, number: int
) -> None:
    with register.transaction() as session:
        whole = dossier(session, ZONE, uscc(number), AS_OF, packs=packs)
        head = dossier_head(session, ZONE, uscc(number), AS_OF)
        assessed = dossier_assessment(session, ZONE, uscc(number), AS_OF, packs=packs)
        steps = dossier_steps(session, ZONE, uscc(number), AS_OF, packs=packs)
        awards = dossier_awards(session, ZONE, uscc(number), AS_OF)
    assert whole.model_dump(include=set(type(head).model_fields)) == head.model_dump()
    assert assessed.assessment == whole.assessment
    assert steps.steps == whole.steps and steps.steps
    assert (awards.award_year, awards.entitlements, awards.ledger) == (
        whole.award_year,
        whole.entitlements,
        whole.ledger,
    )
    assert assessed.identity == steps.identity == awards.identity == whole.identity


@pytest.mark.parametrize(
    ("scope", "number"),
    [(PARK, 2), (PARK, 3), (ZONE, 3), (PROVINCE, 4), (Scope(uscc=uscc(1)), 5)],
)
def test_every_part_is_not_found_out_of_scope(
    register: Store, packs: PackSet, scope: Scope, number: int
) -> None:
    def parts(session: Session, key: str) -> Iterator[Callable[[], object]]:
        yield lambda: dossier_head(session, scope, key, AS_OF)
        yield lambda: dossier_assessment(session, scope, key, AS_OF, packs=packs)
        yield lambda: dossier_steps(session, scope, key, AS_OF, packs=packs)
        yield lambda: dossier_awards(session, scope, key, AS_OF)

    for key in (uscc(number), uscc(99), "not a code"):
        for index in range(4):
            with register.transaction() as session, pytest.raises(NotFound):
                list(parts(session, key))[index]()
