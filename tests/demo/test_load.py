"""Loading the demo on both backends: everything generated is stored, and a second load changes
nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, func, select

from techzone.demo.generator import generate
from techzone.demo.load import load_demo
from techzone.io.writer import TARGETS
from techzone.store import Store

SIZE = 200
SEED = 3


def _tables() -> list[Table]:
    tables = []
    for target in TARGETS.values():
        table = target.model.__table__
        assert isinstance(table, Table)
        tables.append(table)
    return tables


def _snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, ids included, in id order."""
    with store.transaction() as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(table.c.id))]
            for table in _tables()
        }


def test_load_stores_what_was_generated_and_a_second_load_changes_nothing(store: Store) -> None:
    expected = generate(SIZE, SEED).counts()
    reported: dict[str, int] = defaultdict(int)

    def progress(sheet: str, done: int) -> None:
        reported[sheet] += done

    written = load_demo(store, enterprises=SIZE, seed=SEED, progress=progress)
    assert written == expected
    assert {sheet: count for sheet, count in reported.items() if count} == {
        sheet: count for sheet, count in expected.items() if count
    }
    with store.transaction() as session:
        stored = {
            sheet.sheet_name: session.execute(
                select(func.count()).select_from(target.model)
            ).scalar_one()
            for sheet, target in TARGETS.items()
        }
    assert stored == expected

    before = _snapshot(store)
    assert load_demo(store, enterprises=SIZE, seed=SEED) == expected
    assert _snapshot(store) == before
