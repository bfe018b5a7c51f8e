"""Error classes of the fourteenth round's new development pages (甘井子区, 辽宁省, 广州; the
重庆 交通局 and 经信委 pages without a clause), each fixed as a general rule and held here by
sentences of the same shape, both sides where a rule has two (docs/extraction.md, "Round 14").
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from techzone.extract import Clause, extract_file, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[Clause]:
    return extract_text(text)


def test_a_fee_the_reader_pays_is_no_award_though_listed_by_grade() -> None:
    fee = "纳入职称评审的人员，高、中、初级职称缴纳评审费分别为420元/人、240元/人，120元/人。"
    assert read(fee) == []
    # The award's own standard listed by grade stays three tiers.
    clauses = read("经认定的人才，高、中、初级职称分别给予补贴420元、240元、120元。")
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 420),
        ("tiered", 240),
        ("tiered", 120),
    ]


def test_a_fine_is_no_award_though_a_penalty_is_given_nearby() -> None:
    assert (
        read(
            "造成大事故等级以上事故且负同等责任以上的处100000元罚款，"
            "并对责任船员给予吊销适任证书的处罚。"
        )
        == []
    )
    assert read("违反规定的，处2万元以上10万元以下罚款。") == []


def test_a_worked_example_named_suanli_pays_nothing() -> None:
    text = (
        "算例：评价期内，某企业共有4个合同段纳入评价，合同金额分别为5000万元、4000万元、"
        "3000万元、2000万元，则该企业履约行为评价得分为92.5分。"
    )
    assert read(text) == []


BODY = "".join(
    f"<p>第{n}条 对符合条件的第{n}类企业，给予一次性奖励{n}0万元，由区商务局审核。</p>"
    for n in range(1, 7)
)


def test_a_hidden_copy_of_the_body_is_read_once(tmp_path: Path) -> None:
    flat = re.sub(r"<[^>]+>", "", BODY)
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><body><div class="article">{BODY}</div>'
        f'<div class="bbnr" style="display:none;">{flat}</div></body></html>',
        encoding="utf-8",
    )
    assert [c.amount_yuan for c in extract_file(page).clauses] == [100000 * n for n in range(1, 7)]


def test_a_hidden_body_found_nowhere_else_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><body><div class="main" style="display: none">{BODY}</div></body></html>',
        encoding="utf-8",
    )
    assert len(extract_file(page).clauses) == 6


def test_a_ceiling_sentence_after_rates_bounds_them_not_an_award_of_its_own() -> None:
    (clause,) = read(
        "凡在本区注册的融资租赁企业，为本区企业提供融资总额达到3000万元及以上的，"
        "给予融资总额1%的补贴。单一企业最高补贴300万元人民币。"
    )
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.01"), 3000000)
    clauses = read(
        "对于设备购置项目，按照不超过上年度投资总额的30%给予补助；对于专业化服务项目，"
        "按照不超过上年度运营成本的40%给予补助。单项补助最高额度原则上不超过40万元。"
    )
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("rate_cap", Decimal("0.3"), 400000),
        ("rate_cap", Decimal("0.4"), 400000),
    ]


def test_a_total_limit_in_an_article_of_its_own_stays_a_cap() -> None:
    clauses = read(
        "第六条 凡在本区注册的融资租赁企业，为本区企业提供融资总额达到3000万元及以上的，"
        "给予融资总额1%的补贴。\n第十条 单一企业每年享受本办法规定的各类扶持资金总额不超过500万元。"
    )
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("rate", Decimal("0.01"), None),
        ("cap", None, 5000000),
    ]


def test_what_a_sum_depends_on_is_no_condition_the_case_before_is() -> None:
    (clause,) = read(
        "第六条 鼓励跨境电子商务平台、外贸孵化基地的建设\n"
        "采取招投标形式引进相关园区运营商，经营期10年以上（含10年）。"
        "根据其经营规模、入驻企业情况，给予600万元以内的运营费补贴。"
    )
    assert "引进相关园区运营商" in clause.condition
    assert "根据" not in clause.condition
    # 视…绩效 still states the case (the 鹿城区 labels read it so).
    (clause,) = read("支持设立人才工作联络站，视站点工作绩效，给予每年3万元以内的工作经费补助。")
    assert clause.condition.endswith("视站点工作绩效")


def test_the_document_a_clause_rests_on_is_no_condition() -> None:
    (clause,) = read(
        "根据《广东省财政厅关于2026年提高我省残疾人两项补贴标准的通知》（粤财社〔2026〕19号）要求，"
        "2026年1月起，全市困难残疾人生活补贴标准提高至每人每月217元。"
    )
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 217)
    assert "困难残疾人" in clause.condition and "粤财社" not in clause.condition
    (clause,) = read("根据《办法》规定，经认定的高新技术企业，给予一次性奖励20万元。")
    assert clause.condition == "经认定的高新技术企业"


def test_a_relief_standard_per_person_and_day_is_paid_each_price_its_own() -> None:
    clauses = read(
        "支出型临时救助标准原则上人均不超过本市12个月最低生活保障标准；其中本市特困人员住院照料"
        "临时救助标准不超过240元/人/日，其他申请人住院照料临时救助标准不超过120元/人/日。"
        "同一家庭在1个自然年度内临时救助金额累计最高不得超过5万元。"
    )
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in clauses] == [
        ("per_unit", None, 240),
        ("per_unit", None, 120),
        ("cap", None, 50000),
    ]
    # 救助 alone names funds or work, not what a person is paid.
    assert read("临时救助资金由市财政安排2000万元。") == []


def test_a_ceiling_larger_than_the_unit_price_is_still_its_total() -> None:
    (clause,) = read("对申请发明专利的企业，每件给予5000元资助，最高不超过5万元。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit_cap", 5000, 50000)


def test_standards_under_a_heading_reporting_what_was_paid_are_not_offered() -> None:
    clauses = read(
        "一、2025年发放情况\n"
        "2025年1月起，全市困难残疾人生活补贴和重度残疾人护理补贴标准分别为每人每月209元、280元。\n"
        "二、2026年发放标准\n"
        "2026年1月起，全市困难残疾人生活补贴和重度残疾人护理补贴标准分别提高至每人每月217元、290元。"
    )
    assert [c.amount_yuan for c in clauses] == [217, 290]


def test_a_multiple_of_a_rent_is_a_rate_and_the_next_sentence_bounds_it() -> None:
    (clause,) = read(
        "（三）租用办公用房\n扶持的标准为：租用自用办公用房的，按月租金的3倍进行补助。"
        "补助金额最高不超过100万元，按40%、30%、30%的比例分三年发放。"
    )
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", 3, 1000000)
    # A standard reckoned as a multiple of another pays nothing by itself.
    assert read("特困人员基本生活标准按本市最低生活保障标准的1.6倍，且不低于现行标准确定。") == []


def test_a_share_of_floor_space_is_no_award_unless_an_award_follows() -> None:
    assert read("配套公共服务设施比例应不小于住宅建筑面积的11%。") == []
    (clause,) = read("对入驻孵化器的企业，按实际使用面积的50%给予租金补贴。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.5"))


def test_whom_a_sentence_encourages_is_the_case_of_a_prize_for_what_they_do() -> None:
    first, second = read(
        "鼓励本区用人单位选送的高技能人才参加市级及以上政府举办的职业技能大赛，经相关部门认定，"
        "对当年获奖选手给予个人0.5-1万元奖励，按每人0.5-1万元标准给予选送单位奖励。"
    )
    assert first.condition.startswith("鼓励本区用人单位选送的高技能人才")
    assert second.condition.startswith("鼓励本区用人单位选送的高技能人才")
    # A 对… that names a recipient of its own keeps its own case.
    (clause,) = read("鼓励企业参加市级以上展会，经相关部门认定，对参展企业给予一次性补贴2万元。")
    assert clause.condition == "对参展企业"
