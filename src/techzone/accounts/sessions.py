"""Server-side sessions: a random token in the cookie, its SHA-256 and a CSRF token in the database.

Nothing about a login lives in a worker's memory, so any worker answers any request, and logging
out (or disabling the account) ends the session everywhere at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.orm import Session, joinedload

from techzone.access import Role, Scope
from techzone.accounts.service import as_utc, reach_text
from techzone.model import Account, Park, WebSession, Zone

# 等保 2.0 8.1.4.1 b) asks that an idle login end by itself (登录连接超时自动退出). Thirty idle
# minutes cover a meeting's interruption; twelve hours from login, whatever the activity, bound a
# stolen cookie's use to one working day.
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_LIFETIME = timedelta(hours=12)
# The last-seen time is written at most this often, not on every request (one write per page
# view would make every read a write); idle expiry is exact to within this interval.
TOUCH_INTERVAL = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Opened:
    token: str  # for the cookie; only its digest is stored
    csrf_token: str
    expires_at: datetime


def _expiry(created: datetime, seen: datetime) -> datetime:
    return min(seen + IDLE_TIMEOUT, created + ABSOLUTE_LIFETIME)


def open_session(session: Session, account: Account, *, now: datetime) -> Opened:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = _expiry(now, now)
    session.add(
        WebSession(
            token_hash=_digest(token),
            account_id=account.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=expires,
        )
    )
    # Each login also sweeps sessions that ran out, so the table does not grow without bound.
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    return Opened(token, csrf, expires)


def find_session(session: Session, token: str, *, now: datetime) -> WebSession | None:
    """The live session for ``token`` (its account loaded), renewing its idle expiry; else None."""
    found = session.scalar(
        select(WebSession)
        .options(joinedload(WebSession.account))
        .where(WebSession.token_hash == _digest(token))
    )
    if found is None:
        return None
    if as_utc(found.expires_at) <= now or found.account.disabled:
        session.delete(found)
        return None
    if now - as_utc(found.last_seen_at) >= TOUCH_INTERVAL:
        found.last_seen_at = now
        found.expires_at = _expiry(as_utc(found.created_at), now)
    return found


@dataclass(frozen=True)
class Live:
    """What a request needs of its live session: the account's scope, its reach in words and
    the session's CSRF token."""

    account_id: int
    username: str
    role: Role
    scope: Scope
    reach: str
    csrf_token: str


# Built once: building this select (sixteen columns, three joins) cost far more than running it.
_LIVE = (
    select(
        WebSession.id,
        WebSession.csrf_token,
        WebSession.created_at,
        WebSession.last_seen_at,
        WebSession.expires_at,
        Account.id,
        Account.username,
        Account.role,
        Account.disabled,
        Account.province,
        Account.zone,
        Account.park,
        Account.uscc,
        Account.unit,
        Zone.name,
        Park.name,
    )
    .join(Account, WebSession.account_id == Account.id)
    .outerjoin(Zone, Zone.code == Account.zone)
    .outerjoin(Park, and_(Park.zone_id == Zone.id, Park.code == Account.park))
    .where(WebSession.token_hash == bindparam("token_hash"))
)


def live_session(session: Session, token: str, *, now: datetime) -> Live | None:
    """``find_session`` for a request, in one query: the session, its account and the names of
    the account's zone and park read together (the web asks this on every request), with the
    same expiry, the same deletion of an expired session and the same renewal at most once a
    ``TOUCH_INTERVAL``."""
    # Read on the connection: columns, no objects, so none of the ORM's per-row work.
    found = session.connection().execute(_LIVE, {"token_hash": _digest(token)}).first()
    if found is None:
        return None
    key, csrf, created, seen, expires, account_id, username, role, disabled = found[:9]
    province, zone, park, uscc, unit, zone_name, park_name = found[9:]
    if as_utc(expires) <= now or disabled:
        session.execute(delete(WebSession).where(WebSession.id == key))
        return None
    if now - as_utc(seen) >= TOUCH_INTERVAL:
        session.execute(
            update(WebSession)
            .where(WebSession.id == key)
            .values(last_seen_at=now, expires_at=_expiry(as_utc(created), now))
        )
    scope = Scope(role=Role(role), province=province, zone=zone, park=park, uscc=uscc, unit=unit)
    reach = reach_text(scope, zone_name, park_name)
    return Live(account_id, username, Role(role), scope, reach, csrf)


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))
