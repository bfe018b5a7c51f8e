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


def kinds(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.grade) for c in extract_text(text)]


def test_sums_keyed_by_prize_one_after_another_are_one_tier_list() -> None:
    # Before, four one-off sums: a reviewer accepting them all would pay a project every prize.
    text = "补贴标准：一等奖20万元，二等奖15万元，三等奖10万元，优胜奖5万元。"
    assert kinds(text) == [
        ("tiered", 200_000, "一等奖"),
        ("tiered", 150_000, "二等奖"),
        ("tiered", 100_000, "三等奖"),
        ("tiered", 50_000, "优胜奖"),
    ]
    # A single prize named with its sum is one award.
    assert kinds("对获得一等奖的项目，给予20万元奖励。") == [("fixed", 200_000, None)]


def test_what_a_recipient_may_draw_or_a_body_is_paid_at_a_standard_is_an_award() -> None:
    # Before, both were missed: nothing before the sum told it was paid.
    text = "在基地入驻企业连续就业满1年的港澳青年，在职期间可领取每人每月1500元住房补贴。"
    assert read(text) == [("per_month", 1500, None, None)]
    text = "可报名参加免费培训，广东省按每人10000元标准向承办机构支付培训补助。"
    assert read(text) == [("per_unit", 10_000, None, None)]
    # A sum paid to a body as a fee, or drawn as wages, is no award.
    assert read("企业按每人10000元标准向培训机构支付培训费用。") == []


def test_a_standard_the_applicant_pays_others_is_who_qualifies_never_a_floor_paid() -> None:
    # Before, 不低于当地最低工资80% came out as a floor on a rate paid (at_least 80%).
    text = (
        "用人单位组织高校毕业生参加就业见习，且每月按不低于当地最低工资80%的标准对见习人员"
        "支付工作补贴的，可按规定享受就业见习补贴。"
    )
    assert read(text) == []
    text = "且按不低于每人每月2000元的标准向见习人员发放生活补贴的，给予每人每月1000元补贴。"
    assert read(text) == [("per_month", 1000, None, None)]
    # A floor the award itself keeps is still read.
    floor = [("at_least", None, None, Decimal("0.1"))]
    assert read("给予不低于设备投资额10%的资金支持。") == floor


def conditions(text: str) -> list[str]:
    return [c.condition for c in extract_text(text)]


def test_a_standard_under_its_label_takes_whom_the_section_names() -> None:
    # Before, the condition was the label itself (补贴标准) or the grade (一等奖).
    text = (
        "补贴对象：符合条件的创业项目。\n"
        "补贴标准：一等奖20万元，二等奖15万元，三等奖10万元，优胜奖5万元。\n"
    )
    assert conditions(text) == ["符合条件的创业项目"] * 4
    text = "补贴对象：符合条件的创业者。\n补贴期限：一次性。\n补贴标准：10000元。\n"
    assert conditions(text) == ["符合条件的创业者"]
    # A case the standard states itself stays its own.
    text = "补贴对象：符合条件的用人单位。\n补贴标准：招用3人以下的按每人2000元给予补贴。\n"
    [own] = conditions(text)
    assert own.startswith("招用3人以下的"), own


def test_a_standard_in_its_own_paragraph_takes_the_case_of_who_may_apply_before_it() -> None:
    text = (
        "在校大学生在广东省创办登记注册3年内的小微企业，登记注册满12个月的，可申请租金补贴。\n"
        "补贴标准为：珠三角地区每年最高6000元，其他地区每年最高4000元。\n"
    )
    case = "在校大学生在广东省创办登记注册3年内的小微企业,登记注册满12个月的"
    assert conditions(text) == [case, case]
    text = "从事“三支一扶”服务的大学生，服务期间，享受生活补贴。生活补贴每人每月3600元。"
    assert conditions(text) == ["从事“三支一扶”服务的大学生"]
    # Without a label, a new paragraph does not reach back.
    text = "登记注册满12个月的，可申请租金补贴。\n珠三角地区每年最高6000元。\n"
    assert conditions(text) != [case]


def test_prices_per_person_listed_by_grade_before_one_standard_are_one_tier_list() -> None:
    # Before, only 其他每人5000元 came out (a price for everyone): 博士 and 硕士 were missed.
    text = (
        "签订1年以上劳动合同并按规定缴纳6个月以上社会保险费的，"
        "按博士每人10000元、硕士每人7000元、其他每人5000元标准给予补贴。"
    )
    assert kinds(text) == [
        ("tiered", 10_000, "博士"),
        ("tiered", 7000, "硕士"),
        ("tiered", 5000, "其他"),
    ]
    # Contributions listed per person, with no award after them, are no awards.
    assert read("企业按博士每人10000元、硕士每人7000元标准缴纳住房公积金。") == []


def test_operating_funds_a_government_must_arrange_are_no_award() -> None:
    # Before, three tiered awards (60万元, 40万元, 5万元) any facility could be paid.
    text = (
        "各区、街道（镇）应根据实际安排社区养老服务设施必要的运营经费，区级、街道（镇）级、社区（村）级"
        "社区养老服务设施每年每个分别不少于60万元、40万元、5万元运营经费。"
    )
    assert read(text) == []
    # Funds given as support stay an award.
    text = "对新建的社区养老服务设施，安排专项经费，给予每个10万元经费支持。"
    assert read(text) == [("per_unit", 100_000, None, None)]


def test_sums_that_raise_an_award_named_after_them_are_paid() -> None:
    # Before, 增加 read as a measure and the three sums were missed.
    text = "其中，提供康复护理服务的区级设施根据评估等级分别增加40万元、30万元、20万元服务奖励。"
    assert [k for k, *_ in read(text)] == ["tiered"] * 3
    # A measure that grows is still no award.
    assert read("企业营业收入分别增加40万元、30万元。") == []


def test_sums_by_star_level_one_sentence_each_are_one_tier_list() -> None:
    text = "被评为五星级的给予10万元，四星级的给予5万元，三星级的给予3万元。"
    assert kinds(text) == [
        ("tiered", 100_000, "五星级"),
        ("tiered", 50_000, "四星级"),
        ("tiered", 30_000, "三星级"),
    ]
    # Each grade takes the case stated before the list, not the first item's grade.
    text = (
        "居家社区养老服务组织被评定为一星级及以上等级，且评定证书在有效期内的，可享受星级评定补贴。"
        "被评为五星级的给予10万元，四星级的给予5万元。"
    )
    case = "居家社区养老服务组织被评定为一星级及以上等级,且评定证书在有效期内的"
    assert conditions(text) == [case, case]


def test_a_case_by_the_rules_naming_a_service_given_is_the_condition_not_cut_short() -> None:
    # Before, the condition was 其中 (cut at ,按规定 as if an award's standard) or cut at 提供.
    text = (
        "对评估为优秀的设施，每年每个给予40万元服务奖励；其中，按规定直接面向周边社区居民提供"
        "生活照料、康复护理等服务的区级社区养老服务设施再增加40万元服务奖励。"
    )
    second = conditions(text)[-1]
    assert "按规定直接面向周边社区居民提供生活照料" in second, second
    assert "区级社区养老服务设施" in second, second
    # 提供 with a sum still opens the award; 按 with a standard still does.
    assert read("对入驻企业提供3万元补贴。") == [("fixed", 30_000, None, None)]
    assert conditions("对新认定的企业，按每家10万元给予奖励。") == ["对新认定的企业"]
