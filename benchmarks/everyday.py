"""Everyday commands as an officer runs them: a fresh `techzone` process on the demo.

    .venv/bin/python -m benchmarks.everyday --enterprises 2000 --runs 3

Loads the demo into a temporary data folder, then times each command in its own process
(start-up included, as the officer waits for it) and reports the median of ``--runs``, as wall
time and as the process's CPU time (user + system; about the wall time on an idle machine): the
start-up alone (``--help``), ``export`` to .xlsx and CSV, importing the .xlsx into an empty
database, ``awards --all --out`` and ``assess --all --out``; then ``export`` once more with the
packs' check not yet remembered (the first command after installing or changing a pack).
``--report`` appends the table to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Row, markdown, seconds

TECHZONE = [sys.executable, "-m", "techzone.cli"]


@dataclass(frozen=True)
class Command:
    label: str
    arguments: tuple[str, ...]
    target: float | None = None
    fresh_database: bool = False
    """Run against an empty data folder (the import), made anew before every run."""


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(arguments: Sequence[str], data: Path, cache: Path) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one command in its own process.

    The CPU time is what the command costs on a machine to itself; the wall time also counts
    waiting for other work sharing the cores. The process runs as on an officer's machine:
    Python keeps its compiled bytecode (a development shell's PYTHONDONTWRITEBYTECODE would
    make every command compile techzone anew) and the packs' type check is remembered in
    ``cache`` after the first command that loads them.
    """
    environment = {
        **os.environ,
        "TECHZONE_DATA_DIR": str(data),
        "TECHZONE_CACHE_DIR": str(cache),
    }
    environment.pop("TECHZONE_DATABASE_URL", None)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(
        [*TECHZONE, *arguments],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return time.perf_counter() - start, _cpu() - cpu


def measure(enterprises: int, runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = root / "data"
        cache = root / "cache"
        _run(["demo", "--enterprises", str(enterprises)], data, cache)
        # Warm, as after an officer's first command: bytecode written, the packs' check remembered.
        _run(["template", "--out", str(root / "template.xlsx")], data, cache)
        exported = root / "export.xlsx"
        commands = [
            Command("start-up: `techzone --help`", ("--help",)),
            Command("`export --out x.xlsx`", ("export", "--out", str(exported)), 3.0),
            Command("`export --csv`", ("export", "--csv", "--out", str(root / "csv"))),
            Command("`import x.xlsx` into an empty database", ("import", str(exported)), 3.0, True),
            Command(
                "`awards --all --out a.xlsx` (2025)",
                ("awards", "--all", "--year", "2025", "--out", str(root / "awards.xlsx")),
                3.0,
            ),
            Command(
                "`assess --all --out v.xlsx`",
                ("assess", "--all", "--as-of", "2026-06-30", "--out", str(root / "v.xlsx")),
            ),
        ]
        rows = []
        for command in commands:
            walls, cpus = [], []
            for run in range(runs):
                target = root / f"empty-{run}" if command.fresh_database else data
                wall, cpu = _run(command.arguments, target, cache)
                walls.append(wall)
                cpus.append(cpu)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            verdict = ""
            if command.target is not None:
                met = "met" if wall < command.target else "not met"
                verdict = f"< {command.target:.0f} s — {met}"
            rows.append(Row(command.label, f"{seconds(wall)} (CPU {seconds(cpu)})", verdict))
        walls, cpus = [], []
        for run in range(runs):
            cold = root / f"cold-cache-{run}"
            wall, cpu = _run(("export", "--out", str(exported)), data, cold)
            walls.append(wall)
            cpus.append(cpu)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        label = "`export --out x.xlsx`, packs' check not yet remembered"
        rows.append(Row(label, f"{seconds(wall)} (CPU {seconds(cpu)})", ""))
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", type=Path)
    arguments = parser.parse_args()
    rows = measure(arguments.enterprises, arguments.runs)
    title = f"Everyday commands, each a fresh process, median of {arguments.runs}"
    table = markdown(rows, title, arguments.enterprises)
    print(table)
    if arguments.report:
        with arguments.report.open("a", encoding="utf-8") as handle:
            handle.write("\n" + table)


if __name__ == "__main__":
    main()
