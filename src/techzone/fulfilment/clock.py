"""The time stamps fulfilment writes: UTC, stored without a zone like the ledger's.

``today`` is the day a refusal compares with (a 公示 dated back, a closing dated ahead); it is
looked up on this module at each call, so a test or a face with its own clock can set it.
"""

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return date.today()
