"""zone statistics entered by officers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "zone_statistic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zone.id"], name=op.f("fk_zone_statistic_zone_id_zone")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_statistic")),
    )
    with op.batch_alter_table("zone_statistic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_statistic_zone_id"), ["zone_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("zone_statistic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_statistic_zone_id"))
    op.drop_table("zone_statistic")
