"""The audit log as an administrator may read it (issue #14: viewable and exportable by them).

An entry names the zone whose data it changed (migration 0017): a 高新区管理员 reads its own zone's
entries, a 省级管理员 those of its province's zones, whoever made them — the command line
included. An entry of no zone (one written before 0017, an import of a whole register, a
province's or city's fund pool, the holiday arrangement, a province's account) is read by who made
it: a zone's administrator reads what the accounts of their zone did and what was done to them, a
province's the same for every account of its province; the command line's such entries stay with
the provinces' administrators (docs/deployment.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.model import Account, AuditEntry, Zone

ADMIN_ROLES = frozenset({Role.PROVINCE, Role.ZONE})


def _query(scope: Scope) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if scope.role is Role.ZONE or scope.zone is not None:
        zone_accounts = select(Account.username).where(Account.zone == scope.zone)
        by_accounts = or_(
            AuditEntry.actor.in_(zone_accounts),
            (AuditEntry.entity == "account") & AuditEntry.entity_key.in_(zone_accounts),
        )
        query = query.where(
            or_(AuditEntry.zone == scope.zone, and_(AuditEntry.zone.is_(None), by_accounts))
        )
    elif scope.province is not None:
        zones = select(Zone.code).where(Zone.province == scope.province)
        query = query.where(
            or_(
                AuditEntry.zone.in_(zones),
                and_(AuditEntry.zone.is_(None), *_province(scope.province)),
            )
        )
    elif scope.role is not None and scope.role not in ADMIN_ROLES:
        query = query.where(false())
    return query


def _province(province: str) -> list[ColumnElement[bool]]:
    """A province's administrator reads what was done by and to accounts of its province (its
    own and those of its zones), and the command line's entries (the register's operator, no
    account); never another province's accounts or what was done to them."""
    zones = select(Zone.code).where(Zone.province == province)
    others = select(Account.username).where(
        or_(
            and_(Account.province.is_not(None), Account.province != province),
            and_(Account.zone.is_not(None), Account.zone.not_in(zones)),
        )
    )
    return [
        AuditEntry.actor.not_in(others),
        ~((AuditEntry.entity == "account") & AuditEntry.entity_key.in_(others)),
    ]


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
