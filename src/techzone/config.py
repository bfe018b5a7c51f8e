"""Where techzone keeps its data, from the environment with sensible defaults."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_ENV = "TECHZONE_DATABASE_URL"
DATA_DIR_ENV = "TECHZONE_DATA_DIR"


def data_dir() -> Path:
    """The folder for the embedded database and generated files (``./data`` by default)."""
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


def database_url() -> str:
    """``TECHZONE_DATABASE_URL`` if set (e.g. PostgreSQL), else a SQLite file in the data folder."""
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        return configured
    return f"sqlite:///{data_dir() / 'techzone.sqlite'}"
