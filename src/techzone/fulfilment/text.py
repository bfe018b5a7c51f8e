"""Money and days as officers and enterprises read them in fulfilment's messages."""

from datetime import date
from decimal import Decimal


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}元"


def day(value: date) -> str:
    """A date written out in full as official documents write it ("2026年12月4日", no padding;
    reference/official-layout.md)."""
    return f"{value.year}年{value.month}月{value.day}日"
