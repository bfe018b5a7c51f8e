"""Deciding which money mentions are rewards, and of what kind.

A mention is a reward when the nearest telling word before it, within its clause, promises money
(给予, 奖励, 补助) rather than measuring something (营业收入, 投资, 达到, 纳税 …); a rate is one
when 按 opens its phrase (按增长部分的5%) and the clause pays (给予…奖励, 补贴, 贴息 …);
modifiers such as 最高, 不超过, 不少于, 每项 are looked through. A threshold after it (以上, 以下,
起, 左右) always vetoes it. With no telling word before, a reward noun right after it (…50万元奖励)
decides. The kind comes from the modifiers around the amount and the clause's words:

=================  ==========================================================================
``tiered``         two or more amounts in a list: 分别给予50万元、30万元 (one clause per tier)
``interest``       the clause pays interest: 贴息 (with a rate, a cap or an amount)
``matching``       a matching ratio: 按1:0.5配套
``rate``           按…10% · ``rate_cap`` when a cap follows in the clause: 按10%…最高300万元
``per_area_month`` 每平方米每月 · ``per_month`` 每人每月, 每月 · ``per_unit`` 每项, 每家, 每人
``at_least``       不少于 · ``cap`` 最高, 不超过, 以内, a range (5万元—20万元) · ``fixed`` else
``progressive``    two or more bands: 1000万元(含)以下部分按1%…超过部分按0.5% (one award)
``per_unit_cap``   a unit price with a ceiling of its own: 每件5000元…每家企业每年最高5万元
=================  ==========================================================================

An instalment schedule after an award (首年拨付60%、次年拨付40%; 2025年拨付10万元; 分三年按40%、
30%、30%比例拨付) is that award's ``schedule``, never awards of its own; so are the parts of one
award divided between the bodies paying it (其中省级10万元，市级20万元; 由省、市按1:1比例分担): its
``split`` (``_split`` says when parts that do not add up stay a tier list under the sum instead).
The patterns are the rules of ``grammar.RULES``.

A cap later in the clause (…,最高不超过200万元) closes a rate or a per-unit amount before it.

``at_least`` is not in the first list of kinds; it is the policy packs' kind for 不少于, and
calling such a floor "fixed" would understate what the document promises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from techzone.extract.context import names_recipient
from techzone.extract.grammar import BAND_RULES, PIECES, rule
from techzone.extract.layout import Segment
from techzone.extract.mentions import Mention, find_mentions
from techzone.extract.tiers import grades

ClauseKind = Literal[
    "fixed",
    "cap",
    "at_least",
    "rate",
    "rate_cap",
    "per_unit",
    "per_month",
    "per_area_month",
    "tiered",
    "matching",
    "interest",
    "progressive",
    "per_unit_cap",
]
KIND_LABELS: dict[str, str] = {
    "fixed": "定额",
    "cap": "最高限额",
    "at_least": "不少于",
    "rate": "按比例",
    "rate_cap": "按比例、设上限",
    "per_unit": "按项/家/人",
    "per_month": "按月",
    "per_area_month": "按面积按月",
    "tiered": "分档",
    "matching": "配套",
    "interest": "贴息",
    "progressive": "分段累进",
    "per_unit_cap": "按项/家/人、设总上限",
}
Role = Literal["reward", "other", "modifier"]


# What the figures are paid on, when the kind alone does not say it: the clause's kind is the
# issue's (rate, rate_cap, cap, per_unit …) and the basis keeps what the reading knows besides.
Basis = Literal["interest", "area_month"]
BASIS_LABELS: dict[str, str] = {"interest": "贴息", "area_month": "按面积按月"}


def kind_label(kind: str, basis: str | None) -> str:
    """The kind in the officer's words, with what it is paid on: 按比例、设上限，贴息."""
    return KIND_LABELS[kind] + (f"，{BASIS_LABELS[basis]}" if basis else "")


def issue_kind(reward: Reward) -> tuple[ClauseKind, Basis | None]:
    """The kind in the clause model's words, and what the figures are paid on.

    A loan-interest subsidy is a rate, a rate with its cap, a cap or a sum like any other —
    按照LPR的35%给予最高2000万元贴息支持 is a ``rate_cap`` whose base is the interest paid; a
    price per square metre and month is a unit price — 每平方米每月15元…每年最高10万元 is a
    ``per_unit_cap`` whose unit is the area let for a month. Kinds of their own would not say
    which of the clause model's shapes is paid (fixed, cap, rate, rate+cap, per-unit,
    per-unit-cap …); the basis (``interest``, ``area_month``) keeps what the base is, for the
    draft's note.
    """
    if reward.kind == "interest":
        if reward.rate is not None:
            return ("rate_cap" if reward.cap is not None else "rate"), "interest"
        return ("fixed" if reward.amount is not None else "cap"), "interest"
    if reward.kind == "per_area_month":
        priced = reward.amount is not None and reward.cap is not None
        return ("per_unit_cap" if priced else "per_unit"), "area_month"
    return reward.kind, None


def _cues(words: dict[Role, str]) -> tuple[dict[str, Role], re.Pattern[str]]:
    roles = {word: role for role, listed in words.items() for word in listed.split()}
    pattern = re.compile("|".join(sorted(map(re.escape, roles), key=len, reverse=True)))
    return roles, pattern


MONEY_ROLES, MONEY_CUES = _cues(
    {
        "reward": "给予 予以 提供 奖励 奖补 补助 补贴 补偿 资助 扶持 贴息 奖金 支持 兑现 拨付 配套 "
        "分别 "
        "补助金额 奖励金额 奖补金额 资助金额 补贴金额 补助标准 奖励标准 奖励额度 补助额度 "
        "支持额度 资助额度 资金补助 资金支持 资金奖励 "
        "补助资金总额 补助总额 奖励总额 补贴总额 资助总额 奖补总额 "
        # 补贴额度最高不超过300万元, 各类扶持资金总额不超过500万元: the award's own measure
        "补贴额度 奖补额度 扶持额度 扶持金额 扶持资金总额 扶持总额 "
        # 资助费用最高800元: the cost the award covers, not a cost measured
        "资助费用 补助费用 补贴费用 "
        # 可申请最高50万元创业资助: what the recipient may apply for is offered (a loan applied
        # for is set aside by loan_after); 可领取每人每月1500元住房补贴: what they may draw
        "可申请 可领取 "
        # 住院照料临时救助标准不超过240元/人/日, 临时救助金额累计最高不得超过5万元: relief paid to a
        # person; 救助 alone (救助资金, 救助工作) is no such word
        "救助标准 救助金额",
        "other": "收入 营收 产值 生产总值 GDP 投资 投入 资金额度 贷款额度 授信 额度 纳税 税收 缴税 "
        "税额 注册资本 资本 资产 规模 销售额 销售 利润 成交额 交易额 融资 总额 总计 合计 "
        "累计 达到 达 突破 超过 高于 低于 增加 增长 设立 安排 基金 预算 金额 价格 费用 成本 "
        "工资 薪酬 年薪 估值 市值 租金 贷款 "
        # 经济总量冲刺1000亿元, 蔬菜出口向200亿元迈进, 拉动消费上百亿元: measures and targets
        "总量 冲刺 出口 拉动 信贷",
        # 合计不超过500万元: a ceiling on the award's total, where 合计 alone measures (销售额合计)
        "modifier": "最高额度 最高 不超过 不得超过 不高于 不得高于 最多 上限为 上限 封顶 可达 高达 "
        "不少于 不低于 "
        "至少 一次性 每项 每家 每件 每个 每人 每月 每年 最低 "
        "合计不超过 累计不超过 总计不超过 合计最高 累计最高 最高累计 最高合计 "
        # 分别给予该企业高级管理人员共计30万元、50万元: what the managers share in all
        "共计",
    }
)
RATE_ROLES, RATE_CUES = _cues(
    {
        "reward": "按照 按 给予 予以 补贴 补偿 奖励 资助 补助 贴息 奖补 配套 兑现",
        "other": "达到 达 占 比重 增长 提高 降低 下降 享受 加计扣除 扣除 税率 减按 减免 不低于 "
        "不少于 超过 高于 低于 年均 增速 优惠 "
        # 水质优良率保持100%, 本地配套率上升至48%: a rate measured
        "保持 上升 优良率 配套率 覆盖率 达标率",
        "modifier": "不超过 不得超过 最高 不高于 不得高于",
    }
)
REWARD_WORDS = re.compile(r"奖励|奖补|补助|补贴|补偿|资助|扶持|贴息|配套|支持|奖金")
# The words around an amount that set its kind are rules of the grammar (grammar.RULES).
THRESHOLD_AFTER = rule("threshold_after")
REWARD_AFTER = rule("reward_after")
PAID_TO_AFTER = rule("paid_to_after")
FUNDS_OWED_AFTER = rule("funds_owed_after")
RAISED_AWARD_AFTER = rule("raised_award_after")
PRICED_LIST_AFTER = rule("priced_list_after")
PRICED_ITEM = rule("priced_item")
APPLICANT_PAYS = rule("applicant_pays")
CAP_AFTER = rule("cap_after")
AREA_AFTER = rule("area_after")
MONTH_AFTER = rule("month_after")
UNIT_AFTER = rule("unit_after")
INCREMENT = rule("increment")
PER_AREA = rule("per_area")
PER_MONTH = rule("per_month")
PER_UNIT = rule("per_unit")
EACH_RECIPIENT = rule("each_recipient")
CAP = rule("cap")
AT_LEAST = rule("at_least")
BY = rule("by")
MATCHING_WORDS = rule("matching")
AWARD_MATCHED = rule("award_matched")
MEASURE_RATIO = rule("measure_ratio")
ACCUMULATED_LIMIT = rule("accumulated_limit")
PRICE_BEFORE_TOTAL = rule("price_before_total")
STANDARD_THEN_AWARD = rule("standard_then_award")
BY_RATE_CLOSED = rule("by_rate_closed")
BY_RATE_THRESHOLD = rule("by_rate_threshold")
EACH_OF_GROUP = rule("each_of_group")
COUNTED_PHRASE = rule("counted_phrase")
COUNTED_CASE = rule("counted_case")
STEP_BEFORE = rule("step_before")
STEP_COUNTED = rule("step_counted")
BUDGET_ARRANGED = rule("budget_arranged")
RATE_RAISED_BY = rule("rate_raised_by")
AREA_SHARE = rule("area_share")
AREA_BASE = rule("area_base")
MULTIPLE_OF_COST = rule("multiple_of_cost")
REVIEW_PHRASE = rule("review_phrase")
OFFER_PHRASE = rule("offer_phrase")
CONDITION_SAID = rule("condition_said")
WELFARE_STANDARD = rule("welfare_standard")
FUND_AFTER = rule("fund_after")
RATE_TIER_CAPS = rule("rate_tier_caps")
LIST_NEXT_PRICE = rule("list_next_price")
PRICE_WORD = rule("price_word")
LIST_NOT_PAID = rule("list_not_paid")
RANGE = rule("range")
LIST_JOINT = rule("list_joint")
EQUITY = rule("equity")
EQUITY_RECEIVED = rule("equity_received")
LIST_SHARES_UNIT = rule("list_shares_unit")
RAISED_FROM = rule("raised_from")
RAISED_TO = rule("raised_to")
EARLIER_DOCUMENT = rule("earlier_document")
RATE_BOUND_AFTER = rule("rate_bound_after")
GRADED_ITEM = rule("graded_item")
NAMED_ITEM = rule("named_item")
RATE_REWARD_AFTER = rule("rate_reward_after")
REPORTED_SUM = rule("reported_sum")
BUDGET_PART = rule("budget_part")
OFFER_TERMS = rule("offer_terms")
BUDGET_REACH = 300  # how far back a budget's sum may be stated before its parts
QUOTA_AFTER = rule("quota_after")
FUNDS_ARRANGED = rule("funds_arranged")
LOAN_AFTER = rule("loan_after")
SHARE_RAISED = rule("share_raised")
REPORTED_AFTER = rule("reported_after")
REVIEW_SUM = rule("review_sum")
MEASURED_LIST = rule("measured_list")
OFFER_SAID = rule("offer_said")
COUNTED_PAYOUT = rule("counted_payout")
PAYOUT_TOTAL = rule("payout_total")
RATE_MEASURED = rule("rate_measured")
RATE_NAMED_AFTER = rule("rate_named_after")
FUNDS_PUT_IN = rule("funds_put_in")
FUNDS_NAMED_AFTER = rule("funds_named_after")
PRICE_AND_TOTAL = rule("price_and_total")
TOTAL_OF_PRICE = rule("total_of_price")
RATES_CEILING = rule("rates_ceiling")
NAMED_AWARD_AFTER = rule("named_award_after")
RATE_SHARE_NAMED = rule("rate_share_named")
RATE_SHARED_AFTER = rule("rate_shared_after")
LIST_ITEM_BREAK = re.compile(r"[、,]")
STANDARD_HEADING = rule("standard_heading")
REVIEW_TITLE = rule("review_title")
QUALIFIER_CLOSED = rule("qualifier_closed")
SHARE_OF_AWARD = rule("share_of_award")
PAID_OUT = rule("paid_out")
PERIOD_KEY = rule("period_key")
TOTAL_ONLY = rule("total_only")
PAYER_PART = rule("payer_part")
PAYER_SAID = rule("payer_said")
SPLIT_LEAD = rule("split_lead")
PART_JOINT = rule("part_joint")
PAYER_RATIO = rule("payer_ratio")
LEVEL = re.compile(PIECES["LEVEL"])
SUM_BEFORE_TIERS = rule("sum_before_tiers")
WORKED_EXAMPLE = rule("worked_example")
FORMULA_AFTER = rule("formula_after")
FORMULA_BEFORE = rule("formula_before")
BASE_NAMED = rule("base_named")
BASE_AFTER = rule("base_after")
PAID_IN = rule("paid_in")
FEE_CHARGED = rule("fee_charged")
FINE_AFTER = rule("fine_after")
REFUND = rule("refund")
SENTENCE_END = re.compile(r"[。!?\n]")
CLOSED_ASIDE = re.compile(r"\([^()]*\)")
EXAMPLE_REACH = 300
TOTAL = re.compile(r"总额|累计")
COUNTED = re.compile(r"每(?:认定|获得|新增|引进|满)")
AWARD_WORDS = re.compile(r"给予|奖励|奖补|补助|补贴|资助")
LOOK_BACK = 50
PHRASE_BREAK = re.compile(r"[,:;]")
PER_KINDS = ("per_unit", "per_month", "per_area_month")


@dataclass(frozen=True)
class Band:
    """One band of a progressive award: the part of the base in (lower, upper] at ``rate``."""

    lower: Decimal | None
    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Instalment:
    """One payment of a scheduled award: when, and its share (0.6) or its sum in yuan."""

    when: str
    share: Decimal | None
    yuan: Decimal | None


@dataclass(frozen=True)
class Share:
    """One paying body's part of an award split between levels of government: a sum or a share."""

    payer: str
    share: Decimal | None
    yuan: Decimal | None


@dataclass(frozen=True)
class Reward:
    """A reward found at normalised [start, end), with its values and the clause it is in."""

    start: int
    end: int
    kind: ClauseKind
    clause: Segment
    condition_end: int
    amount: Decimal | None = None
    cap: Decimal | None = None
    rate: Decimal | None = None
    grade: str | None = None
    group: int | None = None
    confidence: float = 0.9
    bands: tuple[Band, ...] = ()
    schedule: tuple[Instalment, ...] = ()
    schedule_span: tuple[int, int] | None = None
    cap_at: int | None = None  # where the cap figure starts, when it is not the amount itself
    cap_end: int | None = None
    split: tuple[Share, ...] = ()  # who pays which part of this one award (省级10万元, 市级20万元)
    split_span: tuple[int, int] | None = None
    note: str | None = None  # what the reviewer must settle, in the officer's words


def clause_rewards(text: str, clause: Segment, mentions: list[Mention]) -> list[Reward]:
    """The rewards promised in one clause, in order; ``mentions`` are the clause's own.

    An instalment schedule (首年拨付60%、次年拨付40%) belongs to the award before it, so its
    figures are not awards of their own — unless no award comes before it in the clause. So do
    the parts of a split between paying bodies (其中省级10万元，市级20万元): see ``_split``.
    """
    splits = _splits(text, clause)
    if not splits:
        return _sum_over_tiers(text, _scheduled(text, clause, mentions))
    # First read as if every split were one: the award before each is then known.
    found = _scheduled(text, clause, [m for m in mentions if not _inside_any(splits, m)])
    taken = [split for split in splits if split.ratio or _award_before(found, split) is not None]
    if len(taken) < len(splits):
        # A split with no award before it (设立专项资金…其中省级500万元) is read as before.
        found = _scheduled(text, clause, [m for m in mentions if not _inside_any(taken, m)])
    for split in taken:
        index = _award_before(found, split)
        if index is not None:
            found[index : index + 1] = _split(found[index], split)
    return _sum_over_tiers(text, found)


def _sum_over_tiers(text: str, found: list[Reward]) -> list[Reward]:
    """给予最高6万元安家补贴，其中本科生2万元，…博士研究生6万元: the sum before 其中 is what the
    grades after it share — their ceiling, never one more award beside them; a grade above it
    is read at the sum."""
    for index in range(len(found) - 1, 0, -1):
        whole, first = found[index - 1], found[index]
        value = whole.amount if whole.amount is not None else whole.cap
        if (
            first.kind != "tiered"
            or whole.group is not None
            or whole.kind not in ("fixed", "cap")
            or value is None
            or SUM_BEFORE_TIERS.fullmatch(text, whole.end, first.start) is None
            or (index >= 2 and found[index - 2].group == first.group)
        ):
            continue
        members = [i for i in range(index, len(found)) if found[i].group == first.group]
        said = f"“其中”前的{_yuan_words(value)}为各档共用的总额，不另计"
        for i in members:
            tier = found[i]
            figure = tier.amount if tier.amount is not None else tier.cap
            over = figure is not None and figure > value
            found[i] = replace(
                tier,
                amount=min(tier.amount, value) if tier.amount is not None else None,
                cap=min(tier.cap, value) if tier.cap is not None else None,
                condition_end=whole.condition_end,
                confidence=tier.confidence - (0.2 if over else 0),
                note=tier.note
                or said + (f"，本档超过总额，按{_yuan_words(value)}计，待核定" if over else ""),
            )
        del found[index - 1]
    return found


def _scheduled(text: str, clause: Segment, mentions: list[Mention]) -> list[Reward]:
    instalments = _instalments(text, clause)
    if instalments:
        first_at = instalments[0][0]
        kept = [m for m in mentions if not any(a <= m.start < b for a, b, _ in instalments)]
        found = _clause_rewards(text, clause, kept)
        before = [index for index, reward in enumerate(found) if reward.end <= first_at]
        if before:
            index = before[-1]
            found[index] = _with_schedule(found[index], instalments)
            return found
        # (分两年按50%、50%比例发放) with the award stated elsewhere: a share of an award is
        # never an award itself; sums paid by year may be, and stay.
        shares = [(a, b) for a, b, item in instalments if item.share is not None]
        mentions = [m for m in mentions if not any(a <= m.start < b for a, b in shares)]
    return _clause_rewards(text, clause, mentions)


def _instalments(text: str, clause: Segment) -> list[tuple[int, int, Instalment]]:
    names = ("instalment_each", "instalment_share", "instalment_award", "instalment_event")
    matches = [
        match for name in names for match in rule(name).finditer(text, clause.start, clause.end)
    ]
    found = _listed_shares(text, clause)
    for match in sorted(matches, key=lambda match: match.start()):
        if any(a <= match.start() < b for a, b, _ in found):
            continue
        share = match.group("share")
        rate = next(iter(find_mentions(share)), None)
        if rate is None:
            continue
        is_rate = rate.kind == "rate"
        found.extend(
            (
                match.start(),
                match.end(),
                Instalment(when, rate.value if is_rate else None, None if is_rate else rate.value),
            )
            for when in _each(match.group("when"))
        )
    return sorted(found, key=lambda item: item[0])


def _each(when: str) -> list[str]:
    """第二、三年 → 第二年, 第三年 (one instalment each); any other 'when' stays as written."""
    listed = re.fullmatch(r"第(.+)(年|期|次|批)", when)
    if listed is None or "、" not in when:
        return [when]
    return [f"第{item}{listed.group(2)}" for item in listed.group(1).split("、")]


def _listed_shares(text: str, clause: Segment) -> list[tuple[int, int, Instalment]]:
    """分三年按40%、30%、30%比例拨付 (or 按40%、30%、30%的比例分三年发放) → 第1年 0.4, 第2年 0.3,
    第3年 0.3 (spans: the whole phrase)."""
    found: list[tuple[int, int, Instalment]] = []
    matches = [
        *rule("schedule_shares").finditer(text, clause.start, clause.end),
        *rule("schedule_shares_after").finditer(text, clause.start, clause.end),
    ]
    for match in sorted(matches, key=lambda match: match.start()):
        shares = [m.value for m in find_mentions(match.group("shares")) if m.kind == "rate"]
        unit = match.group("unit")
        found.extend(
            (match.start(), match.end(), Instalment(f"第{index}{unit}", share, None))
            for index, share in enumerate(shares, 1)
        )
    return found


@dataclass(frozen=True)
class _Part:
    """One part of a split, where its figure is."""

    start: int
    end: int
    share: Share


@dataclass(frozen=True)
class _SplitPhrase:
    start: int
    end: int
    parts: tuple[_Part, ...]
    said: bool  # every part in a paying body's words (承担, 财政, 各), not only a level's name
    ratio: bool = False  # 由省、市、区按3:3:4比例分担: shares by construction


def _inside_any(splits: list[_SplitPhrase], mention: Mention) -> bool:
    return any(split.start <= mention.start < split.end for split in splits)


def _splits(text: str, clause: Segment) -> list[_SplitPhrase]:
    """The phrases dividing a sum between paying bodies: parts after 其中 (其中省级10万元，
    市级20万元), parts in a payer's words anywhere (市财政承担15万元), a ratio (由省、市按1:1
    比例分担)."""
    groups: list[list[re.Match[str]]] = []
    for match in PAYER_PART.finditer(text, clause.start, clause.end):
        if groups and PART_JOINT.fullmatch(text, groups[-1][-1].end(), match.start()):
            groups[-1].append(match)
        else:
            groups.append([match])
    found: list[_SplitPhrase] = []
    for group in groups:
        lead = SPLIT_LEAD.search(text, max(clause.start, group[0].start() - 5), group[0].start())
        said = all(PAYER_SAID.search(m.group("payer") + m.group("verb")) for m in group)
        if lead is None and not said:
            continue  # 市级奖励2万元，省级奖励5万元: a tier list keyed by level, as before
        parts: list[_Part] = []
        for match in group:
            figure = next(iter(find_mentions(match.group("share"))), None)
            if figure is None:
                continue
            is_rate = figure.kind == "rate"
            parts.extend(
                _Part(
                    match.start("share"),
                    match.end("share"),
                    Share(
                        payer, figure.value if is_rate else None, None if is_rate else figure.value
                    ),
                )
                for payer in _payers(match.group("payer"), match.group("verb"))
            )
        if parts:
            start = lead.start() if lead is not None else group[0].start()
            found.append(_SplitPhrase(start, group[-1].end(), tuple(parts), said))
    for match in PAYER_RATIO.finditer(text, clause.start, clause.end):
        levels = LEVEL.findall(match.group("payers"))
        ratio = [Decimal(item) for item in match.group("ratio").split(":")]
        if len(levels) != len(ratio) or not all(ratio):
            continue  # not a ratio the text pairs with its payers: nothing to record
        whole = sum(ratio)
        parts = [
            _Part(
                match.start("ratio"),
                match.end("ratio"),
                Share(_level(level), (item / whole).quantize(Decimal("0.0001")), None),
            )
            for level, item in zip(levels, ratio, strict=True)
        ]
        found.append(_SplitPhrase(match.start(), match.end(), tuple(parts), True, ratio=True))
    return sorted(found, key=lambda split: split.start)


def _payers(payer: str, verb: str) -> list[str]:
    """市、区两级财政各承担 → 市级, 区级 (a part each); 市、区共同承担 → one part of both."""
    levels = LEVEL.findall(payer)
    if len(levels) > 1 and "各" in verb:
        return [_level(level) for level in levels]
    said = re.sub(r"资金$", "", payer)
    return [_level(said) if LEVEL.fullmatch(said) else said]


def _level(level: str) -> str:
    return f"{level}级" if len(level) == 1 else level


def _award_before(found: list[Reward], split: _SplitPhrase) -> int | None:
    """The award a split divides: the last one before it in the clause, not a tier of a list."""
    before = [index for index, reward in enumerate(found) if reward.end <= split.start]
    if not before or found[before[-1]].group is not None:
        return None
    return before[-1]


def _split(reward: Reward, split: _SplitPhrase) -> list[Reward]:
    """The award with its split between paying bodies — one award, the parts never added to it.

    Parts that add up to the sum (or to all of it, as shares) divide it. Parts in a paying body's
    words (承担, 财政, 各) divide it too when they do not add up, flagged for the reviewer: the
    text states the sum, and the parts never pay more. Parts that only name a level (省级10万元)
    and do not add up may be grades instead (国家级30万元、省级20万元 under 最高30万元): they are
    then read as a tier list and the sum before them as their shared ceiling, not one more award
    — each grade is paid at most its own part, and never more than the sum."""
    shares = [part.share for part in split.parts]
    whole = reward.amount if reward.amount is not None else reward.cap
    sums = [share.yuan for share in shares if share.yuan is not None]
    rates = [share.share for share in shares if share.share is not None]
    if split.ratio or (rates and not sums):
        adds_up = split.ratio or sum(rates) == 1
        total = None
    else:
        total = sum(sums, Decimal(0))
        adds_up = not rates and whole is not None and total == whole
    if not adds_up and not split.said:
        if whole is None or rates:
            return [reward]  # nothing to weigh the parts against: as the clause reads alone
        return _parts_as_tiers(reward, split, whole, total)
    note = None
    if not adds_up and total is not None and whole is not None:
        note = (
            f"各级分担合计{_yuan_words(total)}，"
            + ("少于" if total < whole else "超过")
            + f"奖补金额{_yuan_words(whole)}，按奖补金额读出，待核定"
        )
    elif not adds_up and rates and not sums:
        note = "各级分担比例合计不为100%，待核定"
    elif not adds_up:
        note = "各级分担与奖补金额无法对应核对，待核定"
    return [
        replace(
            reward,
            split=tuple(shares),
            split_span=(split.start, split.end),
            confidence=reward.confidence - (0 if adds_up else 0.2),
            note=note,
        )
    ]


def _parts_as_tiers(
    reward: Reward, split: _SplitPhrase, whole: Decimal, total: Decimal | None
) -> list[Reward]:
    """其中国家级30万元，省级20万元 after 最高30万元: grades under one ceiling, never above it."""
    said = f"“其中”各项合计{_yuan_words(total or Decimal(0))}，与总额{_yuan_words(whole)}不符"
    tiers = []
    for part in split.parts:
        figure = part.share.yuan or Decimal(0)
        over = figure > whole
        tiers.append(
            Reward(
                part.start,
                part.end,
                "tiered",
                reward.clause,
                condition_end=reward.condition_end,
                amount=min(figure, whole),
                grade=part.share.payer,
                group=split.parts[0].start,
                confidence=min(reward.confidence, 0.7) - (0.2 if over else 0),
                note=f"{said}：按分档读出，总额不另计"
                + (f"，本档超过总额，按总额{_yuan_words(whole)}计" if over else "")
                + "，待核定",
            )
        )
    return tiers


def _yuan_words(value: Decimal) -> str:
    if value >= 10_000 and value % 100 == 0:
        return f"{(value / 10_000).normalize():f}万元"
    return f"{value.normalize():f}元"


def _with_schedule(reward: Reward, instalments: list[tuple[int, int, Instalment]]) -> Reward:
    """The award with its schedule; less sure where the instalments do not add up to it."""
    schedule = tuple(item for _, _, item in instalments)
    shares = [item.share for item in schedule if item.share is not None]
    sums = [item.yuan for item in schedule if item.yuan is not None]
    whole = reward.amount if reward.amount is not None else reward.cap
    adds_up = (shares and sum(shares) == 1 and not sums) or (
        sums and not shares and whole is not None and sum(sums) == whole
    )
    return replace(
        reward,
        schedule=schedule,
        schedule_span=(instalments[0][0], instalments[-1][1]),
        confidence=reward.confidence - (0 if adds_up else 0.2),
    )


def _bands(text: str, clause: Segment) -> tuple[int, int, tuple[Band, ...]] | None:
    """The bands of a progressive award in the clause (two or more), with their extent."""
    matches: list[tuple[int, int, Band]] = []
    for name in BAND_RULES:
        for match in rule(name).finditer(text, clause.start, clause.end):
            if any(a < match.end() and match.start() < b for a, b, _ in matches):
                continue
            lower = match.groupdict().get("lower")
            upper = match.groupdict().get("upper")
            matches.append(
                (
                    match.start(),
                    match.end(),
                    Band(
                        _yuan_of(lower),
                        _yuan_of(upper),
                        next(m.value for m in find_mentions(match.group("rate"))),
                    ),
                )
            )
    if len(matches) < 2:
        return None
    matches.sort(key=lambda item: item[0])
    bands = [band for _, _, band in matches]
    # The open top band starts where the band below it ends (超过部分).
    for index in range(1, len(bands)):
        if bands[index].lower is None and bands[index - 1].upper is not None:
            bands[index] = replace(bands[index], lower=bands[index - 1].upper)
    return matches[0][0], matches[-1][1], tuple(bands)


def _yuan_of(amount: str | None) -> Decimal | None:
    if amount is None:
        return None
    if not amount.endswith("元"):  # a band's bound written 500万
        amount += "元"
    found = [m for m in find_mentions(amount) if m.kind == "money"]
    return found[-1].value if found else None


def _offers_equity(text: str, clause: Segment) -> bool:
    """Whether the clause pays in shares (采用股权投资方式支持): no figure of it is a reward. Equity
    a firm has received (对获得私募股权投资…的企业) is only what the award is for."""
    for found in EQUITY.finditer(text, clause.start, clause.end):
        if EQUITY_RECEIVED.search(text, clause.start, found.end()) is None:
            return True
    return False


def _clause_rewards(text: str, clause: Segment, mentions: list[Mention]) -> list[Reward]:
    if _offers_equity(text, clause):
        return []
    # 0元 or 0% promises nothing; a figure read as zero is a misread (〇万元), never a cap of 0.
    mentions = [m for m in mentions if m.value != 0]
    found: list[Reward] = []
    # A rate, ratio, per-unit amount or list of rates that a following cap may close.
    waiting: list[int] = []
    interest = "贴息" in text[clause.start : clause.end]
    floor = clause.start
    banded = _bands(text, clause) if REWARD_WORDS.search(text, clause.start, clause.end) else None
    placed = False
    if banded is not None:
        band_start, band_end, bands = banded
        mentions = [m for m in mentions if not band_start <= m.start < band_end]
        progressive = Reward(band_start, band_end, "progressive", clause, band_start, bands=bands)
        mentions = [m for m in mentions if m.start < band_start] + [
            m for m in mentions if m.start >= band_end
        ]
    mentions, ranges = _ranges(text, mentions)
    for run in _unlisted_rates(text, clause, _runs(text, mentions)):
        if banded is not None and run[0].start >= band_end and not placed:
            found.append(progressive)
            waiting, placed = [len(found) - 1], True
        first, previous_end, floor = run[0], floor, run[-1].end
        if first.kind != "money":
            made = _rate_rewards(text, clause, run, interest)
            if first.start in ranges:
                made = [replace(reward, confidence=reward.confidence - 0.1) for reward in made]
            keyed = bool(made) and _period_keyed(text, clause, made[0], found, waiting)
            found.extend(made)
            if made:
                # 前三年按80%…后两年按50%…每年最高1000万元: the cap closes every period's rate.
                fresh = list(range(len(found) - len(made), len(found)))
                waiting = [*waiting, *fresh] if keyed else fresh
            continue
        if waiting and _superseded(text, clause, first.start, run[-1].end):
            continue  # 上限由200万元提高至500万元: the old ceiling caps nothing, the new one does
        if waiting and len(run) == 1 and all(_is_cap_of(text, found[i], first) for i in waiting):
            for index in waiting:
                # Each period's rate keeps its own span; the last one's runs to the cap.
                found[index] = _with_cap(found[index], first, keep_span=index != waiting[-1])
            waiting = []
            continue
        if len(run) > 1 and _rate_with_tier_caps(text, found, waiting, first):
            # 按研发投入的10%分别给予最高100万元、50万元: each grade is the rate up to its ceiling.
            rate = found.pop(waiting[0])
            tiers = _money_rewards(text, clause, run, previous_end, interest, rate.confidence)
            found.extend(
                replace(tier, rate=rate.rate, condition_end=rate.condition_end) for tier in tiers
            )
            waiting = []
            continue
        decided = _money_decision(text, clause, first, run[-1])
        if decided is None and _continues_price_list(text, clause, previous_end, first):
            decided = 0.75  # …渔船每月333元；8到10米…的渔船每月417元
        if decided is None and found and found[-1].kind in PER_KINDS:
            between = text[found[-1].end : first.start]
            if (
                LIST_NEXT_PRICE.search(between)
                and _nearest_role(between, MONEY_ROLES, MONEY_CUES) is None
            ):
                decided = found[-1].confidence  # …每月2400元，副高级职称人才…每月1200元
        if decided is not None:
            made = _money_rewards(text, clause, run, previous_end, interest, decided)
            if len(run) == 1 and first.start in ranges:
                made = [_as_range(reward) for reward in made]
            if (
                len(made) == 1
                and made[0].kind == "fixed"
                and found
                and found[-1].kind == "per_unit"
                and LIST_SHARES_UNIT.match(text[found[-1].end : first.start])
            ):
                made = [replace(made[0], kind="per_unit")]
            found.extend(made)
            # 按博士每人10000元、硕士每人7000元的标准…，每家企业每年最高50万元: a ceiling after a
            # list of prices bounds every price of the list, not its last alone.
            priced = [
                i for i in range(len(found) - len(made), len(found)) if found[i].kind in PER_KINDS
            ]
            if priced and waiting and _joins_price_list(text, [found[i] for i in waiting], first):
                priced = [*waiting, *priced]
            waiting = priced if found[-1].kind in PER_KINDS else waiting
    if banded is not None and not placed:
        found.append(progressive)
    return _graded(text, sorted(found, key=lambda reward: reward.start))


def _joins_price_list(text: str, prices: list[Reward], first: Mention) -> bool:
    """博士每人10000元、硕士每人7000元: the next price of a list joined by 、 to prices not yet
    bounded, which a ceiling after the list bounds together."""
    if not prices or any(p.kind not in PER_KINDS or p.cap is not None for p in prices):
        return False
    between = text[prices[-1].end : first.start]
    return "、" in between and not re.search(r"[,;。:]", between)


def _continues_price_list(text: str, clause: Segment, floor: int, first: Mention) -> bool:
    """8到10米且双控功率大于9千瓦的渔船每月417元 after 对小于8米的渔船为每月333元； under an award
    named before (生产成本补助：…): a clause after ； whose sum repeats the price word of the
    clause before it, that clause naming an award, is the list's next price. The measure inside
    who qualifies (…大于9千瓦的渔船) says nothing of the sum: only the words after its 的 count."""
    lead = text[max(clause.start, floor) : first.start]
    own = PRICE_WORD.search(lead)
    if own is None or lead[own.end() :].strip():
        return False
    words = lead[lead.rfind("的") + 1 :]
    if _nearest_role(words, MONEY_ROLES, MONEY_CUES) is not None:
        return False
    if LIST_NOT_PAID.search(words) or LIST_NOT_PAID.search(text, first.end, clause.end):
        return False  # 其中企业自筹每人每年3万元, 超出部分每月1000元由个人承担
    before = text[max(0, clause.start - LIST_REACH) : clause.start].rstrip()
    if not before.endswith(";"):
        return False
    ends = list(SENTENCE_END.finditer(before))
    previous = before[ends[-1].end() :] if ends else before
    return REWARD_WORDS.search(previous) is not None and own.group() in previous


LIST_REACH = 200


def _rate_with_tier_caps(
    text: str, found: list[Reward], waiting: list[int], first: Mention
) -> bool:
    """Whether the money list starting at ``first`` is the ceilings, grade by grade, of the one
    capless rate just before it (rate_tier_caps)."""
    if len(waiting) != 1 or waiting[0] != len(found) - 1:
        return False
    rate = found[waiting[0]]
    if rate.kind != "rate" or rate.cap is not None or rate.rate is None:
        return False
    return RATE_TIER_CAPS.fullmatch(text, rate.end, first.start) is not None


def _period_keyed(
    text: str, clause: Segment, reward: Reward, found: list[Reward], waiting: list[int]
) -> bool:
    """Whether ``reward`` is the next period's rate after capless rates (后两年按50%)."""
    if not waiting or any(found[i].kind != "rate" or found[i].cap is not None for i in waiting):
        return False
    # 比例上限提高至60%(对于制造业企业上限提高至65%): the aside's rate is the same rate for a
    # group, capped as the rate before it is.
    aside = text.rfind("(", found[waiting[-1]].end, reward.start)
    if aside >= 0 and ")" not in text[aside : reward.start]:
        return True
    breaks = list(PHRASE_BREAK.finditer(text, clause.start, reward.start))
    start = breaks[-1].end() if breaks else clause.start
    return PERIOD_KEY.match(text[start : reward.start]) is not None


def _graded(text: str, found: list[Reward]) -> list[Reward]:
    """Items keyed by level one after another (市级奖励2万元，省级奖励5万元，国家级奖励10万元;
    三星级按60%…四星级按80%): tiers of one list, each graded by its level."""
    keyed: list[tuple[int, str]] = []
    for index, reward in enumerate(found):
        if reward.kind not in ("fixed", "rate"):
            continue
        breaks = list(PHRASE_BREAK.finditer(text, reward.clause.start, reward.start))
        start = breaks[-1].end() if breaks else reward.clause.start
        match = GRADED_ITEM.match(text[start : reward.start])
        if match is not None:
            keyed.append((index, match.group("grade")))
    named = _named_items(text, found)
    keyed = sorted([*keyed, *named, *_priced_items(text, found)], key=lambda item: item[0])
    runs: list[list[tuple[int, str]]] = []
    for item in keyed:
        if (
            runs
            and runs[-1][-1][0] == item[0] - 1
            and (found[item[0]].kind == found[runs[-1][-1][0]].kind)
        ):
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        if len(run) < 2:
            continue
        group = found[run[0][0]].start
        shared = found[run[0][0]].condition_end
        for index, grade in run:
            found[index] = replace(
                found[index], kind="tiered", grade=grade, group=group, condition_end=shared
            )
    return found


def _priced_items(text: str, found: list[Reward]) -> list[tuple[int, str]]:
    """按博士每人10000元、硕士每人7000元、其他每人5000元: prices per person each after its grade."""
    items: list[tuple[int, str]] = []
    for index, reward in enumerate(found):
        if reward.kind != "per_unit" or reward.amount is None:
            continue
        floor = found[index - 1].end if index else reward.clause.start
        breaks = list(ITEM_BREAK.finditer(text, max(floor, reward.clause.start), reward.start))
        start = breaks[-1].end() if breaks else max(floor, reward.clause.start)
        # the price's own words may open with 每人 (its span starts at the modifier)
        own = re.match(r"每(?:人|名)", text[reward.start : reward.end])
        match = PRICED_ITEM.match(text[start : reward.start + (own.end() if own else 0)])
        if match is not None:
            items.append((index, match.group("grade")))
    return items


ITEM_BREAK = re.compile(r"[,:;、]")
# 应根据实际安排…必要的运营经费: the clause says the funds after it are a government's to arrange
FUNDS_ARRANGED_BEFORE = re.compile(r"安排[^。;]{0,24}?经费(?!支持|补助|补贴|奖励|资助)")
# 分别增加 / 再增加 right before the sums: an award raised by them
RAISED_BY = re.compile(r"(?:分别|再|另行?|均)增加$")


def _named_items(text: str, found: list[Reward]) -> list[tuple[int, str]]:
    """其中本科生2万元，硕士研究生4万元: fixed sums each after a bare name, the first after 其中."""
    items: list[tuple[int, str]] = []
    for index, reward in enumerate(found):
        if reward.kind != "fixed" or reward.start != reward.condition_end:
            continue
        floor = found[index - 1].end if index and items else reward.clause.start
        breaks = list(PHRASE_BREAK.finditer(text, floor, reward.start))
        start = breaks[-1].end() if breaks else floor
        match = NAMED_ITEM.match(text[start : reward.start])
        if match is None or MONEY_CUES.search(match.group("grade")):
            continue
        opens = match.group("lead") is not None
        follows = bool(items) and items[-1][0] == index - 1
        if opens or follows:
            items.append((index, match.group("grade")))
    return items


def _ranges(text: str, mentions: list[Mention]) -> tuple[list[Mention], set[int]]:
    """5万元—20万元 is one amount, a range, not two awards: one mention worth the upper end."""
    merged: list[Mention] = []
    ranges: set[int] = set()
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == mention.kind
            and mention.kind in ("money", "rate")
            and previous.start not in ranges
            and RANGE.fullmatch(text, previous.end, mention.start)
            and previous.value < mention.value
        ):
            merged[-1] = replace(mention, start=previous.start)
            ranges.add(previous.start)
        else:
            merged.append(mention)
    return merged, ranges


def _as_range(reward: Reward) -> Reward:
    """A range pays at most its upper end; how much within it the text leaves to the officer."""
    value = reward.cap if reward.cap is not None else reward.amount
    if reward.kind in PER_KINDS:
        # 每个职业给予2万元-10万元奖励: at most 10万元 each, never 10万元 each as stated
        return replace(reward, amount=None, cap=value, confidence=reward.confidence - 0.1)
    if reward.kind not in ("fixed", "cap"):
        return replace(reward, confidence=reward.confidence - 0.1)
    return replace(reward, kind="cap", amount=None, cap=value, confidence=reward.confidence - 0.1)


def _runs(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Money amounts joined only by 、 or , form one list (a tiered run); others stand alone."""
    runs: list[list[Mention]] = []
    for mention in mentions:
        previous = runs[-1][-1] if runs else None
        listed = (
            previous is not None
            and "分别" in text[max(0, runs[-1][0].start - 12) : runs[-1][0].start]
        )
        if (
            previous is not None
            and previous.kind == mention.kind
            # Rates form a list after 分别 (分别按其营业额的15%、10%) or, when keyed to grades
            # named before them, without it (_unlisted_rates); money always does.
            and mention.kind in ("money", "rate")
            and (
                LIST_JOINT.fullmatch(text, previous.end, mention.start)
                # 分别给予200万元和100万元: 和/及 join the last two items of a tier list.
                or (
                    re.fullmatch(r"\s*(?:、)?(?:和|及|与)\s*", text[previous.end : mention.start])
                    and (listed or mention.kind == "rate")
                )
            )
        ):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def _unlisted_rates(text: str, clause: Segment, runs: list[list[Mention]]) -> list[list[Mention]]:
    """A list of rates is tiers after 分别, or when as many grades are named before it
    (对年纳税额达到500万元、1000万元的企业，参照其…60%和70%); else each rate stands alone."""
    kept: list[list[Mention]] = []
    for run in runs:
        first = run[0]
        listed = "分别" in text[max(0, first.start - 12) : first.start]
        if (
            len(run) > 1
            and first.kind == "rate"
            and not listed
            and grades(text, clause.start, first.start, len(run)) is None
        ):
            kept.extend([mention] for mention in run)
        else:
            kept.append(run)
    return kept


def _nearest_role(prefix: str, roles: dict[str, Role], cues: re.Pattern[str]) -> Role | None:
    for match in reversed(list(cues.finditer(prefix))):
        role = roles[match.group()]
        if role != "modifier":
            return role
    return None


def _money_decision(text: str, clause: Segment, first: Mention, last: Mention) -> float | None:
    """The base confidence if the run is a reward, or None."""
    if THRESHOLD_AFTER.match(text, last.end) or _reported(text, clause, first, last):
        return None
    if APPLICANT_PAYS.match(text, last.end):  # 按不低于…的标准对见习人员支付工作补贴的,
        return None
    if LOAN_AFTER.match(text, last.end):  # 提供3—10万元…创业启动资金贷款: lent, not paid
        return None
    if FUND_AFTER.match(text, last.end):  # 组建10亿元工业发展投资基金: a fund's size
        return None
    if _illustrative(text, first.start, last.end) or _base(text, clause, first, last):
        return None
    if _superseded(text, clause, first.start, last.end):
        return None
    prefix = text[max(clause.start, first.start - LOOK_BACK) : first.start]
    if STEP_BEFORE.search(prefix):
        return None  # 每实现2000万元: the step counted, the award comes after it
    if BUDGET_ARRANGED.search(prefix):
        return None  # 每年安排扶持资金1000万元: a budget
    breaks = list(PHRASE_BREAK.finditer(prefix))
    phrase = prefix[breaks[-1].end() :] if breaks else prefix
    if (
        FUNDS_PUT_IN.search(phrase)
        and OFFER_PHRASE.search(phrase) is None
        and FUNDS_NAMED_AFTER.match(text, last.end)
    ):
        return None  # …行动，配套2亿元以奖代补资金: funds a government puts in
    if FUNDS_OWED_AFTER.match(text, last.end) and FUNDS_ARRANGED_BEFORE.search(
        text, clause.start, first.start
    ):
        return None  # 应…安排…运营经费，区级…每年每个分别不少于60万元…运营经费: a budget
    role = _nearest_role(prefix, MONEY_ROLES, MONEY_CUES)
    closed = list(QUALIFIER_CLOSED.finditer(prefix))
    if role == "other" and closed:
        # 工资3倍者,每人每月800元: the measure belongs to who qualifies; read the sum's own words.
        role = _nearest_role(prefix[closed[-1].end() :], MONEY_ROLES, MONEY_CUES)
    if role == "reward":
        return 0.9
    if role == "other" and REWARD_AFTER.match(text, last.end):
        # …在本区依法纳税的企业…引进的高层次人才,经相关部门认定,按每人5-10万元标准给予: a measure
        # named phrases before, in who qualifies, says nothing of this sum; its own words do.
        breaks = list(PHRASE_BREAK.finditer(prefix))
        if breaks and _nearest_role(prefix[breaks[-1].end() :], MONEY_ROLES, MONEY_CUES) is None:
            return 0.75
        # 对…场地租金按每平方米每月最高40元给予补贴: 按 opens the price; the measure before it
        # names what the price is paid on, and the award follows at once.
        opened = list(BY.finditer(prefix))
        tail = prefix[opened[-1].end() :] if opened else ""
        if (
            opened
            and PHRASE_BREAK.search(tail) is None
            and _nearest_role(tail, MONEY_ROLES, MONEY_CUES) is None
        ):
            return 0.75
    if role == "other" and RAISED_BY.search(prefix) and RAISED_AWARD_AFTER.match(text, last.end):
        return 0.75  # 根据评估等级分别增加40万元、30万元、20万元服务奖励
    if role == "other" and INCREMENT.search(prefix) and REWARD_AFTER.match(text, last.end):
        return 0.75  # 每公里增加不超过1万元的补助: 增加 says the step, 的补助 the award
    if role is None and REWARD_AFTER.match(text, last.end):
        return 0.75
    if role is None and NAMED_AWARD_AFTER.match(text, last.end):
        return 0.75  # (一)最高2000万元落户奖励;
    if role is None and PRICE_AND_TOTAL.match(text, last.end):
        return 0.75  # 按每平方米不超过1000元且总额不超过50万元的标准，给予购房补助
    if (
        role == "other"
        and TOTAL_OF_PRICE.search(prefix)
        and STANDARD_THEN_AWARD.match(text, last.end)
    ):
        return 0.75  # …且总额不超过50万元的标准，给予…: the price's ceiling
    if role is None and PRICED_LIST_AFTER.match(text, last.end):
        return 0.75  # 按博士每人10000元、硕士每人7000元…标准给予补贴: paid as the last item is
    if role is None and PAID_TO_AFTER.match(text, last.end):
        return 0.75  # 按每人10000元标准向承办机构支付培训补助
    if role is None and _standard_then_ceiling(text, clause, last):
        return 0.75  # 按照40元/平方米/月的标准，连续三年给予每年最高30万元补贴
    if role is None and _under_standard_heading(text, clause, prefix):
        return 0.75  # 三、补贴标准 / (一)A类人才，每人每月1500元
    if (
        role is None
        and (PER_UNIT.search(prefix) or PER_AREA.search(prefix))
        and PRICE_BEFORE_TOTAL.match(text, last.end)
    ):
        return 0.75  # 每万平方米5000元、年度出让项目奖励总额不超过100万元
    return None


def _standard_then_ceiling(text: str, clause: Segment, last: Mention) -> bool:
    """A price named as the standard an award then pays by (standard_then_award) — unless that
    award names a sum of its own, not a ceiling: 参照每人每年5000元的标准，给予企业一次性奖励10万元
    pays the 10万元, and the price read too would be paid on top of it."""
    found = STANDARD_THEN_AWARD.match(text, last.end)
    if found is None:
        return False
    own = SUM_AFTER.search(text, found.end(), clause.end)
    if RATE_AFTER.search(text, found.start(), own.start() if own else clause.end):
        return False  # 按照每平方米3000元的标准，给予50%补贴: the base of a rate, never paid whole
    return own is None or CAP.search(text, found.start(), own.start()) is not None


RATE_AFTER = re.compile(r"\d+(?:\.\d+)?\s*[%‰]")
# A sum of money in the words after a standard or a rate (5000元, 10万元, 五十万元).
SUM_AFTER = re.compile(r"(?:\d+(?:\.\d+)?\s*[十百千万亿]*|[一二两三四五六七八九十百千万亿]+)元")


def _reported(text: str, clause: Segment, first: Mention, last: Mention) -> bool:
    """A sum a review reports (兑现奖补资金超5.4亿元, 发放住房租赁补贴7467户2091万元, 人均可支配收入
    分别为…) rather than one offered: never when the clause names a recipient, a condition or
    an offer's terms before it (offer_said) — a missed award costs an officer more than a
    false alarm struck out."""
    if _under_review_heading(text, clause):
        return True
    lead = text[clause.start : first.start]
    # 向526名高层次人才发放…: counted recipients are a review's, so their words keep nothing.
    offer_lead = COUNTED_PAYOUT.sub(",", lead)
    if MEASURED_LIST.search(lead) or PAYOUT_TOTAL.search(lead):
        return True  # 产业规模分别提升至900亿元、1100亿元: measures listed, whoever is named before
    said = (
        REPORTED_SUM.search(lead)
        or REVIEW_SUM.search(lead)
        or MEASURED_LIST.search(lead)
        or REPORTED_AFTER.match(text, last.end)
    )
    if (said is not None and OFFER_SAID.search(offer_lead) is None) or _budget_part(text, first):
        return True
    breaks = list(PHRASE_BREAK.finditer(lead))
    phrase = lead[breaks[-1].end() :] if breaks else lead
    if (
        REVIEW_PHRASE.search(phrase)
        # 获得授权后资助1000元/件: a price per unit is an offer's standard, never a review's total
        and UNIT_AFTER.match(text, last.end) is None
        and OFFER_PHRASE.search(phrase) is None
        and CONDITION_SAID.search(offer_lead) is None
    ):
        return True  # 获得财政衔接补助资金8.58亿元: the figure's own phrase reports it
    return WELFARE_STANDARD.search(text, clause.start, clause.end) is not None


def _under_review_heading(text: str, clause: Segment) -> bool:
    """一、2025年发放情况: 2025年1月起…标准分别为每人每月209元、280元 — the section reports what
    was paid; the standard in force is the one the next section (二、2026年发放标准) sets."""
    headings = list(
        STANDARD_HEADING.finditer(text, max(0, clause.start - HEADING_REACH), clause.start)
    )
    return bool(headings) and REVIEW_TITLE.search(headings[-1].group("title")) is not None


def _budget_part(text: str, first: Mention) -> bool:
    """市财政2024年预算安排112.1亿元。其中，支持…资金54.2亿元: a part of a budget stated before
    其中 is budgeted money, not an award — unless its own words offer it (其中，…给予50万元)."""
    window = text[max(0, first.start - BUDGET_REACH) : first.start]
    if BUDGET_PART.search(window) is None:
        return False
    return OFFER_TERMS.search(window[window.rfind("其中") :]) is None


def _superseded(text: str, clause: Segment, start: int, end: int) -> bool:
    """A figure of the standard before this one: the one a raise starts from (从原先的6000元…提高了
    15000元) or an earlier document's, quoted for comparison (在“1+5”文件中分别是150万元). Read
    as awards beside the new ones, a reviewer accepting both would pay the old sum too."""
    lead = text[clause.start : start]
    if RAISED_FROM.search(lead) and RAISED_TO.match(text, end):
        return True
    return EARLIER_DOCUMENT.search(lead) is not None


def _illustrative(text: str, start: int, end: int) -> bool:
    """A figure of a worked example (按见习6个月测算, 以…为例, 例如:某企业…) or a term of a formula
    (1520元/人月×2/3×6月+500元/人=6580元/人): it shows a computation, nobody is paid it."""
    if FORMULA_AFTER.match(text, end) or FORMULA_BEFORE.search(text, max(0, start - 2), start):
        return True
    floor = max(0, start - EXAMPLE_REACH)
    ends = list(SENTENCE_END.finditer(text, floor, start))
    lead = text[ends[-1].end() if ends else floor : start]
    # An aside closed before the figure ((如软件企业)) names who qualifies, not an example.
    return WORKED_EXAMPLE.search(CLOSED_ASIDE.sub("", lead)) is not None


def _base(text: str, clause: Segment, first: Mention, last: Mention) -> bool:
    """北三市月最低工资标准为1520元, 保险费标准为500元/人: a wage or a cost the subsidy is computed
    from (or pays in full) — the base, not the amount; 补贴标准为每人每月500元 stays an award."""
    _, words = _phrase_prefix(text, clause, first, clause.start)
    return (
        BASE_NAMED.search(words) is not None
        or BASE_AFTER.match(text, last.end) is not None
        or PAID_IN.search(words) is not None
        or FEE_CHARGED.search(words) is not None
        or FINE_AFTER.match(text, last.end) is not None
    )


STANDARD_TITLE = re.compile(r"(?:补贴|奖励|资助|补助|奖补|扶持)(?:标准|金额|额度)\s*$")
HEADING_REACH = 1500


def _under_standard_heading(text: str, clause: Segment, prefix: str) -> bool:
    """A unit price or ceiling (每人每月, 最高) in a section headed 补贴标准 (…奖励标准) is the
    award the heading names, though no word before it in its clause says so."""
    if not (PER_UNIT.search(prefix) or PER_MONTH.search(prefix) or CAP.search(prefix)):
        return False
    headings = list(
        STANDARD_HEADING.finditer(text, max(0, clause.start - HEADING_REACH), clause.start)
    )
    return bool(headings) and STANDARD_TITLE.search(headings[-1].group("title")) is not None


def _phrase_prefix(text: str, clause: Segment, mention: Mention, floor: int) -> tuple[int, str]:
    """The words just before an amount that qualify it: back to a comma or the last amount."""
    start = max(clause.start, floor, mention.start - LOOK_BACK)
    breaks = list(PHRASE_BREAK.finditer(text, start, mention.start))
    if breaks:
        start = breaks[-1].end()
    return start, text[start : mention.start]


def _money_rewards(
    text: str, clause: Segment, run: list[Mention], floor: int, interest: bool, base: float
) -> list[Reward]:
    first = run[0]
    offset, words = _phrase_prefix(text, clause, first, floor)
    after = text[run[-1].end : run[-1].end + 8]
    is_cap = bool(CAP.search(words) or CAP_AFTER.match(after))
    # 每个企业获得的…补助资金总额不超过50万元: 每个 names whose total it is (the condition),
    # the award starts at the ceiling.
    owner = is_cap and TOTAL.search(words) is not None
    units = (
        (PER_AREA, PER_MONTH, CAP, AT_LEAST)
        if owner
        else (PER_AREA, PER_MONTH, PER_UNIT, CAP, AT_LEAST)
    )
    modifiers = [m.start() for p in units if (m := p.search(words))]
    if len(run) > 1:
        tiers = _tiers(text, clause, run, is_cap, base, offset + min(modifiers, default=len(words)))
        if not is_cap and PER_MONTH.search(words) and not PER_AREA.search(words):
            # 分别提高到每人每月200元、400元: each grade is a monthly sum per person, paid as
            # such — the grade and the group still say they are one list.
            return [replace(tier, kind="per_month") for tier in tiers]
        return tiers
    kind = _single_kind(words, after, interest, is_cap)
    if kind in ("fixed", "cap") and (
        COUNTED_PHRASE.search(text, clause.start, offset)
        or COUNTED_CASE.search(text, max(clause.start, offset - LOOK_BACK), offset)
        or STEP_COUNTED.search(text, max(clause.start, offset - LOOK_BACK), offset)
    ):
        kind = "per_unit"  # 每新入驻1家跨境电商企业,给予园区扶持资金1万元; 每实现2000万元给予2万元
    start = offset + min(modifiers) if modifiers else first.start
    counted = COUNTED.search(words)
    if counted is not None and offset + counted.start() == start:
        # 企业每认定1件高新技术产品给予1000元: what is counted is the condition; the award starts
        # at its own words.
        award = AWARD_WORDS.search(text, offset + counted.end(), first.start)
        start = award.start() if award is not None else first.start
    value = first.value
    confidence = base - (0.05 if first.unit_from_list else 0)
    return [
        Reward(
            start,
            first.end,
            kind,
            clause,
            condition_end=start,
            amount=None if is_cap and kind != "at_least" else value,
            cap=value if is_cap and kind != "at_least" else None,
            confidence=confidence,
        )
    ]


def _single_kind(words: str, after: str, interest: bool, is_cap: bool) -> ClauseKind:
    area = bool(PER_AREA.search(words) or AREA_AFTER.match(after))
    month = bool(PER_MONTH.search(words) or MONTH_AFTER.match(after))
    if interest:
        return "interest"
    if area and month:
        return "per_area_month"
    if month:
        return "per_month"
    # 每个企业…补助资金总额不超过50万元: a total's owner, not a price per enterprise.
    total = is_cap and TOTAL.search(words) is not None
    if area or (PER_UNIT.search(words) and not total) or UNIT_AFTER.match(after):
        return "per_unit"
    # 给予入园企业和实体企业各50万元: each recipient listed is paid the sum.
    each = EACH_RECIPIENT.search(words) or EACH_OF_GROUP.search(words)
    if each is not None and not words[each.end() :].strip():
        return "per_unit"
    if AT_LEAST.search(words):
        return "at_least"
    return "cap" if is_cap else "fixed"


def _tiers(
    text: str, clause: Segment, run: list[Mention], is_cap: bool, base: float, phrase: int
) -> list[Reward]:
    named = grades(text, clause.start, run[0].start, len(run))
    confidence = base - (0 if named else 0.2)
    return [
        Reward(
            mention.start,
            mention.end,
            "tiered",
            clause,
            condition_end=phrase,
            amount=None if is_cap else mention.value,
            cap=mention.value if is_cap else None,
            grade=named[index] if named else None,
            group=run[0].start,
            confidence=confidence - (0.05 if mention.unit_from_list else 0),
        )
        for index, mention in enumerate(run)
    ]


def _rate_rewards(text: str, clause: Segment, run: list[Mention], interest: bool) -> list[Reward]:
    """A rate (ratio) — or, after 分别, a list of rates, one tier each: 分别按其营业额的15%、10%."""
    first = _rate_reward(text, clause, run[0], interest)
    if first is None:
        return []
    if len(run) == 1:
        return [first]
    named = grades(text, clause.start, first.start, len(run))
    return [
        replace(
            first,
            start=first.start if index == 0 else mention.start,
            end=mention.end,
            kind="tiered",
            rate=mention.value,
            grade=named[index] if named else None,
            group=first.start,
            confidence=first.confidence - (0 if named else 0.2),
        )
        for index, mention in enumerate(run)
    ]


def _by_rate_closed(text: str, clause: Segment, mention: Mention) -> bool:
    """按不超过年度研发投入30%的，给予…: the 的 closes the rate 按 opened, not a threshold — when
    the award it opens names no sum, or only its ceiling (…给予100万元奖励 pays the 100万元)."""
    closed = BY_RATE_CLOSED.match(text, mention.end)
    if closed is None:
        return False
    own = SUM_AFTER.search(text, closed.end(), clause.end)
    if own is not None and CAP.search(text, closed.end(), own.start()) is None:
        return False
    _, words = _phrase_prefix(text, clause, mention, clause.start)
    opened = list(BY.finditer(words))
    return bool(opened) and BY_RATE_THRESHOLD.search(words[opened[-1].end() :]) is None


def _rate_reward(text: str, clause: Segment, mention: Mention, interest: bool) -> Reward | None:
    if THRESHOLD_AFTER.match(text, mention.end) and not _by_rate_closed(text, clause, mention):
        return None
    if RATE_SHARED_AFTER.match(text, mention.end):
        return None  # …按各50%的比例分享: an award divided, not another one
    if RATE_BOUND_AFTER.match(text, mention.end) or RATE_NAMED_AFTER.match(text, mention.end):
        return None  # 超过15%部分; 3%的保费率上限: a bound or a measure's value, not a share paid
    if RATE_MEASURED.search(text, clause.start, mention.start):
        return None  # 就业去向落实率94.9%: a measure's value
    if APPLICANT_PAYS.match(text, mention.end):  # 按不低于最低工资80%的标准对见习人员支付…的,
        return None
    if QUOTA_AFTER.match(text, mention.end):  # …8%的额度出具担保保函: a guarantee's size
        return None
    if mention.kind == "ratio" and FUNDS_ARRANGED.search(text, mention.end, clause.end):
        return None  # 按省专项资金1:1的比例安排市级配套资金: an allocation, not an award
    if _illustrative(text, mention.start, mention.end):
        return None
    if _superseded(text, clause, mention.start, mention.end):
        return None
    body = text[clause.start : clause.end]
    offset, words = _phrase_prefix(text, clause, mention, clause.start)
    refund = REFUND.search(words)
    if not REWARD_WORDS.search(body) and refund is None:
        return None
    if ACCUMULATED_LIMIT.search(words):
        return None  # 累计奖励金额不得超过…贡献的30%: a limit on awards, not one more
    by = max((m.start() for m in BY.finditer(words)), default=None)
    if by is None and refund is not None:
        by = refund.start()  # 可返还其…缴纳失业保险费的50%: the refund opens the rate
    if _share_of_award(text, clause, words[by:] if by is not None else words):
        return None  # 预拨总额不超过资助金额的80%…再拨付剩余的20%: parts of the award paid out
    if RATE_RAISED_BY.search(words):
        return None
    # 按…建筑面积…2‰的标准配建: floor space to build — unless an award is named after the rate.
    area = (by is not None and AREA_SHARE.search(words[by:]) is not None) or (
        AREA_BASE.search(words) is not None
    )
    if area and not RATE_REWARD_AFTER.match(text, mention.end):
        return None
    start = offset + by if by is not None else mention.start
    if by is not None and re.search(r"[%‰]", words[by:]):
        start = mention.start  # 参照…的60%、70%: the words before belong to the first rate
    elif by is not None and SUM_AFTER.search(words[by:]):
        # 分别按人民币30万元、50万元、实到外资额的8‰: the sums before belong to their own grades;
        # the rate's words are its own item's
        items = list(LIST_ITEM_BREAK.finditer(words, by))
        start = offset + items[-1].end() if items else start
    prefix = text[max(clause.start, mention.start - LOOK_BACK) : mention.start]
    role = "reward" if by is not None else _nearest_role(prefix, RATE_ROLES, RATE_CUES)
    if role == "other" and SHARE_RAISED.search(text, clause.start, mention.start):
        role = "reward"  # 资助比例上限由50%提高至60%: the raised share is what is offered
    if role == "other" and RATE_REWARD_AFTER.match(text, mention.end):
        role = "reward"
    if role != "reward" and RATE_SHARE_NAMED.search(prefix):
        role = "reward"  # 支持比例不超过…系统集成投资的20%: the award's share, of an investment
    given = RATE_REWARD_AFTER.match(text, mention.end)
    offered = given is not None and given.group().lstrip("的").startswith(("予以", "给予"))
    if role is None and offered:
        # 对其…场地租金总额的50%予以租金补贴: no word before tells, the offer right after does
        role = "reward"
    if role != "reward" and prefix.rstrip().endswith("扶持"):
        role = "reward"  # …(含300万元)的,扶持12%: the award's word right before its rate
    if mention.kind == "ratio":
        matched = MATCHING_WORDS.search(body) or AWARD_MATCHED.search(body)
        if (
            not matched
            and by is not None
            and (
                _measure_ratio(text, clause, mention)
                or MULTIPLE_OF_COST.search(words[by:]) is not None
            )
        ):
            return Reward(start, mention.end, "rate", clause, start, rate=mention.value)
        if not matched or role == "other":
            return None
        return Reward(
            start, mention.end, "matching", clause, start, rate=mention.value, confidence=0.8
        )
    if role != "reward":
        return None
    kind: ClauseKind = "interest" if interest else "rate"
    floor = AT_LEAST.search(words)
    if floor is not None and not interest:
        # 给予不低于设备投资额10%的资金支持: a floor on the rate, from 不低于 on.
        at = offset + floor.start()
        return Reward(at, mention.end, "at_least", clause, at, rate=mention.value)
    return Reward(start, mention.end, kind, clause, start, rate=mention.value)


def _measure_ratio(text: str, clause: Segment, mention: Mention) -> bool:
    """按企业实际研发投入1:1比例: the ratio is of what the recipient spent, so a rate of it."""
    return any(
        found.start() <= mention.start and mention.end <= found.end()
        for found in MEASURE_RATIO.finditer(text, clause.start, clause.end)
    )


def _share_of_award(text: str, clause: Segment, base: str) -> bool:
    """按应奖励额的40% / 按奖励总额的50%…拨付: a part of an award, paid out, not an award."""
    said = SHARE_OF_AWARD.search(base)
    if said is None:
        return False
    named = said.group().startswith(("应", "上述", "该", "本项", "核定"))
    return named or PAID_OUT.search(text, clause.start, clause.end) is not None


def _is_cap_of(text: str, reward: Reward, money: Mention) -> bool:
    """Whether ``money`` caps an earlier rate or per-unit amount: 按10%…,最高300万元."""
    # 每平方米最高50元…每年最高不超过300万元: the first ceiling is the unit price, the second
    # the total; a unit price already capped may still take its total.
    priced = reward.kind in PER_KINDS and reward.amount is None and reward.cap is not None
    capped = (reward.cap is None or priced) and (
        reward.kind in ("rate", "interest", "matching", "progressive", *PER_KINDS)
        or (reward.kind == "tiered" and reward.rate is not None)
    )
    # …标准不超过240元/人/日,其他申请人…标准不超过120元/人/日: a figure no larger than the unit
    # price before it cannot be its total — it is the next price (read so, 240 was capped at 120).
    price = reward.amount if reward.amount is not None else reward.cap
    if reward.kind in PER_KINDS and price is not None and money.value <= price:
        return False
    between = text[reward.end : money.start]
    return capped and CAP.search(between[-12:]) is not None and INCREMENT.search(between) is None


def _with_cap(reward: Reward, money: Mention, keep_span: bool = False) -> Reward:
    """The rate (its phrase now runs to the cap) or per-unit amount with its cap."""
    if reward.kind in PER_KINDS:
        # 每项5000元…最高5万元: a unit price with an overall ceiling of its own. A price per m²
        # at most 50元 (每月每平方米最高50元) is the unit price the total then limits.
        amount = reward.amount if reward.amount is not None else reward.cap
        kind: ClauseKind = (
            "per_unit_cap" if reward.kind == "per_unit" and amount is not None else reward.kind
        )
        return replace(
            reward,
            kind=kind,
            amount=amount,
            cap=money.value,
            cap_at=money.start,
            cap_end=money.end,
        )
    kind = "rate_cap" if reward.kind == "rate" else reward.kind
    if reward.kind == "tiered" or keep_span:  # each rate keeps its own span; the cap is shared
        return replace(reward, kind=kind, cap=money.value, cap_at=money.start, cap_end=money.end)
    return replace(
        reward, end=money.end, kind=kind, cap=money.value, cap_at=money.start, cap_end=money.end
    )


def total_across(
    text: str, previous: Reward, ceiling: Reward, sentence_start: int, figure: Mention
) -> Reward | None:
    """按每月每平方米最高50元的标准予以补贴。补贴期限为3年，且每年最高补贴金额不超过300万元。:
    a sentence that only limits a yearly total, naming nobody, is the total of the unit price
    the sentence before it ended with — not an award of its own. ``figure`` is the ceiling's."""
    if ceiling.kind != "cap" or ceiling.group is not None or previous.kind not in PER_KINDS:
        return None
    # A unit price not yet limited: 每平方米最高50元 (its price a ceiling) or 每件5000元.
    if previous.cap_at is not None or (previous.amount is not None and previous.cap is not None):
        return None
    said = text[sentence_start : figure.start]
    if TOTAL_ONLY.fullmatch(said) is None or names_recipient(said):
        return None
    return _with_cap(previous, figure)


def rates_closed_after(
    text: str, rates: list[Reward], sentence_start: int, figure: Mention
) -> list[Reward] | None:
    """…给予100%配套;对…分别给予70%、50%配套。原则上单个项目最高配套额度为500万元: the ceiling a
    sentence of its own states per item bounds every rate of the sentence before it, none of
    which had one — read alone, the rates would be paid without any. ``figure`` is the first
    figure of the sentence; its words before it must name nobody and only the ceiling."""
    if not rates or figure.kind != "money":
        return None
    for reward in rates:
        rated = reward.kind in ("rate", "matching") or (
            reward.kind == "tiered" and reward.rate is not None
        )
        if not rated or reward.cap is not None:
            return None
    said = text[sentence_start : figure.start]
    if RATES_CEILING.fullmatch(said) is None or CAP.search(said) is None:
        return None
    return [_with_cap(reward, figure, keep_span=True) for reward in rates]
