"""The audit log (issue #14): every change to records, applications, awards, parameters and
accounts, who made it, when, from where, and the values before and after.

Rows are only ever added, in the same transaction as the change they describe (``audit.record``);
the database itself refuses to update or delete them (triggers made by migration 0008).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from techzone.model.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The account name, or 「命令行:<system user>」 for a change made at the command line.
    actor: Mapped[str] = mapped_column(String(100), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    # The client's address for a web request, 「命令行」 for the CLI.
    source: Mapped[str] = mapped_column(String(64))
    # What was done, a stable code: "record.update", "application.advance", "account.disable" …
    action: Mapped[str] = mapped_column(String(64), index=True)
    # What it was done to: a table-like noun and the row's natural key (a USCC, an id …).
    entity: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(200), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    # The zone whose data the change concerns (a case's, an account's …); NULL where none is
    # one zone's (an import file, the holiday arrangement) and on entries before migration 0017.
    zone: Mapped[str | None] = mapped_column(String(32), index=True)
