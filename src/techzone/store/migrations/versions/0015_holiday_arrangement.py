"""a year's holiday arrangement entered from the State Council's notice

Revision ID: 0015_holiday_arrangement
Revises: 0014_search_scope_index
Create Date: 2026-12-05 00:30:00

The holiday library is released after the State Council publishes the next year's arrangement;
until then a 公示 or a deadline running into that year could not be counted. The office enters
the notice; its days are kept here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_holiday_arrangement"
down_revision: str | None = "0014_search_scope_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holiday_arrangement",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("days_off", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("holiday_arrangement")
