"""A second empty store on the same backend as ``store``, for round trips between databases."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from techzone.store import Store, open_store
from tests.postgres import PostgresServer

_numbers = itertools.count(1)


@pytest.fixture
def fresh_store(request: pytest.FixtureRequest, store_url: str, tmp_path: Path) -> Iterator[Store]:
    """Another new, empty database next to the one ``store`` opened (same backend)."""
    # A copy of the session's migrated database, as ``store`` is (tests/conftest.py).
    if store_url.startswith("sqlite"):
        path = tmp_path / "fresh.sqlite"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        url = f"sqlite:///{path}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        template = request.getfixturevalue("migrated_postgres")
        url = server.create_database(f"techzone_io_fresh_{next(_numbers)}", template=template)
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.dispose()
