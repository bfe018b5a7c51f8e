"""drop account.failed_logins, unread since failures are counted per address

Revision ID: 0021_drop_failed_logins
Revises: 0020_login_failure
Create Date: 2026-12-05 19:20:00

Since 0020 failed logins are rows of ``login_failure`` (account and client address); the count on
the account row was only ever set to 0, and a column nobody reads misleads whoever reads the
table. The account-wide lock (``locked_until``) stays.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_drop_failed_logins"
down_revision: str | None = "0020_login_failure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite_drops_in_place() -> bool:
    version = op.get_bind().exec_driver_sql("SELECT sqlite_version()").scalar_one()
    major, minor = (int(part) for part in str(version).split(".")[:2])
    return (major, minor) >= (3, 35)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" and not _sqlite_drops_in_place():
        # SQLite before 3.35 (2021) cannot drop a column: the table is copied, and dropping the
        # old copy deletes, through their foreign keys, the open sessions (officers log in
        # again) and the failures being counted (locks under way are lifted).
        with op.batch_alter_table("account") as batch:
            batch.drop_column("failed_logins")
        return
    # In place, not through a copy of the table: a copy would take the sessions and failures
    # with the old table (their foreign keys cascade).
    op.execute("ALTER TABLE account DROP COLUMN failed_logins")


def downgrade() -> None:
    # Every row gets 0, what 0020 kept there; the server default stays so that the code of
    # 0020, which sets it, and this schema agree on rows written after the downgrade.
    op.add_column(
        "account",
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    )
