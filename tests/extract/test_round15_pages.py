"""Error classes of the fifteenth round's new development pages (大连 跨境电商 扶持资金; pages
of 沈阳, 吉林省, 甘肃, 辽宁, 增城, 白城, 大兴安岭, 青海 without a clause), each fixed as a general
rule and held here by sentences of the same shape, both sides (docs/extraction.md, "Round 15").
"""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import Clause, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[Clause]:
    return extract_text(text)


def test_a_long_counted_unit_makes_the_sum_a_price_closed_by_its_ceiling() -> None:
    clauses = read(
        "对年进出口额超过1亿美元的跨境电子商务平台，每新吸引1家年进出口额达到50万美元以上的企业在平台"
        "上开展跨境电子商务业务，给予平台企业1万元的扶持资金，最多给予200万元扶持资金。"
    )
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in clauses] == [
        ("per_unit_cap", 10000, 2000000)
    ]
    # Nothing counted: one sum for the platform, not a price.
    clauses = read(
        "对年进出口额达到50万美元以上的企业在平台上开展跨境电子商务业务的平台，给予平台企业1万元的扶持资金。"
    )
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [("fixed", 10000)]


def test_a_ceiling_said_with_zui_duo_in_the_next_sentence_closes_the_rate() -> None:
    clauses = read(
        "对建立并经营线下O2O体验店1年以上的，按上年度交易额的10%给予资金扶持。扶持金额最多不超过50万元。"
    )
    capped = [row(c.kind, c.rate, c.cap_yuan) for c in clauses]
    assert capped == [("rate_cap", Decimal("0.1"), 500000)]
    clauses = read("对建立并经营线下O2O体验店1年以上的，按上年度交易额的10%给予资金扶持。")
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [("rate", Decimal("0.1"), None)]


def test_a_ceiling_owned_by_each_recipient_is_a_cap_not_a_unit_price() -> None:
    for sentence in (
        "出口监管仓按出口额度给予资金扶持，每家企业最多给予30万元的扶持资金。",
        "对提供公共集货仓储服务的企业给予扶持，每家企业扶持资金最多不超过30万元。",
    ):
        clauses = read(sentence)
        assert [row(c.kind, c.cap_yuan) for c in clauses] == [("cap", 300000)], sentence
    # An item counted (每件) stays a price per unit.
    clauses = read("对获得授权的发明专利，每件给予1万元资助。")
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [("per_unit", 10000)]


def test_the_first_band_carrying_the_whole_case_joins_the_band_list() -> None:
    clauses = read(
        "对具备进出口经营权、跨境电子商务年进出口额200万美元以上的企业，给予10万元扶持资金；"
        "年进出口额500万美元以上的企业，给予20万元扶持资金；年进出口额1000万美元以上的企业，给予30万元扶持资金。"
    )
    assert [row(c.kind, c.amount_yuan, c.grade) for c in clauses] == [
        ("tiered", 100000, "200万美元以上的企业"),
        ("tiered", 200000, "500万美元以上的企业"),
        ("tiered", 300000, "1000万美元以上的企业"),
    ]
    # A first item of another measure, or in a sentence of its own, is a sum of its own.
    for first in (
        "对年纳税额200万元以上的企业，给予10万元扶持资金；",
        "对跨境电子商务年进出口额200万美元以上的企业，给予10万元扶持资金。",
    ):
        clauses = read(
            first + "年进出口额500万美元以上的企业，给予20万元扶持资金；"
            "年进出口额1000万美元以上的企业，给予30万元扶持资金。"
        )
        assert [c.kind for c in clauses] == ["fixed", "tiered", "tiered"], first


def test_a_fee_named_before_its_figures_is_no_award_without_a_word_of_payment() -> None:
    fee = "按照有关规定，高、中、初级职称评审费分别为420元/人、240元/人、120元/人。"
    assert read(fee) == []
    # An award word beside the fee makes the fee its base, and the award stays.
    clauses = read("对通过认证的企业，认证费按50%给予补助，最高10万元。")
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("rate_cap", Decimal("0.5"), 100000)
    ]


def test_a_band_and_the_rest_in_one_sentence_are_two_grades_of_one_list() -> None:
    clauses = read(
        "对列入生产资助计划的项目，给予推广资金生产资助。对单价在10亿元（含）以上的，"
        "资助金额最高不超过1000万元，其余项目资助金额最高不超过500万元。"
    )
    assert [row(c.kind, c.cap_yuan, c.grade) for c in clauses] == [
        ("tiered", 10000000, "10亿元(含)以上"),
        ("tiered", 5000000, "其余项目"),
    ]
    assert clauses[0].group == clauses[1].group
    # The rest in a sentence of its own, or a first sum keyed to no band, stay apart.
    for text in (
        "对单价在10亿元（含）以上的，资助金额最高不超过1000万元。其余项目资助金额最高不超过500万元。",
        "对首台套项目，资助金额最高不超过1000万元，其余项目资助金额最高不超过500万元。",
    ):
        assert [c.kind for c in read(text)] == ["cap", "cap"], text
