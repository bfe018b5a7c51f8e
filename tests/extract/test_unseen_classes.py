"""The error classes measured on the evaluation set's development part (docs/extraction.md), each
fixed and held here by sentences of the same shape, both sides of each rule where it has two.
"""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import Clause, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[Clause]:
    return extract_text(text)


def test_a_price_per_room_block_or_mu_is_per_unit() -> None:
    clauses = read(
        "对一个行政村建设标准化民宿5家以上的每间奖励2000元。"
        "在河流、湖泊浇灌标准化冰场每块奖励1万元。"
        "对新发展500亩以上的花卉基地，一次性奖励200元/亩。"
    )
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("per_unit", 2000),
        ("per_unit", 10000),
        ("per_unit", 200),
    ]


def test_a_counted_unit_price_takes_its_yearly_ceiling() -> None:
    (clause,) = read("企业每认定1件高新技术产品给予1000元补助，单个企业年补助金额不超过1万元。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit_cap", 1000, 10000)
    assert row(clause.cap_subject, clause.cap_period) == ("enterprise", "year")


def test_a_lump_sum_stays_fixed() -> None:
    (clause,) = read("对被认定为高新技术产品的奖励1万元。")
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 10000)


def test_a_total_per_enterprise_is_a_cap_not_a_price_per_enterprise() -> None:
    (clause,) = read("每个企业获得的年度研发投入补助资金总额不超过50万元。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 500000)


def test_a_range_of_rates_is_one_rate_at_its_upper_end() -> None:
    (clause,) = read("项目资金投入500万元—5000万元，奖励投资额度的5%—20%。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.2"))
    assert clause.amount_text.startswith("5%")


def test_rates_listed_after_fenbie_are_tiers_sharing_the_cap_after_them() -> None:
    clauses = read(
        "对引进的大型会议、会展、竞赛，分别按其营业额的15%、10%对引进企业和社团进行奖励，"
        "单个项目奖励最高不超过30万元。"
    )
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("tiered", Decimal("0.15"), 300000),
        ("tiered", Decimal("0.10"), 300000),
    ]


def test_rates_listed_without_fenbie_stay_apart() -> None:
    clauses = read("按销售额10%、利润5%计算考核得分，对达标企业按投资额的8%给予奖励。")
    assert [row(c.kind, c.rate) for c in clauses] == [("rate", Decimal("0.08"))]


def test_items_keyed_by_level_are_tiers() -> None:
    clauses = read("县财政给予一次性配套奖励,市级奖励2万元，省级奖励5万元，国家级奖励10万元。")
    assert [row(c.kind, c.grade, c.amount_yuan) for c in clauses] == [
        ("tiered", "市级", 20000),
        ("tiered", "省级", 50000),
        ("tiered", "国家级", 100000),
    ]


def test_a_level_with_its_own_unit_price_is_not_a_tier() -> None:
    clauses = read("对被认定为高新技术产品的，省级每个奖励1万元，国家级每个奖励3万元。")
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("per_unit", 10000),
        ("per_unit", 30000),
    ]
    # The second takes the sentence's condition, not the fragment 国家级 before its figure.
    assert clauses[1].condition.startswith("对被认定为高新技术产品的")


def test_bands_whose_bounds_drop_the_yuan() -> None:
    (clause,) = read(
        "根据其研发费用，500万以内的部分按照10%的比例补贴，500万元以上的部分，按照5%比例补贴。"
    )
    assert clause.kind == "progressive"
    assert [(b.lower, b.upper, b.rate) for b in clause.bands] == [
        (None, 5_000_000, Decimal("0.10")),
        (5_000_000, None, Decimal("0.05")),
    ]


def test_equity_investment_is_not_a_payment() -> None:
    assert read("采用股权投资方式支持骨干企业，单个项目资助额度原则上不低于1000万元。") == []


def test_a_discount_is_not_a_reward_but_the_subsidy_of_it_is() -> None:
    clauses = read("鼓励骨干企业生产的机器人优惠30%销售给本省企业，由财政对优惠的30%予以事后奖补。")
    assert [row(c.kind, c.rate) for c in clauses] == [("rate", Decimal("0.3"))]
    assert clauses[0].span[0] > 20


def test_one_off_introduction_is_the_condition_not_the_award() -> None:
    (clause,) = read("对一次性引进全国性大型会议的，给予15万元奖励。")
    assert clause.condition == "对一次性引进全国性大型会议的"


def test_a_quoted_measure_name_is_not_the_condition() -> None:
    (clause,) = read(
        "《广州市天河区高新技术产品产值补贴暂行办法》上一年度工业企业获得认定证书的产品，"
        "每种产品给予5万元的一次性补贴。"
    )
    assert row(clause.kind, clause.amount_yuan) == ("per_unit", 50000)
    assert clause.condition.startswith("上一年度工业企业")


def test_what_is_counted_is_the_condition_and_the_award_starts_at_its_words() -> None:
    (clause,) = read("佛山市企业每认定1件高新技术产品给予补助1000元。")
    assert row(clause.kind, clause.amount_yuan) == ("per_unit", 1000)
    assert clause.condition.endswith("每认定1件高新技术产品")
    assert clause.amount_text == "给予补助1000元"
