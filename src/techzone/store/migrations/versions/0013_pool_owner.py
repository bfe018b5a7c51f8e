"""fund pools owned by the body that pays them; a case's city

Revision ID: 0013_pool_owner
Revises: 0012_registration
Create Date: 2026-12-04 20:40:00

A pool was (key, year, payer) for the whole register: one zone's administrator could raise a
pool another zone drew on. It now belongs to its payer: the zone (zone- and district-paid), the
province or the city (by name), or 全国. An existing pool takes the one owner its cases show;
a pool whose cases show none or several keeps an empty owner, which no approval draws on (it is
refused, never skipped) until an administrator sets the pool again for its owner.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0013_pool_owner"
down_revision: str | None = "0012_registration"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fulfilment_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("city", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE fulfilment_case SET city = "
        "(SELECT zone.city FROM zone WHERE zone.code = fulfilment_case.zone)"
    )
    with op.batch_alter_table("fund_pool", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("owner", sa.String(length=100), nullable=False, server_default="")
        )
    bind = op.get_bind()
    owned = {
        "zone": "zone",
        "district": "zone",
        "province": "province",
        "city": "city",
    }
    pools = bind.execute(sa.text("SELECT id, payer FROM fund_pool")).all()
    for pool_id, payer in pools:
        if payer == "national":
            owner: str | None = "全国"
        elif payer in owned:
            found = bind.execute(
                sa.text(
                    f"SELECT DISTINCT {owned[payer]} FROM fulfilment_case WHERE pool_id = :pool"
                ),
                {"pool": pool_id},
            ).all()
            owner = found[0][0] if len(found) == 1 and found[0][0] else None
        else:
            owner = None
        if owner:
            bind.execute(
                sa.text("UPDATE fund_pool SET owner = :owner WHERE id = :pool"),
                {"owner": owner, "pool": pool_id},
            )
    with _pools_unlinked(bind), op.batch_alter_table("fund_pool", schema=None) as batch_op:
        batch_op.alter_column("owner", server_default=None)
        batch_op.drop_constraint("uq_fund_pool_key_year_payer", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_fund_pool_key_year_payer_owner"), ["key", "year", "payer", "owner"]
        )
        batch_op.create_index(batch_op.f("ix_fund_pool_owner"), ["owner"], unique=False)


@contextmanager
def _pools_unlinked(bind: sa.Connection) -> Iterator[None]:
    """SQLite changes a table's constraints by copying it and dropping the old one, and the
    drop fails while cases point at their pools (foreign keys on, inside the migration's
    transaction): the links are set aside and put back on the copy, which keeps every id."""
    if bind.dialect.name != "sqlite":
        yield
        return
    links = bind.execute(
        sa.text("SELECT id, pool_id FROM fulfilment_case WHERE pool_id IS NOT NULL")
    ).all()
    bind.execute(sa.text("UPDATE fulfilment_case SET pool_id = NULL WHERE pool_id IS NOT NULL"))
    yield
    for case_id, pool_id in links:
        bind.execute(
            sa.text("UPDATE fulfilment_case SET pool_id = :pool WHERE id = :case"),
            {"pool": pool_id, "case": case_id},
        )


def downgrade() -> None:
    unlinked = _pools_unlinked(op.get_bind())
    with unlinked, op.batch_alter_table("fund_pool", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_pool_owner"))
        batch_op.drop_constraint(batch_op.f("uq_fund_pool_key_year_payer_owner"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_fund_pool_key_year_payer"), ["key", "year", "payer"]
        )
        batch_op.drop_column("owner")
    with op.batch_alter_table("fulfilment_case", schema=None) as batch_op:
        batch_op.drop_column("city")
