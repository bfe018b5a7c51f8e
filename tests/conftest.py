"""Shared fixtures: an empty store on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from techzone.config import DATA_DIR_ENV, DATABASE_URL_ENV
from techzone.rules.loader import CACHE_DIR_ENV
from techzone.store import Store, open_store
from tests.postgres import PostgresServer, start_postgres

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def pack_check_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache of packs that type-checked, kept apart from the user's for the test session."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default data folder for the session, outside the repository.

    The error log handler the CLI installs on library loggers stays after a CLI test; a later
    test that makes pypdf warn appended to ./data/logs/errors.log in the checkout, a file every
    xdist worker shares. Tests that care use ``data_dir`` (their own folder) over this one."""
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'techzone.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"techzone_test_{next(_database_numbers)}")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated store on each backend in turn."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder for commands that use the default store (the CLI tests)."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    yield tmp_path / "data"


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty store on SQLite only, for tests that are not about storage."""
    opened = open_store(f"sqlite:///{tmp_path / 'techzone.sqlite'}")
    try:
        yield opened
    finally:
        opened.dispose()
