"""The one error fulfilment raises for anything a user asked that it refuses."""


class FulfilmentError(ValueError):
    """A request refused, in one Chinese sentence an officer or enterprise can act on; the
    caller's transaction is rolled back, so nothing of it was written."""


def finite(amount: object, what: str = "金额") -> None:
    """Refuse an amount that is no number (Infinity, NaN): ``Decimal`` accepts them from any
    text, and every comparison after would raise instead of answering. Nor one past what is
    stored (fen in a 64-bit integer): 1e400 would fail in rounding to the fen, and 10^20 in
    the database, as an internal error rather than a refusal."""
    from decimal import Decimal

    from techzone.io.fields import LARGEST_AMOUNT

    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise FulfilmentError(f"{what}「{amount}」不是有效的数额；未作修改")
    if abs(amount) > LARGEST_AMOUNT:
        raise FulfilmentError(f"{what}「{amount}」超出可以记录的数值范围；未作修改")


def payer_level(payer: str) -> None:
    """Refuse a 出资层级 that is none of the levels, naming them as the officer chooses them
    (the form's choice list, the command line's Chinese names), not by their codes."""
    from techzone.rules.policy import LEVEL_LABELS

    if payer in LEVEL_LABELS:
        return
    levels = "、".join(LEVEL_LABELS.values())
    if not payer.strip():
        raise FulfilmentError(f"请选择出资层级（{levels}）")
    raise FulfilmentError(f"出资层级「{payer}」不存在，可选：{levels}")
