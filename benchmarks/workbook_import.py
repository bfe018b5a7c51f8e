"""Importing an officer's workbook: 100,000 rows over every sheet, checked and written.

    .venv/bin/python -m benchmarks.workbook_import --rows 100000

Builds the workbook the way an officer gets one (``techzone export`` of demo enterprises, as
many as make at least ``--rows`` data rows over all sheets), then imports it into an empty
SQLite store in a fresh process: reading the .xlsx, validating every cell and reference, and
writing in one transaction. ``--json`` prints the result for the harness.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import peak_memory_mb, timed
from techzone.demo.generator import generate
from techzone.demo.load import load_demo
from techzone.io.exporter import export_workbook
from techzone.io.importer import import_file
from techzone.store import open_store


def enterprises_for(rows: int) -> int:
    """The fewest demo enterprises whose sheets hold at least ``rows`` data rows."""
    low, high = 1, max(2, rows)
    while low < high:
        middle = (low + high) // 2
        if sum(generate(middle, seed=1).counts().values()) >= rows:
            high = middle
        else:
            low = middle + 1
    return low


def build(path: Path, rows: int) -> tuple[int, dict[str, int]]:
    enterprises = enterprises_for(rows)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'source.sqlite'}")
        load_demo(store, enterprises=enterprises, seed=1)
        with store.transaction() as session:
            written = export_workbook(session, path)
        store.dispose()
    return enterprises, written


def measure(path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'target.sqlite'}")
        start = time.perf_counter()
        first_write: list[float] = []

        def progress(_sheet: str, _rows: int) -> None:
            if not first_write:
                first_write.append(time.perf_counter())

        written, total = timed(lambda: import_file(store, path, progress))
        store.dispose()
    checked = (first_write[0] if first_write else time.perf_counter()) - start
    return {
        "rows": sum(written.values()),
        "seconds": total,
        "checked_seconds": checked,
        "written_seconds": total - checked,
        "peak_mb": peak_memory_mb(),
    }


def run(rows: int) -> dict[str, float]:
    """Build the workbook here, import it in a fresh process (its own peak memory)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbook.xlsx"
        enterprises, _ = build(path, rows)
        command = [sys.executable, "-m", "benchmarks.workbook_import", "--measure", str(path)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        result: dict[str, float] = json.loads(output.splitlines()[-1])
        result["enterprises"] = enterprises
        result["megabytes"] = path.stat().st_size / 2**20
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--measure", type=Path, help="import this workbook (the harness's step)")
    arguments = parser.parse_args()
    result = measure(arguments.measure) if arguments.measure else run(arguments.rows)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
