"""Who is paid when the sentence names them before its 对…, each of several recipients, and the
words another body's award leaves before this one (session 9, from the development part)."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def test_the_recipient_encouraged_first_is_who_is_paid_for_bringing_people_in() -> None:
    # 南沙 talent measures: the 对… names the people brought in, not the intermediary paid.
    (clause,) = extract_text(
        "鼓励人才中介组织引进和引荐人才，对成功引进诺贝尔奖获得者、中国两院院士的，"
        "给予最高300万元奖励。"
    )
    assert clause.condition.startswith("鼓励人才中介组织")
    assert (clause.subject, clause.beneficiary) == ("人才中介组织", "中介组织")


def test_a_condition_naming_nobody_takes_the_encouraged_recipient() -> None:
    (clause,) = extract_text("支持企业加大研发投入，对研发费用超过500万元的，给予最高100万元补助。")
    assert clause.condition == "支持企业加大研发投入,对研发费用超过500万元的"
    assert clause.subject == "企业"


def test_a_condition_naming_its_own_recipient_keeps_its_own_words() -> None:
    (clause,) = extract_text("鼓励企业加大投入，对新认定的高新技术企业，给予20万元奖励。")
    assert clause.condition == "对新认定的高新技术企业"
    # brought in, but nobody encouraged before: the 对… stays as it is
    (alone,) = extract_text("对新引进的博士，给予每人5万元安家补贴。")
    assert (alone.condition, alone.beneficiary) == ("对新引进的博士", "博士")


def test_each_of_the_recipients_listed_is_paid_the_sum() -> None:
    (clause,) = extract_text("每吸引一家实体企业落户的，给予入园大数据企业和实体企业各50万元奖励。")
    assert row(clause.kind, clause.amount_yuan) == ("per_unit", 500_000)
    (one,) = extract_text("对吸引实体企业落户的，给予入园企业50万元奖励。")
    assert one.kind == "fixed"
    # counted (每吸引一家…), the sum is paid for each firm brought in: a price per unit too
    (counted,) = extract_text("每吸引一家实体企业落户的，给予入园企业50万元奖励。")
    assert counted.kind == "per_unit"


def test_payers_each_bearing_a_part_are_no_price_per_recipient() -> None:
    (award,) = extract_text("对新认定的企业给予奖励30万元，其中市、区两级财政各承担15万元。")
    assert row(award.kind, award.amount_yuan) == ("fixed", 300_000)
    assert [share.yuan for share in award.split] == [150_000, 150_000]


def test_another_bodys_award_this_one_adds_to_is_not_its_condition() -> None:
    text = (
        "符合条件的省级重大技改项目，竣工投产后，在省财政按照LPR的35%给予最高2000万元贴息支持"
        "基础上，市、县财政各按照LPR的10%再给予最高1000万元贴息支持。"
    )
    provincial, local = extract_text(text)
    assert row(local.kind, local.rate, local.cap_yuan) == ("rate_cap", Decimal("0.1"), 10_000_000)
    assert local.condition.startswith("符合条件的省级重大技改项目,竣工投产后")
    assert provincial.condition == local.condition


def test_a_recipient_after_the_other_award_is_still_its_own_condition() -> None:
    (clause,) = extract_text(
        "在享受省级奖励基础上，对新认定的国家级科技企业孵化器，再给予50万元奖励。"
    )
    assert clause.condition.startswith("对新认定的国家级科技企业孵化器")
