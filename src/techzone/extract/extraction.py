"""Extracting every reward clause of a document: the one entry point of ``techzone extract``.

The text as read is normalised (``normalise``), page furniture is set aside (``furniture``), each
sentence is split into clauses (``layout``), each clause's money mentions (``mentions``) are
judged and classified (``rewards``), and each reward gets its condition, beneficiary and article.
A passage repeated word for word (a web page that prints the text twice) yields its clauses once.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from techzone.extract.context import (
    ANNOUNCED,
    ITEM_NUMBER,
    LEVEL_ONLY,
    beneficiary,
    cap_owner,
    condition_span,
    is_fragment,
    names_recipient,
    subject_and_trigger,
)
from techzone.extract.furniture import furniture_lines, is_furniture
from techzone.extract.grammar import rule
from techzone.extract.layout import Articles, Segment, clauses, sentences
from techzone.extract.mentions import Mention, find_mentions
from techzone.extract.normalise import Normalised, normalise, normalise_char
from techzone.extract.read import Format, read_document
from techzone.extract.rewards import (
    PER_KINDS,
    Band,
    Basis,
    ClauseKind,
    Instalment,
    Reward,
    Share,
    clause_rewards,
    issue_kind,
    rates_closed_after,
    total_across,
)

TITLE_WORDS = re.compile(r"办法|措施|清单|方案|通知|意见|规定|细则|政策|纲要|决定|规划")
DATE = re.compile(r"((?:19|20)\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")
HEAD_LINES = 20


@dataclass(frozen=True)
class Clause:
    """One promise of money, as the document words it; spans index the text as read."""

    amount_text: str
    span: tuple[int, int]
    kind: ClauseKind
    amount_yuan: Decimal | None
    cap_yuan: Decimal | None
    rate: Decimal | None
    grade: str | None
    condition: str
    beneficiary: str | None
    article: str | None
    confidence: float
    quote: str
    group: int | None
    subject: str | None = None
    trigger: str | None = None
    cap_subject: str | None = None  # enterprise, item, bank, institution, person — or unsaid
    cap_period: str | None = None  # year, lifetime — or unsaid
    bands: tuple[Band, ...] = ()
    schedule: tuple[Instalment, ...] = ()
    # Who pays which part of this one award (其中省级10万元，市级20万元): never more awards.
    split: tuple[Share, ...] = ()
    note: str | None = None  # what the reviewer must settle (parts not adding up to the sum)
    # Where each part is in the text as read: amount, condition, subject, trigger, cap, schedule,
    # split.
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    # What the figures are paid on when the kind does not say it: interest (贴息), area_month.
    basis: Basis | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "amount_text": self.amount_text,
            "span": list(self.span),
            "kind": self.kind,
            "amount_yuan": _number(self.amount_yuan),
            "cap_yuan": _number(self.cap_yuan),
            "rate": _number(self.rate),
            "grade": self.grade,
            "condition": self.condition,
            "beneficiary": self.beneficiary,
            "article": self.article,
            "confidence": self.confidence,
            "subject": self.subject,
            "trigger": self.trigger,
            "cap_subject": self.cap_subject,
            "cap_period": self.cap_period,
            "bands": [
                {"lower": _number(b.lower), "upper": _number(b.upper), "rate": _number(b.rate)}
                for b in self.bands
            ],
            "schedule": [
                {"when": i.when, "share": _number(i.share), "yuan": _number(i.yuan)}
                for i in self.schedule
            ],
            "split": [
                {"payer": s.payer, "share": _number(s.share), "yuan": _number(s.yuan)}
                for s in self.split
            ],
            "note": self.note,
            "basis": self.basis,
            "parts": {name: list(span) for name, span in self.parts.items()},
        }


@dataclass(frozen=True)
class DocumentInfo:
    path: Path
    format: Format
    title: str | None
    dated: date | None
    characters: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "name": self.path.name,
            "format": self.format,
            "title": self.title,
            "dated": self.dated.isoformat() if self.dated else None,
            "characters": self.characters,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class Extraction:
    document: DocumentInfo
    clauses: list[Clause]

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "clauses": [clause.to_json() for clause in self.clauses],
        }


def extract_file(path: Path) -> Extraction:
    """Read ``path`` (.txt, .docx, text-layer .pdf) and extract its reward clauses.

    Raises ``UnreadableDocument``; a readable document without rewards gives no clauses.
    """
    source = read_document(path)
    info = DocumentInfo(
        path,
        source.format,
        document_title(source.text),
        document_date(source.text),
        len(source.text),
        hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
    )
    return Extraction(info, extract_text(source.text))


def extract_text(text: str) -> list[Clause]:
    """Every reward clause in ``text``, in document order."""
    normalised = normalise(text)
    plain = normalised.text
    furniture = furniture_lines(plain)
    articles = Articles(plain)
    mentions = find_mentions(plain)
    found: list[Clause] = []
    seen: set[tuple[Any, ...]] = set()
    headings = list(AUDIENCE_HEADING.finditer(plain))
    audiences = [(match.start(), _squeezed(match.group("audience"))) for match in headings]
    announced: tuple[int, int] | None = None  # the last sentence's condition, if it paid nothing
    stated: tuple[int, int] | None = None  # the last sentence's case, if it paid nothing
    previous: tuple[int, int] | None = None  # the last sentence's condition, in this paragraph
    # The reward the last sentence ended with (its clause's region and part), in this paragraph.
    ended: tuple[Reward, tuple[int, int], Segment] | None = None
    # The last sentence's rewards with their place, region and clause, in this paragraph.
    last_made: list[tuple[int, Reward, tuple[int, int], Segment]] = []
    listed: tuple[int, int] | None = None  # the case of a list's lead-in (…经费构成包括:)
    for sentence in sentences(plain):
        if listed is not None and _item_number(plain, sentence.start) is None:
            listed = None  # the list ended: a line that is no item of it
        if previous is not None and "\n" in plain[previous[1] : sentence.start]:
            previous = None
        labelled = STANDARD_LABEL.match(plain, sentence.start) is not None
        if stated is not None and "\n" in plain[stated[1] : sentence.start] and not labelled:
            # 补贴标准为：… in a paragraph of its own still prices the case stated before it
            stated = None
        if ended is not None and "\n" in plain[ended[0].end : sentence.start]:
            ended = None
        said: tuple[int, int] | None = None  # the sentence's last whole condition
        before = len(found)
        made: list[tuple[int, Reward]] = []  # the sentence's rewards, by their place in found
        placed: list[tuple[int, Reward, tuple[int, int], Segment]] = []
        if last_made and "\n" in plain[last_made[-1][1].end : sentence.start]:
            last_made = []
        opened: tuple[int, int] | None = None  # a clause of the sentence naming whom, unpaid
        for part in clauses(plain, sentence):
            own = [m for m in mentions if part.start <= m.start < part.end]
            rewards = clause_rewards(plain, part, own)
            if not rewards and said is None:
                opened = _named(plain, part) or opened
            for reward in rewards:
                if _inside(furniture, reward.start):
                    continue
                if ended is not None and len(found) == before:
                    figure = next(m for m in own if m.end == reward.end)
                    total = total_across(plain, ended[0], reward, sentence.start, figure)
                    if total is not None:
                        found[-1] = _clause(text, normalised, total, *ended[1:], articles)
                        ended = None
                        continue
                if last_made and len(found) == before and reward.kind == "cap":
                    # …给予融资总额1%的补贴。单一企业最高补贴300万元: read alone, the ceiling
                    # would be an award of its own and the rate would have none.
                    figure = next(m for m in own if m.end == reward.end)
                    rates = [r for _, r, _, _ in last_made]
                    closed = rates_closed_after(plain, rates, sentence.start, figure)
                    if closed:
                        for (at, _, region, segment), rate in zip(last_made, closed, strict=True):
                            found[at] = _clause(text, normalised, rate, region, segment, articles)
                        last_made = []
                        continue
                # A repeated passage repeats the clause's words and the reward's place in them —
                # and its item's number: the same words in item (二) and again in item (三) are
                # two cases the document lists (…挂牌后再迁入我区的，给予150万元补贴).
                words = _squeezed(plain[part.start : part.end])
                place = len(_squeezed(plain[part.start : reward.start]))
                item = _item_number(plain, part.start)
                # …and under another audience's heading (服务对象:就业困难人员) it is another case.
                heard = bisect_right(audiences, (part.start, "\uffff")) - 1
                audience = audiences[heard][1] if heard >= 0 else None
                key = (
                    words,
                    place,
                    item,
                    audience,
                    reward.kind,
                    reward.amount,
                    reward.cap,
                    reward.rate,
                )
                if key in seen:
                    continue
                seen.add(key)
                region = condition_span(
                    plain,
                    _condition_start(plain, reward, rewards, part.start),
                    reward.condition_end,
                )
                region = _encouraged(plain, sentence, region)
                opening = plain[region[0] : region[1]].strip()
                if said is None and stated is not None and not opening:
                    # 鼓励新型研发机构面向市场提供…科技服务。按其…实际获得收入的5%对新型研发机构给予
                    # 奖励: the case is the sentence before, not the base the rate is taken of
                    region = stated
                else:
                    region = _rate_base(plain, reward, region)
                phrase = _squeezed(plain[region[0] : region[1]])
                # 补贴标准：一等奖… / 补贴标准为：其他地区每年…: a label, then a grade or a region,
                # no recipient and no case closed by 的 — the section says whom it pays
                bare = labelled and not names_recipient(phrase) and "的" not in phrase
                # 被评为五星级的给予10万元，四星级的…: a tier list's words name only the grade won
                graded = reward.grade is not None and GRADE_WON.fullmatch(phrase) is not None
                # 后两年给予50%的奖励: a period keying the rate names no case
                fragment = is_fragment(phrase) or PERIOD_ONLY.fullmatch(phrase) is not None
                if opened is not None and LEVEL_ONLY.fullmatch(phrase.strip("对的,;:、 ")):
                    # 对区内机构获得的…科技计划项目，采用后补助方式进行配套，对国家级的给予100%…;
                    # 对省级的给予70%…: each grade is a case of the clause that opened it — the
                    # grade kept beside it, so the reviewer still sees which is which
                    region = opened
                    if reward.grade is None:
                        reward = replace(reward, grade=phrase.strip("对的,;:、 "))
                elif said is not None and TERMS_ONLY.fullmatch(phrase):
                    # …的高层次人才,…给予用人单位引才资助;一次性给予个人安家费;5年内每年给予个人
                    # 薪酬补贴: a period or the award's own words name no case; the sentence's does.
                    region = said
                elif (fragment or OWNER_ONLY.fullmatch(phrase) or graded) and said:
                    region = said
                elif fragment and previous is not None:
                    # 对…高级管理人才…还可获得高管人才奖励。两项奖励总额最高为…100%: a sentence
                    # that names nobody goes on with the one before it in the paragraph.
                    region = said = previous
                elif (fragment or OWNER_ONLY.fullmatch(phrase) or bare or graded) and (stated):
                    # 支持创新主体…开展…等活动。单个创新主体可按…50%: the case stated before.
                    region = said = stated
                elif ITEM_ONLY.fullmatch(phrase) and listed is not None:
                    # 经费构成包括:(一)最高2000万元落户奖励: the items are the lead-in's case's
                    region = said = listed
                elif bare and (heard_at := _heard(plain, headings, sentence.start)):
                    # 补贴对象：符合条件的创业者。…补贴标准：10000元: whom the section names
                    region = said = heard_at
                elif said is None and announced is not None and not _own(phrase):
                    region = said = announced
                else:
                    said = region
                found.append(_clause(text, normalised, reward, region, part, articles))
                made.append((len(found) - 1, reward))
                placed.append((len(found) - 1, reward, region, part))
                ended = (reward, region, part)
        if len(found) == before and last_made:
            # 原则上单个项目最高配套额度为500万元: the ceiling of the last sentence's rates
            figures = [m for m in mentions if sentence.start <= m.start < sentence.end]
            capped = figures and rates_closed_after(
                plain, [reward for _, reward, _, _ in last_made], sentence.start, figures[0]
            )
            if capped:
                for (at, _, region, part), reward in zip(last_made, capped, strict=True):
                    found[at] = _clause(text, normalised, reward, region, part, articles)
        last_made = placed
        if len(found) == before and LIST_OPENING.match(plain, sentence.start, sentence.end):
            named = _named(plain, sentence)
            listed = named if named is not None else listed
        _flag_lone_caps(plain, sentence, mentions, made, found)
        if len(found) == before:
            ended = None
        announced = _announced(plain, sentence) if len(found) == before else None
        stated = _stated(plain, sentence) if len(found) == before else None
        previous = said if said is not None else _named(plain, sentence)
    return _sizes_one_by_one(text, _threshold_tiers(found))


# 单笔投资额不超过500万元(含)的，按投资额的4%给予奖励: the words that open the sentence before a
# progressive award stating its first band alone, for the smallest sizes.
SMALLEST_SIZES = re.compile(r"不超过|不高于|以下|以内")


def _sizes_one_by_one(text: str, found: list[Clause]) -> list[Clause]:
    """One progressive award written again for each size of the base (单笔投资额不超过1000万元(含)
    的，500万元(含)以下的部分按4%…；单笔投资额不超过3000万元(含)的，…) is one award: each
    shorter copy repeats the first bands of the longest, so only the longest is kept — with the
    first sentence's condition when a sentence before states the first band alone. Bands that
    differ anywhere keep every copy: they are different awards."""
    dropped: set[int] = set()
    for index, clause in enumerate(found):
        if clause.kind != "progressive":
            continue
        for later in found[index + 1 :]:
            if "\n" in text[clause.span[1] : later.span[0]]:
                break
            if later.kind == "progressive" and later.bands[: len(clause.bands)] == clause.bands:
                dropped.add(index)
                break
    kept = [clause for index, clause in enumerate(found) if index not in dropped]
    folded: set[int] = set()
    for index in range(len(kept) - 1):
        alone, longest = kept[index], kept[index + 1]
        if (
            alone.kind != "rate"
            or longest.kind != "progressive"
            or alone.cap_yuan is not None
            or "\n" in text[alone.span[1] : longest.span[0]]
        ):
            continue
        first = longest.bands[0]
        opening = text[max(0, alone.span[0] - 40) : alone.span[0]].rsplit("。", 1)[-1]
        stated = [m.value for m in find_mentions(opening) if m.kind == "money"]
        if (
            first.lower is None
            and first.rate == alone.rate
            and first.upper in stated
            and SMALLEST_SIZES.search(opening)
        ):
            parts = dict(longest.parts)
            if "condition" in alone.parts:
                parts["condition"] = alone.parts["condition"]
            kept[index + 1] = replace(longest, condition=alone.condition, parts=parts)
            folded.add(index)
            # 单笔奖励不超过100万元，累计奖励不超过1000万元: limits after it that named nobody took
            # the last copy's size as their case; they limit the one award.
            for after in range(index + 2, len(kept)):
                limit = kept[after]
                if "\n" in text[longest.span[1] : limit.span[0]] or limit.kind != "cap":
                    break
                if limit.condition == longest.condition:
                    said = {k: v for k, v in alone.parts.items() if k == "condition"}
                    own = {**limit.parts, **said}
                    kept[after] = replace(limit, condition=alone.condition, parts=own)
    return [clause for index, clause in enumerate(kept) if index not in folded]


THRESHOLD_MIN_MEASURE = 2  # 实缴注册资本, 年营业收入: the measure the items share, in words


def _threshold_tiers(found: list[Clause]) -> list[Clause]:
    """Items one after another, each keyed by a threshold of the same measure, are one tier list:
    (1)实缴注册资本500万(含)至5000万元的，奖励300万元; (2)实缴注册资本5000万元(含)至1亿元的，奖励
    600万元 … → tiers graded 500万(含)至5000万元, 5000万元(含)至1亿元 …"""
    result = list(found)
    index = 0
    while index < len(result):
        end = index + 1
        while end < len(result) and _same_measure(result[index], result[end]):
            end += 1
        if end - index >= 2:
            prefix = _measure(result[index].condition, result[index + 1].condition)
            group = result[index].span[0]
            for at in range(index, end):
                clause = result[at]
                grade = clause.condition[len(prefix) :].removesuffix("的")
                if len(prefix.removeprefix("对")) < THRESHOLD_MIN_MEASURE:
                    grade = _band(clause.condition) or grade  # keyed by the band alone
                result[at] = replace(clause, kind="tiered", grade=grade, group=group)
        index = end
    return result


def _measure(first: str, second: str) -> str:
    """The words two conditions start with, up to the first figure: 实缴注册资本."""
    shared = []
    for a, b in zip(first, second, strict=False):
        if a != b or not "\u4e00" <= a <= "\u9fff":
            break
        shared.append(a)
    return "".join(shared)


def _same_measure(first: Clause, other: Clause) -> bool:
    if first.kind not in ("fixed", "cap") or other.kind != first.kind or first.group is not None:
        return False
    if first.basis != other.basis:
        return False
    if first.article != other.article and all(
        (clause.article or "").startswith("第") for clause in (first, other)
    ):
        # 第九条…10家企业, 第十条…5家企业: two articles are two provisions, not the bands of one
        # (the numbered items (1)…(2)… of one article may be).
        return False
    if other.group is not None or first.condition == other.condition:
        return False
    prefix = _measure(first.condition, other.condition)
    keyed = all(
        re.match(r"[\d一二三四五六七八九十百千万亿]", clause.condition[len(prefix) :])
        for clause in (first, other)
    )
    if len(prefix.removeprefix("对")) >= THRESHOLD_MIN_MEASURE and keyed:
        return True
    # …100-200亩的，奖励1万元，200至300亩的奖励2万元: the later item names only its band, in the
    # unit of the band the first item's condition ends with.
    first_band, other_band = BAND_KEY.search(first.condition), BAND_KEY.search(other.condition)
    return (
        first_band is not None
        and other_band is not None
        and first_band.group("unit") == other_band.group("unit")
        and len(lead := other.condition[: other_band.start()]) <= BAND_LEAD
        and not lead.startswith("对")  # 对年纳税额1000万元以上的: a condition of its own
    )


BAND_KEY = rule("band_key")
BAND_LEAD = 4  # words an item may put before its band (达到, 带动); more is a condition of its own


def _band(condition: str) -> str | None:
    found = BAND_KEY.search(condition)
    return None if found is None else found.group("band")


ENCOURAGED = rule("encouraged_recipient")
OWNER_ONLY = rule("owner_only")
PERIOD_ONLY = rule("period_only")
ITEM_ONLY = rule("item_only")
LIST_OPENING = rule("list_opening")
CASE_STATED = rule("case_stated")
CASE_APPLIED = rule("case_applied")
STANDARD_LABEL = rule("standard_label")
AMOUNT_TAIL = rule("amount_tail")
BROUGHT_IN = rule("brought_in")


def _encouraged(plain: str, sentence: Segment, region: tuple[int, int]) -> tuple[int, int]:
    """鼓励人才中介组织引进和引荐人才，对成功引进…院士的，给予…: who is paid is named first.

    A 对… that names nobody, or only the people or firms brought in, is what the recipient the
    sentence opened with does; the condition starts with that recipient.
    """
    phrase = plain[region[0] : region[1]]
    if not phrase.startswith("对"):
        return region
    if names_recipient(phrase) and BROUGHT_IN.match(phrase) is None:
        return region
    lead = None
    for found in ENCOURAGED.finditer(plain, sentence.start, region[0]):
        if not plain[found.end() : region[0]].strip():
            lead = found
    return (lead.start(), region[1]) if lead is not None else region


# Only a period, the award's words and whom they pay: 一次性给予个人, 5年内, 5年内每年给予个人.
TERMS_ONLY = re.compile(
    r"(?:[\d一二两三四五六七八九十]+年内|连续[\d一二两三四五六七八九十]+年)?"
    r"(?:每年|每月)?(?:一次性)?(?:再)?(?:给予|发放)?"
    r"(?:个人|本人|企业|用人单位|单位|人才|团队)?"
)
RATE_BASE = re.compile(r"(?:按照|按)(?P<base>[^,;。]{2,40}?)的?(?=\d|百分之|千分之)")


def _rate_base(plain: str, reward: Reward, region: tuple[int, int]) -> tuple[int, int]:
    """第二条 按照街道本年度形成区财力的1%对街道予以奖励: where nothing but the item's number comes
    before a rate, what it is taken of says who earns it and for what."""
    words = plain[region[0] : region[1]].strip()
    if words and ITEM_NUMBER.fullmatch(words) is None:
        return region
    base = RATE_BASE.match(plain, reward.start, reward.end)
    return region if base is None else base.span("base")


def _own(phrase: str) -> bool:
    """Whether a condition says who is paid itself: a recipient, or its own 对…."""
    return names_recipient(phrase) or phrase.startswith("对")


def _announced(plain: str, sentence: Segment) -> tuple[int, int] | None:
    """对…的旅行社、户外团队进行奖励。: a sentence that names who is paid and promises no sum."""
    words = plain[sentence.start : sentence.end]
    promise = ANNOUNCED.search(words)
    if promise is None or "对" not in words:
        return None
    region = condition_span(plain, sentence.start, sentence.start + promise.start())
    return region if names_recipient(plain[region[0] : region[1]]) else None


LONE_CAP_DOUBT = 0.3
PHRASE_BREAK = re.compile(r"[,:;。]")
BY_IN_PHRASE = rule("by")
UNIT_PRICE_AFTER = re.compile(r"\s*/\s*[\u4e00-\u9fff]")  # 40元/平方米/月
UNIT_PRICE_BEFORE = re.compile(r"每[\u4e00-\u9fff\d]{0,4}$")  # 每平方米每月40元


def _flag_lone_caps(
    plain: str,
    sentence: Segment,
    mentions: list[Mention],
    made: list[tuple[int, Reward]],
    found: list[Clause],
) -> None:
    """A ceiling read alone while a rate 按 opened before it in the sentence was not read (可按
    不超过…30%的，对…给予…最高5000万元): the ceiling may only bound that rate. Paid as a lump sum
    it would pay the whole ceiling whatever was spent — so the reviewer is told and the
    confidence drops; the ceiling stays (it may be one of its own)."""
    spans = [(reward.start, reward.end) for _, reward in made]
    for index, reward in made:
        if reward.kind != "cap" or reward.rate is not None:
            continue
        for mention in mentions:
            if not (sentence.start <= mention.start and mention.end <= reward.start):
                continue
            if any(a <= mention.start < b for a, b in spans):
                continue
            breaks = list(PHRASE_BREAK.finditer(plain, sentence.start, mention.start))
            phrase = plain[breaks[-1].end() if breaks else sentence.start : mention.start]
            if mention.kind == "rate" and BY_IN_PHRASE.search(phrase) is not None:
                what = "比例"
            elif mention.kind == "money" and (
                UNIT_PRICE_AFTER.match(plain, mention.end) or UNIT_PRICE_BEFORE.search(phrase)
            ):
                what = "单价"  # 按照40元/平方米/月的标准，…每年最高30万元
            else:
                continue
            figure = plain[mention.start : mention.end]
            clause = found[index]
            found[index] = replace(
                clause,
                confidence=round(clause.confidence - LONE_CAP_DOUBT, 2),
                note=clause.note
                or f"同一句中的{what}“{figure}”未读成奖补：此上限可能只是按该{what}计算的封顶，"
                "不能单独作为奖补金额，待核定",
            )
            break


# 被评为五星级的 / 四星级的: the words of a tier list's item that name only the grade won
GRADE_WON = re.compile(r"(?:被评为|被评定为|评为|获评)?[\u4e00-\u9fffA-Z\d]{1,3}级的?")
HEARD_REACH = 300  # 补贴对象 and 补贴标准 are lines of one short section


def _heard(plain: str, headings: list[re.Match[str]], at: int) -> tuple[int, int] | None:
    """补贴对象：符合条件的创业者: the audience line nearest before ``at`` in its section."""
    near = [m for m in headings if at - HEARD_REACH <= m.start() < at]
    if not near:
        return None
    start, end = near[-1].span("audience")
    while end > start and plain[end - 1] in "。.;; \t\r\n":
        end -= 1
    return start, end


def _stated(plain: str, sentence: Segment) -> tuple[int, int] | None:
    """支持创新主体在…领域组织开展…等活动。: a sentence paying nothing that says what is
    supported — from its verb to its end."""
    found = CASE_STATED.search(plain, sentence.start, sentence.end)
    if found is None:
        applied = CASE_APPLIED.search(plain, sentence.start, sentence.end)
        return applied.span("case") if applied is not None else None
    end = found.end()
    while end > found.start() and plain[end - 1] in "。.;; \t\r\n":
        end -= 1
    return found.start(), end


def _named(plain: str, sentence: Segment) -> tuple[int, int] | None:
    """对符合条件的企业高级管理人才…: a sentence paying nothing that names who it is about."""
    words = plain[sentence.start : sentence.end]
    if "对" not in words:
        return None
    region = condition_span(plain, sentence.start, sentence.end)
    phrase = plain[region[0] : region[1]]
    return region if phrase.startswith("对") and names_recipient(phrase) else None


INDENT = re.compile(r"[ \t\u3000]*")
AUDIENCE_HEADING = rule("audience_heading")


def _item_number(plain: str, at: int) -> str | None:
    """The number the paragraph holding ``at`` opens with ((三), 2., 第五条), if any."""
    line = INDENT.match(plain, plain.rfind("\n", 0, at) + 1)
    numbered = ITEM_NUMBER.match(plain, line.end()) if line is not None else None
    return _squeezed(numbered.group()) if numbered is not None else None


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


# 、硕士学位人员每人: a grade (no case closed by 的 — 、重新认定的每家 is a case of its own)
# priced per person, the 每人 between the items or opening the price's own words
PRICED_LIST_ITEM = re.compile(r"\s*、[\u4e00-\u9fff]{1,6}?(?<!的)(?:每(?:人|名))?")
PER_PERSON = re.compile(r"每(?:人|名)")


def _condition_start(plain: str, reward: Reward, rewards: list[Reward], clause_start: int) -> int:
    """A condition starts after the clause's previous reward (a tier list counts as one) and
    its unit and award noun (500元/年, · 4万元/处/年的补助,)."""
    before = [
        other.end
        for other in rewards
        if other.end <= reward.condition_end
        and (other.group is None or other.group != reward.group)
        # 按博士学位人员每人8万元、硕士学位人员每人5万元的标准: the next item of a priced list
        # names only its grade; the case is the list's
        and not (
            reward.kind in (*PER_KINDS, "per_unit_cap")
            and other.kind in (*PER_KINDS, "per_unit_cap")
            and PRICED_LIST_ITEM.fullmatch(plain, other.end, reward.start)
            and (
                PER_PERSON.match(plain, reward.start) is not None
                or PER_PERSON.search(plain, other.end, reward.start) is not None
            )
        )
    ]
    if not before:
        return clause_start
    tail = AMOUNT_TAIL.match(plain, max(before), reward.condition_end)
    return tail.end() if tail is not None else max(before)


def _clause(
    text: str,
    normalised: Normalised,
    reward: Reward,
    region: tuple[int, int],
    part: Segment,
    articles: Articles,
) -> Clause:
    start, end = normalised.source_span(reward.start, reward.end)
    plain = normalised.text
    phrase = _squeezed(plain[region[0] : region[1]])
    subject, trigger = subject_and_trigger(plain, *region)
    parts = {"amount": (start, end)}
    if region[1] > region[0]:
        parts["condition"] = normalised.source_span(*region)
    for name, span in (("subject", subject), ("trigger", trigger)):
        if span is not None:
            parts[name] = normalised.source_span(*span)
    if reward.schedule_span is not None:
        parts["schedule"] = normalised.source_span(*reward.schedule_span)
    if reward.split_span is not None:
        parts["split"] = normalised.source_span(*reward.split_span)
    cap_subject = cap_period = None
    if reward.cap is not None:
        at = reward.cap_at if reward.cap_at is not None else reward.start
        cap_subject, cap_period, cap_words = cap_owner(plain, part.start, at)
        if reward.cap_at is not None or cap_words[0] < cap_words[1]:
            cap_end = reward.cap_end if reward.cap_end is not None else reward.end
            parts["cap"] = normalised.source_span(min(cap_words[0], at), cap_end)
    quote_start, quote_end = normalised.source_span(part.start, part.end)
    group = (
        normalised.source_span(reward.group, reward.group + 1)[0]
        if reward.group is not None
        else None
    )
    kind, basis = issue_kind(reward)
    return Clause(
        amount_text=text[start:end],
        span=(start, end),
        kind=kind,
        amount_yuan=reward.amount,
        cap_yuan=reward.cap,
        rate=reward.rate,
        grade=reward.grade,
        condition=phrase,
        beneficiary=beneficiary(phrase),
        article=articles.at(reward.start),
        confidence=round(
            reward.confidence - _repair_penalty(text[start:end], normalised, reward), 2
        ),
        quote=re.sub(r"\s*\n\s*", "", text[quote_start:quote_end]).strip(),
        group=group,
        subject=_squeezed(plain[subject[0] : subject[1]]) if subject else None,
        trigger=_squeezed(plain[trigger[0] : trigger[1]]) if trigger else None,
        cap_subject=cap_subject,
        cap_period=cap_period,
        bands=reward.bands,
        schedule=reward.schedule,
        split=reward.split,
        note=reward.note,
        parts=parts,
        basis=basis,
    )


def _repair_penalty(written: str, normalised: Normalised, reward: Reward) -> float:
    """Less confidence where the amount had to be repaired (5O万元, a line break inside it)."""
    widths = "".join(normalise_char(ch) for ch in written)
    repaired = widths != normalised.text[reward.start : reward.end]
    return 0.1 if repaired else 0.0


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right([start for start, _ in spans], position) - 1
    return index >= 0 and position < spans[index][1]


def document_title(text: str) -> str | None:
    """The first line that reads like a document title (…措施, …清单, …方案), else the first."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not is_furniture(line)]
    for line in lines:
        line = re.sub(r"^(?:TITLE|标题)\s*[:：]\s*", "", line)
        if 8 <= len(line) <= 80 and TITLE_WORDS.search(line):
            return line
    return lines[0] if lines else None


def document_date(text: str) -> date | None:
    """The first date in the document's first lines (a web page's or a header's date)."""
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    for found in DATE.finditer(normalise(head).text):
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:
            continue
    return None


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
