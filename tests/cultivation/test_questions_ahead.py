"""Answers tried ahead give the questions that answers tried after the verdict give.

The self-assessment evaluates each profile together with every answer that could be tried for
a question about an input it lacks (``evaluate_with_answers``), so that ranking its questions
needs no second evaluation. The ranking must be the one made from the answers its own open
verdicts call for, evaluated afterwards (``rank_questions`` without ``tried``): every question,
in order, with what it decides — for many varied profiles, questions already asked, alone and
several at a time.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation import questions
from techzone.cultivation.questions import (
    Tried,
    evaluate_with_answers,
    rank_questions,
    rank_questions_many,
)
from techzone.rules.assess import Assessor
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile, profile_records

from .test_selfcheck_batch import _varied
from .test_selfcheck_golden import CASES

# Questions asked before: lists, the registration date, a figure, a declaration.
ASKED = (
    (),
    ("ip",),
    ("registered_on", "incidents", "qualifications"),
    ("rd_expense_y3", "hnte_tech_advancement_band", "events", "platforms"),
)


def _profiles() -> list[tuple[dict[str, Any], date]]:
    cases = [(profile, date.fromisoformat(as_of)) for _, profile, as_of, _, _ in CASES]
    return cases + [(_varied(number)[0], _varied(number)[1]) for number in range(36)]


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _frame(packs: PackSet, profile: dict[str, Any], as_of: date) -> Any:
    records = profile_records(parse_profile(profile), packs.declarations)
    return build_frame(records, as_of, packs.declarations)


@pytest.mark.parametrize("asked", ASKED)
def test_each_profile_ranks_the_same_questions(
    packs: PackSet, catalogue: Catalogue, asked: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = 0
    for number, (profile, as_of) in enumerate(_profiles()):
        frame = _frame(packs, profile, as_of)
        assessor = Assessor.for_date(packs, as_of, False)
        evaluated, tried = evaluate_with_answers(assessor, frame, [asked])
        assert_frame_equal(evaluated, assessor.evaluate(frame))
        trace = assessor.explain(evaluated.row(0, named=True))
        after = rank_questions(packs, frame, as_of, asked=asked, catalogue=catalogue, trace=trace)
        with monkeypatch.context() as patch:
            # Taken from the answers tried ahead, not evaluated again.
            patch.setattr(questions, "_evaluated_answers", _never)
            ahead = rank_questions(
                packs, frame, as_of, asked=asked, catalogue=catalogue, trace=trace, tried=tried
            )
        assert ahead == after, (number, profile)
        seen += bool(after)
    # The cases are worth comparing: most still have questions to ask.
    assert seen >= 30


def test_several_profiles_rank_the_same_questions(
    packs: PackSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = date(2026, 6, 30)
    # One shape (the IP list given, the others left out), so that they share a frame.
    profiles = [profile for profile, _ in _profiles() if set(profile) & {"ip"} and _shape(profile)]
    assert len(profiles) >= 8
    records = [profile_records(parse_profile(p), packs.declarations) for p in profiles]
    frame = build_frame(_joined(records), as_of, packs.declarations)
    assessor = Assessor.for_date(packs, as_of, False)
    asked = [random.Random(index).choice(ASKED) for index in range(frame.height)]
    evaluated, tried = evaluate_with_answers(assessor, frame, asked)
    assert_frame_equal(evaluated, assessor.evaluate(frame))
    traces = [assessor.explain(evaluated.row(i, named=True)) for i in range(frame.height)]
    after = rank_questions_many(packs, frame, as_of, traces, asked, catalogue)
    with monkeypatch.context() as patch:
        patch.setattr(questions, "_evaluated_answers", _never)
        ahead = rank_questions_many(packs, frame, as_of, traces, asked, catalogue, tried=tried)
    assert ahead == after
    assert sum(1 for ranked in after if ranked) >= 8


def test_answers_not_tried_ahead_are_tried_after(packs: PackSet, catalogue: Catalogue) -> None:
    """A question whose answers were not tried ahead (here: none were) is answered by
    evaluating its answers, as without ``tried``."""
    profile, as_of = _profiles()[0]
    frame = _frame(packs, profile, as_of)
    assessor = Assessor.for_date(packs, as_of, False)
    evaluated, tried = evaluate_with_answers(assessor, frame, [()])
    assert tried is not None and tried.at
    trace = assessor.explain(evaluated.row(0, named=True))
    empty = Tried(tried.verdicts.clear(), {})
    after = rank_questions(packs, frame, as_of, catalogue=catalogue, trace=trace)
    assert after
    assert (
        rank_questions(packs, frame, as_of, catalogue=catalogue, trace=trace, tried=empty) == after
    )


def _shape(profile: dict[str, Any]) -> bool:
    return not set(profile) & {"qualifications", "platforms", "events", "incidents"}


def _joined(records: list[Any]) -> Any:
    from techzone.rules import together

    keys = [together.key(r.enterprises.item(0, "uscc"), place) for place, r in enumerate(records)]
    return together.joined([together.keyed(r, key) for r, key in zip(records, keys, strict=True)])


def _never(*_: Any) -> Any:
    raise AssertionError("the answers were evaluated again")
