"""A second empty store on the same backend as ``store``, for round trips between databases."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from techzone.store import Store, open_store
from tests.postgres import PostgresServer

_numbers = itertools.count(1)


@pytest.fixture
def fresh_store(request: pytest.FixtureRequest, store_url: str, tmp_path: Path) -> Iterator[Store]:
    """Another new, empty database next to the one ``store`` opened (same backend)."""
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"techzone_io_fresh_{next(_numbers)}")
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.dispose()
