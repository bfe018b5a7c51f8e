"""techzone at 10,000, 100,000 and 1,000,000 enterprises: the issue's table, in one command.

    .venv/bin/python -m benchmarks.scale --sizes 10000 100000 1000000 --report docs/performance.md

For each size, one fresh process loads the demo into a SQLite file, and another reads it back
and times each step of a national run (so each peak memory is that size's own):

* the profile frame from SQLite: reading the records (columnar) and building the frame;
* every qualification pack in force over every enterprise, and the officers' verdict table;
* every award policy's entitlements for the year (triggers, conditions, amounts, stacking), after
  the year-end profile frame their conditions read (timed apart, like the qualification frame);
* a reform: the baseline, the reformed parameters and the difference per enterprise;
* the weekly report for the whole register, written as .docx and .xlsx;
* every zone's indicators for two years (what provincial departments compare).

Then, once: a warm single-enterprise assessment (p50/p99 over ``--single-runs``) and the import
of a 100,000-row workbook. Writes ``PREAMBLE`` and the tables to ``--report``; timings are
reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.common import PREAMBLE, Row, machine, markdown, peak_memory_mb, seconds, timed
from techzone.awards.calculate import Settings, entitlements, year_end_profile
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.reform import compare, read_reform
from techzone.cultivation.documents import write_weekly_document
from techzone.cultivation.weekly import parse_week, weekly_report
from techzone.cultivation.workbooks import write_weekly_workbook
from techzone.demo.generator import DEMO_AS_OF
from techzone.demo.load import load_demo
from techzone.rules.assess import Assessor
from techzone.rules.frame import Records, build_frame
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.records import read_records
from techzone.store import Store, open_store
from techzone.zones.indicators import zone_indicators

YEAR = 2025
WEEK = "2026-W27"  # the demo's as-of date, 2026-06-30, falls in it
REFORM = {
    "name": "高企首次认定奖补 30万",
    "parameters": {"gansu_zone_measures.new_hnte_award": {"2025-01-01": 300000}},
}
LARGEST = 1_000_000
MODULE = "benchmarks.scale"


@dataclass(frozen=True)
class Step:
    """A measured quantity: its label, how it shows, and the target at a million enterprises."""

    key: str
    label: str
    show: Callable[[float], str] = seconds
    limit: float | None = None  # the target's bound, in the quantity's unit
    target: str = ""


def megabytes(value: float) -> str:
    return f"{value:,.0f} MB"


STEPS = (
    Step("load", "load the demo into SQLite (set-up, not a user step)"),
    Step("load_peak_mb", "peak memory while loading", megabytes),
    Step("read", "read the records (columnar, ADBC)"),
    Step("frame", "build the profile frame"),
    Step(
        "frame_from_sqlite",
        "profile frame from SQLite (read + build)",
        limit=60,
        target="< 60 s at 1M",
    ),
    Step("compile", "compile the qualification packs in force"),
    Step("assess", "every qualification pack over every enterprise"),
    Step("verdicts", "officers' verdict table"),
    Step("awards_frame", f"build the awards' profile frame (31 December {YEAR})"),
    Step("awards", f"every award policy: {YEAR} entitlements, after that frame"),
    Step(
        "packs_after_frame",
        "qualification + award packs after the frame",
        limit=5,
        target="< 5 s at 1M",
    ),
    Step("reform", "a reform: baseline + reform + difference"),
    Step("weekly", "weekly report, whole register (.docx + .xlsx)"),
    Step("zones", f"indicators of every zone, {YEAR - 1} and {YEAR}"),
    Step("peak_mb", "peak memory (resident)", megabytes, limit=8 * 1024, target="< 8 GB at 1M"),
)


def load(database: Path, enterprises: int) -> dict[str, float]:

    store = open_store(f"sqlite:///{database}")
    _, elapsed = timed(lambda: load_demo(store, enterprises=enterprises, seed=1))
    store.dispose()
    return {"load": elapsed, "load_peak_mb": peak_memory_mb()}


def measure(database: Path) -> dict[str, Any]:

    result: dict[str, Any] = {}
    packs = load_packs()
    store = open_store(f"sqlite:///{database}", upgrade=False)
    with store.transaction() as session:
        records, result["read"] = timed(lambda: read_records(session))
    result |= qualifications(records, packs)
    result["frame_from_sqlite"] = result["read"] + result["frame"]
    result |= awards(records, load_catalogue())
    result["packs_after_frame"] = result["assess"] + result["awards"]
    result["weekly"] = weekly(store, packs)
    with store.transaction() as session:
        _, result["zones"] = timed(lambda: zone_indicators(session, [YEAR - 1, YEAR]))
    store.dispose()
    result["peak_mb"] = peak_memory_mb()
    return result


def qualifications(records: Records, packs: PackSet) -> dict[str, Any]:
    """Frame, compile, evaluate, verdicts; the frames are freed when this returns."""

    result: dict[str, Any] = {}
    frame, result["frame"] = timed(lambda: build_frame(records, DEMO_AS_OF, packs.declarations))
    result["enterprises"] = frame.height
    assessor, result["compile"] = timed(lambda: Assessor.for_date(packs, DEMO_AS_OF))
    result["packs"] = len(assessor.compiled)
    evaluated, result["assess"] = timed(lambda: assessor.evaluate(frame))
    _, result["verdicts"] = timed(lambda: assessor.verdicts(evaluated))
    return result


def awards(records: Records, catalogue: Catalogue) -> dict[str, Any]:
    """Award conditions read the profile on the year's last day: built first, timed apart."""
    result: dict[str, Any] = {"policies": len(catalogue.policies)}
    profile, result["awards_frame"] = timed(lambda: year_end_profile(records, YEAR))
    found, result["awards"] = timed(lambda: entitlements(catalogue, records, YEAR, profile=profile))
    result["entitlements"] = found.height
    with tempfile.TemporaryDirectory() as folder:
        patch = Path(folder) / "reform.json"
        patch.write_text(json.dumps(REFORM, ensure_ascii=False), encoding="utf-8")
        reform = read_reform(patch, catalogue)
    _, result["reform"] = timed(lambda: compare(catalogue, records, YEAR, reform, Settings()))
    return result


def weekly(store: Store, packs: PackSet) -> float:
    """The weekly report for the whole register, built from the store and written to files."""

    def build_and_write(folder: Path) -> None:
        with store.transaction() as session:
            report = weekly_report(session, packs, parse_week(WEEK))
        write_weekly_document(report, folder / "weekly.docx", date(2026, 7, 3))
        write_weekly_workbook(report, folder / "weekly.xlsx")

    with tempfile.TemporaryDirectory() as folder:
        return timed(lambda: build_and_write(Path(folder)))[1]


def _child(module: str, *arguments: str) -> dict[str, Any]:
    """Run a step in a fresh Python process; its last output line is its JSON result."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments], capture_output=True, text=True
    )
    if completed.returncode != 0:
        sys.exit(f"{module} {' '.join(arguments)} failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.splitlines()[-1])
    return result


def at_scale(sizes: list[int]) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.sqlite"
            print(f"{size:,}: loading …", file=sys.stderr, flush=True)
            loaded = _child(MODULE, "load", "--database", str(database), "--enterprises", str(size))
            print(f"{size:,}: measuring …", file=sys.stderr, flush=True)
            results[size] = {**loaded, **_child(MODULE, "measure", "--database", str(database))}
            results[size]["database_mb"] = database.stat().st_size / 2**20
    return results


def scale_table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    largest = results[sizes[-1]]
    first = results[sizes[0]]
    lines = [
        f"### At scale ({machine()})",
        "",
        f"{first['packs']} qualification packs in force on the demo's date; {first['policies']} "
        f"award policies for {YEAR}. The target column applies to {LARGEST:,} enterprises.",
        "",
        "| step | " + " | ".join(f"{size:,}" for size in sizes) + " | target |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for step in STEPS:
        cells = [step.show(results[size][step.key]) for size in sizes]
        target = step.target
        if step.limit is not None and sizes[-1] == LARGEST:
            target += " — met" if largest[step.key] < step.limit else " — **not met**"
        lines.append(f"| {step.label} | " + " | ".join(cells) + f" | {target} |")
    counts = " | ".join(f"{results[size]['entitlements']:,}" for size in sizes)
    lines.append(f"| entitlements found | {counts} |  |")
    sizes_mb = " | ".join(megabytes(results[size]["database_mb"]) for size in sizes)
    lines.append(f"| SQLite file | {sizes_mb} |  |")
    lines.append("")
    return "\n".join(lines)


def once_table(single: dict[str, float], imported: dict[str, float]) -> str:
    runs = int(single["runs"])
    rows = [
        Row(
            f"single warm assessment, p50 over {runs:,}",
            f"{single['p50_ms']:.1f} ms",
            "< 10 ms — " + ("met" if single["p50_ms"] < 10 else "**not met**"),
        ),
        Row(f"single warm assessment, p99 over {runs:,}", f"{single['p99_ms']:.1f} ms"),
        Row(
            f"import a workbook of {imported['rows']:,.0f} rows, every sheet "
            f"({imported['enterprises']:,.0f} enterprises, {imported['megabytes']:.1f} MB .xlsx)",
            seconds(imported["seconds"]),
        ),
        Row("… of which reading and checking every cell", seconds(imported["checked_seconds"])),
        Row("… of which writing, one transaction", seconds(imported["written_seconds"])),
        Row("peak memory of the import", megabytes(imported["peak_mb"])),
    ]
    return markdown(rows, "One enterprise, one workbook")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command")
    loading = commands.add_parser("load")
    loading.add_argument("--database", type=Path, required=True)
    loading.add_argument("--enterprises", type=int, required=True)
    measuring = commands.add_parser("measure")
    measuring.add_argument("--database", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, LARGEST])
    parser.add_argument("--single-runs", type=int, default=1_000)
    parser.add_argument("--workbook-rows", type=int, default=100_000)
    parser.add_argument("--report", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "load":
        print(json.dumps(load(arguments.database, arguments.enterprises)))
        return
    if arguments.command == "measure":
        print(json.dumps(measure(arguments.database)))
        return
    tables = scale_table(at_scale(arguments.sizes))
    print(tables, flush=True)
    print("single assessment and workbook import …", file=sys.stderr, flush=True)
    single = _child("benchmarks.single", "--runs", str(arguments.single_runs), "--json")
    imported = _child("benchmarks.workbook_import", "--rows", str(arguments.workbook_rows))
    tables += "\n" + once_table(single, imported)
    print(once_table(single, imported))
    if arguments.report:
        arguments.report.parent.mkdir(parents=True, exist_ok=True)
        arguments.report.write_text(PREAMBLE + tables, encoding="utf-8")


if __name__ == "__main__":
    main()
