"""A sum a review reports is not an award; an offer worded like one still is.

Government work reports say what was paid, raised or achieved (兑现奖补资金超5.4亿元,
发放住房租赁补贴1905万元, 争取上级补助资金183.6亿元, incomes 分别为…): nobody can claim such a
sum, and read as an award each is a false alarm the officer must strike out. But the same
words (兑现, 发放, 突破, 累计) also appear in real offers, and an offer — a recipient, a condition,
an amount — must never be dropped: the near misses below are each such an offer.
"""

from __future__ import annotations

import pytest

from techzone.extract import extract_text
from techzone.extract.grammar import rule


def read(text: str) -> list[tuple[object, ...]]:
    return [(c.kind, c.amount_yuan, c.cap_yuan) for c in extract_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        "优化营商环境，兑现奖补资金超5.4亿元。",
        "发放住房租赁补贴1905万元。",
        "争取上级补助资金183.6亿元。",
        "兑现“小升规”、专精特新等各类奖励资金1.21亿元。",
        "兑付财政奖补资金1.5亿元，其中惠企奖补资金9665万元。",
        "发放创业担保贷款7.6亿元，稳岗返还、技能提升补贴1.17亿元。",
        "累计发放社会救助补助资金12.51亿元，保障困难群众36.06万人。",
        "发放住房保障租赁补贴7467户2091万元。",
        "雪花啤酒、裕能等5户企业获省级工业龙头企业奖励1000万元。",
        "落实稳岗返还资金3833万元。",
        "城镇、农村居民人均可支配收入分别为42291元、21460元，分别增长4.5%、7.2%。",
        "惠企奖补资金9665万元，增长12%。",
        # money lent or raised for firms, bridging funds, a grant received, a per-head standard
        "落实产融合作平台融资500亿元、银行信贷支持850亿元、减税降费19.6亿元。",
        "为企业提供应急周转资金12亿元，企业获得感和满意度大幅提升。",
        "龙子湖获批建设国家级幸福河湖，获中央奖补资金6674万元。",
        "城乡居民医保补助标准提高到人均640元。",
    ],
)
def test_a_sum_reported_in_a_review_is_no_award(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the offer's own words, no report word at all
        ("对首次认定的高新技术企业，给予一次性奖励50万元。", [("fixed", 500_000, None)]),
        # 兑现 in an offer: the clause names who is paid and for what
        ("对新认定的国家级企业技术中心，按规定兑现奖励50万元。", [("fixed", 500_000, None)]),
        ("按规定兑现奖励：新认定的国家级企业技术中心奖励50万元。", [("fixed", 500_000, None)]),
        # 发放 after the sum, or after a recipient
        ("引进的博士研究生，按每人每月500元发放生活补贴。", [("per_month", 500, None)]),
        ("新引进的博士，发放安家补贴10万元。", [("fixed", 100_000, None)]),
        ("引进博士，发放安家补贴10万元。", [("fixed", 100_000, None)]),
        ("引进博士发放安家补贴10万元。", [("fixed", 100_000, None)]),
        ("对获得省级以上奖励的企业，发放补贴10万元。", [("fixed", 100_000, None)]),
        # 突破 / 达到 / 超 as the condition, not as an aggregate of the sum paid
        ("对年度营业收入首次突破1亿元的，奖励20万元。", [("fixed", 200_000, None)]),
        ("年营业收入首次达到1亿元的企业，一次性奖励30万元。", [("fixed", 300_000, None)]),
        ("营业收入超1亿元的企业，奖励20万元。", [("fixed", 200_000, None)]),
        # 累计 limiting what an offer pays
        ("符合条件的企业，累计奖励不超过100万元。", [("cap", None, 1_000_000)]),
        # 分别 keyed to grades, and a count of people as the condition
        ("奖励标准分别为5万元、10万元。", [("tiered", 50_000, None), ("tiered", 100_000, None)]),
        ("对年内新增就业10人以上的企业，给予奖励5万元。", [("fixed", 50_000, None)]),
        # the review's words as a condition or in a promise: the offer's words keep the award
        ("对获中央奖补资金的项目，再给予配套奖励50万元。", [("fixed", 500_000, None)]),
        ("将高层次人才生活补贴标准提高到每月3000元。", [("per_month", 3000, None)]),
        ("对落实银行贷款的技改项目，给予贴息补助最高100万元。", [("cap", None, 1_000_000)]),
    ],
)
def test_an_offer_worded_like_a_report_stays_an_award(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert read(text) == expected


def test_the_offer_guard_is_what_keeps_it() -> None:
    # The report words match in the near misses too: only the offer's words keep the award.
    lead = "对新认定的国家级企业技术中心,按规定兑现奖励"
    assert rule("reported_sum").search(lead) is not None
    assert rule("offer_said").search(lead) is not None
    assert rule("offer_said").search("兑现奖补资金超") is None
    assert rule("offer_said").search("“一卡通”阳光审批平台发放惠民惠农补贴资金") is None
