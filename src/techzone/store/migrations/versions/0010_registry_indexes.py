"""indexes for the registry's search

Revision ID: 0010_registry_indexes
Revises: 0009_accounts
Create Date: 2026-12-04 17:40:00

The enterprise search sorts by name or founding date and pages: an index in that order (ending
in the unique USCC, carrying the park for the scope) lets a page be read without sorting the
register. Qualification holders and certificates expiring in a window are read by range from
indexes that carry what "in force" reads.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_registry_indexes"
down_revision: str | None = "0009_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What "in force on a day" reads of a qualification, and whose it is: the index answers alone.
_IN_FORCE = ("expires_on", "issued_on", "status", "revoked_on", "enterprise_id")


def upgrade() -> None:
    op.create_index("ix_enterprise_name_order", "enterprise", ["name", "uscc", "park_id"])
    op.create_index(
        "ix_enterprise_registered_order", "enterprise", ["registered_on", "uscc", "park_id"]
    )
    op.create_index("ix_qualification_kind_expires", "qualification", ["kind", *_IN_FORCE])
    op.create_index("ix_qualification_expires", "qualification", list(_IN_FORCE))


def downgrade() -> None:
    op.drop_index("ix_qualification_expires", table_name="qualification")
    op.drop_index("ix_qualification_kind_expires", table_name="qualification")
    op.drop_index("ix_enterprise_registered_order", table_name="enterprise")
    op.drop_index("ix_enterprise_name_order", table_name="enterprise")
