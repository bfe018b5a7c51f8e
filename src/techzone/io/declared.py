"""The items an enterprise may declare, as the 企业声明 sheet reads and writes them.

The items are the rule packs' declarations (``declarations:`` in ``packs/``); the caller hands
them over (``Vocabulary``), so reading a workbook does not load the packs itself. A row names
its item by the pack's Chinese label (the dropdown) or its name, and its value as the item's
type asks: 是/否, a band letter, a number (money in yuan, exact to the fen). Stored, an item is
its name and the value its normal text; exported, the item is its label again.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Protocol

from techzone.io.fields import ColumnError, half_width, number_text, parse_bool, ungrouped
from techzone.io.sheets import DeclarationRow

_ITEM = "声明事项"
_VALUE = "声明内容"
_TYPES = {"boolean": "是/否", "band": "档次", "number": "数字", "money": "金额（元）"}


class DeclaredItem(Protocol):
    """What the sheet needs of a pack's declaration (``rules.pack.Declaration`` is one)."""

    @property
    def label(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def bands(self) -> list[str] | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def maximum(self) -> float | None: ...


Vocabulary = Mapping[str, DeclaredItem]


def item_name(vocabulary: Vocabulary, text: str) -> str:
    """The item's name from its label or name, or a ColumnError naming the column."""
    cleaned = text.strip()
    if cleaned in vocabulary:
        return cleaned
    for name, item in vocabulary.items():
        if item.label == cleaned:
            return name
    raise ColumnError(_ITEM, f"「{cleaned}」不是规则包声明的事项，请从下拉列表中选择")


def normalised(vocabulary: Vocabulary, row: DeclarationRow) -> DeclarationRow:
    """The row with its item as the pack's name and its value as stored; ColumnError if wrong."""
    name = item_name(vocabulary, row.item)
    item = vocabulary[name]
    return row.model_copy(update={"item": name, "value": _value(item, row.value)})


def _value(item: DeclaredItem, text: str) -> str:
    cleaned = text.strip()
    if item.type == "boolean":
        try:
            return "是" if parse_bool(cleaned) else "否"
        except ValueError as error:
            raise ColumnError(_VALUE, f"「{item.label}」{error}") from error
    if item.type == "band":
        band = cleaned.upper()
        if band not in (item.bands or []):
            allowed = "、".join(item.bands or [])
            raise ColumnError(
                _VALUE, f"「{item.label}」的档次应为 {allowed} 之一，不是「{cleaned}」"
            )
        return band
    fault = percent_fault(item, cleaned)
    if fault is not None:
        raise ColumnError(_VALUE, f"「{item.label}」{fault}")
    try:
        # As every amount typed is read: full-width digits, thousands separators; a unit or
        # currency sign said with the number to write (50万元 → 500000).
        number = Decimal(number_text(cleaned))
    except ValueError as error:
        raise ColumnError(_VALUE, f"「{item.label}」{error}") from error
    except InvalidOperation as error:
        raise ColumnError(_VALUE, f"「{item.label}」应填写数字，不是「{cleaned}」") from error
    if not number.is_finite():
        raise ColumnError(_VALUE, f"「{item.label}」应填写数字，不是「{cleaned}」")
    if number < 0:
        raise ColumnError(_VALUE, f"「{item.label}」不能为负数")
    if item.maximum is not None and number > Decimal(str(item.maximum)):
        raise ColumnError(_VALUE, f"「{item.label}」{above(item, item.maximum)}")
    if item.type == "money" and number != number.quantize(Decimal("0.01")):
        raise ColumnError(_VALUE, f"「{item.label}」金额最多两位小数")
    if item.unit == "count" and number != number.to_integral_value():
        raise ColumnError(_VALUE, f"「{item.label}」{NOT_WHOLE}")
    return _plain(number)


# A count (项数, 件数) is whole: 2.5 typed is a slip, and read as 2.5 it would count half an item.
NOT_WHOLE = "是项数，应填写整数"


def above(item: DeclaredItem, maximum: float) -> str:
    """Why a value past the item's maximum is refused; a share (比例) says how it is written,
    as 12 typed for 12% is the likely mistake."""
    hint = "（以比例填写，如12%写作0.12）" if item.unit == "ratio" else ""
    return f"不能大于{maximum:g}{hint}"


def percent_fault(item: DeclaredItem, text: str) -> str | None:
    """What to write instead of a share typed as a percentage (12% → 0.12): said, not taken,
    as every unit typed with an amount is (``fields.number_text``)."""
    text = half_width(text).strip()
    if item.unit != "ratio" or not text.endswith("%"):
        return None
    try:
        share = Decimal(ungrouped(text[:-1])) / 100
    except (ValueError, InvalidOperation):
        return None
    if not share.is_finite():
        return None
    return f"以比例填写：{text}应写作{_plain(share)}"


def _plain(number: Decimal) -> str:
    """A number as plain text without exponent or trailing zeros: 0.12, 20000000."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def shown(vocabulary: Vocabulary | None, row: DeclarationRow) -> DeclarationRow:
    """A stored row as officers read it: the item by its label."""
    if vocabulary is None or row.item not in vocabulary:
        return row
    return row.model_copy(update={"item": vocabulary[row.item].label})


def described(vocabulary: Vocabulary) -> list[tuple[str, str, str]]:
    """Each item's label, what it takes, and its description (the template's notes), without
    the maintainers' notes on where a description was read."""
    from techzone.glossary import officer_text  # the glossary loads the rule inputs

    rows = []
    for item in sorted(vocabulary.values(), key=lambda i: i.label):
        takes = _TYPES.get(item.type, item.type)
        if item.type == "band":
            takes = f"档次 {'、'.join(item.bands or [])}"
        elif item.maximum is not None:
            takes = f"{takes}，0–{item.maximum:g}"
        rows.append((item.label, takes, officer_text(item.description)))
    return rows
