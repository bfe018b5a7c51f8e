"""Opening a store: an engine on SQLite or PostgreSQL, migrated to the current schema."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from techzone.config import database_url

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"


class StoreUnavailable(Exception):
    """The database cannot be used as it stands: not a database, made by a newer techzone,
    locked by another program, or its folder unusable. ``str`` is one Chinese line for the
    officer, who can often put it right himself; nothing has been changed."""


class TextTooLong(ValueError):
    """Text typed or sent for a record is longer than its column holds."""


class TextNotText(ValueError):
    """Text typed or sent for a record holds a control character (a NUL, an escape)."""


# Control characters but the tab and the line breaks: PostgreSQL refuses a NUL in text (a
# DataError, an internal error), SQLite keeps it; none is something an officer means to type.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _too_long(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse, before the database does, text longer than its column: PostgreSQL answers with a
    DataError that no command expects (an internal error), SQLite stores it whole. The imports
    check widths with each cell; this covers every name, reason or note typed one at a time.
    So with a control character in text being written (only what changes: a record read from
    an older import is not refused for what it already holds)."""
    for record in (*session.new, *session.dirty):
        state = inspect(record)
        for attribute in inspect(type(record)).column_attrs:
            if attribute.key in state.unloaded:
                continue  # not read, so not changed: no query from inside the flush
            kind = attribute.columns[0].type
            width = kind.length if isinstance(kind, String) else None
            value = getattr(record, attribute.key, None)
            if not isinstance(value, str):
                continue
            shown = value if len(value) <= 12 else value[:12] + "…"
            if width is not None and len(value) > width:
                raise TextTooLong(
                    f"输入的文字过长：「{shown}」共{len(value)}个字，此处最多{width}个字；"
                    "未写入任何内容"
                )
            if _CONTROL.search(value) and (
                record in session.new or state.attrs[attribute.key].history.has_changes()
            ):
                raise TextNotText(
                    f"输入的文字含有不可见的控制字符（多为从其他程序粘贴带入）："
                    f"「{_CONTROL.sub('□', shown)}」，请删去后重新输入；未写入任何内容"
                )


# What a database answers when another transaction was writing the same thing at that moment:
# PostgreSQL's serialization failure, deadlock, lock not available and unique violation (two
# inserts of one number); SQLite's lock still held after the busy timeout, and its unique
# violation. Retried once the other has finished, the request goes through or is refused for
# what it then reads.
CONTENDED_STATES = frozenset({"40001", "40P01", "55P03", "23505"})
CONTENDED_SQLITE = ("database is locked", "database table is locked", "UNIQUE constraint failed")
CONTENDED_MESSAGE = "数据正由另一操作同时写入，本次未写入任何内容，请刷新后重试"


def contended(error: BaseException) -> bool:
    """Whether ``error`` is the database refusing a write that met another one at once."""
    if not isinstance(error, OperationalError | IntegrityError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    if state is not None:
        return state in CONTENDED_STATES
    return any(text in str(error.orig) for text in CONTENDED_SQLITE)


@dataclass(frozen=True)
class Store:
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits everything at the end or, on any error, nothing."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def autocommit(self) -> Iterator[Session]:
        """A session whose statements each commit as they run: for work of one statement at a
        time (a read, or a write that stands alone), where a transaction adds nothing but its
        BEGIN and COMMIT — two round trips to a database server, on every web request for the
        login's lookup. Never for writes that must happen together: use ``transaction``.

        On SQLite this is ``transaction``: its driver begins no transaction for a read (a write
        begins one, committed at the end), and switching the connection to autocommit and back
        cost more than it saved (a PRAGMA on each return to the pool)."""
        if self.engine.dialect.name == "sqlite":
            with self.transaction() as session:
                yield session
            return
        with self.engine.connect() as connection:
            single = connection.execution_options(isolation_level="AUTOCOMMIT")
            with self.sessions(bind=single) as session:
                yield session
                session.commit()

    def dispose(self) -> None:
        self.engine.dispose()


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _no_nul(
    _connection: Any,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    _context: Any,
    _executemany: bool,
) -> None:
    """Refuse a NUL in any text a statement is given, on either database: PostgreSQL cannot
    hold or even compare one (a DataError, an internal error for a login name or a notice
    number typed with one), SQLite would answer differently. The flush check says which text."""
    # One statement's parameters (a dict or a sequence), or many of them: for executemany, and
    # for an insert of many rows in one statement, a flat sequence of every row's values.
    pending = [parameters]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise TextNotText(
                    "提交的文字含有不可见的控制字符（NUL），请删去后重新输入；未作任何处理"
                )
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


# A web worker answers many requests at once, each holding a connection for a moment. With
# SQLAlchemy's default pool (5 kept, 10 more opened when needed and closed when given back), twenty
# clients over two workers opened a new PostgreSQL connection about every tenth request: a server
# process started, authenticated and its caches filled, then thrown away a moment later. Keeping
# as many as a worker may hold at once (the same bound as before: 5 + 10) costs a few idle server
# processes and opens each once.
POOL_SIZE = 15


# A connection idle longer than this is tested before use (a server restarted, a firewall that
# dropped it): a round trip on each use otherwise, two of them for every page. One given back
# this recently was working a moment ago; if the server went away in between, the request fails
# once and the pool replaces all its connections (SQLAlchemy invalidates them on a disconnect).
PING_AFTER_IDLE_S = 5.0


def _ping_after_idle(engine: Engine) -> None:
    """``pool_pre_ping``, but only for a connection left idle for ``PING_AFTER_IDLE_S``."""
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["returned"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned")
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool closes this one and tries another (a new connection if need be).
            raise DisconnectionError() from error

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


# An execution option: run this statement unprepared, planned for its values every time.
# psycopg prepares a statement at its fifth run on a connection, and PostgreSQL then soon plans
# it once for any value: for a LIKE pattern, a plan that cannot use the trigram index.
UNPREPARED = "techzone_unprepared"
# An execution option: prepare this statement at its first run on a connection, for a statement
# whose planning costs more than running it (the dossier's one read of many joined tables: 3–5 ms
# to plan, 0.5 ms to run). PostgreSQL plans a prepared statement for its values five times and
# then keeps one plan; left to psycopg's fifth run, each pooled connection planned it ten times.
PREPARED = "techzone_prepared"


def _prepare_as_told(cursor: Any, statement: str, parameters: Any, context: Any) -> bool | None:
    options = context.execution_options
    if options.get(UNPREPARED):
        cursor.execute(statement, parameters, prepare=False)
        return True
    if options.get(PREPARED):
        cursor.execute(statement, parameters, prepare=True)
        return True
    return None


def create_store_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    else:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=0)
        _ping_after_idle(engine)
        event.listen(engine, "do_execute", _prepare_as_told)
    event.listen(engine, "before_cursor_execute", _no_nul)
    return engine


# What migration 0018 builds for the search by a name's substring and no model declares: the
# SQLite FTS5 table (with its shadow tables) and PostgreSQL's trigram and USCC-prefix indexes.
# Each exists on one backend only, or not at all where the database lacks trigrams.
NAME_INDEX_TABLE = "enterprise_name_fts"
_NAME_INDEXES = frozenset({"ix_enterprise_name_trgm", "ix_enterprise_uscc_prefix"})


def in_models(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic's ``include_name``: whether a database object is one the models describe (the
    search's trigram indexes are not, so comparing the schema with the models leaves them out)."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(NAME_INDEX_TABLE)
    if type_ == "index":
        return name not in _NAME_INDEXES
    return True


def _where(engine: Engine) -> str:
    if engine.url.get_backend_name() == "sqlite":
        return f"数据库文件「{engine.url.database}」"
    return f"数据库「{engine.url.render_as_string(hide_password=True)}」"


def unavailable_reason(error: BaseException) -> str | None:
    """Why the database cannot be used, when the driver's error says so (in its own English);
    None for any other error, which stays a defect to be logged."""
    if not isinstance(error, DBAPIError):
        return None
    text = str(error.orig).lower()
    if "locked" in text or "lock timeout" in text:
        return "正被另一个程序使用（已锁定），请稍后重试"
    if "not a database" in text or "malformed" in text:
        return "不是 techzone 的数据库，或已损坏"
    if "unable to open database" in text:
        return "无法打开（路径不存在、是文件夹或没有读写权限）"
    if "readonly" in text or "read-only" in text:
        return "只读，无法写入"
    if "disk i/o" in text or "database or disk is full" in text:
        return "读写磁盘出错（磁盘已满或已损坏）"
    if "connection" in text or "could not connect" in text:
        return "无法连接（服务器未运行、地址或账号有误）"
    return None


def unavailable(error: DBAPIError, engine: Engine) -> StoreUnavailable | None:
    """``error`` said as a :class:`StoreUnavailable` naming the database, if it is one."""
    why = unavailable_reason(error)
    if why is None:
        return None
    return StoreUnavailable(f"{_where(engine)}{why}；本次未作任何改动")


def head_revision() -> str:
    """The newest migration's revision: the stem of the last file in ``versions`` by name.

    Migrations are numbered (``0013_<slug>.py``, revision ``0013_<slug>``); a test holds every
    migration to that and checks this is Alembic's one head.
    """
    return max(path.stem for path in VERSIONS.glob("[0-9]*.py"))


def is_current(engine: Engine) -> bool:
    """Whether the database already stands at the newest migration (one query, no Alembic)."""
    try:
        with engine.connect() as connection:
            stamped = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no version table yet: an empty database
        return False
    return [row[0] for row in stamped] == [head_revision()]


def _stamped(engine: Engine) -> list[str]:
    """The revisions the database is stamped with; none for a new, empty database."""
    try:
        with engine.connect() as connection:
            return [
                row[0]
                for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            ]
    except DBAPIError as error:
        refused = unavailable(error, engine)
        if refused is not None:
            raise refused from error
        return []  # no version table yet: an empty database


def _known_revisions() -> set[str]:
    """Every revision this techzone has a migration for (the first ones are named by number
    alone, 0004, not by their file's name); read only when the database is not current."""
    declared = re.compile(r'^revision(?:: str)? = "([^"]+)"', re.MULTILINE)
    return {
        found.group(1)
        for path in VERSIONS.glob("[0-9]*.py")
        if (found := declared.search(path.read_text(encoding="utf-8")))
    }


def _newer(engine: Engine, stamped: list[str]) -> StoreUnavailable | None:
    """The refusal of a database stamped with a revision this techzone has no migration for."""
    known = _known_revisions()
    unknown = [revision for revision in stamped if revision not in known]
    if not unknown:
        return None
    return StoreUnavailable(
        f"{_where(engine)}由较新版本的 techzone 建立（结构版本 {'、'.join(unknown)}，"
        f"本程序最高为 {head_revision()}），请先升级 techzone 再使用；本次未作任何改动"
    )


def diagnose(error: BaseException, engine: Engine) -> StoreUnavailable | None:
    """What an error met on an open store says of the database itself, if anything: unusable
    (damaged, not a database, unreachable), or changed under the running program by a newer
    techzone (a table or column gone, a stamp this program does not know). Only reads."""
    if not isinstance(error, DBAPIError):
        return None
    refused = unavailable(error, engine)
    if refused is not None:
        return refused
    try:
        stamped = _stamped(engine)
    except StoreUnavailable as found:
        return found
    return _newer(engine, stamped)


def _ready(engine: Engine) -> None:
    """Migrate ``engine`` to the newest revision unless it stands there, refusing (unchanged) a
    database stamped by a newer techzone: Alembic would fail on a revision it cannot find."""
    stamped = _stamped(engine)
    head = head_revision()
    if stamped == [head]:
        return
    newer = _newer(engine, stamped)
    if newer is not None:
        raise newer
    try:
        migrate(engine)
    except DBAPIError as error:
        refused = unavailable(error, engine)
        if refused is not None:
            raise refused from error
        raise


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema up to ``revision`` with Alembic; a no-op when already there."""
    # Imported here: a database already at the newest revision, as on every command but the
    # first after an upgrade, needs neither Alembic nor its environment (docs/performance.md).
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """The store at ``url`` (default: ``TECHZONE_DATABASE_URL`` or the embedded SQLite file)."""
    try:
        engine = create_store_engine(url or database_url())
    except OSError as error:  # the data folder is a file, or cannot be made
        from techzone.io.files import reason

        raise StoreUnavailable(
            f"无法使用数据文件夹「{error.filename}」：{reason(error)}；本次未作任何改动"
        ) from error
    if upgrade:
        _ready(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "before_flush", _too_long)
    return Store(engine=engine, sessions=sessions)
