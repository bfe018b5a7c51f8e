"""Reward clauses as the first evaluation pages write them, read again when their held-back part
became development (session 13, extract12): review sums that named a recipient only in passing,
and offers whose words were read as reports or as a lone ceiling."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def test_a_review_sum_paid_to_counted_recipients_is_no_award() -> None:
    # Before, 人才发放 read as an offer's recipient: a city's housing grants in all, 6316万元, came
    # out as one firm's award, and so did 11.83亿元 of provident-fund withdrawals after it.
    text = (
        "向9031户家庭发放住房租赁补贴1905万元，向526名高层次人才发放购房补贴6316万元，"
        "为34.36万人次提取公积金11.83亿元。"
    )
    assert read(text) == []
    # A person named before the payment, not counted, stays an offer's recipient.
    assert read("新引进的博士，发放安家补贴10万元。") == [("fixed", 100_000, None, None)]


def test_funds_of_several_kinds_paid_out_in_all_are_no_award() -> None:
    # 面对 holds 对 and 一次性 names a subsidy: neither is an offer's word here.
    text = (
        "面对市场主体特别是中小微企业发展困难，落实国、省助企纾困政策，推动免申即享，"
        "兑现稳岗返还、一次性扩岗补助等资金1.8亿元，新增减税降费30亿元左右。"
    )
    assert read(text) == []
    assert read("对新认定的企业，一次性给予扩岗补助1万元。") == [("fixed", 10_000, None, None)]


def test_bonds_issued_and_a_measure_listed_as_totals_are_no_award() -> None:
    text = "多渠道整合资金支持县域发展，发行产业园区基础设施专项债项目50个、资金48亿元。"
    assert read(text) == []
    measured = (
        "居民人均可支配收入、城镇居民人均可支配收入三项增速分别为5.7%、4.5%，均排全区第一，"
        "总量分别为33893元、42291元。"
    )
    assert read(measured) == []
    # A firm that issues bonds may be offered an award for it.
    assert read("对成功发行公司债券的企业，给予50万元奖励。") == [("fixed", 500_000, None, None)]


def test_a_credit_line_a_measured_rate_and_funds_put_in_are_no_award() -> None:
    # Before, a bank's 200亿元 credit line, a placement rate and a city's own programme funds
    # each came out as an award.
    assert read("并为临港地区智能制造企业提供200亿元专属授信额度。") == []
    assert read("发放各类补贴8920万元，大中专院校毕业生就业去向落实率94.9%。") == []
    assert read("启动实施“百村示范、全域整治”行动，配套2亿元以奖代补资金，启动100个村建设。") == []
    # An interest rate subsidised, and a matching award offered, still pay.
    assert read("省级按照同期银行基准利率40%给予贴息，最高500万元。") == [
        ("rate_cap", None, 5_000_000, Decimal("0.4"))
    ]
    assert read("对获得国家立项的项目，按1:1给予配套资金支持。") != []


def test_a_premium_rate_bound_is_not_the_share_paid() -> None:
    text = "保费按3%的保费率上限及实际投保年度保费的80%给予不超过3年的补贴。"
    assert read(text) == [("rate", None, None, Decimal("0.8"))]


def test_a_price_joined_by_qie_to_its_total_ceiling_is_the_award_with_its_ceiling() -> None:
    # Before, neither figure was read: 总额 named a measure and the price had no word after it.
    text = "购买自用办公用房，可按每平方米不超过1000元且总额不超过50万元的标准，给予购房补助。"
    assert read(text) == [("per_unit_cap", 1000, 500_000, None)]
    rent = "租赁自用办公用房的，可按30元/平方米•月且每年总额不超过15万元的标准，给予租房补助。"
    assert read(rent) == [("per_unit_cap", 30, 150_000, None)]
    # A size that qualifies, joined by 且, is no standard: nothing is paid by it.
    assert read("对投资额不低于1000万元且总额不超过5000万元的项目进行备案。") == []


def test_a_price_per_item_after_obtaining_is_an_offer_not_a_review() -> None:
    # Before, 获得授权后资助 read as money obtained in a review, and the prices were dropped.
    text = "实用新型专利获得授权后资助1000元/件;外观设计专利获得授权后资助500元/件。"
    assert read(text) == [("per_unit", 1000, None, None), ("per_unit", 500, None, None)]
    # A grant the place obtained, in all, stays a review's sum.
    assert read("获得中央财政衔接补助资金8.58亿元。") == []


def test_a_ceiling_after_dui_on_the_award_just_given_closes_its_rate() -> None:
    # Before, ,对 opened a new clause: the 5% was paid without a ceiling and 最高100万元 stood
    # alone as an award of its own.
    text = (
        "对在区内注册运行的创业投资基金，按照其实际投资区内创新创业项目金额的5%给予奖励，"
        "对同一项目投资给予的奖励最高100万元，对一家创业投资基金每年的奖励金额最高300万元。"
    )
    assert read(text) == [
        ("rate_cap", None, 1_000_000, Decimal("0.05")),
        ("cap", None, 3_000_000, None),
    ]
    loan = (
        "对取得商业银行机构贷款的科技型中小企业，按其申请当笔贷款基准利率的100%，对该企业给予"
        "贴息补助，单笔贷款贴息时间最长不超过1年，每家企业每年贴息金额不超过100万元。"
    )
    assert read(loan) == [("rate_cap", None, 1_000_000, Decimal("1"))]
    # A new case after ,对 is still a clause of its own.
    two = "对国家级平台给予50万元奖励，对省级平台给予20万元奖励。"
    assert read(two) == [("fixed", 500_000, None, None), ("fixed", 200_000, None, None)]


def test_a_price_bound_opens_after_a_measure_named_before_it() -> None:
    # Before, 租金 before 按 read as a measure: the price was lost and 每年最高不超过200万元
    # stood alone as an award anyone renting could claim in full.
    text = (
        "对新型研发机构在区内租用场地租金按每平方米每月最高40元给予补贴，实际支付场租低于补贴"
        "标准的，按照实际支付场租进行补贴，时间最长不超过5年，每年最高不超过200万元。"
    )
    assert read(text) == [("per_unit_cap", 40, 2_000_000, None)]
    # A measure reached after 按 stays a threshold.
    assert read("对年度营业收入按2000万元以上给予奖励。") == []


def test_prices_per_person_by_grade_before_the_standard_and_whom_it_pays() -> None:
    text = (
        "被认定的新型研发机构，根据上一年度末在岗全职科研人员情况，按博士学位人员每人8万元、"
        "硕士学位人员每人5万元的标准，给予新型研发机构科研经费补贴，每个研发机构每年补贴最高"
        "不超过500万元。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in clauses] == [
        ("per_unit_cap", 80_000, 5_000_000),
        ("per_unit_cap", 50_000, 5_000_000),
    ]
    # The second grade's case is the list's, not its grade's name alone.
    assert "科研人员" in clauses[1].condition


def test_a_rate_keyed_by_a_period_takes_the_case_of_the_rate_before_it() -> None:
    # Before, 后3年 alone was the condition of the second rate.
    text = (
        "对重点产业新建项目，投产后年均税收达到10万元的，参照其年度地方财政贡献给予企业连续5年奖励，"
        "即：前2年给予企业地方财政贡献80%的奖励，后3年给予企业地方财政贡献50%的奖励，"
        "每年最高奖励不超过5000万元。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("rate_cap", Decimal("0.8"), 50_000_000),
        ("rate_cap", Decimal("0.5"), 50_000_000),
    ]
    assert clauses[1].condition == clauses[0].condition
    assert clauses[1].condition.startswith("对重点产业新建项目")


def test_a_sentence_bounding_the_award_per_item_closes_the_rates_before_it() -> None:
    # Before, the three matching rates were paid without any ceiling.
    text = (
        "对新型研发机构获得国家部门立项的公共服务平台项目资金给予100%配套;对新型研发机构获得省、"
        "市级部门立项的公共服务平台项目资金分别给予70%、50%配套。原则上单个项目最高配套额度为"
        "500万元，每个研发机构每年最高配套额度为1000万元。"
    )
    assert read(text) == [
        ("rate_cap", None, 5_000_000, Decimal("1")),
        ("tiered", None, 5_000_000, Decimal("0.7")),
        ("tiered", None, 5_000_000, Decimal("0.5")),
    ]
    # A sentence naming someone is a case of its own, not the ceiling of the rates before.
    other = "对企业研发投入给予10%补助。对新认定的单个项目最高补助为50万元。"
    assert read(other)[0] == ("rate", None, None, Decimal("0.1"))
    # Nor does a ceiling close a sum: only rates wait for one.
    fixed = "对新认定的企业给予50万元奖励。原则上单个项目最高奖励为30万元。"
    assert read(fixed)[0] == ("fixed", 500_000, None, None)


def test_items_of_a_list_each_naming_its_award_after_the_ceiling_take_the_lead_in_case() -> None:
    # Before, the items' ceilings were not read (no word before them tells) — or, once read,
    # their condition was the item's number.
    text = (
        "对新设立的新型研发机构，分期合计投入最高1亿元的建设运行费，经费构成包括：\n"
        "  (一)最高2000万元落户奖励;\n"
        "  (二)最高3000万元科研条件建设补助：包括仪器设备等;\n"
        "对围绕重大成果产业化的新型研发机构，给予更大扶持力度。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.cap_yuan) for c in clauses] == [
        ("cap", 20_000_000),
        ("cap", 30_000_000),
    ]
    assert all(c.condition.startswith("对新设立的新型研发机构") for c in clauses)
    # A sum followed by a measure, not an award's name, stays unread.
    assert read("(一)最高2000万元营业收入;") == []


def test_a_rate_after_the_award_share_named_and_a_share_of_an_award_divided() -> None:
    text = "对示范应用项目支持比例不超过项目中的高端智能装备及系统集成投资的20%，最高1000万元。"
    assert read(text) == [("rate_cap", None, 10_000_000, Decimal("0.2"))]
    shared = "投资专项奖励资金由投资基金企业及其管理企业按各50%的比例分享。"
    assert read(shared) == []


def test_a_rate_listed_after_sums_by_grade_is_read_on_its_own_words() -> None:
    # Before, the rate's words ran from 按 over both sums, so the sums' place was taken by it.
    text = (
        "新引进外资项目，第一年实到外资200万-500万（不含）美元、500万-1000万（不含）美元、"
        "1000万美元以上的，分别按人民币30万元、50万元、实到外资额的8‰折合人民币给予奖励。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.amount_yuan, c.rate) for c in clauses] == [
        ("tiered", 300_000, None),
        ("tiered", 500_000, None),
        ("rate", None, Decimal("0.008")),
    ]
    assert clauses[2].amount_text == "实到外资额的8‰"


def test_a_rate_opening_its_sentence_takes_the_case_the_sentence_before_states() -> None:
    # Before, the condition was the base the rate is taken of (其…实际获得收入).
    text = (
        "第十二条 鼓励新型研发机构面向市场提供科技研发、检验检测等科技服务。按其为非关联企业提供"
        "上述科技服务业务实际获得收入的5%对新型研发机构给予奖励，每个新型研发机构单一年度该项"
        "奖励金额最高200万元。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.cap_yuan, c.rate) for c in clauses] == [
        ("rate_cap", 2_000_000, Decimal("0.05"))
    ]
    assert clauses[0].condition.startswith("鼓励新型研发机构面向市场提供")


def test_rates_keyed_by_level_take_the_case_of_the_clause_that_opened_them() -> None:
    # Before, 省级 and 市级 took 国家级's words as their condition (the sentence's last one).
    text = (
        "第七条 对区内机构获得的国家、省、市级科技计划项目及科技奖励，采用后补助方式进行配套，"
        "对国家级的给予100%的资金配套，最高500万元;对省级的给予70%的资金配套，最高300万元;"
        "对市级的给予50%的资金配套，最高200万元。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.cap_yuan, c.rate, c.grade) for c in clauses] == [
        ("rate_cap", 5_000_000, Decimal("1"), "国家级"),
        ("rate_cap", 3_000_000, Decimal("0.7"), "省级"),
        ("rate_cap", 2_000_000, Decimal("0.5"), "市级"),
    ]
    assert all(c.condition.startswith("对区内机构获得的国家") for c in clauses)


def test_a_case_of_its_own_after_a_price_is_no_grade_of_a_priced_list() -> None:
    # 重新认定的 closes a case with 的: its price is not the next grade of the list before it.
    text = "对首次认定的高新技术企业每家给予一次性奖补20万元、重新认定的每家给予一次性奖补10万元。"
    clauses = extract_text(text)
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("per_unit", 200_000),
        ("per_unit", 100_000),
    ]
    assert clauses[1].condition.startswith("重新认定")


def test_a_share_above_a_bound_named_after_dui_is_the_base_not_the_case() -> None:
    text = (
        "现代服务业企业（含分支机构）年地方综合贡献超40万元以上，以上一年度地方综合贡献为基数，"
        "对新增地方综合贡献超过10%部分奖励50%，补助期限不超过3年。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.rate) for c in clauses] == [("rate", Decimal("0.5"))]
    assert clauses[0].condition.startswith("现代服务业企业")
    # A case that is a share reached stays the case: 对…占比超过10%的企业.
    case = "对研发投入占比超过10%的企业，给予20万元奖励。"
    assert extract_text(case)[0].condition.startswith("对研发投入占比超过10%的企业")
