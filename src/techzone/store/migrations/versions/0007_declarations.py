"""enterprise declarations, qualification revoked_on, platform status, incident numbers

Revision ID: 0007_declarations
Revises: 0006_caps_ledger
Create Date: 2026-12-04 15:00:00

Incidents stored before they had a number get 「类型-日期」 (``model.event.incident_ref``), the
number an imported row without 事件编号 also gets, so re-importing an old file finds them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_declarations"
down_revision: str | None = "0006_caps_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The labels of the incident kinds when this migration was written (model.codes.IncidentKind).
_INCIDENT_LABELS = {
    "major_safety": "重大安全事故",
    "major_quality": "重大质量事故",
    "serious_environmental": "严重环境违法行为",
    "serious_dishonesty": "严重失信行为",
}


def upgrade() -> None:
    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_declaration_enterprise_id_enterprise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
        sa.UniqueConstraint(
            "enterprise_id",
            "item",
            "declared_on",
            name=op.f("uq_declaration_enterprise_id_item_declared_on"),
        ),
    )
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_enterprise_id"), ["enterprise_id"], unique=False
        )
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
    with op.batch_alter_table("platform", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=32), nullable=False, server_default="in_force")
        )
        batch_op.add_column(sa.Column("status_on", sa.Date(), nullable=True))
    with op.batch_alter_table("platform", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
    _number_incidents()


def _number_incidents() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ref", sa.String(length=64), nullable=True))
    incident = sa.table(
        "incident",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("occurred_on", sa.Date()),
        sa.column("ref", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(incident.c.id, incident.c.kind, incident.c.occurred_on))
    for id_, kind, occurred_on in list(rows):
        ref = f"{_INCIDENT_LABELS.get(kind, kind)}-{occurred_on.isoformat()}"
        connection.execute(incident.update().where(incident.c.id == id_).values(ref=ref))
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.alter_column("ref", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_incident_enterprise_id_kind_occurred_on", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_incident_enterprise_id_ref"), ["enterprise_id", "ref"]
        )


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_incident_enterprise_id_ref"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_incident_enterprise_id_kind_occurred_on", ["enterprise_id", "kind", "occurred_on"]
        )
        batch_op.drop_column("ref")
    with op.batch_alter_table("platform", schema=None) as batch_op:
        batch_op.drop_column("status_on")
        batch_op.drop_column("status")
    with op.batch_alter_table("qualification", schema=None) as batch_op:
        batch_op.drop_column("revoked_on")
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_enterprise_id"))
    op.drop_table("declaration")
