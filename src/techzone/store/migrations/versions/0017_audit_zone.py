"""the zone an audit entry concerns

Revision ID: 0017_audit_zone
Revises: 0016_notice_contact
Create Date: 2026-12-05 03:00:00

The log had no zone: an administrator's view was decided by who acted (the accounts of their
zone or province), so a change made at the command line — a case advanced, a notice published —
was read by every province's administrator. New entries carry the zone of what they change;
entries written before stay NULL and keep the old rule (the log is append-only: no backfill).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_audit_zone"
down_revision: str | None = "0016_notice_contact"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN touches no row, so the append-only triggers are not fired.
    op.add_column("audit_log", sa.Column("zone", sa.String(length=32), nullable=True))
    op.create_index(op.f("ix_audit_log_zone"), "audit_log", ["zone"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_zone"), table_name="audit_log")
    # Not through a batch copy of the table on SQLite: the copy would lose the append-only
    # triggers. SQLite drops a column in place since 3.35.
    op.execute("ALTER TABLE audit_log DROP COLUMN zone")
