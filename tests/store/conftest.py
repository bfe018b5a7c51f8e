"""What the migration tests share: an empty store on each database a migration must run on."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.postgres import PostgresServer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty SQLite file, or a fresh database on the worker's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"migration_{uuid.uuid4().hex[:12]}")
