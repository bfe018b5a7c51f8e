"""CPU of one self-assessment in one process, warm: the core's share of the web's request.

    PYTHONPATH=src .venv/bin/python -m benchmarks.selfassess_cpu [--batches 1 5 10 20]
        [--runs 9] [--profile 10] [--sort tottime]

Calls ``self_assess_many`` with the web benchmark's profile repeated ``batch`` times (as a worker
answers concurrent requests), each with its own calendars (read once per answer, as the web
does; built from the template here, so no database is read), then writes each answer as the API
does (``web.selfassess.answer_bytes``). Prints the median ``time.process_time`` per profile for
each batch size, with the load average beside it (the machine may be shared). ``--profile N``
adds a cProfile of one batch of N. Never run in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import time
from datetime import date
from typing import Any

from benchmarks.web import PROFILE
from techzone.awards.catalogue import load_catalogue
from techzone.cultivation.calendar import YearCalendar, _build, calendar_template
from techzone.cultivation.selfcheck import SelfCheck, self_assess_many
from techzone.rules.loader import load_packs
from techzone.rules.profile import parse_profile
from techzone.web.selfassess import answer_bytes

AS_OF = date(2026, 6, 30)


def _calendars() -> Any:
    kept: dict[int, YearCalendar] = {}

    def calendar(year: int) -> YearCalendar:
        if year not in kept:
            kept[year] = _build(calendar_template(), year, None, {})
        return kept[year]

    return calendar


def _once(packs: Any, catalogue: Any, batch: int) -> float:
    checks = [
        SelfCheck(parse_profile(PROFILE), AS_OF, calendars=_calendars()) for _ in range(batch)
    ]
    start = time.process_time()
    for answer in self_assess_many(packs, catalogue, checks):
        assert not isinstance(answer, Exception), answer
        answer_bytes(answer)
    return (time.process_time() - start) / batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default="cumulative")
    options = parser.parse_args()
    packs, catalogue = load_packs(), load_catalogue()
    for batch in options.batches:
        for _ in range(3):
            _once(packs, catalogue, batch)
        # As a server's worker does after its first batch (``web.batching``): what is loaded
        # stays out of the cycle collector's reach, whose full passes would otherwise be
        # counted here and not there.
        gc.collect()
        gc.freeze()
        times = [_once(packs, catalogue, batch) for _ in range(options.runs)]
        load = os.getloadavg()[0]
        print(
            f"batch {batch:>2}: {statistics.median(times) * 1000:.1f} ms per profile "
            f"(min {min(times) * 1000:.1f}; load {load:.1f})"
        )
    if options.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            _once(packs, catalogue, options.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(options.sort).print_stats(60)


if __name__ == "__main__":
    main()
