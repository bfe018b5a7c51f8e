"""payout ledger with versions and payments; caps' keys on entitlements

Revision ID: 0006_caps_ledger
Revises: 0005_zone_events
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_caps_ledger"
down_revision: str | None = "0005_zone_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entitlement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("limit_key", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("cap_note", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_entitlement_limit_key"), ["limit_key"], unique=False)
    op.create_table(
        "entitlement_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entitlement_id", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount_min", sa.BigInteger(), nullable=True),
        sa.Column("amount_max", sa.BigInteger(), nullable=True),
        sa.Column("planned", sa.BigInteger(), nullable=True),
        sa.Column("stacking_note", sa.String(length=300), nullable=True),
        sa.Column("limit_key", sa.String(length=400), nullable=True),
        sa.Column("cap_note", sa.String(length=300), nullable=True),
        sa.Column("adjustment", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["entitlement_id"],
            ["entitlement.id"],
            name=op.f("fk_entitlement_version_entitlement_id_entitlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entitlement_version")),
        sa.UniqueConstraint(
            "entitlement_id", "version", name=op.f("uq_entitlement_version_entitlement_id_version")
        ),
    )
    with op.batch_alter_table("entitlement_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entitlement_version_entitlement_id"), ["entitlement_id"], unique=False
        )
    op.create_table(
        "entitlement_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entitlement_id", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("voucher", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["entitlement_id"],
            ["entitlement.id"],
            name=op.f("fk_entitlement_payment_entitlement_id_entitlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entitlement_payment")),
        sa.UniqueConstraint(
            "entitlement_id", "voucher", name=op.f("uq_entitlement_payment_entitlement_id_voucher")
        ),
    )
    with op.batch_alter_table("entitlement_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entitlement_payment_entitlement_id"), ["entitlement_id"], unique=False
        )
    # Entitlements recorded before the ledger kept versions become their own first version.
    op.execute(
        "INSERT INTO entitlement_version (entitlement_id, version, change, status, amount_min,"
        " amount_max, planned, stacking_note, limit_key, cap_note, adjustment, recorded_at,"
        " recorded_by, reason)"
        " SELECT id, 1, 'new', status, amount_min, amount_max, planned, stacking_note, NULL,"
        " NULL, NULL, recorded_at, '迁移', '版本记录启用前已记入台账' FROM entitlement"
    )


def downgrade() -> None:
    with op.batch_alter_table("entitlement_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entitlement_payment_entitlement_id"))
    op.drop_table("entitlement_payment")
    with op.batch_alter_table("entitlement_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entitlement_version_entitlement_id"))
    op.drop_table("entitlement_version")
    with op.batch_alter_table("entitlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entitlement_limit_key"))
        batch_op.drop_column("cap_note")
        batch_op.drop_column("limit_key")
        batch_op.drop_column("version")
