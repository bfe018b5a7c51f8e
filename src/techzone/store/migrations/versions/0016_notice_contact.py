"""a 公示's contact for objections

Revision ID: 0016_notice_contact
Revises: 0015_holiday_arrangement
Create Date: 2026-12-05 00:40:00

A notice names who receives objections and how (reference/official-layout.md). Notices published
before keep no contact (they named none); every new one must have a unit and a way to reach it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_notice_contact"
down_revision: str | None = "0015_holiday_arrangement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("contact_unit", 60),
    ("contact_person", 20),
    ("contact_phone", 40),
    ("contact_address", 100),
    ("contact_email", 100),
)


def upgrade() -> None:
    with op.batch_alter_table("fulfilment_notice") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fulfilment_notice") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
