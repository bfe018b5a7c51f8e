"""What the account and web tests share: a cheap Argon2 and a clock the test moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from techzone.accounts import use_hasher


def cheap_hashing() -> None:
    """Argon2 with argon2-cffi's test profile: the same code path, microseconds per hash."""
    use_hasher(PasswordHasher.from_parameters(CHEAPEST))


@dataclass
class Clock:
    """Real time plus an offset the test advances (lockouts and expiries without sleeping)."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta
