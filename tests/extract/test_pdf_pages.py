"""Whole government PDFs read through their text layer (session 9, from the 杭州 and 四川 pages of
the development part): a 方正 font's punctuation, page numbers inside sentences, a budget's parts,
loans, guarantee quotas and governments' own matching funds."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text
from techzone.extract.normalise import normalise, normalise_char


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def test_a_fangzheng_pdfs_punctuation_read_as_yi_syllables_is_punctuation() -> None:
    assert [normalise_char(ch) for ch in "ꎬꎮꎻ"] == [",", "。", ";"]
    assert normalise("５􀆰 ５％").text == "5.5%"
    # Yi syllables outside the punctuation rows stay what they are.
    assert normalise_char("ꆈ") == "ꆈ"
    first, second = extract_text(
        "对新认定的高新技术企业ꎬ给予一次性奖励２０万元ꎮ对重新认定的ꎬ给予 １０ 万元ꎮ"
    )
    assert row(first.amount_yuan, second.amount_yuan) == (200_000, 100_000)
    assert second.condition == "对重新认定的"


def test_a_page_number_inside_a_sentence_does_not_end_it() -> None:
    (clause,) = extract_text("对获博士后独立招收资格的企\n— 10 —\n业，给予50万元奖励。")
    assert clause.condition == "对获博士后独立招收资格的企业"
    assert normalise("奖励。\n— 11 —\n（二）对").text == "奖励。\n— 11 —\n(二)对"


def test_the_parts_of_a_budget_after_its_sum_are_no_awards() -> None:
    text = (
        "市财政2024年预算安排112.1亿元。其中，支持重大科创平台、高校建设资金54.2亿元，"
        "支持科技企业培育等资金10\n亿元，人才引育培养资金47.9亿元。"
    )
    assert extract_text(text) == []
    (offered,) = extract_text("市财政预算安排1亿元。其中，对新认定的企业给予一次性奖励50万元。")
    assert row(offered.kind, offered.amount_yuan) == ("fixed", 500_000)


def test_a_sum_lent_is_no_award() -> None:
    assert extract_text("对符合条件的青年，提供3—10万元免利息、免担保创业启动资金贷款。") == []
    (interest,) = extract_text(
        "对人才创业的，给予三年内合计不超过500万元银行贷款基准利率的全额贴息补助。"
    )
    assert row(interest.kind, interest.cap_yuan, interest.basis) == ("cap", 5_000_000, "interest")
    (award,) = extract_text("对新落户的企业给予50万元奖励，用于偿还贷款。")
    assert row(award.kind, award.amount_yuan) == ("fixed", 500_000)


def test_a_guarantee_quota_is_no_rate_paid() -> None:
    assert (
        extract_text(
            "加大支持汇率避险业务，为符合条件的外贸小微企业、综合服务企业办理汇率避险业务，"
            "由政府性融资担保机构按照不超过结售汇总额8%的额度出具等值人民币担保保函。"
        )
        == []
    )
    (paid,) = extract_text("对获得贷款的企业，按贷款额度的1%给予补贴。")
    assert row(paid.kind, paid.rate) == ("rate", Decimal("0.01"))


def test_a_government_matching_another_with_its_own_funds_pays_nobody() -> None:
    assert extract_text("按省专项运营补贴资金1:1的比例安排市级配套资金保障。") == []
    (matching,) = extract_text(
        "对获得国家项目的企业，市财政按国家资助资金1:0.5的比例给予配套支持。"
    )
    assert row(matching.kind, matching.rate) == ("matching", Decimal("0.5"))


def test_the_name_of_a_measure_does_not_end_the_condition() -> None:
    (clause,) = extract_text(
        "实施分段补贴办法，首次创办小微企业的，正常运营6个月以上的，给予创业补贴5000元。"
    )
    assert "首次创办小微企业的" in clause.condition
    # the award itself still ends it
    (award,) = extract_text("对新认定的企业给予补贴5000元。")
    assert award.condition == "对新认定的企业"


def test_a_multiple_of_the_award_matched_is_a_matching_ratio() -> None:
    (clause,) = extract_text(
        "支持行业龙头企业组建省技术创新中心，市和区、县（市）按照省财政补助额的2倍进行配套支持。"
    )
    assert row(clause.kind, clause.rate) == ("matching", 2)
    # a growth measured in multiples is a condition, not a ratio paid
    (award,) = extract_text("企业营业收入增长2倍的，给予奖励10万元。")
    assert row(award.kind, award.amount_yuan) == ("fixed", 100_000)


def test_a_subsidys_share_raised_is_offered_at_its_new_rate_and_new_ceiling() -> None:
    text = (
        "对2024年企业短期出口信用保险的投保费资助比例上限由50%提高至60%（对于符合条件的制造业"
        "企业上限提高至65%），单个企业资助上限由200万元提高至500万元。"
    )
    general, manufacturing = extract_text(text)
    # the old share (50%) and the old ceiling (200万元) are what was paid before, never awards
    assert row(general.kind, general.rate, general.cap_yuan) == (
        "rate_cap",
        Decimal("0.6"),
        5_000_000,
    )
    assert row(manufacturing.kind, manufacturing.rate, manufacturing.cap_yuan) == (
        "rate_cap",
        Decimal("0.65"),
        5_000_000,
    )
    # a deduction's share raised is a tax relief, not a subsidy
    assert extract_text("将企业研发费用加计扣除比例提高至100%。") == []
