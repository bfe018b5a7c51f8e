"""How fast the engine assesses: a zone's batch, and one enterprise on a warm engine.

    .venv/bin/python -m benchmarks.assess --enterprises 100000

Loads N demo enterprises into a temporary SQLite store, then times each step separately:
reading the records, building the profile frame, evaluating every pack in force, and a single
warm assessment from a profile (p50/p99 over repeated runs). Prints a Markdown table; with
``--report FILE`` also writes it there. Timings are reported, never asserted: speed targets live
here, not in the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from techzone.demo.generator import DEMO_AS_OF
from techzone.demo.load import load_demo
from techzone.rules.assess import Assessor, assess_profile
from techzone.rules.frame import build_frame
from techzone.rules.loader import load_packs
from techzone.rules.profile import parse_profile
from techzone.rules.records import read_records
from techzone.store import open_store

T = TypeVar("T")

# A realistic single enterprise (docs/profile.md's example).
PROFILE = {
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "figures": {
        "2023": {
            "employees": 120,
            "tech_staff": 20,
            "main_business_income": 30000000,
            "other_business_income": 0,
            "rd_expense": 1500000,
            "domestic_rd_expense": 1500000,
            "total_assets": 50000000,
            "liabilities": 20000000,
        },
        "2024": {
            "employees": 130,
            "tech_staff": 22,
            "main_business_income": 40000000,
            "other_business_income": 0,
            "rd_expense": 2000000,
            "domestic_rd_expense": 2000000,
            "total_assets": 60000000,
            "liabilities": 24000000,
        },
        "2025": {
            "employees": 140,
            "tech_staff": 25,
            "main_business_income": 50000000,
            "other_business_income": 0,
            "rd_expense": 2500000,
            "domestic_rd_expense": 2400000,
            "gross_income": 52000000,
            "non_taxable_income": 0,
            "high_tech_income": 40000000,
            "total_assets": 70000000,
            "liabilities": 25000000,
        },
    },
    "ip": [
        {
            "kind": "发明专利",
            "number": "ZL1",
            "granted_on": "2022-03-01",
            "acquisition": "自主研发",
            "status": "有效",
            "used_for_hnte": False,
        }
    ],
    "incidents": [],
}


PREAMBLE = """# Performance

Measured with `make bench` (benchmarks/); numbers are reported here, never asserted in tests. The
machine is the project's standard size (2 cores, 24 GB); other work running at the same time shows
most in the p99.

"""


@dataclass(frozen=True)
class Row:
    step: str
    value: str
    target: str = ""


def timed(step: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run(enterprises: int, single_runs: int) -> list[Row]:
    rows: list[Row] = []
    packs, load_seconds = timed(load_packs)
    rows.append(Row("load and lint every pack", f"{load_seconds * 1000:.0f} ms"))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        _, seconds = timed(lambda: load_demo(store, enterprises=enterprises, seed=1))
        rows.append(Row(f"load {enterprises:,} demo enterprises into SQLite", f"{seconds:.1f} s"))
        with store.transaction() as session:
            records, seconds = timed(lambda: read_records(session))
        rows.append(Row("read the records (columnar)", f"{seconds:.2f} s"))
        frame, seconds = timed(lambda: build_frame(records, DEMO_AS_OF, packs.declarations))
        rows.append(Row("build the profile frame", f"{seconds:.2f} s"))
        assessor, seconds = timed(lambda: Assessor.for_date(packs, DEMO_AS_OF))
        rows.append(
            Row(f"compile the {len(assessor.compiled)} packs in force", f"{seconds * 1000:.0f} ms")
        )
        evaluated, seconds = timed(lambda: assessor.evaluate(frame))
        rows.append(
            Row(
                f"assess {frame.height:,} enterprises against every pack",
                f"{seconds:.2f} s",
                "< 2 s",
            )
        )
        _, seconds = timed(lambda: assessor.verdicts(evaluated))
        rows.append(Row("officers' verdict table", f"{seconds:.2f} s"))
        store.dispose()
    profile = parse_profile(PROFILE)
    assess_profile(packs, profile, date(2026, 6, 30))  # warm: packs compiled for the date
    samples = [
        timed(lambda: assess_profile(packs, profile, date(2026, 6, 30)))[1]
        for _ in range(single_runs)
    ]
    samples.sort()
    p50 = statistics.median(samples) * 1000
    p99 = samples[max(0, int(len(samples) * 0.99) - 1)] * 1000
    rows.append(Row(f"single warm assessment, p50 over {single_runs}", f"{p50:.1f} ms", "< 20 ms"))
    rows.append(Row(f"single warm assessment, p99 over {single_runs}", f"{p99:.1f} ms"))
    rows.append(Row("peak memory (resident)", f"{peak_memory_mb():,.0f} MB"))
    return rows


def markdown(rows: list[Row], title: str, enterprises: int) -> str:
    lines = [
        f"### {title} ({enterprises:,} demo enterprises; {machine()})",
        "",
        "| step | measured | target |",
        "|---|---|---|",
        *(f"| {row.step} | {row.value} | {row.target} |" for row in rows),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--single-runs", type=int, default=1_000)
    parser.add_argument("--report", type=Path)
    arguments = parser.parse_args()
    rows = run(arguments.enterprises, arguments.single_runs)
    table = markdown(rows, "Assessment", arguments.enterprises)
    print(table)
    if arguments.report:
        arguments.report.parent.mkdir(parents=True, exist_ok=True)
        arguments.report.write_text(PREAMBLE + table, encoding="utf-8")


if __name__ == "__main__":
    main()
