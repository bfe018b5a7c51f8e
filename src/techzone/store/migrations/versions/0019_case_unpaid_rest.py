"""a case's unpaid rest (未付余额) and the follow-up payment (补拨) of it

Revision ID: 0019_case_unpaid_rest
Revises: 0018_name_trigrams
Create Date: 2026-12-05 08:10:00

When the finance office pays a case less than was approved (funds short, a cut by finance), what
was paid is recorded and the rest stays owed on the case until it is paid in a later batch
(补拨) or closed with a reason. Both columns are amounts in fen, empty on every existing case:
none was ever paid short (the sheet was refused).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_case_unpaid_rest"
down_revision: str | None = "0018_name_trigrams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fulfilment_case") as batch:
        batch.add_column(sa.Column("unpaid", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("topup", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fulfilment_case") as batch:
        batch.drop_column("topup")
        batch.drop_column("unpaid")
