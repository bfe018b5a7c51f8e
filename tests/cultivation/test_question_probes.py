"""The next question's tried answers, built a column at a time, are the rows one frame per
answer gives (the construction they replaced)."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from techzone.cultivation.questions import (
    _candidates,
    _probes,
    _tried,
    _tried_many,
    open_verdicts,
)
from techzone.rules.assess import Assessor
from techzone.rules.frame import build_frame
from techzone.rules.loader import load_packs
from techzone.rules.profile import parse_profile, profile_records
from tests.cultivation.test_selfcheck import EXAMPLE


def test_tried_answers_are_the_profile_with_each_answer_in_place() -> None:
    packs = load_packs()
    day = date(2026, 6, 30)
    # Half the example's figures left out: more questions wait, of every kind of input.
    profile = {**EXAMPLE, "figures": {"2025": {"employees": 140}}, "declarations": {}}
    records = profile_records(parse_profile(profile), packs.declarations)
    frame = build_frame(records, day, packs.declarations)
    assessor = Assessor.for_date(packs, day, False)
    waiting = open_verdicts(assessor, assessor.evaluate(frame).row(0, named=True))
    candidates = _candidates(waiting, (), frame.schema)
    answers = [a for c in candidates for a in _probes(c.inputs, frame.schema, packs.declarations)]
    kinds = {frame.schema[name] for answer in answers for name in answer}
    assert pl.Boolean in kinds and len(kinds) >= 3  # bands, holdings and amounts all tried
    one_by_one = pl.concat(
        [
            frame.with_columns(
                pl.lit(value, dtype=frame.schema[name]).alias(name)
                for name, value in answer.items()
            )
            for answer in answers
        ]
    )
    assert_frame_equal(_tried(frame, answers), one_by_one)


def test_tried_answers_of_several_rows_are_each_row_with_each_answer() -> None:
    """Row i once per answer of its own, in order (a row with none is left out), the frame
    they are copied from left as it was."""
    packs = load_packs()
    day = date(2026, 6, 30)
    profiles = [
        {**EXAMPLE, "figures": {"2025": {"employees": 140}}, "declarations": {}},
        {**EXAMPLE, "declarations": {}},
        {**EXAMPLE, "declarations": {}},
        {**EXAMPLE, "figures": {}, "declarations": {}},
    ]
    frame = pl.concat(
        [
            build_frame(
                profile_records(parse_profile(p), packs.declarations), day, packs.declarations
            )
            for p in profiles
        ]
    )
    before = frame.clone()
    assessor = Assessor.for_date(packs, day, False)
    evaluated = assessor.evaluate(frame)
    answers = []
    for index in range(frame.height):
        waiting = open_verdicts(assessor, evaluated.row(index, named=True))
        candidates = _candidates(waiting, (), frame.schema)
        answers.append(
            [a for c in candidates for a in _probes(c.inputs, frame.schema, packs.declarations)]
        )
    answers[1] = []
    assert all(answers[index] for index in (0, 2, 3))
    one_by_one = pl.concat(
        [
            frame.slice(index, 1).with_columns(
                pl.lit(value, dtype=frame.schema[name]).alias(name)
                for name, value in answer.items()
            )
            for index, given in enumerate(answers)
            for answer in given
        ]
    )
    assert_frame_equal(_tried_many(frame, answers), one_by_one)
    assert_frame_equal(frame, before)
