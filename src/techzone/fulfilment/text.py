"""Money as officers and enterprises read it in fulfilment's messages: yuan to the fen."""

from decimal import Decimal


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}元"
