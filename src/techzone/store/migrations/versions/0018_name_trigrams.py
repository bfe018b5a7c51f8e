"""trigram indexes for the search by a name's substring

Revision ID: 0018_name_trigrams
Revises: 0017_audit_zone
Create Date: 2026-12-05 02:50:00

A search by a name's substring (``LIKE '%…%'``) cannot use an ordinary index: it read every
enterprise row in the caller's scope (≈ 6 ms of a zone officer's ≈ 10 ms search at 100,000
enterprises). An index of the names' three-character pieces finds the few rows that can match.

SQLite: an FTS5 table of the names with the ``trigram`` tokenizer, case folded (SQLite's LIKE
ignores the case of A–Z, so the index must find at least what it finds), reading the names from
``enterprise`` itself (external content: the names are not stored twice). Triggers on
``enterprise`` keep it in step with every write — the imports' upserts, the demo, any later
change — since an external-content index silently goes wrong if a change passes it by. A
migration that rebuilds ``enterprise`` (Alembic's batch mode copies it to a new table) drops the
triggers with the old table and must create them again; a test checks they are there at the head.
Where the SQLite library lacks FTS5 or its trigram tokenizer (before 3.34), nothing is created
and the search reads the rows as before.

PostgreSQL: a GIN index of ``name`` with ``pg_trgm``'s operator class, which ``LIKE '%…%'`` uses
by itself for three characters or more, and a ``text_pattern_ops`` index of ``uscc`` for the
search's USCC prefix (``LIKE '…%'``), so the two sides of the search's OR each have an index.
Where ``pg_trgm`` cannot be installed (not shipped, or no right to create it) the name index is
left out and the search scans as before. Downgrade leaves the extension (other objects may use it).
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

revision: str = "0018_name_trigrams"
down_revision: str | None = "0017_audit_zone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "enterprise_name_fts"
TRIGGERS = (
    "enterprise_name_fts_insert",
    "enterprise_name_fts_delete",
    "enterprise_name_fts_update",
)

_SQLITE = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, content='enterprise', content_rowid='id',"
    " tokenize='trigram case_sensitive 0')",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON enterprise BEGIN"
    f" INSERT INTO {FTS}(rowid, name) VALUES (new.id, new.name); END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON enterprise BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.id, old.name); END",
    # Only when the name (or the id) changes: a re-import rewrites every column of its rows.
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF id, name ON enterprise"
    " WHEN old.name IS NOT new.name OR old.id IS NOT new.id BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.id, old.name);"
    f" INSERT INTO {FTS}(rowid, name) VALUES (new.id, new.name); END",
    # The names already stored.
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)


def _sqlite_has_trigrams(connection: Connection) -> bool:
    version = connection.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    major, minor = (int(part) for part in str(version).split(".")[:2])
    options = set(connection.exec_driver_sql("PRAGMA compile_options").scalars())
    return (major, minor) >= (3, 34) and "ENABLE_FTS5" in options


def _postgresql_has_trigrams(connection: Connection) -> bool:
    shipped = connection.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if shipped is None:
        return False
    # Creating it needs a right the store's user may lack: tried in a savepoint, so a refusal
    # leaves the migration's transaction usable.
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError:
        return False
    return True


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        if _sqlite_has_trigrams(connection):
            for statement in _SQLITE:
                connection.exec_driver_sql(statement)
        return
    op.execute("CREATE INDEX ix_enterprise_uscc_prefix ON enterprise (uscc text_pattern_ops)")
    if _postgresql_has_trigrams(connection):
        op.execute(
            "CREATE INDEX ix_enterprise_name_trgm ON enterprise USING gin (name gin_trgm_ops)"
        )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
        return
    op.execute("DROP INDEX IF EXISTS ix_enterprise_name_trgm")
    op.execute("DROP INDEX ix_enterprise_uscc_prefix")
