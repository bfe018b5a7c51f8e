"""The web application's reads at scale: enterprise search and the dossier (一企一档), p50/p95.

    python -m benchmarks.registry [--enterprises 100000] [--runs 50] [--store PATH]

Loads the demo into a SQLite file once (kept with --store for later runs), then times each
search shape and the dossier of sampled enterprises, in one process, on one connection at a time.
Reported, never asserted (docs/performance.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from benchmarks.common import Row, markdown, seconds
from techzone.access import Scope
from techzone.demo.load import load_demo
from techzone.model import Enterprise, Park, Zone
from techzone.model.codes import QualificationKind
from techzone.registry.dashboard import dashboard, zone_targets
from techzone.registry.dossier import dossier
from techzone.registry.search import search_enterprises
from techzone.rules.loader import load_packs
from techzone.store import Store, open_store

AS_OF = date(2026, 6, 30)


def _percentiles(step: Callable[[int], object], runs: int) -> tuple[float, float]:
    times = []
    for index in range(runs):
        start = time.perf_counter()
        step(index)
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def measure(store: Store, runs: int) -> list[Row]:
    packs = load_packs()
    with store.transaction() as session:
        usccs = list(session.scalars(select(Enterprise.uscc)))
        # The largest zone and its largest park: the slowest scopes to page through.
        zone, park = session.execute(
            select(Zone.code, Park.code)
            .join(Park, Park.zone_id == Zone.id)
            .join(Enterprise, Enterprise.park_id == Park.id)
            .group_by(Zone.code, Park.code)
            .order_by(func.count(Enterprise.id).desc())
            .limit(1)
        ).one()
        count = session.scalar(select(func.count(Enterprise.id))) or 0
    sample = random.Random(0).sample(usccs, min(runs, len(usccs)))
    zone_scope, park_scope = Scope(zone=zone), Scope(zone=zone, park=park)
    shapes: dict[str, Callable[[int], object]] = {}

    def search(scope: Scope, **kwargs: object) -> Callable[[int], object]:
        def step(index: int) -> object:
            with store.transaction() as session:
                return search_enterprises(session, scope, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]

        return step

    shapes["search: zone, first page by name"] = search(zone_scope)
    shapes["search: zone, page 100 by name"] = search(zone_scope, page=100)
    shapes["search: park, by 成立日期 desc"] = search(park_scope, sort=("registered_on", "desc"))
    shapes["search: name substring"] = search(zone_scope, text="科技")
    shapes["search: USCC prefix"] = search(zone_scope, text=sample[0][:12])
    shapes["search: holds HNTE"] = search(zone_scope, qualification=QualificationKind.HNTE)
    shapes["search: expiring within 90 days"] = search(zone_scope, expiring_within=90)
    shapes["search: 200 a page, whole register"] = search(Scope.everything(), page_size=200)

    def one(index: int) -> object:
        with store.transaction() as session:
            return dossier(
                session, Scope.everything(), sample[index % len(sample)], AS_OF, packs=packs
            )

    shapes["dossier (一企一档)"] = one
    rows = [Row("enterprises", f"{count:,}")]
    for name, step in shapes.items():
        step(0)  # warm: packs compiled, caches filled
        p50, p95 = _percentiles(step, runs)
        rows.append(Row(f"{name} p50 / p95", f"{seconds(p50)} / {seconds(p95)}", "< 150 ms p95"))

    def board(index: int) -> object:
        with store.transaction() as session:
            return dashboard(session, zone_scope, AS_OF, targets=False)

    def goals(index: int) -> object:
        with store.transaction() as session:
            return zone_targets(session, zone_scope, AS_OF)

    for name, step in (("dashboard without targets (zone)", board), ("zone targets", goals)):
        p50, p95 = _percentiles(step, max(3, runs // 10))
        rows.append(Row(f"{name} p50 / p95", f"{seconds(p50)} / {seconds(p95)}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument(
        "--no-analyse", dest="analyse", action="store_false", help="skip ANALYZE after loading"
    )
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="techzone-registry-"))
    path = arguments.store or folder / "techzone.sqlite"
    fresh = not path.exists()
    store = open_store(f"sqlite:///{path}")
    try:
        if fresh:
            load_demo(store, arguments.enterprises)
            if arguments.analyse:
                # Table statistics, as PostgreSQL's autovacuum keeps them: without them SQLite may
                # read a large zone by park and sort it rather than walk the name index.
                with store.transaction() as session:
                    session.execute(text("ANALYZE"))
        print(
            markdown(
                measure(store, arguments.runs), "Registry reads (SQLite)", arguments.enterprises
            )
        )
    finally:
        store.dispose()


if __name__ == "__main__":
    main()
