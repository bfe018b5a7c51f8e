"""The 耀州区 page's error classes (development part, 2026-12-05): a page saved with Windows line
breaks, paragraphs that stop without an end mark, equity a firm received, and a sum without its
元 — each held by sentences of the same shape, with the other side of the rule beside it.
"""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import Clause, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[Clause]:
    return extract_text(text)


def test_a_windows_line_break_wraps_a_line_as_a_plain_one_does() -> None:
    for newline in ("\n", "\r\n"):
        text = (
            "在本区注册并纳税的大数据企业聘用的全日制本科以上学历毕业生，与企业签订"
            f"{newline}                劳动合同后，每月给予500元的住房补贴。"
        )
        (clause,) = read(text)
        assert row(clause.kind, clause.amount_yuan) == ("per_month", 500)
        # The condition runs over the wrapped line to the firm that employs the graduate.
        assert clause.condition is not None
        assert clause.condition.startswith("在本区注册并纳税的大数据企业"), newline


def test_a_paragraph_that_stops_on_its_sum_ends_before_a_heading() -> None:
    text = (
        "支持科技成果转化。对获得省级重大科技成果转化项目的企业，给予一次性奖励50万元\n"
        "资金扶持政策\n"
        "在本区注册并纳税的企业在主板上市的，奖励企业100万元，在创业板上市的奖励企业50万元\n"
    )
    first, second, third = read(text)
    assert [row(c.kind, c.amount_yuan) for c in (first, second, third)] == [
        ("fixed", 500_000),
        ("fixed", 1_000_000),
        ("fixed", 500_000),
    ]
    # The heading is not glued to the next paragraph's condition.
    assert second.condition == "在本区注册并纳税的企业在主板上市的"


def test_a_short_tail_with_its_figure_still_wraps_the_line_before() -> None:
    # Not a heading: the tail holds the figure (a PDF cut the line before it).
    (clause,) = read("对新认定的国家高新技术企业，给予一次性奖励\n50万元。")
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 500_000)
    assert clause.condition == "对新认定的国家高新技术企业"


def test_a_paragraph_that_stops_on_its_award_ends_before_a_line_opening_a_clause() -> None:
    text = (
        "每吸引一家具有独立法人资格的实体企业落户，且达到规上企业要求的落地项目，"
        "给予企业各50万元奖励政策\n"
        "对通过金融机构借款筹集资金的项目，根据贷款实际发生额和同期贷款基准利率给予30%贴息。"
    )
    first, second = read(text)
    # Joined, the 贴息 of the next paragraph made the 50万元 an interest subsidy.
    assert row(first.kind, first.amount_yuan) == ("fixed", 500_000)
    assert row(second.kind, second.rate, second.basis) == ("rate", Decimal("0.3"), "interest")


def test_a_line_that_does_not_open_a_clause_still_wraps() -> None:
    text = (
        "对获得省级以上科技成果转化项目并在本区实现产业化的企业，经认定后给予奖励\n"
        "资金20万元，用于项目后续研发。"
    )
    (clause,) = read(text)
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 200_000)
    assert clause.condition is not None and clause.condition.startswith("对获得省级以上")


def test_equity_a_firm_received_is_what_its_award_is_for() -> None:
    text = (
        "对获得私募股权投资、创业投资机构投资的园区内企业，按照年度实际到位投资额的5%，"
        "给予不超过50万元的奖励。"
    )
    (clause,) = read(text)
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.05"), 500_000)
    assert clause.condition == "对获得私募股权投资、创业投资机构投资的园区内企业"


def test_an_award_paid_as_equity_is_still_no_reward() -> None:
    assert (
        read("对重大产业化项目，采用股权投资方式支持，单个项目资助额度原则上不低于1000万元。") == []
    )


def test_an_award_whose_yuan_was_dropped_is_money() -> None:
    (clause,) = read("在创业板上市的，奖励企业50万。")
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 500_000)
    assert clause.amount_text == "50万"


def test_a_count_in_ten_thousands_is_no_sum() -> None:
    assert read("全区常住人口达到50万。") == []
    assert read("奖励对象覆盖企业职工5万人次。") == []


def test_the_standard_a_raise_starts_from_is_no_award() -> None:
    text = (
        "将新引进基础性人才一次性租房和生活补贴按本科、硕士、博士的顺序"
        "从原先的6000元、9000元、12000元提高了15000元、25000元、30000元。"
    )
    clauses = read(text)
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 15_000),
        ("tiered", 25_000),
        ("tiered", 30_000),
    ]
    # A raise's new figure keeps its condition (not the verb 提高了 between the lists).
    assert clauses[0].condition is not None and "新引进基础性人才" in clauses[0].condition


def test_an_earlier_documents_figures_quoted_for_comparison_are_no_award() -> None:
    text = (
        "经认定的国家级领军人才、地方级领军人才、后备级人才，分别给予300万元、200万元、160万元的"
        "奖励补贴，而这个数字在“1+5”文件中分别是150万元、100万元、80万元。"
    )
    assert [c.amount_yuan for c in read(text)] == [3_000_000, 2_000_000, 1_600_000]


def test_a_standard_given_as_it_is_now_stays_an_award() -> None:
    # 分别为 without an earlier document, and 提高到 with no figure before it, still pay.
    (first, second) = read("对新认定的省级、市级企业技术中心，奖励标准分别为20万元、10万元。")
    assert row(first.amount_yuan, second.amount_yuan) == (200_000, 100_000)
    (clause,) = read("对新引进的博士研究生，生活补贴提高到每人每月3000元。")
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 3_000)


def test_an_award_after_the_first_keeps_the_sentences_condition() -> None:
    text = (
        "中国科学院、中国工程院院士等顶尖人才（A类人才），给予为期五年每人每年60万元的购房补贴，"
        "一次性安家补助100万元，每年发放12万元人才津贴；"
    )
    clauses = read(text)
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("per_unit", 600_000),
        ("fixed", 1_000_000),
        ("fixed", 120_000),
    ]
    # Not 一次性安家 or 每年发放: those are the awards' own words.
    assert {c.condition for c in clauses} == {"中国科学院、中国工程院院士等顶尖人才(A类人才)"}


def test_award_words_inside_a_quoted_name_do_not_end_the_condition() -> None:
    (clause, *_) = read(
        "“长江学者奖励计划”教授等国家级领军人才（B类人才），给予为期五年每人每年40万元的购房补贴。"
    )
    assert clause.condition == "“长江学者奖励计划”教授等国家级领军人才(B类人才)"


def test_a_floor_written_with_zuidi_right_before_the_figure() -> None:
    (clause,) = read("对新引进的顶尖人才团队，经“一事一议”，可给予最低2000万元资助，不设上限。")
    assert row(clause.kind, clause.amount_yuan) == ("at_least", 20_000_000)
    # 最低 qualifying a wage standard, not the figure, is no floor of the award.
    (wage,) = read("对公益性岗位人员，每人每月给予1000元补贴，另按最低工资标准缴纳社保。")
    assert wage.kind == "per_month"


def test_technology_turned_into_shares_is_what_the_award_is_for() -> None:
    (clause,) = read(
        "对通过自主科技成果技术入股占30%以上的，在项目建成验收后，可连续三年给予其贡献50%的奖励，"
        "每年最高不超过50万元。"
    )
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.5"), 500_000)
    # Paying in shares stays no reward.
    assert read("对重点项目以入股方式给予支持，单个项目不超过1000万元。") == []


def test_a_ceiling_on_the_awards_total_is_a_cap_while_a_measured_total_is_not() -> None:
    (clause,) = read("对高层次人才创业项目，给予三年内合计不超过500万元的创业补助。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 5_000_000)
    assert read("对三年内销售额合计不超过500万元的小微企业，优先安排培训。") == []


def test_the_next_item_after_a_price_per_person_is_per_person_too() -> None:
    first, second = read("对中医类人才，给予每人一次性安家补助30万元、购房补贴20万元。")
    assert row(first.kind, second.kind, second.amount_yuan) == ("per_unit", "per_unit", 200_000)
    a, b = read("对新认定的企业，给予安家补助30万元、购房补贴20万元。")
    assert row(a.kind, b.kind) == ("fixed", "fixed")
