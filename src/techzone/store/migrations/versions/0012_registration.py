"""enterprise registration by USCC: an account's verification state

Revision ID: 0012_registration
Revises: 0011_fulfilment
Create Date: 2026-12-04 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_registration"
down_revision: str | None = "0011_fulfilment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verification", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("verification")
