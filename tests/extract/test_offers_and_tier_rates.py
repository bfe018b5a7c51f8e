"""Offers written as what the recipient may apply for, and one rate whose ceilings differ by grade
(session 11, from the development part's talent policy, lucheng-rencai; written the way other
issuers write them too)."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text

TENTH = Decimal("0.1")


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def test_a_sum_the_recipient_may_apply_for_is_offered() -> None:
    assert read("对入选的创业项目，可申请最高50万元创业资助。") == [("cap", None, 500_000, None)]
    assert read("对入选国千、省千创业项目的，并可申请不少于800万元、400万元创业发展资助。") == [
        ("tiered", 8_000_000, None, None),
        ("tiered", 4_000_000, None, None),
    ]


def test_a_loan_or_a_threshold_next_to_apply_is_no_award() -> None:
    assert read("符合条件的个人可申请最高30万元的创业担保贷款。") == []
    assert read("申请人年收入50万元以上的，可申请人才认定。") == []
    assert read("对年营业收入2000万元以上的企业，可申请一次性奖励。") == []


def test_one_rate_with_a_ceiling_per_grade_is_each_grade_capped() -> None:
    # Read apart, the 10% would be an award of its own with no ceiling at all.
    assert read("对新认定的企业，按研发投入的10%分别给予最高100万元、50万元奖励。") == [
        ("tiered", None, 1_000_000, TENTH),
        ("tiered", None, 500_000, TENTH),
    ]
    assert read("对新认定的企业，按研发投入的10%给予奖励，分别给予最高100万元、50万元。") == [
        ("tiered", None, 1_000_000, TENTH),
        ("tiered", None, 500_000, TENTH),
    ]


def test_a_ratio_of_what_the_recipient_spent_is_a_rate_of_it() -> None:
    text = "对A类、B类人才企业，按企业实际研发投入1:1比例分别给予最高1000万元、500万元奖励。"
    clauses = extract_text(text)
    assert [row(c.kind, c.grade, c.cap_yuan, c.rate) for c in clauses] == [
        ("tiered", "A类", 10_000_000, 1),
        ("tiered", "B类", 5_000_000, 1),
    ]
    assert clauses[0].condition == "对A类、B类人才企业"
    assert read("按企业实际研发投入1:1比例给予补助，最高100万元。") == [
        ("rate_cap", None, 1_000_000, 1)
    ]


def test_a_rate_a_ratio_of_an_award_or_a_budget_keep_their_own_readings() -> None:
    # sums after a rate without a ceiling word are no ceilings of it
    assert read("对省级、国家级项目按投资额的10%分别给予补助100万元、200万元。") == [
        ("rate", None, None, TENTH),
        ("tiered", 1_000_000, None, None),
        ("tiered", 2_000_000, None, None),
    ]
    assert read("对入选人才，按市级奖励1:1额度给予配套奖励。") == [("matching", None, None, 1)]
    assert read("按省专项资金1:1的比例安排市级配套资金。") == []
