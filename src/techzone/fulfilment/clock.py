"""The time stamps fulfilment writes: UTC, stored without a zone like the ledger's."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
