"""The audit log as an administrator may read it (issue #14: viewable and exportable by them).

A 省级管理员 reads every entry. The log has no zone column, so a 高新区管理员 reads what the
accounts of their zone did and what was done to those accounts; changes made at the command
line stay with the province's administrators (recorded as a known limit in docs/deployment.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.model import Account, AuditEntry

ADMIN_ROLES = frozenset({Role.PROVINCE, Role.ZONE})


def _query(scope: Scope) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if scope.role is Role.ZONE or scope.zone is not None:
        zone_accounts = select(Account.username).where(Account.zone == scope.zone)
        query = query.where(
            or_(
                AuditEntry.actor.in_(zone_accounts),
                (AuditEntry.entity == "account") & AuditEntry.entity_key.in_(zone_accounts),
            )
        )
    elif scope.role is not None and scope.role not in ADMIN_ROLES:
        query = query.where(false())
    return query


def visible_entries(
    session: Session, scope: Scope, *, limit: int, offset: int = 0
) -> list[AuditEntry]:
    """The newest entries first, only those the scope may read."""
    return list(session.scalars(_query(scope).limit(limit).offset(offset)))


def all_visible(session: Session, scope: Scope, *, chunk: int = 5000) -> Iterator[AuditEntry]:
    """Every entry the scope may read, newest first, read in chunks (for the export)."""
    last: int | None = None
    while True:
        query = _query(scope)
        if last is not None:
            query = query.where(AuditEntry.id < last)
        rows = list(session.scalars(query.limit(chunk)))
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1].id
