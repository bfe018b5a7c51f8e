"""Clauses with several parts read as one: a rate with its cap, bands, schedules, tier caps.

Every sentence is written the way the issue (#16) found them on other issuers' pages.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from techzone.extract import Clause, extract_file, extract_text, write_review
from techzone.extract.grammar import CONDITION_RULES, RULES, rule
from techzone.extract.review import CLAUSES_SHEET, HEADERS


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def only(text: str) -> Clause:
    found = extract_text(text)
    assert len(found) == 1, [(c.kind, c.amount_text) for c in found]
    return found[0]


def part(text: str, clause: Clause, name: str) -> str:
    start, end = clause.parts[name]
    return text[start:end]


def test_every_grammar_rule_reads_its_own_example() -> None:
    for declared in (*RULES, *CONDITION_RULES):
        assert declared.regex.search(declared.example), declared.name


def test_a_rate_and_the_cap_after_it_are_one_clause_with_the_caps_owner() -> None:
    text = "对技术转移机构促成科技成果转化的，按合同成交额的8%给予补助,单个企业最高不超过30万元。"
    clause = only(text)
    assert clause.kind == "rate_cap"
    assert clause.rate == Decimal("0.08")
    assert clause.cap_yuan == 300_000
    assert clause.amount_yuan is None
    assert row(clause.cap_subject, clause.cap_period) == ("enterprise", None)
    assert part(text, clause, "cap") == "单个企业最高不超过30万元"
    assert clause.subject == "技术转移机构"
    assert clause.trigger == "促成科技成果转化"


def test_a_cap_with_no_owner_says_nothing_of_whose_total() -> None:
    clause = only("对企业购置研发设备的，按购置金额的10%给予补助，最高不超过50万元。")
    assert row(clause.kind, clause.cap_yuan) == ("rate_cap", 500_000)
    assert row(clause.cap_subject, clause.cap_period) == (None, None)


def test_a_yearly_cap_per_enterprise_closes_a_rent_subsidy() -> None:
    text = "对企业租用办公用房的，每平方米每月补贴15元，每家企业每年补贴总额最高10万元。"
    clause = only(text)
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit_cap", 15, 100_000)
    assert clause.basis == "area_month"
    assert row(clause.cap_subject, clause.cap_period) == ("enterprise", "year")


def test_progressive_bands_are_one_award_with_each_bands_rate() -> None:
    text = (
        "对企业年度研发投入1000万元(含)以下部分按1%给予补助，超过部分按0.5%给予补助，"
        "最高不超过100万元。"
    )
    clause = only(text)
    assert clause.kind == "progressive"
    assert [row(b.lower, b.upper, b.rate) for b in clause.bands] == [
        (None, 10_000_000, Decimal("0.01")),
        (10_000_000, None, Decimal("0.005")),
    ]
    assert clause.cap_yuan == 1_000_000
    assert clause.rate is None  # the bands hold the rates; no single rate would be true
    assert clause.condition == "对企业年度研发投入"


def test_three_bands_with_a_middle_one() -> None:
    text = (
        "对技术合同登记额500万元(含)以下的部分按2%给予奖励，500万元至2000万元(含)的部分按1%"
        "给予奖励，超过2000万元的部分按0.5%给予奖励。"
    )
    clause = only(text)
    assert [row(b.lower, b.upper, b.rate) for b in clause.bands] == [
        (None, 5_000_000, Decimal("0.02")),
        (5_000_000, 20_000_000, Decimal("0.01")),
        (20_000_000, None, Decimal("0.005")),
    ]


def test_a_single_band_is_not_progressive() -> None:
    # "1000万元以下部分" alone is a rate on part of a base: a rate, not bands.
    clause = only("对企业研发投入1000万元以下部分按1%给予补助。")
    assert clause.kind == "rate"


def test_per_mille_rates() -> None:
    clause = only("对技术合同认定登记的，按技术合同交易额的5‰给予奖励。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.005"))
    clause = only("对技术合同认定登记的，按技术合同交易额的千分之三给予奖励。")
    assert clause.rate == Decimal("0.003")


def test_an_instalment_schedule_by_shares_is_one_award() -> None:
    text = "对新认定的国家级孵化器给予100万元奖励，分两年拨付,首年拨付60%、次年拨付40%。"
    clause = only(text)
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 1_000_000)
    assert [row(i.when, i.share) for i in clause.schedule] == [
        ("首年", Decimal("0.6")),
        ("次年", Decimal("0.4")),
    ]
    assert part(text, clause, "schedule") == "首年拨付60%、次年拨付40%"
    assert clause.confidence == 0.9


def test_an_instalment_schedule_by_named_years_and_sums_is_one_award() -> None:
    text = "对首次认定的高新技术企业，给予20万元奖励，其中2025年拨付10万元，2026年拨付10万元。"
    clause = only(text)
    assert clause.amount_yuan == 200_000
    assert [row(i.when, i.yuan) for i in clause.schedule] == [
        ("2025年", 100_000),
        ("2026年", 100_000),
    ]


def test_a_schedule_that_does_not_add_up_is_flagged_for_review() -> None:
    clause = only("对新认定的国家级孵化器给予100万元奖励，首年拨付60%、次年拨付60%。")
    assert clause.confidence < 0.8


def test_a_tier_list_with_a_shared_cap_word_is_tiers_each_a_cap() -> None:
    found = extract_text("对新认定的国家级、省级孵化器分别给予最高30万元、10万元奖励。")
    assert [row(c.kind, c.grade, c.cap_yuan, c.amount_yuan) for c in found] == [
        ("tiered", "国家级", 300_000, None),
        ("tiered", "省级", 100_000, None),
    ]


def test_a_unit_price_with_its_own_ceiling_is_per_unit_cap() -> None:
    clause = only("对企业获得发明专利授权的，每件给予5000元资助，每家企业每年最高5万元。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit_cap", 5000, 50_000)
    assert row(clause.cap_subject, clause.cap_period) == ("enterprise", "year")


def test_the_condition_names_who_is_paid_and_what_for() -> None:
    text = "对新认定的国家级科技企业孵化器，给予一次性奖励50万元。"
    clause = only(text)
    assert clause.subject == "国家级科技企业孵化器"
    assert clause.trigger == "新认定"
    assert part(text, clause, "condition") == "对新认定的国家级科技企业孵化器"


def test_a_fragment_between_two_awards_takes_the_sentences_condition() -> None:
    found = extract_text("对获批国家级重点实验室的企业，给予200万元奖励，对应配套100万元支持。")
    assert [c.condition for c in found] == ["对获批国家级重点实验室的企业"] * 2


def test_no_rule_matches_a_threshold() -> None:
    # 超过部分 needs a rate after it; a threshold sentence has none.
    assert rule("band_above").search("营业收入超过部分不计入") is None


def test_the_review_table_shows_cap_owner_bands_and_schedule(tmp_path: Path) -> None:
    text = (
        "科技创新若干措施\n"
        "第一条 对企业研发投入1000万元(含)以下部分按1%给予补助，超过部分按0.5%给予补助，"
        "单个企业每年最高不超过100万元。\n"
        "第二条 对新认定的国家级孵化器给予100万元奖励，分两年拨付，首年拨付60%、次年拨付40%。\n"
    )
    source = tmp_path / "policy.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "review.xlsx"
    write_review(extract_file(source), out)
    rows = list(load_workbook(out)[CLAUSES_SHEET].iter_rows(values_only=True))
    by_header = [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]
    assert by_header[0]["上限适用"] == "企业·年度"
    assert by_header[0]["分段累进"] == "0–10000000元：1%；10000000元以上：0.5%"
    assert by_header[1]["分期拨付"] == "首年60%、次年40%"
    assert by_header[1]["上限适用"] is None


def test_a_ceiling_after_a_semicolon_closes_the_rate_before_it() -> None:
    text = "对企业获得银行贷款的，给予贷款额1%的补贴；单笔贴息不超过10万元。"
    clause = only(text)
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.01"), 100_000)
    assert clause.basis == "interest"
    assert clause.cap_subject == "item"
    assert (clause.subject, clause.trigger) == ("企业", "获得银行贷款")


def test_a_new_condition_after_a_semicolon_is_its_own_clause() -> None:
    found = extract_text("对企业给予贷款额1%的补贴；对银行给予最高10万元奖励。")
    assert [row(c.kind, c.rate, c.cap_yuan) for c in found] == [
        ("rate", Decimal("0.01"), None),
        ("cap", None, 100_000),
    ]


def test_tiers_whose_last_two_are_joined_by_he() -> None:
    found = extract_text(
        "对新认定的国家级、省级企业技术中心，按照国家级、省级分别给予200万元和100万元支持。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "国家级", 2_000_000),
        ("tiered", "省级", 1_000_000),
    ]
    assert found[0].subject == "国家级、省级企业技术中心"


def test_two_awards_joined_by_he_without_fenbie_are_not_tiers() -> None:
    found = extract_text("对首次认定的高新技术企业给予20万元和10万元研发补助。")
    assert [c.kind for c in found] != ["tiered", "tiered"]


def test_instalments_paid_on_events_are_one_award() -> None:
    # Read as three awards, 50万 + 30万 + 20万 would count 100万 for a 50万 award.
    text = (
        "对新认定的省级工程技术研究中心，一次性给予50万元奖励，奖励资金分两次拨付，"
        "认定当年拨付30万元，验收后拨付20万元。"
    )
    clause = only(text)
    assert clause.amount_yuan == 500_000
    assert [row(i.when, i.yuan) for i in clause.schedule] == [
        ("认定当年", 300_000),
        ("验收后", 200_000),
    ]
    assert clause.subject == "省级工程技术研究中心"


def test_a_short_condition_of_its_own_is_not_a_fragment() -> None:
    found = extract_text("对首次认定的高新技术企业，每家奖励10万元，重新认定的每家奖励5万元。")
    assert [c.condition for c in found] == ["对首次认定的高新技术企业", "重新认定的"]


def test_a_range_is_one_award_at_most_its_upper_end() -> None:
    # Read as two awards, 5万 + 20万 would promise 25万 where the text gives at most 20万.
    clause = only("对经认定的众创空间，根据绩效考评结果给予5万元—20万元的运营补助。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("cap", None, 200_000)
    assert clause.amount_text == "5万元—20万元"
    assert clause.confidence < 0.9


def test_a_project_grant_is_a_reward_and_a_project_size_is_not() -> None:
    found = extract_text("对引进的顶尖人才，给予最高500万元的项目资助和200万元安家补贴。")
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in found] == [
        ("cap", None, 5_000_000),
        ("fixed", 2_000_000, None),
    ]
    assert [c.condition for c in found] == ["对引进的顶尖人才"] * 2
    assert [c.amount_yuan for c in extract_text("对总投资5000万元的项目给予20万元奖励。")] == [
        200_000
    ]


def test_who_is_paid_first_named_or_after_the_last_de() -> None:
    cases = {
        "对科技型企业向银行贷款的，按照LPR的50%给予贴息。": ("科技型企业", "向银行贷款"),
        "对企业引进的博士研究生，每人每月给予2000元生活补贴。": ("博士研究生", "企业引进"),
        "对规模以上工业企业研发费用较上年增长部分，按增长额的10%给予补助。": (
            "规模以上工业企业",
            "研发费用较上年增长部分",
        ),
    }
    for text, expected in cases.items():
        clause = only(text)
        assert (clause.subject, clause.trigger) == expected, text


def test_a_standard_paid_out_is_a_reward() -> None:
    clause = only("对企业引进的博士研究生，按照每人每月2000元标准发放生活补贴，最长不超过3年。")
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 2000)


def test_tiers_by_thresholds_are_graded_by_the_thresholds() -> None:
    found = extract_text(
        "对年销售收入首次突破1亿元、5亿元、10亿元的企业，分别给予10万元、30万元、50万元奖励。"
    )
    assert [row(c.grade, c.amount_yuan) for c in found] == [
        ("1亿元", 100_000),
        ("5亿元", 300_000),
        ("10亿元", 500_000),
    ]


def test_shares_listed_after_the_years_are_a_schedule() -> None:
    text = (
        "对企业建设中试基地的，按照设备投资额的30%给予补助，补助金额最高不超过500万元，"
        "分三年按40%、30%、30%比例拨付。"
    )
    clause = only(text)
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.3"), 5_000_000)
    assert [row(i.when, i.share) for i in clause.schedule] == [
        ("第1年", Decimal("0.4")),
        ("第2年", Decimal("0.3")),
        ("第3年", Decimal("0.3")),
    ]
    assert clause.confidence == 0.9


def test_the_part_each_level_of_government_pays_is_not_another_award() -> None:
    # Read as three awards, 30万 + 15万 + 15万 would count 60万 for a 30万 award.
    text = (
        "对首次通过国家高新技术企业认定的企业，给予一次性奖励30万元，"
        "其中市级承担15万元、区级承担15万元。"
    )
    clause = only(text)
    assert clause.amount_yuan == 300_000
    assert [row(s.payer, s.yuan) for s in clause.split] == [("市级", 150_000), ("区级", 150_000)]
    assert clause.schedule == ()  # who pays is not when it is paid
    assert clause.confidence == 0.9


def test_lettered_grades_share_their_suffix() -> None:
    found = extract_text(
        "对落户的高层次人才，按A、B、C类分别给予200万元、100万元、50万元安家补贴。"
    )
    assert [c.grade for c in found] == ["A类", "B类", "C类"]
