"""zone events that zone-level awards pay for

Revision ID: 0005_zone_events
Revises: 0004
Create Date: 2026-12-04 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_zone_events"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "zone_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["zone_id"], ["zone.id"], name=op.f("fk_zone_event_zone_id_zone")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_event")),
        sa.UniqueConstraint("zone_id", "ref", name=op.f("uq_zone_event_zone_id_ref")),
    )
    with op.batch_alter_table("zone_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_event_zone_id"), ["zone_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("zone_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_event_zone_id"))
    op.drop_table("zone_event")
