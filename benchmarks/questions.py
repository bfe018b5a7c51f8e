"""How few questions a self-assessment asks: the next question against a fixed order.

    .venv/bin/python -m benchmarks.questions --enterprises 200 --sample 50

Loads the demo, builds every enterprise's profile frame (its truth), and for a sample of them
starts a self-assessment knowing only where the enterprise is (zone, park, province, city):
every other input of the profile is unknown. Each step asks one question and fills the inputs it
gives from the truth, until no undecided verdict waits for an input not yet asked (a verdict that
waits only for the experts' points is as decided as answers can make it). Two ways of choosing
the question are counted:

- **next question**: ``techzone.cultivation.questions.next_question`` (the most verdicts decided);
- **fixed order**: the inputs in the profile's own order, skipping those no undecided verdict
  waits for any more (a fair baseline: a form that hides what no longer matters).

The demo holds few 企业声明 (declarations): where the truth has none, an answer is drawn (seeded,
so every run asks the same): yes for 70% of yes/no items, a band, or a number in a plain range for
its unit. An answer the truth leaves unknown is an answer too ("不清楚"): the question is not
asked again. Prints the median (and mean) number of questions per strategy; ``--report`` appends
the table to a Markdown file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from benchmarks.common import Row, markdown
from benchmarks.scale import load
from techzone.awards.catalogue import load_catalogue
from techzone.cultivation.questions import (
    _candidates,
    next_question,
    open_verdicts,
)
from techzone.rules.assess import Assessor
from techzone.rules.frame import build_frame
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.pack import BANDS, Declaration
from techzone.rules.records import read_records
from techzone.store import open_store

AS_OF = date(2026, 6, 30)
# What a self-assessment knows before it asks anything: where the enterprise is.
KNOWN = ("uscc", "name", "zone_code", "province", "city", "zone_level", "park", "is_review")


def _drawn(declaration: Declaration, rng: np.random.Generator) -> Any:
    """A plausible answer for a declaration the demo does not hold (seeded)."""
    if declaration.type == "boolean":
        return bool(rng.random() < 0.7)
    if declaration.type == "band":
        return str(rng.choice(declaration.bands or list(BANDS)))
    if declaration.type == "money":
        return int(rng.integers(0, 50_000_000_00))
    ranges = {"years": (0, 12), "ratio": (0.0, 0.3), "points": (30, 90), "count": (0, 6)}
    low, high = ranges.get(declaration.unit or "", (0, 100))
    return float(round(rng.uniform(low, high), 2))


def truths(frame: pl.DataFrame, declarations: Mapping[str, Declaration], seed: int) -> pl.DataFrame:
    """The demo's frame with an answer drawn for every declaration it leaves unknown."""
    rng = np.random.default_rng(seed)
    columns = {}
    for name, declaration in declarations.items():
        values = frame.get_column(name).to_list()
        columns[name] = pl.Series(
            name,
            [v if v is not None else _drawn(declaration, rng) for v in values],
            dtype=frame.schema[name],
        )
    return frame.with_columns(columns.values())


def blank(truth: pl.DataFrame, declarations: Mapping[str, Declaration]) -> pl.DataFrame:
    """The start of a self-assessment: every input unknown except where the enterprise is."""
    unknown = [n for n in (*CORE_INPUTS, *declarations) if n not in KNOWN and n in truth.columns]
    return truth.with_columns(pl.lit(None, dtype=truth.schema[n]).alias(n) for n in unknown)


Chooser = Callable[[pl.DataFrame, set[str]], tuple[str, tuple[str, ...]] | None]


def count(start: pl.DataFrame, truth: pl.DataFrame, choose: Chooser, limit: int = 400) -> int:
    current, asked, questions = start, set[str](), 0
    while questions < limit:
        chosen = choose(current, asked)
        if chosen is None:
            return questions
        question, inputs = chosen
        asked.add(question)
        current = current.with_columns(truth.select(inputs))
        questions += 1
    raise RuntimeError("the self-assessment did not end")


def strategies(packs: PackSet) -> dict[str, Chooser]:
    catalogue = load_catalogue()
    assessor = Assessor.for_date(packs, AS_OF)

    def greedy(frame: pl.DataFrame, asked: set[str]) -> tuple[str, tuple[str, ...]] | None:
        question = next_question(packs, frame, AS_OF, asked=asked, catalogue=catalogue)
        return None if question is None else (question.id, question.inputs)

    def fixed(frame: pl.DataFrame, asked: set[str]) -> tuple[str, tuple[str, ...]] | None:
        row = assessor.evaluate(frame).row(0, named=True)
        waiting = open_verdicts(assessor, row)
        candidates = _candidates(waiting, asked, frame.schema) if waiting else []
        return (candidates[0].id, candidates[0].inputs) if candidates else None

    return {"next question": greedy, "fixed order": fixed}


def measure(enterprises: int, sample: int, seed: int) -> tuple[list[Row], int]:
    packs = load_packs()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.sqlite"
        load(database, enterprises)
        store = open_store(f"sqlite:///{database}", upgrade=False)
        with store.transaction() as session:
            records = read_records(session)
        store.dispose()
    frame = truths(build_frame(records, AS_OF, packs.declarations), packs.declarations, seed)
    picked = np.random.default_rng(seed).choice(frame.height, min(sample, frame.height), False)
    counts: dict[str, list[int]] = {name: [] for name in strategies(packs)}
    for index in sorted(int(i) for i in picked):
        truth = frame.slice(index, 1)
        start = blank(truth, packs.declarations)
        for name, choose in strategies(packs).items():
            counts[name].append(count(start, truth, choose))
    rows = [
        Row(
            f"questions to decide every qualification: {name}",
            f"median {statistics.median(values):g}, mean {statistics.mean(values):.1f}, "
            f"max {max(values)}",
        )
        for name, values in counts.items()
    ]
    return rows, len(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--report", type=Path)
    arguments = parser.parse_args()
    rows, sampled = measure(arguments.enterprises, arguments.sample, arguments.seed)
    table = markdown(rows, f"Self-assessment: questions asked, {AS_OF} ({sampled} sampled)")
    print(table)
    if arguments.report:
        with arguments.report.open("a", encoding="utf-8") as handle:
            handle.write("\n" + table)


if __name__ == "__main__":
    main()
