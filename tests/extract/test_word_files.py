"""Reward clauses as a district's and a province's Word files write them (session 11, from the
development part's 甘井子区 and 辽宁省 pages): limits on awards already promised, prices per parcel
and per so many square metres, sums for each of those ranked, and conditions that run on over 或,
且 and 对其."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def conditions(text: str) -> list[str]:
    return [c.condition for c in extract_text(text)]


def test_a_limit_on_the_awards_accumulated_is_no_award_of_its_own() -> None:
    # Read as an award, 30% of the firm's whole contribution would be paid on top.
    text = (
        "其高级管理人员按照其缴纳的个人所得税的10%予以奖励，每人每年最高不超过50万元。"
        "单个企业的奖励对象累计奖励金额不得超过该企业对本区经济发展贡献的30%。"
    )
    assert read(text) == [("rate_cap", None, 500_000, Decimal("0.1"))]
    # a ceiling on one project's subsidy as a share of its cost is the award's rate
    assert read("单个项目补助资金不得超过项目总投入的70%，奖补资金不超过30万元。") == [
        ("rate_cap", None, 300_000, Decimal("0.7"))
    ]


def test_prices_per_parcel_and_per_ten_thousand_square_metres_with_a_yearly_total() -> None:
    text = (
        "单宗出让建筑面积低于5万平方米的，每宗奖励项目所在街道2.5万元；单宗出让建筑面积高于5万"
        "平方米的，按照出让建筑面积每万平方米5000元、年度出让项目奖励总额不超过100万元，对项目"
        "所涉及街道予以奖励。"
    )
    assert read(text) == [
        ("per_unit", 25_000, None, None),
        ("per_unit_cap", 5_000, 1_000_000, None),
    ]
    # a price per area measured, with no ceiling of the award after it, pays nothing
    assert read("按照出让建筑面积每万平方米5000元、容积率不低于2.0的标准供地。") == []


def test_each_of_those_ranked_is_paid_the_sum() -> None:
    clauses = extract_text("对完成年度财政收入前十名的村各奖励30万元。")
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [("per_unit", 300_000)]
    assert clauses[0].condition == "对完成年度财政收入前十名的村"


def test_a_sum_whose_yuan_is_dropped_before_the_award_is_read() -> None:
    text = "对主持制定国家标准的企业给予30万奖励，对参与制定的企业给予10万元奖励。"
    assert read(text) == [("fixed", 300_000, None, None), ("fixed", 100_000, None, None)]
    assert read("对年产值达到30万吨的企业给予奖励。") == []


def test_a_condition_runs_on_over_or_and_and() -> None:
    either = (
        "对投资5亿元以上的工业项目，或安置就业（签订两年以上劳动合同，稳定就业一年以上且给予正常待遇）"
        "100人以上的任一条件，一次性给予项目单位50万元奖励。"
    )
    assert conditions(either)[0].startswith("对投资5亿元以上的工业项目")
    both = "主营业务列入《指导目录》，且对我区发展贡献最大的10家企业，分别奖励20万元。"
    assert conditions(both) == ["主营业务列入《指导目录》,且对我区发展贡献最大的10家企业"]


def test_its_own_and_the_cost_a_rate_is_taken_of_do_not_open_a_condition() -> None:
    text = (
        "入选国家人才工程的高层次人才，对其缴纳的个人所得税区级留成部分，三年内每年按80%给予奖励。"
    )
    assert conditions(text)[0].startswith("入选国家人才工程的高层次人才")
    held = (
        "鼓励服务机构开展创业沙龙等活动，经认定，对实际发生费用给予50%活动费用补贴，"
        "最高不超过50万元。"
    )
    assert conditions(held)[0].startswith("鼓励服务机构开展创业沙龙等活动")
    # who provides a service is who is paid; 提供 a sum is the award
    serving = "对服务机构为区内企业提供技术转移服务的，同一机构每年资助最高累计20万元。"
    assert read(serving) == [("cap", None, 200_000, None)]
    assert conditions(serving)[0].startswith("对服务机构为区内企业提供技术转移服务的")
    assert conditions("对创业企业，提供最高10万元的场地补贴。") == ["对创业企业"]


def test_a_rate_with_only_the_items_number_before_it_is_conditioned_on_its_base() -> None:
    text = "第二条 按照街道本年度形成区财力的1%对街道予以奖励。"
    assert conditions(text) == ["街道本年度形成区财力"]


def test_sums_keyed_by_a_count_in_two_articles_are_no_tier_list() -> None:
    text = (
        "第九条 对我区发展贡献最大的10家企业，奖励20万元。\n"
        "第十条 对我区发展贡献最大的5家企业，奖励10万元。"
    )
    assert [c.kind for c in extract_text(text)] == ["fixed", "fixed"]
    items = (
        "(1)对年营业收入1亿元以上的企业，奖励20万元；(2)对年营业收入5亿元以上的企业，奖励50万元。"
    )
    assert [c.kind for c in extract_text(items)] == ["tiered", "tiered"]


def test_a_range_writing_its_unit_once_is_its_ceiling_never_its_top_paid_as_stated() -> None:
    text = "经认定，按每人5-10万元标准一次性给予用人单位引才资助；一次性给予个人20-40万元安家费。"
    assert read(text) == [("per_unit", None, 100_000, None), ("cap", None, 400_000, None)]
    assert read("2019-2020年度，给予10万元奖励。") == [("fixed", 100_000, None, None)]


def test_a_measure_named_in_who_qualifies_says_nothing_of_a_later_phrases_sum() -> None:
    text = (
        "在本区依法纳税的企业或依法设立的事业单位当年引进入选省部级及以上人才工程（项目）及相当层次"
        "的高层次人才，经相关部门认定，按每人5-10万元标准一次性给予用人单位引才资助。"
    )
    assert read(text) == [("per_unit", None, 100_000, None)]


def test_shares_named_before_the_years_are_a_schedule_not_rates() -> None:
    text = (
        "总部企业实缴注册资本超过5000万元的，按1%给予落户扶持，最高不超过300万元，从下一年度开始，"
        "按40%、30%、30%的比例分三年发放。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.cap_yuan, c.rate) for c in clauses] == [
        ("rate_cap", 3_000_000, Decimal("0.01"))
    ]
    assert [row(i.when, i.share) for i in clauses[0].schedule] == [
        ("第1年", Decimal("0.4")),
        ("第2年", Decimal("0.3")),
        ("第3年", Decimal("0.3")),
    ]


def test_the_bounds_of_a_band_that_a_qualifier_closes_are_not_paid() -> None:
    text = (
        "年度区级贡献在100万元至300万元（含300万元）的，扶持12%。"
        "年度区级贡献在300万元至500万元（含500万元）的，扶持20%。"
    )
    clauses = extract_text(text)
    assert [row(c.kind, c.amount_yuan, c.rate) for c in clauses] == [
        ("rate", None, Decimal("0.12")),
        ("rate", None, Decimal("0.2")),
    ]
    assert clauses[0].condition == "年度区级贡献在100万元至300万元(含300万元)的"


def test_a_list_of_sums_none_of_which_says_yuan_is_a_tier_list() -> None:
    text = "主营业务收入首次超过1.5亿元、3亿元、5亿元的，分别一次性给予企业10万、20万、30万。"
    assert read(text) == [
        ("tiered", 100_000, None, None),
        ("tiered", 200_000, None, None),
        ("tiered", 300_000, None, None),
    ]
    assert read("分别给予10万、20万元奖励。") == [
        ("tiered", 100_000, None, None),
        ("tiered", 200_000, None, None),
    ]


def test_a_price_per_unit_counted_or_enjoyed_with_its_ceiling() -> None:
    counted = (
        "入驻企业达到20家的，每新入驻1家跨境电商企业，给予园区扶持资金1万元，"
        "最多给予200万元扶持资金。"
    )
    assert read(counted) == [("per_unit_cap", 10_000, 2_000_000, None)]
    trained = (
        "对年培训人数达到20人以上的，每培训1人给予2000元的资金扶持，每家企业每年扶持资金最多不超过"
        "10万元，且培训人员的比例限定在企业员工总数的15%以内。"
    )
    assert read(trained) == [("per_unit_cap", 2_000, 100_000, None)]
    enjoyed = "自用率达到60%以上的，可按每平方米200元享受建房补助，最高不超过200万元。"
    assert read(enjoyed) == [("per_unit_cap", 200, 2_000_000, None)]


def test_a_symbol_fonts_point_between_digits_is_the_decimal_point() -> None:
    # Read as 02元, the sum would be a hundred times what the text pays.
    assert read("企业每增加出口1美元，即给予0\ue01002元的奖励。") == [
        ("per_unit", Decimal("0.02"), None, None)
    ]


def test_the_currency_said_after_yuan_changes_nothing() -> None:
    assert read("申请奖励资金在50万元人民币以上的，须提供项目真实性公证书。") == []
    assert read("到位注册资本1.7亿元人民币的，给予170万元人民币奖励。") == [
        ("fixed", 1_700_000, None, None)
    ]


def test_a_step_of_a_measure_is_counted_and_the_sum_after_it_is_paid_per_step() -> None:
    # 2000万元 is the step of retail sales, never an award.
    assert read("年零售额每实现2000万元给予2万元奖励。") == [("per_unit", 20_000, None, None)]
    assert read("年营业收入每增加1亿元，另给予10万元奖励。") == [("per_unit", 100_000, None, None)]
    exported = "企业每增加出口1美元，即给予0.02元人民币的奖励，每家企业每年最高奖励不超过10万元。"
    assert read(exported) == [("per_unit_cap", Decimal("0.02"), 100_000, None)]
    assert read("对认定的企业，每年给予10万元奖励。") == [("fixed", 100_000, None, None)]


def test_a_budget_set_aside_is_no_award() -> None:
    assert read("每年安排扶持资金1000万元。") == []
    assert read("对新认定的企业给予扶持资金50万元。") == [("fixed", 500_000, None, None)]


def test_the_awards_own_measures_of_a_ceiling_are_read() -> None:
    assert read(
        "境内首发上市企业，按照上市票据实际发生额给予补贴，补贴额度最高不超过300万元。"
    ) == [("cap", None, 3_000_000, None)]
    assert read(
        "对新增业务规模达10亿元以上的融资租赁企业，给予高级管理人员最高合计50万元奖励。"
    ) == [("cap", None, 500_000, None)]
    assert read("单一企业每年享受本办法规定的各类扶持资金总额不超过500万元。") == [
        ("cap", None, 5_000_000, None)
    ]


def test_parts_of_an_award_paid_out_and_a_rise_of_its_rate_are_no_awards() -> None:
    text = (
        "补贴标准原则上不超过产品订货合同金额的10%，补贴金额最高不超过200万元。订货合同完成后，"
        "一次性拨付补助金额的80%，项目通过验收后，再拨付剩余的20%。"
    )
    assert read(text) == [("rate_cap", None, 2_000_000, Decimal("0.1"))]
    raised = (
        "创新型企业项目按不超过项目研发投入的30%比例给予补助，单项补助最高额度原则上不超过150万元。"
        "国家高新技术企业补助比例可上调10%。"
    )
    assert read(raised) == [("rate_cap", None, 1_500_000, Decimal("0.3"))]
    # 不高于 a share is the rate offered, as 不超过 is
    assert read("对列入计划的项目，资助标准原则上不高于产品订货合同的20%。") == [
        ("rate", None, None, Decimal("0.2"))
    ]


def test_later_awards_of_one_sentence_naming_only_a_period_or_whom_keep_its_condition() -> None:
    text = (
        "当年引进的高层次人才，经相关部门认定，按每人5-10万元标准一次性给予用人单位引才资助；"
        "一次性给予个人20-40万元安家费；5年内每年给予个人4万元薪酬补贴。"
    )
    assert conditions(text) == ["当年引进的高层次人才,经相关部门认定"] * 3
    assert conditions("对新引进的博士，给予每人5万元安家补贴。") == ["对新引进的博士"]


def test_what_several_share_in_all_is_paid_and_a_limit_on_two_awards_is_none() -> None:
    text = (
        "对达到第2条所规定营业收入标准的企业，分别给予该企业高级管理人员共计30万元、50万元、80万元的"
        "奖励。第2条所规定奖励与给予该企业高级管理人员奖励两项合计最多不超过企业对我市当年新增经济"
        "贡献量的20％。"
    )
    assert read(text) == [
        ("tiered", 300_000, None, None),
        ("tiered", 500_000, None, None),
        ("tiered", 800_000, None, None),
    ]
    assert read("全年共计发放补贴5000万元。") == []
