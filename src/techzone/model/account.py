"""Accounts of the web application (issue #14) and their server-side sessions.

An account's role and its province/zone/park/uscc/unit fields are its ``access.Scope``; the
password is kept only as an Argon2 hash. Sessions live in the database, not in a worker's memory,
so any number of workers behind a proxy serve the same logged-in officer; the cookie carries a
random token whose SHA-256 alone is stored, so a copy of the database opens no session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # The code of techzone.access.Role ("province", "zone", "park", "unit", "enterprise").
    role: Mapped[str] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(32))
    zone: Mapped[str | None] = mapped_column(String(32))
    park: Mapped[str | None] = mapped_column(String(32))
    uscc: Mapped[str | None] = mapped_column(String(18))
    unit: Mapped[str | None] = mapped_column(String(100))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The account-wide lock (failures from many addresses, ``accounts.service``); a lock of one
    # address is on its ``LoginFailure`` rows.
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # An enterprise that registered itself by its USCC: "pending" until an officer of its zone
    # verifies it (then null, like every other account), or "refused". It cannot log in before.
    verification: Mapped[str | None] = mapped_column(String(20))

    sessions: Mapped[list[WebSession]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )


class LoginFailure(Base):
    """One wrong password for an account from one client address (issue #14).

    Counted per (account, address) so that failures from one address lock that address only,
    and not the officer working from another. The failure that reaches the limit carries the
    lock's end; rows older than the counting window are deleted as the account is tried again.
    """

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_account_address", "account_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    # The client address as the application sees it (behind a trusted proxy: the forwarded
    # one); an IPv6 address is kept as its /64 network, what one subscriber usually holds.
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AddressAttempt(Base):
    """An attempt counted per client address where no account can hold the count.

    ``kind`` "register": a registration, counted as refused (``failed``) unless the registration
    it came with was committed — a refused one rolls back, its count must not. ``kind`` "login":
    a wrong login under a username no account has, counted and locked as ``LoginFailure`` would,
    so that the answers do not tell which usernames exist. Rows are deleted once they neither
    count nor lock.
    """

    __tablename__ = "address_attempt"
    __table_args__ = (
        Index("ix_address_attempt_kind_address", "kind", "address", "username"),
        Index("ix_address_attempt_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # As ``LoginFailure.address``: an IPv6 address as its /64 network.
    address: Mapped[str] = mapped_column(String(64))
    # The username tried at a login; none for a registration.
    username: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failed: Mapped[bool] = mapped_column(Boolean, default=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 (hex) of the cookie's token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    account: Mapped[Account] = relationship(back_populates="sessions")
