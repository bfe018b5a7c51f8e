"""A ceiling after a list of prices bounds every price of the list; a standard whose share is paid
is the base, not a price paid (the lead's probes after the session's second review)."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract.extraction import extract_text


def test_a_ceiling_after_a_list_of_prices_bounds_each_price() -> None:
    found = extract_text(
        "按博士每人10000元、硕士每人7000元的标准给予企业补贴，每家企业每年最高50万元。"
    )
    assert [(c.kind, c.amount_yuan, c.cap_yuan) for c in found] == [
        ("per_unit_cap", Decimal(10000), Decimal(500000)),
        ("per_unit_cap", Decimal(7000), Decimal(500000)),
    ]


def test_a_list_of_prices_without_a_ceiling_is_read_as_before() -> None:
    found = extract_text("按博士每人10000元、硕士每人7000元、其他每人5000元标准给予补贴。")
    assert [c.amount_yuan for c in found] == [Decimal(10000), Decimal(7000), Decimal(5000)]
    assert all(c.cap_yuan is None for c in found)


def test_a_standard_paid_to_a_body_is_the_base_when_a_share_of_it_is_paid() -> None:
    found = extract_text("按每人10000元标准向承办机构支付培训补助的50%，最高20万元。")
    assert [(c.kind, c.rate, c.cap_yuan) for c in found] == [
        ("rate_cap", Decimal("0.5"), Decimal(200000))
    ]
    paid = extract_text("广东省按每人10000元标准向承办机构支付培训补助。")
    assert [(c.kind, c.amount_yuan) for c in paid] == [("per_unit", Decimal(10000))]
