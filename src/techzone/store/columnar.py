"""Columnar reads: record tables straight from the database into Polars, no Python row between.

Reading a register through the DB-API makes a Python tuple per row and a Python object per value
(then SQLAlchemy converts each date), about 5 µs a row: a million enterprises' records take
minutes. ADBC drivers (Apache Arrow Database Connectivity) return Arrow columns that Polars
adopts without copying, several times faster and in less memory.

An ADBC connection is a second connection beside the session's, so it is used only where it
reads exactly what the session would: a SQLite file or a PostgreSQL server, and a session that
has written nothing yet in its transaction (a second connection would not see those writes).
Everywhere else ``columnar_source`` says no and the caller reads through the session.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeAlias
from urllib.parse import quote

import polars as pl
from sqlalchemy import (
    JSON,
    ColumnElement,
    Dialect,
    Select,
    Text,
    TypeDecorator,
    cast,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.engine import URL, Compiled, Connection
from sqlalchemy.orm import InstrumentedAttribute, Session

log = logging.getLogger(__name__)

# A query of any columns (Select is generic over its row's types).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

DRIVERS = {"sqlite": "adbc_driver_sqlite.dbapi", "postgresql": "adbc_driver_postgresql.dbapi"}
# SQLite has no date type: SQLAlchemy stores dates as ISO text.
SQLITE_DATE = "%Y-%m-%d"
# The SQLite driver infers each column's type from the first batch of rows; a column that is
# empty in the first batch and filled later fails. One batch of the whole result avoids that.
WHOLE_RESULT = str(2**30)
# As long as the session's own SQLite connection waits for a writer (pysqlite's default).
BUSY_TIMEOUT_MS = 5_000


class ColumnarSource:
    """Runs SQLAlchemy queries on an ADBC connection and returns typed Polars frames."""

    def __init__(
        self, backend: str, uri: str, dialect: Dialect, settings: Mapping[str, str] | None = None
    ) -> None:
        self.backend = backend
        self.uri = uri
        self.dialect = dialect
        # Session settings the second connection must share (PostgreSQL's search_path).
        self.settings = dict(settings or {})

    @contextmanager
    def connection(self) -> Iterator[Any | None]:
        """An open ADBC connection, or None if it cannot be opened (the caller then reads
        through its session: slower, never wrong)."""
        driver = importlib.import_module(DRIVERS[self.backend])
        try:
            connection = driver.connect(self.uri)
        except Exception as error:  # any driver error: a bad URL, an unreadable file, …
            log.warning("columnar read unavailable (%s): reading through the session", error)
            yield None
            return
        try:
            with connection.cursor() as cursor:
                if self.backend == "sqlite":
                    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                for name, value in self.settings.items():
                    cursor.execute("SELECT set_config($1, $2, false)", [name, value])
            yield connection
        finally:
            connection.close()

    def frame(
        self, connection: Any, query: AnySelect, schema: Mapping[str, pl.DataType]
    ) -> pl.DataFrame:
        # IN (…) lists are expanded into one parameter each, as the session would at run time.
        compiled = query.compile(dialect=self.dialect, compile_kwargs={"render_postcompile": True})
        parameters = [self._bound(compiled, name) for name in compiled.positiontup or ()]
        with connection.cursor() as cursor:
            if self.backend == "sqlite":
                cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": WHOLE_RESULT})
            cursor.execute(str(compiled), parameters or None)
            raw = pl.DataFrame(cursor.fetch_arrow())
        return conform(raw, schema)

    def _bound(self, compiled: Compiled, name: str) -> Any:
        """A parameter as the session would send it: through its type's bind processing (money
        to fen, a code list member to its code, a date to SQLite's text)."""
        value = compiled.params[name]
        binds = compiled.binds  # type: ignore[attr-defined]
        # An IN list's items are named <its parameter>_1, _2, …: they share its type.
        bind = binds[name] if name in binds else binds[name.rsplit("_", 1)[0]]
        processor = bind.type.bind_processor(self.dialect)
        return value if processor is None else processor(value)


def conform(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The frame in ``schema``'s columns and types, whatever types the driver chose."""
    columns = []
    for (name, dtype), column in zip(schema.items(), frame.columns, strict=True):
        value = pl.col(column)
        if dtype == pl.Date() and frame.schema[column] == pl.String():
            value = value.str.to_date(SQLITE_DATE)
        columns.append(value.cast(dtype).alias(name))
    return frame.select(columns)


def stored(attribute: InstrumentedAttribute[Any], name: str | None = None) -> ColumnElement[Any]:
    """A column as stored, labelled ``name`` (default: its attribute's): integer hundredths for
    money and headcounts, the code for a code list, the text of a JSON document. Reads of it give
    the same plain values whichever way they run, and frames keep exact integers."""
    column = attribute.expression
    label = name or attribute.key
    if isinstance(column.type, JSON):
        return cast(column, Text).label(label)
    if isinstance(column.type, TypeDecorator):
        return type_coerce(column, column.type.impl_instance).label(label)
    return column.label(label)


def read_frame(
    session: Session, query: AnySelect, schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """One query's result as a frame in ``schema``: columnar where it can be, else row by row."""
    source = columnar_source(session)
    if source is not None:
        with source.connection() as connection:
            if connection is not None:
                return source.frame(connection, query, schema)
    return session_frame(session, query, schema)


def session_frame(
    session: Session, query: AnySelect, schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """One query's result as a frame, read row by row through the session's own connection
    (the Core connection: the ORM's per-row result processing would cost a third more)."""
    rows = session.connection().execute(query).all()
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def columnar_source(session: Session) -> ColumnarSource | None:
    """An ADBC source reading what ``session`` would read, or None where there is none."""
    connection = session.connection()
    if connection.get_execution_options().get("schema_translate_map"):
        return None
    backend = connection.engine.url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_source(connection)
    if backend == "postgresql":
        return _postgresql_source(connection)
    return None


def _sqlite_source(connection: Connection) -> ColumnarSource | None:
    raw = connection.connection.dbapi_connection
    if raw is None or getattr(raw, "in_transaction", True):
        # pysqlite begins a transaction only before a write: there are unseen writes.
        return None
    # The file the session has open, not the URL read again: a relative path would be
    # resolved against whatever the working folder is now.
    files = {name: file for _, name, file in connection.exec_driver_sql("PRAGMA database_list")}
    path = files.get("main")
    if not path:  # an in-memory database: nobody else can see it
        return None
    return _source("sqlite", f"file:{quote(path)}?mode=ro", connection.dialect)


def _postgresql_source(connection: Connection) -> ColumnarSource | None:
    version = connection.dialect.server_version_info or (0,)
    # A second connection sees what is committed now: the same as the session only under READ
    # COMMITTED (a REPEATABLE READ session keeps its older snapshot), and only while the
    # session has written nothing (no transaction id assigned yet; PostgreSQL 13 and later).
    if version < (13,) or connection.get_isolation_level() != "READ COMMITTED":
        return None
    written = connection.execute(text("SELECT pg_current_xact_id_if_assigned() IS NOT NULL"))
    if written.scalar():
        return None
    search_path = connection.execute(text("SHOW search_path")).scalar_one()
    # ADBC's PostgreSQL driver binds $1, $2, … (the server's own placeholders).
    dialect = psycopg.dialect(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]
    return _source(
        "postgresql",
        conninfo(connection.dialect, connection.engine.url),
        dialect,
        {"search_path": str(search_path)},
    )


def _source(
    backend: str, uri: str, dialect: Dialect, settings: Mapping[str, str] | None = None
) -> ColumnarSource | None:
    try:
        importlib.import_module(DRIVERS[backend])
    except ImportError:  # pragma: no cover - both are dependencies; a broken install still reads
        log.warning("ADBC driver for %s missing: reading row by row", backend)
        return None
    return ColumnarSource(backend, uri, dialect, settings)


def conninfo(dialect: Dialect, url: URL) -> str:
    """libpq's connection string for the session's server, made by psycopg from the arguments
    SQLAlchemy gives psycopg (so passwords and options are quoted as libpq wants)."""
    # Imported here: psycopg is for PostgreSQL only, and importing it cost every command reading
    # a SQLite register a tenth of a second.
    from psycopg.conninfo import make_conninfo

    _, arguments = dialect.create_connect_args(url)
    # Keep libpq's own options; psycopg's Python-side ones (its type adapters) are not.
    plain = {key: value for key, value in arguments.items() if isinstance(value, str | int)}
    return str(make_conninfo("", **plain))
