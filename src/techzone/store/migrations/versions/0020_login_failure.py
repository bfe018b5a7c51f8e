"""failed logins counted per account and client address (issue #14)

Revision ID: 0020_login_failure
Revises: 0019_case_unpaid_rest
Create Date: 2026-12-05 16:30:00

Failures were counted on the account row, so five wrong passwords from anywhere locked the
account for everyone: whoever knew an officer's username could keep the officer out. Each failure
is now a row of its account and client address. Existing counts on the account rows are left as
they are and no longer read (a lock under way on an account row still holds until it ends).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_login_failure"
down_revision: str | None = "0019_case_unpaid_rest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_login_failure_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_account_address", "login_failure", ["account_id", "address"])


def downgrade() -> None:
    op.drop_index("ix_login_failure_account_address", table_name="login_failure")
    op.drop_table("login_failure")
