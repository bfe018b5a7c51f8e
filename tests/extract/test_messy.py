"""Real documents are messy: each kind of mess, each kind of amount, and what is not a reward."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techzone.extract import Clause, extract_text
from techzone.extract.normalise import normalise
from techzone.extract.numbers import chinese_integer, parse_number, to_yuan


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def one(text: str) -> Clause:
    found = extract_text(text)
    assert len(found) == 1, found
    clause = found[0]
    assert text[clause.span[0] : clause.span[1]] == clause.amount_text
    return clause


def amounts(text: str) -> list[Decimal | None]:
    return [clause.amount_yuan or clause.cap_yuan for clause in extract_text(text)]


# ── Numbers ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五十", 50),
        ("一百", 100),
        ("十五", 15),
        ("一百零五", 105),
        ("两千", 2000),
        ("二〇二七", 2027),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_integer(text) == value


def test_chinese_numerals_with_a_decimal_point_and_financial_forms() -> None:
    assert parse_number("一点五") == Decimal("1.5")
    assert parse_number("伍拾") == 50
    assert parse_number("1,000") == 1000


@pytest.mark.parametrize(
    ("number", "unit", "yuan"),
    [("3000", "元", 3000), ("5", "千元", 5000), ("1.5", "万元", 15000), ("2", "亿元", 200_000_000)],
)
def test_units_in_yuan_exactly(number: str, unit: str, yuan: int) -> None:
    assert to_yuan(number, unit) == yuan


def test_chinese_numeral_amounts() -> None:
    assert one("对新认定的企业给予五十万元奖励。").amount_yuan == 500_000
    assert one("对新认定的企业给予一百万元奖励。").amount_yuan == 1_000_000
    assert one("对企业奖励三千元。").amount_yuan == 3000
    assert one("对企业给予一点五万元奖励。").amount_yuan == 15000


def test_a_year_in_chinese_numerals_is_a_date_not_money() -> None:
    clause = one("到二〇二七年，对新认定的企业给予20万元奖励。")
    assert clause.amount_yuan == 200_000 and clause.amount_text == "20万元"


def test_yuan_thousand_yuan_ten_thousand_and_hundred_million() -> None:
    assert amounts("对企业给予2000元奖励。") == [2000]
    assert amounts("对企业给予5千元奖励。") == [5000]
    assert amounts("对企业给予50万元奖励。") == [500_000]
    assert amounts("对企业给予1.5亿元奖励。") == [150_000_000]


# ── Width, variants, typing slips, breaks ───────────────────────────────────────────────


def test_full_width_digits_and_punctuation() -> None:
    clause = one("（一）对企业给予５０万元奖励；")
    assert clause.amount_text == "５０万元" and clause.amount_yuan == 500_000
    assert clause.article == "(一)"


def test_full_width_percent_and_ratio_colon() -> None:
    assert one("对企业按购置金额的１０％给予补贴。").rate == Decimal("0.1")
    assert one("市财政按1∶0.5的比例给予配套支持。").rate == Decimal("0.5")


def test_variant_characters() -> None:
    clause = one("对新认定的髙新技术企业给予20万元奖励。")
    assert clause.amount_yuan == 200_000 and "髙新技术企业" in clause.condition.replace("高", "髙")
    assert normalise("髙新区").text == "高新区"


def test_a_letter_o_typed_for_a_zero() -> None:
    clause = one("对新认定的企业给予5O万元奖励。")
    assert clause.amount_text == "5O万元" and clause.amount_yuan == 500_000
    assert clause.confidence < 0.9  # repaired, so less sure
    assert one("对企业给予1OO万元奖励。").amount_yuan == 1_000_000


@pytest.mark.parametrize("written", ["50\n万元", "5 0万元", "50万\n元", "50 万元", "5\n0万元"])
def test_line_breaks_and_spaces_inside_an_amount(written: str) -> None:
    clause = one(f"对新认定的企业给予{written}奖励。")
    assert clause.amount_text == written and clause.amount_yuan == 500_000


def test_a_line_break_does_not_glue_an_article_number_to_a_figure() -> None:
    found = extract_text("对企业给予10万元奖励，比例不低于1\n2.对企业给予20万元奖励。")
    assert [c.amount_yuan for c in found] == [100_000, 200_000]
    assert found[1].article == "2."


def test_a_wrapped_line_stays_one_sentence() -> None:
    text = (
        "第三条 对获得国家科学技术奖的单位，按照一、二、三等奖分别给予\n"
        "50万元、30万元、20万元奖补。"
    )
    found = extract_text(text)
    assert [c.grade for c in found] == ["一等奖", "二等奖", "三等奖"]
    assert {c.article for c in found} == {"第三条"}


# ── Page furniture and repeated passages ────────────────────────────────────────────────


def test_an_advert_with_money_is_not_a_clause() -> None:
    text = "欢迎来到高新技术企业认定网！高企申报补贴最高50万元，欢迎电联：15915898572（同微信）\n"
    assert extract_text(text) == []
    assert amounts(text + "对企业给予20万元奖励。") == [200_000]


def test_menus_and_contact_lines_are_skipped() -> None:
    page = (
        "当前位置：首页 > 政策 > 奖励政策\n上一篇：高企补贴最高30万元\n"
        "对企业给予10万元奖励。\n联系电话：0931-8888888 传真：0931-8888889\n"
        "Copyright © 2025 版权所有 ICP备12345号\n"
    )
    assert amounts(page) == [100_000]


def test_a_long_paragraph_with_a_phone_number_is_still_read() -> None:
    paragraph = (
        "对新认定的国家级科技企业孵化器给予最高50万元补贴，申报材料报区科技局，"
        "咨询电话：0943-8888888，逾期不予受理，请各单位按时报送，确保材料真实完整，"
        "对弄虚作假的取消资格并收回资金，三年内不得申报各类科技计划项目。"
    )
    assert amounts(paragraph) == [500_000]


def test_a_repeated_passage_is_extracted_once() -> None:
    passage = "对首次认定的高新技术企业给予20万元奖励。\n"
    assert amounts(passage * 3) == [200_000]


def test_the_same_amount_in_different_articles_is_kept() -> None:
    text = "第五条 对孵化器给予最高50万元补助。\n第六条 对加速器给予最高50万元补助。"
    assert [c.article for c in extract_text(text)] == ["第五条", "第六条"]


# ── Not rewards ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "text",
    [
        "对营业收入2000万元以上的企业给予奖励。",
        "其项目资金额度300万元以上在本市落地的，给予支持。",
        "纳税额100万元起的企业优先推荐。",
        "到2027年，地区生产总值达到245亿元以上。",
        "技术合同成交额突破50亿元。",
        "对年营业收入不超过2000万元的企业优先支持。",
        "对研发投入不少于500万元的企业给予表彰。",
        "省级财政每年安排专项资金5000万元。",
        "设立5000万元产业引导基金。",
        "健全“二元支撑”人才培养体系。",
        "合作银行贷款额度最高1000万元。",
        "联系电话：0931-8888888；咨询热线：400-168-6016。",
        "本措施自二〇二四年一月一日起施行，有效期至2026年12月31日。",
        "高新技术企业数占企业总数的比例达到10%以上。",
        "可按规定享受75%研发经费投入税前加计扣除政策。",
        "时间:2025-06-27 10:00:10",
    ],
)
def test_thresholds_targets_dates_and_phone_numbers_are_not_rewards(text: str) -> None:
    assert extract_text(text) == []


def test_a_threshold_and_a_reward_in_one_sentence() -> None:
    clause = one("对年营业收入2000万元以上的企业，给予10万元奖励。")
    assert clause.amount_yuan == 100_000 and "2000万元以上" in clause.condition


# ── Kinds ───────────────────────────────────────────────────────────────────────────────


def test_fixed() -> None:
    clause = one("对新认定的省级高新区，一次性给予200万元奖励。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("fixed", 2_000_000, None)


@pytest.mark.parametrize(
    "text",
    [
        "给予最高200万元奖补。",
        "最高给予200万元补助。",
        "给予不超过200万元资助。",
        "给予200万元以内的支持。",
    ],
)
def test_cap(text: str) -> None:
    clause = one("对企业" + text)
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("cap", None, 2_000_000)


def test_at_least() -> None:
    clause = one("对新获批的国家高新区一次性给予不少于5000万元奖励。")
    assert row(clause.kind, clause.amount_yuan) == ("at_least", 50_000_000)


def test_rate() -> None:
    clause = one("对共享的仪器，按照设备实际购置金额的10%给予补贴支持。")
    assert row(clause.kind, clause.rate, clause.amount_text) == (
        "rate",
        Decimal("0.1"),
        "按照设备实际购置金额的10%",
    )


def test_rate_with_a_cap() -> None:
    clause = one("对落地的项目，按10%给予奖励,最高额度可达300万元。")
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.1"), 3_000_000)
    assert clause.amount_text == "按10%给予奖励,最高额度可达300万元"


def test_a_rate_whose_base_names_growth_is_still_a_rate() -> None:
    clause = one("对研发费用增长的企业，按增长部分的5%给予奖励，奖励金额不超过100万元。")
    assert row(clause.kind, clause.rate, clause.cap_yuan) == (
        "rate_cap",
        Decimal("0.05"),
        1_000_000,
    )


@pytest.mark.parametrize(
    "text", ["给予每项10万元奖补。", "每家奖励10万元。", "给予10万元/项的奖励。"]
)
def test_per_unit(text: str) -> None:
    clause = one("对技术转移机构促成转化项目的，" + text)
    assert row(clause.kind, clause.amount_yuan) == ("per_unit", 100_000)


def test_per_unit_with_a_cap() -> None:
    clause = one("鼓励各类人才申报职称，给予每人最高3000元补助。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit", None, 3000)


def test_per_month() -> None:
    clause = one("对引进的博士，给予每人每月3000元生活补贴。")
    assert row(clause.kind, clause.amount_yuan) == ("per_month", 3000)
    capped = one("为新引进的应届毕业生提供每月最高3000元补助。")
    assert row(capped.kind, capped.cap_yuan) == ("per_month", 3000)


def test_per_area_month() -> None:
    clause = one("在孵企业租用场地的，按每平方米每月15元给予租金补贴，每家每年最高10万元。")
    assert row(clause.kind, clause.amount_yuan, clause.cap_yuan) == ("per_unit_cap", 15, 100_000)
    assert clause.basis == "area_month"
    alone = one("给予10元/平方米/月的租金补贴。")
    assert row(alone.kind, alone.amount_yuan, alone.basis) == ("per_unit", 10, "area_month")
    # A price per person and month is no price per area.
    assert one("给予每人每月1500元的租房补贴。").basis is None


def test_tiered_with_grades() -> None:
    found = extract_text(
        "对获得国家科学技术奖的主要完成单位，按照特等奖、一、二、三等奖分别给予"
        "50万元、30万元、20万元、10万元奖补。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "特等奖", 500_000),
        ("tiered", "一等奖", 300_000),
        ("tiered", "二等奖", 200_000),
        ("tiered", "三等奖", 100_000),
    ]
    assert len({c.group for c in found}) == 1


def test_tiered_with_one_unit_written_for_the_list() -> None:
    found = extract_text("按照特等奖、一、二、三等奖分别给予50、30、20、10万元奖励。")
    assert [c.amount_yuan for c in found] == [500_000, 300_000, 200_000, 100_000]
    assert [c.amount_text for c in found] == ["50", "30", "20", "10万元"]


def test_tiered_grades_lose_their_lead_in() -> None:
    found = extract_text("对获得中国专利奖金奖、银奖、优秀奖的,分别给予10万元、8万元、5万元奖补。")
    assert [c.grade for c in found] == ["金奖", "银奖", "优秀奖"]
    found = extract_text("对新认定的国家级、省级科技企业孵化器，分别给予100万元、50万元奖励。")
    assert [c.grade for c in found] == ["国家级", "省级"]


def test_matching() -> None:
    clause = one("对获得国家项目的企业，市财政按国家资助资金1:0.5的比例给予配套支持。")
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("matching", Decimal("0.5"), None)


def test_loan_interest() -> None:
    clause = one("给予取得信贷支持企业最高20万元贴息支持。")
    # The clause model's kinds: a cap, a rate with its cap — paid on the interest (basis).
    assert row(clause.kind, clause.cap_yuan, clause.basis) == ("cap", 200_000, "interest")
    rated = one("对获得贷款的企业，按实际支付利息的50%给予贴息，最高不超过30万元。")
    assert row(rated.kind, rated.rate, rated.cap_yuan) == ("rate_cap", Decimal("0.5"), 300_000)
    assert rated.basis == "interest"
    plain = one("对获得贷款的企业，按实际支付利息的50%给予贴息。")
    assert row(plain.kind, plain.rate, plain.basis) == ("rate", Decimal("0.5"), "interest")
    # No 贴息 in the clause: a rate with its cap and nothing besides.
    other = one("按合同成交额的8%给予补助，单个企业最高不超过30万元。")
    assert row(other.kind, other.basis) == ("rate_cap", None)


# ── Condition, beneficiary, article ─────────────────────────────────────────────────────


def test_condition_and_beneficiary() -> None:
    clause = one("对技术转移机构促成科技成果转化项目的,给予每项10万元奖补。")
    assert clause.condition == "对技术转移机构促成科技成果转化项目的"
    assert clause.beneficiary == "技术转移机构"
    bank = one("鼓励银行发行创新积分贷产品,并对相关银行给予最高20万元奖补。")
    assert bank.beneficiary == "银行"


@pytest.mark.parametrize(
    ("heading", "article"),
    [("第十二条 ", "第十二条"), ("(三)", "(三)"), ("（三）", "(三)"), ("5.", "5."), ("5、", "5.")],
)
def test_article_numbers(heading: str, article: str) -> None:
    assert one(f"{heading}对企业给予10万元奖励。").article == article


def test_no_article_in_plain_prose() -> None:
    assert one("对企业给予10万元奖励。").article is None
