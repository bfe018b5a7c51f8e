"""What every benchmark shares: timing, peak memory, the machine's description, Markdown tables."""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

PREAMBLE = """# Performance

Measured with `make bench` (benchmarks/); numbers are reported here, never asserted in tests. The
machine is the project's standard size (2 cores, 24 GB); other work running at the same time shows
most in the p99. Each size runs in fresh processes (one loads the demo, one measures), so peak
memory is that size's own.

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
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GB, "
        f"Python {platform.python_version()}"
    )


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def markdown(rows: list[Row], title: str, enterprises: int | None = None) -> str:
    scope = f"{enterprises:,} demo enterprises; " if enterprises is not None else ""
    lines = [
        f"### {title} ({scope}{machine()})",
        "",
        "| step | measured | target |",
        "|---|---|---|",
        *(f"| {row.step} | {row.value} | {row.target} |" for row in rows),
        "",
    ]
    return "\n".join(lines)
