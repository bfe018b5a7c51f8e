"""A policy printed page by page in a brochure (session 10, from the 鹿城区 agricultural policy of
the development part, lucheng-nongye): sentences cut at page breaks with a page template, a
page-flip button and a running head between their halves; a passage printed on two pages."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text
from techzone.extract.normalise import normalise
from techzone.extract.rewards import LIST_NEXT_PRICE

HEAD = "培育农业农村新动能\n实施乡村振兴战略的若干政策意见\n"
PAGE = "\n${data[i].page}\n下一页\n" + HEAD


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def brochure(*pages: str) -> str:
    """Pages as the brochure prints them: the running head on each, a page mark between them."""
    return HEAD + PAGE.join(pages)


def test_a_page_break_with_a_running_head_inside_a_sentence_does_not_end_it() -> None:
    text = brochure(
        "6.对获得国家、省、市级农机化示范基地（点）的，当年分",
        "别奖励3万元、2万元、1万元。",
        "7.其他。",
    )
    assert "当年分别奖励3万元" in normalise(text).text
    clauses = extract_text(text)
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 30_000),
        ("tiered", 20_000),
        ("tiered", 10_000),
    ]
    assert clauses[0].condition is not None
    assert clauses[0].condition.startswith("对获得国家、省、市级农机化示范基地(点)的")


def test_a_page_break_at_a_sentence_end_or_before_an_item_stays_a_break() -> None:
    ended = normalise(brochure("一次性奖励1万元。", "对新认定的企业给予2万元。")).text
    assert "1万元。\n${data[i].page}" in ended
    item = normalise(brochure("推进阳光农场建设", "8.扶持农业实体经济发展。")).text
    assert "推进阳光农场建设\n" in item


def test_a_heading_the_document_repeats_is_no_running_head_without_a_page_mark() -> None:
    text = "一、人才奖励\n申报条件\n企业须满足以下条件。\n二、项目奖励\n申报条件\n企业须。"
    assert normalise(text).text == text


def test_a_passage_printed_again_on_the_next_page_is_paid_once() -> None:
    passage = "5.对获国家级、省级（百龙工程）农业龙头企业称号的，分别一次性奖励10万元、5万元。"
    # the first print is cut by the page break, the second is whole
    first = passage.replace("（百龙", "（百\n${data[i].page}\n上一页\n龙")
    clauses = extract_text(brochure(first + passage, "6.其他。"))
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 100_000),
        ("tiered", 50_000),
    ]


def test_a_price_per_boat_tonne_site_or_weight_is_per_unit() -> None:
    boats = extract_text("对每艘钢制渔船减船转产补助2万元，每艘木质渔船减船转产补助1.5万元。")
    assert [row(c.kind, c.amount_yuan) for c in boats] == [
        ("per_unit", 20_000),
        ("per_unit", 15_000),
    ]
    (grain,) = extract_text("给予农户每50公斤粮食补助5元。")
    (manure,) = extract_text("推广应用商品有机肥的予以补贴300元/吨。")
    (site,) = extract_text("长度为2公里以内的海塘给予4万元/处/年的补助。")
    assert [row(c.kind, c.amount_yuan) for c in (grain, manure, site)] == [
        ("per_unit", 5),
        ("per_unit", 300),
        ("per_unit", 40_000),
    ]
    # a sum with no unit after it stays what it was
    (once,) = extract_text("对新建立的区域性服务组织一次性奖励10万元。")
    assert row(once.kind, once.amount_yuan) == ("fixed", 100_000)


def test_a_sum_for_each_step_beyond_a_base_is_its_own_ceiling_not_the_price_before() -> None:
    price, step = extract_text(
        "长度为2公里以内的给予4万元/处/年的补助，长度超过2公里的根据堤型每公里增加不超过1万元的补助。"
    )
    # before: the 1万元 was bound as the ceiling of the 4万元 price (per_unit_cap 40000, cap 10000)
    assert row(price.kind, price.amount_yuan, price.cap_yuan) == ("per_unit", 40_000, None)
    assert row(step.kind, step.amount_yuan, step.cap_yuan) == ("cap", None, 10_000)
    # a price with a ceiling of its own still takes it
    (capped,) = extract_text("每件给予5000元资助，每家企业每年最高5万元。")
    assert row(capped.kind, capped.amount_yuan, capped.cap_yuan) == ("per_unit_cap", 5000, 50_000)
    # the step itself (每增加1亿元) is a measure, not an award
    (award,) = extract_text("年销售额每增加1亿元，另给予10万元奖励。")
    assert award.amount_yuan == 100_000


def test_a_share_the_subsidy_may_not_exceed_is_a_rate_with_its_ceiling() -> None:
    (clause,) = extract_text(
        "原则上单个项目补助资金不得超过项目总投入的70%，奖补资金不超过30万元。"
    )
    assert row(clause.kind, clause.rate, clause.cap_yuan, clause.amount_yuan) == (
        "rate_cap",
        Decimal("0.7"),
        300_000,
        None,
    )
    (ceiling,) = extract_text("对新认定的企业给予奖励，奖补资金不得超过30万元。")
    assert row(ceiling.kind, ceiling.cap_yuan, ceiling.amount_yuan) == ("cap", 300_000, None)
    # a share that is no subsidy's stays unread
    assert extract_text("企业自筹资金不得低于项目总投资的30%。") == []


def test_an_interest_subsidy_named_after_its_rate_is_a_rate() -> None:
    (clause,) = extract_text("开展资金互助的，经区政府同意后，予以1%的贷款贴息补助。")
    assert row(clause.kind, clause.rate, clause.basis) == ("rate", Decimal("0.01"), "interest")
    assert extract_text("贷款利率上浮1%的贷款。") == []


def test_a_sum_whose_yuan_was_dropped_before_its_unit_is_money() -> None:
    first, second = extract_text(
        "根据巡查工程类别进行补助，一类水库补助1.5万/人/年；一类山塘补助1.2万/人/年。"
    )
    assert [row(c.kind, c.amount_yuan) for c in (first, second)] == [
        ("per_unit", 15_000),
        ("per_unit", 12_000),
    ]
    # without an award word before it, a figure in 万 is no money
    assert extract_text("常住人口达到1.5万/年的乡镇，给予支持。") == []


def test_items_naming_only_their_band_after_the_first_are_one_tier_list() -> None:
    clauses = extract_text(
        "当年水稻规模复种面积100-200亩的，奖励1万元，200至300亩的奖励2万元，"
        "300亩至500亩的奖励3万元，500亩以上的奖励5万元。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in clauses] == [
        ("tiered", "100-200亩", 10_000),
        ("tiered", "200至300亩", 20_000),
        ("tiered", "300亩至500亩", 30_000),
        ("tiered", "500亩以上", 50_000),
    ]
    # each item with a measure and a 对 of its own stays an award of its own
    separate = extract_text(
        "对年营业收入1亿元以上的，奖励10万元；对年纳税1000万元以上的，奖励20万元。"
    )
    assert [c.kind for c in separate] == ["fixed", "fixed"]


def test_the_next_condition_starts_after_a_sums_unit_and_award_noun() -> None:
    clauses = extract_text(
        "农机每年给予资金补助，具体为拖拉机500元/年，联合收割机1000元/年，插秧机2000元/年。"
    )
    assert [c.condition for c in clauses][1:] == ["联合收割机", "插秧机"]
    _price, step = extract_text(
        "长度为2公里以内的给予4万元/处/年的补助，长度超过2公里的根据堤型每公里增加不超过1万元的补助。"
    )
    assert step.condition is not None and step.condition.startswith("长度超过2公里的")


def test_an_items_condition_after_a_colon_announcing_the_list_is_its_own() -> None:
    first, _second = extract_text(
        "对认证“三品一标”企业支付的认证费等费用给予如下相应补助：首次认证“三品一标”的企业按每个产品"
        "补助8000元；续展认证的企业按每个产品补助5000元。"
    )
    assert first.condition == "首次认证“三品一标”的企业按"
    assert row(first.kind, first.amount_yuan) == ("per_unit", 8000)
    # a colon that announces no list (a field's label aside) leaves the 对 condition whole
    (clause,) = extract_text("对认定为省级孵化器的:给予一次性奖励20万元。")
    assert clause.condition is not None and clause.condition.startswith("对认定为省级孵化器的")


def test_a_range_priced_per_item_is_at_most_its_upper_end_never_paid_as_stated() -> None:
    (clause,) = extract_text("对承办职业技能比赛的行业协会，每个职业（工种）给予2万元-10万元奖励。")
    # before: per_unit with an amount of 10万元 — the top of the range paid for every trade
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit", None, 100_000)
    (plain,) = extract_text("根据绩效考评结果给予5万元—20万元的运营补助。")
    assert row(plain.kind, plain.amount_yuan, plain.cap_yuan) == ("cap", None, 200_000)


def test_a_ratio_of_another_bodys_award_matches_it() -> None:
    (named,) = extract_text(
        "对入选杰出人才、领军人才，按市级奖励1:1额度给予人才专项奖励，分三年兑现。"
    )
    (said,) = extract_text("对入选海外工程师的，按上级奖励1:1额度给予用人单位配套奖励。")
    assert [row(c.kind, c.rate) for c in (named, said)] == [("matching", 1), ("matching", 1)]
    # a quota sized by a rate is still no award
    assert extract_text("由担保机构按照不超过结售汇总额8%的额度出具担保保函。") == []
    # a ratio between two measures matches nothing
    assert extract_text("对入选人才，按男女1:1比例组织培训。") == []


def test_a_sum_paid_out_to_named_people_in_turn_is_offered() -> None:
    clauses = extract_text(
        "向全职在鹿工作且在温首购商品住房的A类、B类人才分别发放500万元、100万元的一次性购房补贴。"
    )
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 5_000_000),
        ("tiered", 1_000_000),
    ]
    # a review's sums paid out are still no offer
    assert extract_text("全年发放住房租赁补贴1905万元。") == []


def test_a_vouchers_payout_as_a_share_of_spending_is_a_rate() -> None:
    (clause,) = extract_text(
        "推荐申请“创业券”支持，“创业券”主要用于仪器设备、科技服务等支出，兑现额度为实际支出的50%。"
    )
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.5"))


def test_the_next_item_repeating_the_prices_word_is_a_price_of_the_same_kind() -> None:
    clauses = extract_text(
        "向无住房的人才发放租房补贴，其中博士研究生每月2400元，全日制硕士研究生和其他E类人才每月1200元，"
        "全日制本科生每月600元，补贴时间累计不超过5年。"
    )
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("per_month", 2400),
        ("per_month", 1200),
        ("per_month", 600),
    ]
    assert clauses[2].condition == "全日制本科生"
    # a contribution the person pays is no price of the list
    assert LIST_NEXT_PRICE.search(",个人缴纳住房公积金每月") is None
    assert LIST_NEXT_PRICE.search(",全日制本科生每月") is not None


def test_the_recipient_named_after_give_is_the_condition_when_nothing_before_names_one() -> None:
    first, _, third, _ = extract_text(
        "给予公共实训基地不少于100万元、20万元奖励，分别给予国家级、省级技能大师工作室50万元、25万元一次性资助。"
    )
    assert third.condition == "分别给予国家级、省级技能大师工作室"
    assert first.condition is not None
    # an award word other than 给予 still ends the condition
    (clause,) = extract_text("对新认定的企业，奖励人才团队50万元。")
    assert clause.condition == "对新认定的企业"


def test_a_sum_the_recipient_pays_in_is_no_second_award() -> None:
    (clause,) = extract_text("给予每人每月500元社保补贴，其中个人缴纳部分每月100元。")
    # before: the person's own 100元 was a second per_month award
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 500)
    # the award's own words naming the contribution it pays stay an award
    (paid,) = extract_text("对新招用人员的企业，给予企业缴纳部分每月100元的社保补贴。")
    assert row(paid.kind, paid.amount_yuan) == ("per_month", 100)
