"""The next question's tried answers, built a column at a time, are the rows one frame per
answer gives (the construction they replaced)."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from techzone.cultivation.questions import _candidates, _probes, _tried, open_verdicts
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
