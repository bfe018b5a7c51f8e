"""How fast awards are computed: a year's entitlements and a reform over N demo enterprises.

    .venv/bin/python -m benchmarks.awards --enterprises 100000

Loads the demo into a temporary SQLite store, reads the records once, then times the baseline
entitlements, a reform beside it (HNTE first-recognition award 20万 → 30万 from 2025-01-01) and
the budget with its forecast. Prints a Markdown table; ``--report FILE`` appends it there.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.assess import Row, markdown, peak_memory_mb, timed
from techzone.awards.budget import budget
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import load_catalogue
from techzone.awards.reform import compare, read_reform
from techzone.demo.load import load_demo
from techzone.rules.loader import load_packs
from techzone.rules.records import read_records
from techzone.store import open_store

YEAR = 2025
REFORM = {
    "name": "高企首次认定奖补 30万",
    "parameters": {"gansu_zone_measures.new_hnte_award": {"2025-01-01": 300000}},
}


def run(enterprises: int) -> list[Row]:
    rows: list[Row] = []
    catalogue, seconds = timed(load_catalogue)
    rows.append(
        Row(f"load and lint {len(catalogue.policies)} policies", f"{seconds * 1000:.0f} ms")
    )
    packs = load_packs()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        _, seconds = timed(lambda: load_demo(store, enterprises=enterprises, seed=1))
        rows.append(Row(f"load {enterprises:,} demo enterprises into SQLite", f"{seconds:.1f} s"))
        with store.transaction() as session:
            records, seconds = timed(lambda: read_records(session))
        rows.append(Row("read the records (columnar)", f"{seconds:.2f} s"))
        store.dispose()
        found, seconds = timed(lambda: entitlements(catalogue, records, YEAR))
        rows.append(Row(f"{YEAR} entitlements ({found.height:,})", f"{seconds:.2f} s"))
        patch = Path(folder) / "reform.json"
        patch.write_text(json.dumps(REFORM, ensure_ascii=False), encoding="utf-8")
        reform = read_reform(patch, catalogue)
        comparison, seconds = timed(lambda: compare(catalogue, records, YEAR, reform, Settings()))
        baseline, reformed = comparison.totals
        rows.append(
            Row(
                f"reform beside the baseline ({baseline / 100:,.0f} → {reformed / 100:,.0f} 元)",
                f"{seconds:.2f} s",
                "< 5 s",
            )
        )
        _, seconds = timed(lambda: budget(catalogue, packs, records, YEAR, Settings(), 0.5))
        rows.append(Row("budget with next year's forecast", f"{seconds:.2f} s"))
    rows.append(Row("peak memory (resident)", f"{peak_memory_mb():,.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--report", type=Path)
    arguments = parser.parse_args()
    rows = run(arguments.enterprises)
    table = markdown(rows, "Awards", arguments.enterprises)
    print(table)
    if arguments.report:
        with arguments.report.open("a", encoding="utf-8") as handle:
            handle.write("\n" + table)


if __name__ == "__main__":
    main()
