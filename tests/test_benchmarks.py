"""The benchmark harness still runs against today's APIs (tiny sizes; no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.scale import STEPS, load, measure, scale_table


def test_a_tiny_national_run_fills_every_row_of_the_table(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite"
    loaded = load(database, enterprises=60)
    result = {**loaded, **measure(database), "database_mb": 1.0}
    assert result["enterprises"] == 60
    assert result["entitlements"] > 0 and result["packs"] > 0 and result["policies"] > 0
    for step in STEPS:
        assert result[step.key] > 0, step.key
    table = scale_table({60: result})
    assert len([line for line in table.splitlines() if line.startswith("| ")]) == len(STEPS) + 3
    # Targets are judged only at a million enterprises.
    assert "met" not in table


def test_the_question_count_benchmark_runs_both_ways_of_asking() -> None:
    from benchmarks.questions import measure as questions

    rows, sampled = questions(enterprises=30, sample=2, seed=7)
    assert sampled == 2
    assert [row.step.rsplit(": ", 1)[1] for row in rows] == ["next question", "fixed order"]
    assert all(row.value.startswith("median ") for row in rows)
