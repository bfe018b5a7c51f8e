"""Reward clauses as a high-tech zone's subsidy forms and park page write them (session 12,
from the first run on thirteen 成都高新区 pages of the development part): a rent per m² and
month named as the standard a later award pays by, and equity received from a named investor
of a stated size."""

from __future__ import annotations

from decimal import Decimal

from techzone.extract import extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[tuple[object, ...]]:
    return [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in extract_text(text)]


def test_a_price_named_as_the_standard_is_paid_with_its_ceiling_never_the_ceiling_alone() -> None:
    # Before, only 每年最高30万元 came out, as a lone cap: a firm renting 20 m² could be paid
    # 30万元 a year instead of 40元 for each m² and month.
    for text in (
        "针对金融科技企业，按照40元/平方米/月的标准，连续三年给予每年最高30万元补贴；",
        "针对金融科技企业，按照每平方米每月40元的标准，连续三年给予每年最高30万元补贴；",
        "对金融科技企业，按照40元/平方米/月的标准给予补贴，每年最高30万元。",
    ):
        assert read(text) == [("per_unit_cap", 40, 300_000, None)], text
    # A standard followed by a sum of its own (not a ceiling) is no price of that award: paying
    # both would pay 5000元 a head on top of the one-off 10万元 the clause gives.
    assert read("参照每人每年5000元的标准，给予企业一次性奖励10万元。") == [
        ("fixed", 100_000, None, None)
    ]
    assert [c.kind for c in extract_text("按照每人3000元的标准，给予企业一次性奖励十万元。")] == [
        "fixed"
    ]
    # Nor is a standard an award pays a share of: the base of a rate, never paid whole.
    for text in (
        "按照每平方米3000元的标准，给予50%补贴，最高100万元。",
        "按照装修费每平方米500元的标准，给予30%的补助，单个企业最高50万元。",
    ):
        assert [c.kind for c in extract_text(text)] == ["rate_cap"], text
    assert read("按照每人3000元的标准，连续3年给予每年最高30万元补贴。") == [
        ("per_unit_cap", 3000, 300_000, None)
    ]
    # A cost or a fee named as a standard is no award, nor a price the firm pays.
    assert read("企业缴纳的保险费标准为500元/人，给予全额补贴。") == []
    assert read("入驻企业按照40元/平方米/月的标准缴纳租金。") == []


def test_equity_received_from_a_named_investor_of_a_stated_size_still_pays_its_award() -> None:
    text = (
        "对获得专业股权投资机构100万元以上股权投资的中小微企业，按融资金额的5%，给予最高100万元奖励"
    )
    assert read(text) == [("rate_cap", None, 1_000_000, Decimal("0.05"))]
    # Paying in shares, whatever the clause says before it, pays no money.
    assert read("对获得认定的重点项目采用股权投资方式支持，单个项目资助额度不低于1000万元。") == []
    assert read("对获得认定的企业，以股权投资方式给予最高500万元支持。") == []


def conditions(text: str) -> list[str]:
    return [c.condition for c in extract_text(text)]


def test_a_rate_opened_by_an_and_closed_by_de_before_the_award_is_paid_with_its_ceiling() -> None:
    # Before, 30%的， read as a threshold: only 最高5000万元 came out, a lone cap any spending
    # could claim in full.
    text = "持续加强研发投入，可按不超过年度研发投入30%的，给予单个创新主体年度最高5000万元的支持。"
    assert read(text) == [("rate_cap", None, 50_000_000, Decimal("0.3"))]
    # Without 按 the rate stays what qualifies: the award is the ceiling alone.
    assert read("对研发投入增长30%的，给予最高50万元奖励。") == [("cap", None, 500_000, None)]


def test_an_award_naming_only_its_ceilings_owner_takes_the_case_the_sentence_before_states() -> (
    None
):
    text = (
        "（九）提升行业影响力。支持创新主体在人工智能领域组织开展产业论坛、学术会议等活动。"
        "单个创新主体可按不超过实际投入的50%，给予年度最高1000万元的支持；"
        "单个主题活动可按不超过实际投入的50%，给予年度最高1000万元的支持。"
    )
    case = "支持创新主体在人工智能领域组织开展产业论坛、学术会议等活动"
    assert conditions(text) == [case, case]
    # An award with a case of its own keeps it.
    own = "支持企业开展交流活动。对举办国际会议的企业，给予最高100万元支持。"
    assert conditions(own) == ["对举办国际会议的企业"]


def test_a_recipient_that_provides_something_is_the_condition_not_cut_at_provide() -> None:
    text = "对提供高质量数据集的主体，经综合评价，最高可给予300万元的奖励。"
    # (it was 对: 提供 was read as the award's first word)
    assert conditions(text) == ["对提供高质量数据集的主体,经综合评价"]
    # 提供 before the sum is the award's own word.
    assert conditions("对自主创业的高校毕业生，提供3万元的创业补贴。") == ["对自主创业的高校毕业生"]


def test_the_next_price_of_a_list_after_a_semicolon_is_the_same_award_at_its_price() -> None:
    # Before, the second boat's sums were missed: the clause after ； names no award word, and
    # the measure inside who qualifies (功率大于9千瓦) was read as the sum's.
    text = (
        "内陆捕捞机动渔船渔业生产成本补助：对小于8米的渔船为每月333元，每年4000元；"
        "8到10米且双控功率大于9千瓦的渔船每月417元，每年5000元。"
    )
    assert read(text) == [
        ("per_month", 333, None, None),
        ("fixed", 4000, None, None),
        ("per_month", 417, None, None),
        ("fixed", 5000, None, None),
    ]
    # A fee charged before is no award, so neither is the next price; nor a measure per month.
    assert read("对小于8米的渔船每月收取管理费333元；8到10米的渔船每月417元。") == []
    assert read("企业每月营业收入达到100万元的给予补助；个人每月收入5000元。") == []


def test_a_ceiling_read_alone_beside_an_unread_rate_is_flagged_for_the_reviewer() -> None:
    # Three ceilings of this round's new pages came out alone while the rate they bound was
    # missed; paid as a lump sum, each would pay its whole ceiling. A wording no rule reads yet
    # keeps the ceiling but says so, at a lower confidence.
    text = "可按不超过年度研发投入30%的，对单个创新主体给予年度最高5000万元的支持。"
    (clause,) = extract_text(text)
    assert row(clause.kind, clause.cap_yuan) == ("cap", 50_000_000)
    assert (
        clause.note is not None and "30%" in clause.note and "不能单独作为奖补金额" in clause.note
    )
    assert clause.confidence <= 0.6
    # So is one beside an unread price per unit (a wording the standard rule does not cover).
    text = "对金融科技企业，以40元/平方米/月计，连续三年给予每年最高30万元补贴。"
    (clause,) = extract_text(text)
    assert clause.kind == "cap" and clause.note is not None and "单价“40元”" in clause.note
    # A rate that only qualifies (no 按) and a rate already read with its ceiling say nothing,
    # nor does a threshold in yuan.
    for plain in (
        "对研发投入占比达到30%的，给予最高50万元奖励。",
        "对企业研发投入，按照研发投入增量部分的10%予以补助，单个企业最高50万元。",
        "对年营业收入500万元以上的企业，给予最高30万元奖励。",
    ):
        assert [c.note for c in extract_text(plain)] == [None], plain


def test_a_threshold_after_an_stays_a_threshold_even_closed_by_de_before_the_award() -> None:
    # 按 opens a rate to pay by only when what follows bounds the rate from above (按不超过…30%的);
    # 不低于, 达到 or 增长 after it say what qualifies. Read as rates, each of these paid a share
    # of an unstated base on top of the fixed sum (an at-least rate has no top).
    for text, sum_ in (
        ("对按照国家规定比例不低于3%的，给予一次性奖励20万元。", ("fixed", 200_000, None, None)),
        ("对按照国家规定提取比例达到3%的，给予一次性奖励20万元。", ("fixed", 200_000, None, None)),
        ("对按月缴纳社保且人数增长20%的，给予10万元奖励。", ("fixed", 100_000, None, None)),
        ("对研发投入按不低于营业收入5%的，给予最高50万元奖励。", ("cap", None, 500_000, None)),
    ):
        assert read(text) == [sum_], text
    # Nor is a rate closed so the award's when the award names a sum of its own: read as one, a
    # rate with no top was paid beside the 100万元.
    assert read("可按不超过研发投入30%的，给予100万元奖励。") == [("fixed", 1_000_000, None, None)]
    written = "可按不超过研发投入30%的，给予五十万元奖励。"
    assert [c.kind for c in extract_text(written)] == ["fixed"]
    # The rate 按 opens with an upper bound is still the award's rate with its ceiling.
    assert read("企业可按不超过研发投入20%的，给予最高100万元补助。") == [
        ("rate_cap", None, 1_000_000, Decimal("0.2"))
    ]


def test_a_lists_next_price_borne_by_someone_else_or_part_of_the_last_is_no_award() -> None:
    # A price after ； repeating the price word is the list's next award only when it is paid:
    # what the tenant bears beyond the subsidy, or the part of the last sum a firm raises itself,
    # is no second award.
    for text in (
        "对入住人才公寓的A类人才每月补贴3000元；超出部分每月1000元由个人承担。",
        "对入住人才公寓的A类人才每月补贴3000元；个人每月1000元自行承担。",
        "对引进的博士每人每年补贴5万元；其中企业自筹每人每年3万元。",
        "对引进的博士每人每年补贴5万元；其中市级财政每人每年3万元。",
        # A fee the next clause names is charged, not paid.
        "对入驻孵化器的企业每月补贴1000元；孵化器管理费每月500元。",
        "对入驻企业每月补贴1000元；园区物业费每月5元/平方米。",
        "对入驻企业每月补贴1000元；运营机构每月500元向企业收取。",
        "对引进的博士每人每年补贴5万元；用人单位每人每年1万元上缴人才基金。",
    ):
        assert len(extract_text(text)) == 1, text
    # The next group's price is still read.
    assert read("对引进的博士每人每年补贴5万元；博士后每人每年3万元。") == [
        ("per_unit", 50_000, None, None),
        ("per_unit", 30_000, None, None),
    ]
