"""Reward clauses as a city's Word files write them (session 11, from the first run on four
大连市 pages of the development part): a range whose lower end keeps its 万, a fund's
co-investment, a share of floor space, and monthly sums per person listed by grade."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def test_a_range_whose_lower_end_keeps_its_wan_is_a_ceiling_never_the_top_paid() -> None:
    # Read alone, 100万元 was a fixed sum: every team paid the top of the range.
    for text in (
        "对引进的高层次人才和科研团队，给予20万~100万元的资金资助。",
        "对引进的高层次人才和科研团队，给予20万～100万元的资金资助。",
        "对引进的高层次人才和科研团队，给予20万—100万元的资金资助。",
    ):
        assert read(text) == [("cap", None, 1_000_000, None)]
    # the unit written once still reads as before; a size's range is no award's
    assert read("给予每人5-10万元奖励。") == [("per_unit", None, 100_000, None)]
    assert read("投资5000万-1亿元的项目，给予10万元奖励。") == [("fixed", 100_000, None, None)]


def test_a_co_investment_beside_a_venture_investor_is_shares_bought_not_money_paid() -> None:
    text = (
        "对集成电路产业领域创新团队，在本地的产业化项目取得社会化风险投资支持的，"
        "给予风险投资总额20%的风险跟投支持，总额不超过500万元。"
    )
    assert read(text) == []
    # the same sentence with a grant is paid
    assert read(text.replace("风险跟投支持", "资金支持")) == [
        ("rate_cap", None, 5_000_000, Decimal("0.2"))
    ]


def test_a_share_of_floor_space_is_no_award() -> None:
    text = (
        "新建小区必须按照规定要求配套规划建设养老服务设施，城镇新建小区级以上规模的住宅项目"
        "应按套内建筑面积不低于项目总建筑面积2‰的标准，配建社区养老服务设施。"
    )
    assert read(text) == []
    # a rate of rent for the area let is still paid: the award is named after the rate
    assert read("对入驻企业，按租用面积租金的50%给予补贴。") == [
        ("rate", None, None, Decimal("0.5"))
    ]


def test_monthly_sums_per_person_listed_by_grade_are_each_a_monthly_sum() -> None:
    text = (
        "对城市60周岁以上“三无”老年人的居家养老服务补贴，按照困难老年人身体自理、半失能和失能状况，"
        "资助标准分别提高到每人每月200元、400元、600元。"
    )
    found = extract_text(text)
    assert [row(c.kind, c.amount_yuan) for c in found] == [
        ("per_month", 200),
        ("per_month", 400),
        ("per_month", 600),
    ]
    assert len({c.group for c in found}) == 1  # still one list
    # a list of one-off sums by grade stays a tier list
    assert [c.kind for c in extract_text("分别给予10万元、20万元、30万元奖励。")] == ["tiered"] * 3


BANDS_BY_SIZE = (
    "外资股权投资企业投资我市科技创新企业的，根据投资额分级对其管理机构给予奖励。"
    "单笔投资额不超过500万元（含）的，按投资额的4%给予奖励。"
    "单笔投资额不超过1000万元（含）的，500万元（含）以下的部分按投资额的4%给予奖励；"
    "超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励。"
    "单笔投资额在1000万元以上的，500万元（含）以下的部分按投资额的4%给予奖励；"
    "超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励；"
    "1000万元以上的部分按投资额的1%给予奖励。单笔奖励不超过100万元。"
)


def test_one_progressive_award_written_again_for_each_size_is_one_award() -> None:
    # Read apart, 按投资额的4% was paid on the whole investment beside each band: an overpay.
    found = extract_text(BANDS_BY_SIZE)
    assert [c.kind for c in found] == ["progressive", "cap"]
    award = found[0]
    assert [row(b.lower, b.upper, b.rate) for b in award.bands] == [
        (None, 5_000_000, Decimal("0.04")),
        (5_000_000, 10_000_000, Decimal("0.02")),
        (10_000_000, None, Decimal("0.01")),
    ]
    assert award.condition.startswith("外资股权投资企业投资我市科技创新企业的")
    assert found[1].condition == award.condition  # the limit is the one award's


def test_progressive_copies_that_differ_stay_apart() -> None:
    # Another rate in the second copy's first band: a different award, both kept (the first
    # band stated alone still joins the copy it opens).
    text = BANDS_BY_SIZE.replace(
        "单笔投资额在1000万元以上的，500万元（含）以下的部分按投资额的4%",
        "单笔投资额在1000万元以上的，500万元（含）以下的部分按投资额的3%",
    )
    found = extract_text(text)
    assert [c.kind for c in found] == ["progressive", "progressive", "cap"]
    assert [len(c.bands) for c in found[:2]] == [2, 3]


def test_a_share_of_the_loan_interest_named_after_its_rate_is_paid() -> None:
    text = "对通过银行按揭贷款的养老机构，贴息期限不超过2年，可享受50%贷款利息的一次性贴息。"
    assert read(text) == [("rate", None, None, Decimal("0.5"))]
    assert read("对企业，享受50%贷款利息的减免。") == []
