"""The one error fulfilment raises for anything a user asked that it refuses."""


class FulfilmentError(ValueError):
    """A request refused, in one Chinese sentence an officer or enterprise can act on; the
    caller's transaction is rolled back, so nothing of it was written."""


def finite(amount: object, what: str = "金额") -> None:
    """Refuse an amount that is no number (Infinity, NaN): ``Decimal`` accepts them from any
    text, and every comparison after would raise instead of answering."""
    from decimal import Decimal

    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise FulfilmentError(f"{what}「{amount}」不是有效的数额；未作修改")
