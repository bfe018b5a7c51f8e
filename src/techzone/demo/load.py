"""Loading the demo into a store: the seed documents' zones and parks, and synthetic enterprises."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.demo.generator import generate
from techzone.demo.generator.places import REGIONS
from techzone.demo.identity import demo_index
from techzone.io.writer import Progress, write_rows
from techzone.model import Enterprise
from techzone.store import Store


def real_enterprises(session: Session) -> int:
    """How many stored enterprises no demo run made: imported or typed records of a register.

    Loading the demo beside them would put invented enterprises into a real register.
    """
    return sum(
        1
        for uscc in session.scalars(select(Enterprise.uscc))
        if uscc[2:8] not in REGIONS or demo_index(uscc) is None
    )


def load_demo(
    store: Store, enterprises: int = 2000, seed: int = 0, progress: Progress | None = None
) -> dict[str, int]:
    """Write the demo world into ``store`` in one transaction; return rows written per sheet.

    Everything goes through ``write_rows``, which upserts by natural keys, so loading the same
    demo twice leaves the store as it was after the first load. ``progress`` is called with a
    sheet name and the number of its rows just written, as the writer reports them.
    """
    data = generate(enterprises, seed)
    with store.transaction() as session:
        return write_rows(session, data, progress)
