"""What the web application is started with: the store (the CLI's configuration) and a clock."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from techzone.config import database_url

SECURE_COOKIES_ENV = "TECHZONE_SECURE_COOKIES"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WebSettings:
    """``database_url``: the store (default: the CLI's ``TECHZONE_DATABASE_URL`` or its SQLite
    file). ``secure_cookies``: mark the session cookie Secure even when the request reached the
    application over plain HTTP (TLS ended at a reverse proxy that does not say so).
    ``clock``: the current time, aware, in UTC; tests pass their own to step through lockouts
    and expiries without sleeping."""

    database_url: str = field(default_factory=database_url)
    secure_cookies: bool = False
    clock: Callable[[], datetime] = _utc_now

    @classmethod
    def from_environment(cls) -> WebSettings:
        secure = os.environ.get(SECURE_COOKIES_ENV, "").strip().lower() in {"1", "true", "yes"}
        return cls(database_url=database_url(), secure_cookies=secure)
