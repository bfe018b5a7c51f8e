"""The time stamps fulfilment writes: UTC, stored without a zone like the ledger's.

``today`` is the day a refusal compares with (a 公示 dated back, a closing or a payment dated
ahead): the day in China, as the web's clock gives it, whatever the machine's time zone. It is
looked up on this module at each call, so a test or a face with its own clock can set it; the
ledger's payments compare with it too (``ledger.pay``).
"""

from datetime import UTC, date, datetime, timedelta

# 北京时间: the offices work on China's day, the web shows it (``web.fulfilment_pages.today``).
CHINA_OFFSET = timedelta(hours=8)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return (now() + CHINA_OFFSET).date()
