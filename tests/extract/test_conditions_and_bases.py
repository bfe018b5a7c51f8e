"""Conditions that stopped short or ran over, and figures misread as awards (issue #16).

Each sentence is written the way public policy pages write them; each right reading has a near
miss beside it that must not be read as an award, or whose condition must stay as it was.
"""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import Clause, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def only(text: str) -> Clause:
    found = extract_text(text)
    assert len(found) == 1, [(c.kind, c.amount_text) for c in found]
    return found[0]


# ── 对 opening the base of a rate is not who is paid ─────────────────────────────────────


def test_a_base_after_its_condition_does_not_restart_it() -> None:
    clause = only(
        "对已落户并符合总部认定条件的企业，以其上一年度对本区经济贡献为基数，"
        "对超基数部分给予企业连续5年90%的奖励。"
    )
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.9"))
    assert clause.condition.startswith("对已落户并符合总部认定条件的企业")


def test_a_base_named_after_the_award_verb_leaves_the_condition_before_it() -> None:
    clause = only("对新落户的总部企业，连续3年给予企业对本区经济贡献80%的奖励。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.8"))
    assert clause.condition.startswith("对新落户的总部企业")
    assert "贡献" not in clause.condition


def test_a_contribution_that_qualifies_who_is_paid_stays_the_condition() -> None:
    # 贡献的: who made it is the condition, not a base of the award.
    clause = only("对本区经济发展作出突出贡献的企业，给予一次性奖励20万元。")
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 200_000)
    assert clause.condition == "对本区经济发展作出突出贡献的企业"


def test_a_to_inside_an_aside_does_not_open_the_condition() -> None:
    clause = only(
        "对整合区内企业达到总部条件的企业，以其上年度经济贡献为基数(含原有企业对本区的经济贡献)，"
        "对超基数部分给予企业85%的奖励。"
    )
    assert clause.condition.startswith("对整合区内企业达到总部条件的企业")


# ── A rate followed by 部分 bounds a base; 超过15%部分 is not paid ───────────────────────


def test_a_rate_bounding_a_part_is_not_an_award() -> None:
    assert extract_text("外籍人才可选择按照超过15%部分的税负差额给予奖励。") == []


def test_the_rate_paid_on_a_part_is_still_read() -> None:
    clause = only("对企业研发投入超过上年的部分，按10%给予补助。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.1"))


# ── 最高 as a ceiling, not inside a prize's name ─────────────────────────────────────────


def test_a_prize_named_with_zui_gao_stays_inside_the_condition() -> None:
    clause = only("对引进的国家最高科学技术奖获得者、两院院士，给予最高500万元安家补贴。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 5_000_000)
    assert clause.condition == "对引进的国家最高科学技术奖获得者、两院院士"


def test_zui_gao_before_a_figure_is_still_the_ceiling() -> None:
    clause = only("对新认定的省级孵化器最高给予30万元奖励。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 300_000)
    assert clause.condition == "对新认定的省级孵化器"


# ── 股权投资 as a way of paying vs. as a kind of enterprise ──────────────────────────────


def test_an_equity_investment_enterprise_is_paid_like_any_other() -> None:
    clause = only("对注册在本区的股权投资企业的合伙人，按照其上年度地方经济贡献的60%给予奖励。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.6"))


def test_money_invested_for_shares_is_still_not_an_award() -> None:
    assert extract_text("采用股权投资方式支持，单个项目资助额度原则上不低于1000万元。") == []


# ── A second award joined by 和, and an award's own noun, are not conditions ─────────────


def test_a_second_award_joined_by_he_shares_the_condition() -> None:
    found = extract_text(
        "对引进的博士后科研人员，每人给予一次性科研经费10万元和每年6万元的生活补助，"
        "出站后留在本区工作的，给予15万元安家补贴。"
    )
    assert [c.amount_yuan for c in found] == [100_000, 60_000, 150_000]
    assert found[1].condition == "对引进的博士后科研人员"
    assert found[2].condition == "出站后留在本区工作的"


def test_a_fund_budget_joined_by_he_is_still_not_an_award() -> None:
    assert extract_text("市财政每年安排专项资金5000万元和引导基金2亿元。") == []


# ── A sentence naming nobody goes on with the one before it ─────────────────────────────


def test_a_sentence_naming_nobody_takes_the_condition_before_it() -> None:
    found = extract_text(
        "对符合条件的企业高级管理人才，还可获得高管人才奖励。两项奖励总额最高为其个人经济贡献的80%。"
    )
    assert len(found) == 1
    assert found[0].condition.startswith("对符合条件的企业高级管理人才")


def test_a_new_paragraph_does_not_inherit_the_condition() -> None:
    found = extract_text(
        "对符合条件的企业高级管理人才，还可获得高管人才奖励。\n\n第六条\n两项奖励总额最高50万元。"
    )
    assert len(found) == 1
    assert not found[0].condition.startswith("对符合条件的企业高级管理人才")


def test_a_threshold_sentence_after_a_condition_is_still_not_an_award() -> None:
    assert (
        extract_text("对符合条件的高新技术企业，还可享受研发费用加计扣除。营业收入不超过2000万元。")
        == []
    )


# ── Award words inside an aside do not end the condition ────────────────────────────────


def test_award_words_inside_an_aside_stay_in_the_condition() -> None:
    clause = only(
        "企业授予员工股权激励(包括股票期权和股权奖励等方式)，员工处置股权激励的，"
        "按照其地方经济贡献的50%给予奖励。"
    )
    assert "员工处置股权激励的" in clause.condition


# ── A unit price at most X, with a yearly total after it ────────────────────────────────


def test_a_capped_unit_price_takes_the_yearly_total_as_its_cap() -> None:
    clause = only(
        "对总部企业租用自用办公用房的，按每月每平方米最高40元的标准予以补贴，补贴期限为3年，"
        "每年最高不超过200万元。"
    )
    assert row(clause.amount_yuan, clause.cap_yuan) == (40, 2_000_000)


def test_a_capped_unit_price_alone_stays_a_ceiling() -> None:
    clause = only("对企业租用办公用房的，按每月每平方米最高40元的标准予以补贴。")
    assert row(clause.amount_yuan, clause.cap_yuan) == (None, 40)


# ── Items after 其中 that only name their grade are one tier list ──────────────────────


def test_items_after_qi_zhong_naming_grades_are_tiers_sharing_the_condition() -> None:
    found = extract_text(
        "对新引进的全日制本科及以上学历人才发放住房补贴，其中本科生1万元，硕士研究生3万元，博士研究生5万元。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "本科生", 10_000),
        ("tiered", "硕士研究生", 30_000),
        ("tiered", "博士研究生", 50_000),
    ]
    assert {c.condition for c in found} == {found[0].condition}
    assert found[0].condition.startswith("对新引进的全日制本科及以上学历人才")


def test_a_fund_budget_split_after_qi_zhong_is_not_a_tier_list() -> None:
    assert extract_text("市财政每年安排专项资金1亿元，其中省级5000万元，市级5000万元。") == []


def test_one_named_sum_without_qi_zhong_stays_a_fixed_award() -> None:
    clause = only("对新引进的人才发放住房补贴，本科生2万元。")
    assert row(clause.kind, clause.amount_yuan, clause.grade) == ("fixed", 20_000, None)


# ── 每个企业…总额不超过: whose total it is belongs to the condition ─────────────────────


def test_the_owner_of_a_total_is_the_condition_not_the_award() -> None:
    clause = only("每个企业获得的年度研发投入补助资金总额不超过50万元。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 500_000)
    assert clause.condition == "每个企业获得的年度研发投入补助资金总额"


def test_a_price_per_project_still_starts_at_its_unit() -> None:
    clause = only("对通过验收的项目，每个项目最高资助50万元。")
    assert row(clause.kind, clause.cap_yuan) == ("per_unit", 500_000)
    assert clause.condition == "对通过验收的项目"


# ── 由财政对优惠的30%予以奖补: 对 naming what the rate is taken of ─────────────────────


def test_dui_before_the_rate_it_is_taken_of_does_not_restart_the_condition() -> None:
    clause = only(
        "对已认定的骨干企业销售机器人给予事后奖补，鼓励骨干企业生产的机器人优惠30%销售给"
        "本省企业，由财政对优惠的30%予以事后奖补。"
    )
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.3"))
    assert clause.condition.startswith("对已认定的骨干企业销售机器人")


def test_dui_before_an_opened_rate_still_names_who_is_paid() -> None:
    clause = only("鼓励企业加大投资，对达标企业按投资额的8%给予奖励。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.08"))
    assert clause.condition == "对达标企业"


# ── A sentence that only limits the yearly total closes the unit price before it ────────


def test_a_yearly_total_in_the_next_sentence_caps_the_unit_price() -> None:
    clause = only(
        "符合条件的总部型企业租用办公用房且自用的，按每月每平方米最高50元的标准予以场地补贴；"
        "如每月每平方米合同实际租金小于50元的，按合同实际租金予以补贴。"
        "补贴期限为3年，且每年最高补贴金额不超过300万元。"
    )
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == (
        "per_unit_cap",
        50,
        3_000_000,
    )
    assert clause.cap_period == "year"


def test_a_total_naming_its_own_subject_stays_a_cap_of_its_own() -> None:
    found = extract_text("对获得授权的发明专利，每件资助5000元。同一企业每年累计资助不超过5万元。")
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in found] == [
        ("per_unit", 5000, None),
        ("cap", None, 50_000),
    ]


def test_a_total_after_a_unit_price_already_capped_is_not_taken_twice() -> None:
    found = extract_text(
        "对获得授权的发明专利，每件资助5000元，每家企业最高10万元。每年累计资助不超过5万元。"
    )
    assert row(found[0].kind, found[0].amount_yuan, found[0].cap_yuan) == (
        "per_unit_cap",
        5000,
        100_000,
    )
    assert len(found) == 2


def test_a_total_in_the_next_paragraph_is_not_joined() -> None:
    found = extract_text(
        "对企业租用办公用房的，按每月每平方米最高50元的标准予以补贴。\n每年最高补贴不超过300万元。"
    )
    assert row(found[0].amount_yuan, found[0].cap_yuan) == (None, 50)


# ── The same words in two numbered items are two cases; a page printed twice is one ──────


def test_the_same_clause_in_two_numbered_items_is_kept_in_each() -> None:
    text = (
        "（二）企业于股份转让系统挂牌的，南沙区给予150万元补贴；"
        "企业挂牌后再迁入我区的，南沙区给予150万元补贴。\n"
        "（三）企业进入创新层的，南沙区给予200万元补贴；"
        "企业挂牌后再迁入我区的，南沙区给予150万元补贴。\n"
    )
    assert [c.amount_yuan for c in extract_text(text)] == [
        1_500_000,
        1_500_000,
        2_000_000,
        1_500_000,
    ]


def test_a_numbered_item_printed_twice_is_read_once() -> None:
    item = "（二）企业挂牌后再迁入我区的，南沙区给予150万元补贴。\n"
    assert [c.amount_yuan for c in extract_text(item * 2)] == [1_500_000]


# ── a field's label (补贴测算:) starts the condition; the field above it does not ─────────


def test_the_condition_starts_after_a_fields_label() -> None:
    # 文件依据 ends without punctuation, so the reader joins it to the line below.
    clause = only(
        "文件依据：《大连市人民政府关于进一步做好就业创业工作的实施意见》（大政发〔2017〕46号）\n"
        "补贴测算：毕业年度积极求职创业且符合条件的高校毕业生，每人一次性1000元。"
    )
    assert row(clause.kind, clause.amount_yuan) == ("per_unit", 1000)
    assert clause.condition == "毕业年度积极求职创业且符合条件的高校毕业生"


def test_a_label_with_nothing_after_it_leaves_the_condition_as_it_was() -> None:
    # 奖励标准: then the award's own words: the 对… condition after the label is kept whole.
    clause = only("奖励标准：对首次认定的高新技术企业，给予一次性奖励20万元。")
    assert clause.condition == "对首次认定的高新技术企业"
    # the label alone before the sum: nothing to read after it, the start does not move
    clause = only("生活补贴标准：每人每月500元。")
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 500)


# ── a measure inside who qualifies (…平均工资3倍者,) does not make the next sum a measure ──


def test_a_sum_after_a_qualifier_naming_a_wage_is_the_award() -> None:
    clause = only(
        "三、补贴标准\n"
        "1、具有博士学位者，或最近3年内累计24个月在本市缴纳职工社会保险费基数高于本市上年度"
        "职工社会平均工资3倍者，每人每月800元；"
    )
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 800)


def test_the_sums_own_words_still_decide_after_a_qualifier() -> None:
    # no heading naming a standard, no award word: the qualifier's end makes no award
    assert extract_text("高于本市上年度职工社会平均工资3倍者，每人每月800元；") == []
    # after 的, the sum's own words name a measure (纳税额每增加): not an award
    found = extract_text("年纳税额超过100万元的，纳税额每增加50万元，奖励5万元。")
    # paid for each step of 50万元 (the evaluation set's convention for 每增加1亿元另给予10万元)
    assert [(c.kind, c.amount_yuan) for c in found] == [("per_unit", Decimal(50_000))]
