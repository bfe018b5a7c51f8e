"""Issue #16's error classes written other ways than the sentences the rules were first made from.

Each sentence is my own, in the style of a city's or county's 若干措施 (not taken from any page of
the evaluation set). Each class is tested both ways: the right reading comes out, and the
near-miss (a threshold, a budget, a tax relief, an equity stake, 一事一议) is not an award.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from techzone.extract import Clause, draft_pack, extract_file, extract_text
from techzone.extract.grammar import rule
from techzone.rules.policy import PolicyPack


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def only(text: str) -> Clause:
    found = extract_text(text)
    assert len(found) == 1, [(c.kind, c.amount_text) for c in found]
    return found[0]


def schedule(clause: Clause) -> list[tuple[object, ...]]:
    return [row(item.when, item.share, item.yuan) for item in clause.schedule]


# ── A rate and its cap ────────────────────────────────────────────────────────────────────


def test_a_cap_on_the_interest_amount_names_its_owner_and_year() -> None:
    clause = only("按企业实际支付利息的50%给予贴息，每家企业每年贴息额最高不超过20万元。")
    assert row(clause.kind, clause.rate, clause.cap_yuan) == ("rate_cap", Decimal("0.5"), 200_000)
    assert clause.basis == "interest"
    assert row(clause.cap_subject, clause.cap_period) == ("enterprise", "year")


def test_a_rate_after_pingzhao_is_a_rate() -> None:
    clause = only("对新引进的工业项目，投产后参照其缴纳增值税地方留成部分的60%给予企业奖励。")
    assert row(clause.kind, clause.rate) == ("rate", Decimal("0.6"))
    assert clause.amount_text.startswith("参照")


def test_pingzhao_the_rules_is_not_a_rate() -> None:
    assert extract_text("参照有关规定，研发费用的75%在税前加计扣除。") == []


def test_rates_keyed_by_years_share_the_yearly_cap_after_them() -> None:
    text = (
        "对新落户的总部企业，自纳税之年起，前三年按其地方财政贡献的80%给予奖励，"
        "后两年按50%给予奖励，每年最高不超过1000万元。"
    )
    first, second = extract_text(text)
    assert row(first.kind, first.rate, first.cap_yuan) == ("rate_cap", Decimal("0.8"), 10_000_000)
    assert row(second.kind, second.rate, second.cap_yuan) == (
        "rate_cap",
        Decimal("0.5"),
        10_000_000,
    )
    assert second.cap_period == "year"
    # each rate keeps its own words: the first does not swallow the second's figure
    assert "50%" not in first.amount_text


def test_a_rate_not_keyed_by_a_period_does_not_take_the_next_ones_cap() -> None:
    text = "按研发投入的10%给予补助，对购置设备的按投资额的5%给予补助，最高不超过50万元。"
    clauses = extract_text(text)
    assert [row(c.kind, c.rate, c.cap_yuan) for c in clauses] == [
        ("rate", Decimal("0.1"), None),
        ("rate_cap", Decimal("0.05"), 500_000),
    ]


def test_a_floor_on_a_rate_is_at_least() -> None:
    clause = only("对农业龙头企业新上加工项目的，给予不低于设备投资额10%的资金支持。")
    assert row(clause.kind, clause.rate, clause.amount_yuan) == ("at_least", Decimal("0.1"), None)


def test_a_share_at_least_as_a_threshold_is_not_a_floor() -> None:
    text = "对研发投入占营业收入比重不低于5%的企业，给予一次性奖励10万元。"
    clause = only(text)
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 100_000)


def test_a_cost_the_award_covers_is_a_reward() -> None:
    clause = only("对企业参加境外知名展会的，资助费用最高不超过2万元。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 20_000)


def test_a_cost_measured_is_not_a_reward() -> None:
    assert extract_text("企业参展费用超过10万元的，可申请市级专项支持。") == []


# ── Instalments of one award ──────────────────────────────────────────────────────────────


def test_yearly_instalments_written_with_the_award_word_are_one_award() -> None:
    text = (
        "对固定资产投资超过1亿元的项目，给予奖励100万元，分三年兑现，"
        "第一年奖励50万元，第二年奖励30万元，第三年奖励20万元。"
    )
    clause = only(text)
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 1_000_000)
    assert schedule(clause) == [
        ("第一年", None, 500_000),
        ("第二年", None, 300_000),
        ("第三年", None, 200_000),
    ]
    assert clause.confidence == 0.9  # the sums add up to the award


def test_yearly_awards_with_no_award_before_them_stay_awards() -> None:
    text = "对入驻孵化器的初创企业，第一年补贴房租3万元，第二年补贴房租2万元。"
    assert [row(c.kind, c.amount_yuan) for c in extract_text(text)] == [
        ("fixed", 30_000),
        ("fixed", 20_000),
    ]


def test_a_first_instalment_and_one_after_an_evaluation() -> None:
    text = (
        "对引进的高层次创新团队给予最高1000万元资助，分期拨付，首期拨付40%，中期评估合格后拨付60%。"
    )
    clause = only(text)
    assert row(clause.kind, clause.cap_yuan) == ("cap", 10_000_000)
    assert schedule(clause) == [
        ("首期", Decimal("0.4"), None),
        ("中期评估合格后", Decimal("0.6"), None),
    ]


def test_shares_of_the_award_itself_are_not_rate_awards() -> None:
    text = "上述奖励资金分三年拨付，分别按应奖励额的40%、30%和30%对企业进行奖励。"
    assert extract_text(text) == []
    assert extract_text("上述奖补资金按奖励总额的50%于认定当年拨付，余款次年拨付。") == []


def test_a_share_of_another_bodys_grant_is_still_a_matching_award() -> None:
    clause = only("对承担国家科技重大专项的企业，按国家资助额的50%给予配套支持，最高500万元。")
    assert row(clause.kind, clause.rate, clause.cap_yuan) == (
        "rate_cap",
        Decimal("0.5"),
        5_000_000,
    )


# ── Tier lists ────────────────────────────────────────────────────────────────────────────


def test_levels_whose_shared_noun_follows_the_last_are_the_grades() -> None:
    text = "对新认定的国家、省级工程技术研究中心，分别给予不超过200万元、100万元的补助。"
    clauses = extract_text(text)
    assert [row(c.kind, c.grade, c.cap_yuan) for c in clauses] == [
        ("tiered", "国家", 2_000_000),
        ("tiered", "省级", 1_000_000),
    ]


def test_grades_that_are_not_levels_keep_their_words() -> None:
    text = "对获得中国专利金奖、银奖、优秀奖的企业，分别奖励30万元、20万元和10万元。"
    assert [c.grade for c in extract_text(text)] == ["金奖", "银奖", "优秀奖"]


# ── Condition spans ───────────────────────────────────────────────────────────────────────


def test_an_award_already_won_is_part_of_the_condition() -> None:
    clause = only("对获得省级以上科技奖励的企业，给予最高10万元奖励。")
    assert clause.condition == "对获得省级以上科技奖励的企业"
    assert clause.subject == "企业"


def test_the_award_word_still_ends_the_condition_where_it_pays() -> None:
    clause = only("对认定的市级众创空间奖励20万元。")
    assert clause.condition == "对认定的市级众创空间"


# ── Near misses: never awards ─────────────────────────────────────────────────────────────


def test_budgets_tax_reliefs_equity_and_case_by_case_are_not_awards() -> None:
    for text in (
        "市财政每年安排科技创新专项资金5000万元，用于支持企业研发。",
        "符合条件的高新技术企业，减按15%的税率征收企业所得税。",
        "对重大产业项目，采取一事一议方式给予支持。",
        "市政府引导基金对优质项目给予最高2000万元的股权投资。",
        "企业研发费用按照实际发生额的100%在税前加计扣除。",
        "对注册资本1000万元以上的企业，给予一定支持。",
        "对当年新增贷款5000万元以上的企业给予贴息。",
    ):
        assert extract_text(text) == [], text


def test_the_new_rules_read_their_examples() -> None:
    for name in ("share_of_award", "paid_out", "period_key", "instalment_award"):
        assert rule(name).search(
            {
                "share_of_award": "应奖励额",
                "paid_out": "分三年兑现",
                "period_key": "后两年按50%",
                "instalment_award": "第一年奖励50万元",
            }[name]
        ), name


def test_a_floor_on_a_rate_is_drafted_as_the_rate_never_as_zero_yuan(tmp_path: Path) -> None:
    path = tmp_path / "措施.txt"
    path.write_text(
        "某市支持农业产业化的若干措施\n\n一、对农业龙头企业新上加工项目的，给予不低于设备投资额10%的资金支持。\n",
        encoding="utf-8",
    )
    pack = PolicyPack.model_validate(draft_pack(extract_file(path)))
    (policy,) = pack.policies.values()
    assert policy.amount.kind == "rate"
    # one parameter, the ratio: no 金额 of 0 yuan stands for the floor
    assert [list(p.values.values()) for p in pack.parameters.values()] == [[0.1]]
    assert "比例下限" in (policy.note or "")


def test_an_aside_with_a_case_of_its_own_is_not_the_next_awards_condition() -> None:
    text = (
        "软件著作权登记后每件资助300元(已获其他财政资助的,不再给予资助),"
        "获得国外版权登记后每件再资助2000元。"
    )
    clauses = extract_text(text)
    assert [c.amount_yuan for c in clauses] == [300, 2000]
    assert clauses[1].condition == "获得国外版权登记后"


def test_an_aside_that_only_qualifies_stays_in_the_condition() -> None:
    text = "对2024年的技术改造项目(2024年开工,2025年竣工的),按设备投资额的10%给予补助。"
    clause = only(text)
    assert clause.condition == "对2024年的技术改造项目(2024年开工,2025年竣工的)"


def test_a_sentence_announcing_the_award_lends_its_condition_to_the_sum() -> None:
    text = "对年接待研学团队5000人次以上的研学基地进行奖励。每满一千人次奖励五千元。"
    clause = only(text)
    assert clause.condition == "对年接待研学团队5000人次以上的研学基地"


def test_a_sum_with_its_own_recipient_keeps_its_own_condition() -> None:
    text = "对年接待研学团队5000人次以上的研学基地进行奖励。对新评定的研学基地奖励五千元。"
    clause = only(text)
    assert clause.condition == "对新评定的研学基地"


# ── Bands across semicolons, listed instalments, years in Chinese numerals ───────────────


def test_bands_split_by_semicolons_are_one_progressive_award_with_its_cap() -> None:
    text = (
        "技术合同成交额在1000万元以下的部分，按3%给予奖励；1000万元以上的部分，按2%给予奖励；"
        "单个机构年度奖励总额不超过200万元。"
    )
    clause = only(text)
    assert row(clause.kind, clause.cap_yuan, clause.cap_subject, clause.cap_period) == (
        "progressive",
        2_000_000,
        "institution",
        "year",
    )
    assert [row(b.lower, b.upper, b.rate) for b in clause.bands] == [
        (None, 10_000_000, Decimal("0.03")),
        (10_000_000, None, Decimal("0.02")),
    ]


def test_a_semicolon_before_another_measure_still_splits() -> None:
    text = "对技术合同成交额按3%给予奖励；对购置设备超过500万元的部分按5%给予补助。"
    assert [row(c.kind, c.rate) for c in extract_text(text)] == [
        ("rate", Decimal("0.03")),
        ("rate", Decimal("0.05")),
    ]


def test_per_mille_bands() -> None:
    clause = only("年销售收入5亿元(含)以下部分按0.5‰，超过5亿元部分按0.3‰给予奖励。")
    assert [b.rate for b in clause.bands] == [Decimal("0.0005"), Decimal("0.0003")]


def test_years_listed_together_each_take_the_share() -> None:
    text = (
        "给予新引进的领军人才团队最高500万元项目资助，资助资金分三年拨付，"
        "第一年拨付50%，第二、三年各拨付25%。"
    )
    clause = only(text)
    assert schedule(clause) == [
        ("第一年", Decimal("0.5"), None),
        ("第二年", Decimal("0.25"), None),
        ("第三年", Decimal("0.25"), None),
    ]
    assert clause.confidence == 0.9


def test_calendar_years_in_chinese_numerals_are_instalments() -> None:
    text = (
        "对获评省级制造业单项冠军的企业，奖励50万元，二〇二五年拨付30万元，二〇二六年拨付20万元。"
    )
    clause = only(text)
    assert schedule(clause) == [("二〇二五年", None, 300_000), ("二〇二六年", None, 200_000)]


def test_the_verb_before_the_first_grade_is_not_part_of_it() -> None:
    text = (
        "对获批国家级、省级、市级科技企业孵化器的，分别给予一次性奖励最高100万元、50万元、20万元。"
    )
    assert [row(c.grade, c.cap_yuan) for c in extract_text(text)] == [
        ("国家级", 1_000_000),
        ("省级", 500_000),
        ("市级", 200_000),
    ]
    text = "对首次入选国家级、省级专精特新企业的，分别奖励最高不超过50万元、20万元。"
    assert [c.grade for c in extract_text(text)] == ["国家级", "省级"]


def test_a_cap_per_compensation_item() -> None:
    text = (
        "对银行向科技型中小企业发放贷款形成的损失，按损失额的30%给予风险补偿，"
        "单笔补偿不超过100万元。"
    )
    clause = only(text)
    assert row(clause.kind, clause.cap_yuan, clause.cap_subject) == ("rate_cap", 1_000_000, "item")


def test_case_by_case_with_no_figure_and_loans_offered_are_not_awards() -> None:
    assert extract_text("对特别重大的项目，可采取一事一议方式给予支持。") == []
    assert extract_text("企业可申请不超过500万元的信用贷款，期限1年。") == []
    assert extract_text("设立总规模10亿元的科技成果转化基金。") == []
    text = "对符合条件的小微企业，年应纳税所得额不超过300万元的部分，减按25%计入应纳税所得额。"
    assert extract_text(text) == []


# ── Digits typed with look-alikes, lines cut mid-phrase, a re-hosted page ─────────────────


def test_lookalike_digits_inside_a_number_are_read_as_digits() -> None:
    cases = {
        "对新认定的企业给予奖励1〇万元。": (100_000, None),
        "对新认定的企业给予奖励2〇〇万元。": (2_000_000, None),
        "对新认定的企业给予奖励Ｏ.5万元。": (5_000, None),
        "对新认定的企业给予奖励〇.5万元。": (5_000, None),
        "对新认定的企业给予最高l0万元奖励。": (None, 100_000),
    }
    for text, (amount, cap) in cases.items():
        clause = only(text)
        assert row(clause.amount_yuan, clause.cap_yuan) == (amount, cap), text
        assert clause.confidence == 0.8, text  # repaired: the officer is told to look


def test_chinese_numerals_and_english_words_keep_their_letters() -> None:
    clause = only("对通过ISO9001认证的企业，二〇二五年给予奖励二十万元。")
    assert row(clause.amount_yuan, clause.confidence) == (200_000, 0.9)


def test_a_figure_read_as_zero_is_never_an_award() -> None:
    assert extract_text("对新认定的企业给予奖励〇万元。") == []
    assert extract_text("对新认定的企业给予最高O万元奖励。") == []


def test_short_lines_cut_inside_a_clause_are_joined() -> None:
    clause = only("对新认定的企\n业给予奖励\n10\n万元。")
    assert row(clause.kind, clause.amount_yuan) == ("fixed", 100_000)
    assert clause.condition == "对新认定的企业"
    clause = only("对新认定的企业给予奖\n励最高10万元。")
    assert row(clause.kind, clause.cap_yuan) == ("cap", 100_000)


def test_a_short_worded_line_is_not_joined_to_a_numbered_article() -> None:
    found = extract_text("对企业给予10万元奖励，比例不低于1\n2.对企业给予20万元奖励。")
    assert [row(c.amount_yuan, c.article) for c in found] == [(100_000, None), (200_000, "2.")]


REHOSTED = """<html><head><title>关于印发某区科技创新若干措施的通知</title></head><body>
<div class="top">网站首页 | 机构概况 | 政务公开 | 政策法规 | 办事服务 | 互动交流</div>
<div class="crumb">当前位置：首页 > 政务公开 > 政策文件</div>
<div class="keys">关键字：科技创新 奖励 补助 100万元</div>
<div class="article">
<p>{$title}</p>
<p>发布时间：2024-03-01　来源：区科技局　浏览次数：{{hits}}</p>
<p>一、对首次认定的高新技术企 业，给予一次性奖励20 万元。</p>
<p>二、对新认定的市级以上研发机构，按其研发设备投入的１５％给予补助，单个机构最髙不超过１００万元。</p>
<p>三、对年度技术合同成交额达到1OOO万元以上的技术转移机构，给予奖励5O万元。</p>
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div>上一篇：关于开展2024年科技计划项目申报的通知</div>
<div class="foot">版权所有：某区人民政府 ICP备12345678号 联系电话：0931-1234567</div>
</body></html>"""


def test_a_rehosted_gb18030_page_with_furniture_and_repairs(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(REHOSTED.encode("gb18030"))  # and no charset declared
    found = extract_file(path).clauses
    assert [row(c.kind, c.amount_yuan, c.cap_yuan, c.rate) for c in found] == [
        ("fixed", 200_000, None, None),
        ("rate_cap", None, 1_000_000, Decimal("0.15")),
        ("fixed", 500_000, None, None),
    ]
    assert found[0].condition == "对首次认定的高新技术企业"
    assert found[1].cap_subject == "institution"
    # the threshold 1OOO万元以上 is read as 1000万元 and stays a threshold
    assert "1000万元以上" in (found[2].condition or "")


# ── Who is paid and what for ──────────────────────────────────────────────────────────────


def test_subject_and_trigger_in_other_wordings() -> None:
    cases = {
        "对于新认定的国家高新技术企业，给予一次性奖励20万元。": ("国家高新技术企业", "新认定"),
        "经认定为省级科技企业孵化器的，给予一次性奖励30万元。": (
            "省级科技企业孵化器",
            "经认定为",
        ),
        "高校、科研院所在本区转化科技成果的，按技术合同成交额的5%给予奖励。": (
            "高校、科研院所",
            "在本区转化科技成果",
        ),
        "新引进的两院院士，给予安家补贴200万元。": ("两院院士", "新引进"),
        "对在我区落户的独角兽企业(估值10亿美元以上)，给予一次性奖励500万元。": (
            "独角兽企业",
            "在我区落户",
        ),
        "对企业获得发明专利授权的，每件给予5000元资助。": ("企业", "获得发明专利授权"),
    }
    for text, (subject, trigger) in cases.items():
        clause = only(text)
        assert row(clause.subject, clause.trigger) == (subject, trigger), text


def test_a_recipient_named_inside_the_trigger_is_not_listed_with_the_subject() -> None:
    clause = only("对科技型企业向银行贷款的，按贷款利息的50%给予贴息。")
    assert row(clause.subject, clause.trigger) == ("科技型企业", "向银行贷款")


# ── Lists of rates ────────────────────────────────────────────────────────────────────────


def test_rates_keyed_to_grades_named_before_them_are_tiers_without_fenbie() -> None:
    text = (
        "对年纳税额达到500万元、1000万元、2000万元的企业，"
        "参照其年度地方财政贡献的60%、70%和80%给予企业奖励。"
    )
    found = extract_text(text)
    assert [row(c.kind, c.grade, c.rate) for c in found] == [
        ("tiered", "500万元", Decimal("0.6")),
        ("tiered", "1000万元", Decimal("0.7")),
        ("tiered", "2000万元", Decimal("0.8")),
    ]
    assert [c.amount_text for c in found[1:]] == ["70%", "80%"]


def test_rates_listed_with_nothing_to_key_them_stand_alone_each_with_its_own_span() -> None:
    text = "对企业技术改造项目，参照其设备投资额的8%、10%给予补助。"
    found = extract_text(text)
    assert [row(c.kind, c.rate, c.amount_text) for c in found] == [
        ("rate", Decimal("0.08"), "参照其设备投资额的8%"),
        ("rate", Decimal("0.1"), "10%"),
    ]


def test_shares_of_an_award_stated_elsewhere_are_not_awards() -> None:
    text = "经认定符合条件的，按本办法设定的标准给予资金补助（分两年按50%、50%比例发放）。"
    assert extract_text(text) == []


def test_sums_by_year_with_no_award_before_them_stay_awards() -> None:
    text = "对新建的省级众创空间，2025年拨付10万元，2026年拨付10万元。"
    assert [c.amount_yuan for c in extract_text(text)] == [100_000, 100_000]


# ── A tier list spread over numbered items ───────────────────────────────────────────────


def test_items_keyed_by_thresholds_of_one_measure_are_tiers() -> None:
    text = (
        "对新落户的总部企业，根据其实缴注册资本给予落户奖励：\n"
        "(1)实缴注册资本1000万元(含)至1亿元的，奖励200万元;\n"
        "(2)实缴注册资本1亿元(含)至5亿元的，奖励500万元;\n"
        "(3)实缴注册资本5亿元(含)以上的，奖励800万元。\n"
    )
    found = extract_text(text)
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "1000万元(含)至1亿元", 2_000_000),
        ("tiered", "1亿元(含)至5亿元", 5_000_000),
        ("tiered", "5亿元(含)以上", 8_000_000),
    ]
    assert len({c.group for c in found}) == 1
    assert found[0].condition == "实缴注册资本1000万元(含)至1亿元的"  # not "(1)…"


def test_items_with_different_conditions_stay_separate_awards() -> None:
    text = "1.对新认定的高新技术企业，奖励20万元;\n2.对新认定的省级企业技术中心，奖励30万元。\n"
    found = extract_text(text)
    assert [row(c.kind, c.grade) for c in found] == [("fixed", None), ("fixed", None)]
    assert found[0].condition == "对新认定的高新技术企业"


# ── A section that names the award's standard ────────────────────────────────────────────


def test_unit_prices_under_a_standard_heading_are_awards() -> None:
    text = (
        "三、补贴标准\n"
        "(一)领军人才，每人每月3000元;\n"
        "(二)骨干人才，每人每月1500元;\n"
        "(三)青年人才，最高不超过每人每月800元。\n"
    )
    assert [row(c.kind, c.amount_yuan, c.cap_yuan) for c in extract_text(text)] == [
        ("per_month", 3000, None),
        ("per_month", 1500, None),
        ("per_month", None, 800),
    ]


def test_unit_prices_under_another_heading_are_not_awards() -> None:
    text = "三、申报条件\n(一)领军人才，每人每月工资不低于3000元;\n(二)骨干人才，每人每月1500元。\n"
    assert extract_text(text) == []
