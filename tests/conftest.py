"""Shared fixtures: an empty store on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import shutil
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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store at the newest revision, migrated once for the session.

    Running every migration took about half a second for each of the ~1,000 tests on a store;
    a copy of this file is the same empty, migrated database in a few milliseconds."""
    path = tmp_path_factory.mktemp("migrated") / "techzone.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres: PostgresServer) -> str:
    """The name of an empty PostgreSQL database at the newest revision, a template to copy."""
    name = "techzone_migrated_template"
    open_store(postgres.create_database(name)).dispose()
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database on each backend in turn.

    A test that opens it through ``store`` gets a copy of a database migrated once (what opening
    an empty one would make of it); any other test gets a database with no tables at all."""
    migrated = "store" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "techzone.sqlite"
        if migrated:
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("postgres")
    template = request.getfixturevalue("migrated_postgres") if migrated else None
    return server.create_database(f"techzone_test_{next(_database_numbers)}", template=template)


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
def sqlite_store(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Store]:
    """An empty store on SQLite only, for tests that are not about storage."""
    path = tmp_path / "techzone.sqlite"
    shutil.copyfile(migrated_sqlite, path)
    opened = open_store(f"sqlite:///{path}")
    try:
        yield opened
    finally:
        opened.dispose()
