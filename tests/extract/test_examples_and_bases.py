"""A worked example's figures, a formula's terms and a subsidy's base are not what is paid.

Employment-policy pages (the 大连 page of the evaluation set) explain each subsidy with a
worked example (按见习6个月测算，…=6580元/人; 以一家拥有50名参保职工的企业为例…=375000元) and
name the wage or the cost it is computed from (月最低工资标准为1520元, 保险费标准为500元/人).
Read as awards, a six-month total would be paid per person and a minimum wage offered as a
bonus — an overpayment if a reviewer accepts them. The near misses beside each case are real
offers that must stay: a unit price per person per month, a 补贴标准 that is the award itself, a
clause under a page's 补贴测算 field that restates the offer, an aside naming who qualifies.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from techzone.extract import extract_text
from techzone.extract.mentions import find_mentions


def read(text: str) -> list[tuple[object, ...]]:
    return [(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        # a case assumed (按…测算) and computed: every term and the total
        "按见习6个月测算，北三市企业见习补贴1520元/人月×2/3×6月+500元/人=6580元/人。",
        "按见习6个月测算，北三市企业见习补贴1520元/人月×6月+500元/人+100元/人月×6月=10220元/人。",
        "以我市一家拥有50名参保职工经营困难企业为例，稳岗返还标准为1250元/人月×6月×50人=375000元。",
        "计算公式：（4801元/人月×60%×20%+5275元/人月×80%×6%）×30%=248.8元/人月。",
        "例如：某企业新认定为高新技术企业，可享受奖励30万元。",
        "举例：某企业研发投入1000万元，按10%给予补助，可获补助100万元。",
        "如：某企业引进博士3名，每人给予安家补贴10万元，合计30万元。",
    ],
)
def test_a_worked_example_or_a_formula_pays_nothing(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the offer before its example is still read, the example's figures are not
        (
            "对新认定的高新技术企业给予奖励30万元。例如：某企业2023年新认定，可获奖励30万元。",
            [("fixed", 300_000, None, None)],
        ),
        # an aside closed before the figure names who qualifies, not an example
        (
            "对新认定的高新技术企业（如软件企业）给予奖励30万元。",
            [("fixed", 300_000, None, None)],
        ),
        (
            "对新认定的高新技术企业(例如软件企业)，给予奖励30万元。",
            [("fixed", 300_000, None, None)],
        ),
        # 例如 naming who qualifies, with no invented case (某企业): the offer stays
        (
            "对新兴产业企业，例如人工智能企业，给予奖励50万元。",
            [("fixed", 500_000, None, None)],
        ),
        # 按…计算 says how a real award is reckoned: not a case assumed
        (
            # 每家企业 owns the ceiling (recipient_ceiling): a cap, not a price per firm
            "对租用办公用房的企业，租金按实际发生额计算，每家企业最高补贴50万元。",
            [("cap", None, 500_000, None)],
        ),
        # a page's 补贴测算 field restating the offer: not a case assumed
        (
            "补贴测算：毕业年度积极求职创业且符合条件的高校毕业生，每人一次性1000元。",
            [("per_unit", 1000, None, None)],
        ),
        # the amount stated as paid, the sentence before its formula
        (
            "对灵活就业人员按照最低社会保险缴费基数缴纳社会保险费的30%给予补贴，"
            "具体补贴金额为248.8元/人月。",
            [("rate", None, None, Decimal("0.3")), ("per_month", Decimal("248.8"), None, None)],
        ),
        # 元/人月 is a price per person per month
        ("对见习单位给予见习补贴3000元/人月。", [("per_month", 3000, None, None)]),
    ],
)
def test_the_offer_beside_an_example_stays(text: str, expected: list[tuple[object, ...]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对公益性岗位安置的就业困难人员给予岗位补贴，补贴标准为当地最低工资标准。"
        "北三市月最低工资标准为1520元，其他区市县月最低工资标准为1620元。",
        "对见习单位的人身意外伤害保险费给予全额补贴，保险费标准为500元/人。",
        "对见习单位的指导管理费用给予全额补贴，指导管理费用标准为100元/人月。",
        "对灵活就业人员给予社会保险补贴，缴费基数为4801元/人月。",
    ],
)
def test_a_wage_or_a_cost_named_as_the_base_is_not_the_amount(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the standard IS the award: an award word before 标准
        (
            "对公益性岗位安置的就业困难人员给予岗位补贴，补贴标准为每人每月500元。",
            [("per_month", 500, None, None)],
        ),
        ("对见习单位给予见习补贴，补助标准为每人每月1500元。", [("per_month", 1500, None, None)]),
        # a unit price per person per month
        ("对见习单位按每人每月500元给予见习补贴。", [("per_month", 500, None, None)]),
        # the cost's subsidy, named with the award word, is an award
        ("对参保企业给予保险费补贴500元。", [("fixed", 500, None, None)]),
        # the wage is the base of the rate: the rate is the award, the wage is not
        (
            "对见习单位按1620元的月最低工资标准的2/3给予补贴。",
            [("rate", None, None, Decimal("0.6667"))],
        ),
    ],
)
def test_a_standard_that_is_the_award_stays(text: str, expected: list[tuple[object, ...]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("对见习单位，基本生活费按当地最低工资标准的2/3给予补贴。", Decimal("0.6667")),
        ("对见习单位，给予当地最低工资标准2/3的补贴。", Decimal("0.6667")),
        ("对见习单位，给予当地最低工资标准三分之二的补贴。", Decimal("0.6667")),
        ("对见习单位，按当地最低工资标准的30%给予岗位补贴。", Decimal("0.3")),
        ("对不裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。", Decimal("0.5")),
    ],
)
def test_a_rate_of_a_wage_or_of_contributions_paid_is_an_award(text: str, rate: Decimal) -> None:
    assert [(c.kind, c.rate) for c in extract_text(text)] == [("rate", rate)]


@pytest.mark.parametrize(
    "text",
    [
        # contribution rates are what the firm pays, not what it is paid
        "我市失业保险总费率继续按1%执行。其中，用人单位缴费费率为0.5%，个人缴费费率为0.5%。",
        "对参保企业，返还标准可按6个月的当地月人均失业保险金和参保职工人数确定。",
    ],
)
def test_a_contribution_rate_is_no_award(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("2/3", [Decimal("0.6667")]),
        ("三分之一", [Decimal("0.3333")]),
        ("1/2", [Decimal("0.5")]),
        ("2019/1/3", []),  # a date
        ("3/2", []),  # not a share
        ("1520元/人月", [Decimal(1520)]),  # a unit, not a fraction
    ],
)
def test_a_fraction_is_a_rate_to_four_places(text: str, values: list[Decimal]) -> None:
    assert [m.value for m in find_mentions(text)] == values


# ── The same clause under two audiences' headings is two cases; a page printed twice is one ──

SECTION = (
    "灵活就业社保补贴\n"
    "补贴测算：对灵活就业人员按照缴纳社会保险费的30%给予补贴，具体补贴金额为248.8元/人月。\n"
)


def test_the_same_clause_under_two_audiences_is_kept_in_each() -> None:
    page = f"服务对象：高校毕业生\n{SECTION}服务对象：就业困难人员\n{SECTION}"
    assert [c.kind for c in extract_text(page)] == ["rate", "per_month", "rate", "per_month"]


def test_a_page_with_its_audience_printed_twice_is_read_once() -> None:
    page = f"服务对象：高校毕业生\n{SECTION}"
    assert [c.kind for c in extract_text(page * 2)] == ["rate", "per_month"]


def test_the_contributions_a_subsidy_pays_for_are_not_its_condition() -> None:
    text = (
        "对吸纳对口帮扶地区建档立卡贫困劳动力就业的我市企业，按规定对企业缴纳的基本养老保险费、"
        "基本医疗保险和失业保险给予社会保险补贴，并按当地最低工资标准的30%给予岗位补贴。"
    )
    (clause,) = extract_text(text)
    assert clause.rate == Decimal("0.3")
    assert clause.condition == "对吸纳对口帮扶地区建档立卡贫困劳动力就业的我市企业"


def test_a_firm_that_pays_contributions_is_still_the_condition() -> None:
    (clause,) = extract_text("对足额缴纳社会保险费的企业，给予一次性补贴1000元。")
    assert clause.condition == "对足额缴纳社会保险费的企业"
    assert clause.amount_yuan == 1000
