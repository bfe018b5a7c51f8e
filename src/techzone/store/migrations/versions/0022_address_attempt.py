"""attempts counted per client address where no account holds the count

Revision ID: 0022_address_attempt
Revises: 0021_drop_failed_logins
Create Date: 2026-12-05 19:40:00

Registrations had no bound: anyone could pile up pending registrations and probe usernames. A
registration attempt is now a row of its client address, refused unless its registration was
committed. A wrong login under a username no account has is a row too, counted and locked as an
account's failures are, so that the lock no longer tells which usernames exist.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_address_attempt"
down_revision: str | None = "0021_drop_failed_logins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "address_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_attempt")),
    )
    op.create_index(
        "ix_address_attempt_kind_address", "address_attempt", ["kind", "address", "username"]
    )
    op.create_index("ix_address_attempt_at", "address_attempt", ["at"])


def downgrade() -> None:
    op.drop_index("ix_address_attempt_at", table_name="address_attempt")
    op.drop_index("ix_address_attempt_kind_address", table_name="address_attempt")
    op.drop_table("address_attempt")
