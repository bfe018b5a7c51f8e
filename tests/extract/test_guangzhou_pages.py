"""Reward clauses as 广州's district and city pages and 广东's graduate list write them (session 12,
extract11, from the first run on three development pages): a rent share whose base 对其 names,
a sum for each unit counted far after the case's start, a sum for each full year rented."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def test_a_rent_share_whose_base_dui_qi_names_is_paid_with_its_ceiling_not_the_ceiling() -> None:
    # Before, the 50% was not read (no word before it tells) and 每年不超过5万元 came out alone as
    # a price per firm: a firm paying 2万元 rent could be paid 5万元 a year.
    text = (
        "在天河区依法登记注册并实际运营满一年的港澳青年企业，对其入驻孵化载体期间实际发生的"
        "场地租金总额的50%予以租金补贴，每个企业租金补贴每年不超过5万元、补贴期限最长不超过3年。"
    )
    assert read(text) == [("rate_cap", None, 50_000, Decimal("0.5"))]
    # A share that is a condition or a size stays no award, 予以 after it or not.
    capped = [("cap", None, 100_000, None)]
    assert read("对研发投入占比达到50%的企业，给予最高10万元奖励。") == capped
    assert read("企业自筹资金不低于总投资的50%。") == []


def test_a_unit_counted_with_its_case_closed_by_de_makes_the_sum_a_price_per_unit() -> None:
    # Before, 1万元 was a one-off sum and 每年最高不超过10万元 a cap of its own beside it.
    text = (
        "入驻基地的第三方服务机构（属政府采购的运营服务机构除外）每成功推荐1个港澳青年企业在基地"
        "登记注册，且该港澳青年企业后续经营满1年的，给予1万元奖励，同一服务机构的奖励额度每年最高"
        "不超过10万元。"
    )
    assert read(text) == [("per_unit_cap", 10_000, 100_000, None)]
    # A case with no unit counted stays a one-off sum.
    once = [("fixed", 10_000, None, None)]
    assert read("在基地登记注册，且后续经营满1年的，给予1万元奖励。") == once


def test_a_sum_for_each_full_year_rented_is_a_price_per_year() -> None:
    assert read("补贴标准：每连续租满1年补贴6000元。") == [("per_unit", 6000, None, None)]
    assert read("每满1年补贴6000元，累计不超过3年。") == [("per_unit", 6000, None, None)]
    # A duration that qualifies, not a step counted, leaves the sum as it is.
    assert read("连续租满1年的，补贴6000元。") == [("fixed", 6000, None, None)]
