"""The draft policy pack: every extracted clause as a policy marked ``review: pending``.

The draft follows ``docs/policies.md`` and validates against ``PolicyPack``; the calculator never
pays a pending policy. What the text cannot say is marked for the officer rather than guessed
silently: each policy's trigger is ``event: other`` until reviewed, its condition (``when``) and
stacking are left out, and the issuer, jurisdiction, level and dates are the document's title
read as well as it can be, with a note saying so. A tier list becomes one ``tiered`` policy with
a table parameter (grade → amount); every other clause is one policy.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from techzone.extract.context import beneficiary_kind
from techzone.extract.extraction import Clause, Extraction
from techzone.extract.rewards import kind_label
from techzone.io.files import atomic_path
from techzone.rules.policy import Category, PolicyPack

PROVINCE = re.compile(
    r"(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州"
    r"|云南|陕西|甘肃|青海)省|(?:内蒙古|广西|西藏|宁夏|新疆)[\u4e00-\u9fff]{0,4}自治区"
)
CITY = re.compile(r"(?:^|省|关于|印发)([\u4e00-\u9fff]{2,3}?)市")
DISTRICT = re.compile(r"市[\u4e00-\u9fff]{2}区")
YEARS = re.compile(r"((?:19|20)\d\d)\s*[—\-－–~至]+\s*((?:19|20)\d\d)\s*年")
CATEGORIES: list[tuple[str, Category]] = [
    ("重大专项|研发计划|技术突破|关键核心技术|科学技术奖|专利奖", "技术创新"),
    ("贴息|贷|银行|金融|保险|基金", "科技金融"),
    ("境外|国际|海外|外贸", "国际合作"),
    ("人才|职称|毕业生|科研助理|院士|博士", "人才引育"),
    ("孵化|众创|创业大赛|创新创业大赛", "科技孵化"),
    ("成果转化|技术转移|首台|首批次|首版次", "成果转移转化"),
    ("平台|研发机构|实验室|工程研究中心|技术创新中心|仪器", "平台建设"),
    ("标准|新产品|药品|产业", "产业发展"),
    ("认定|资质|高新技术企业|专精特新|小巨人|瞪羚|独角兽", "主体培育"),
]
PENDING_NOTE = "草稿：触发事件（trigger）、适用条件（when）、叠加关系（stacking）与类别待经办人核定"


def policy_ids(clauses: list[Clause]) -> list[str]:
    """The draft policy each clause belongs to: ``clause_01``…; the tiers of a list share one."""
    ids: list[str] = []
    groups: dict[int, str] = {}
    for clause in clauses:
        if clause.group is not None and clause.group in groups:
            ids.append(groups[clause.group])
            continue
        policy_id = f"clause_{len(set(ids)) + 1:02d}"
        if clause.group is not None:
            groups[clause.group] = policy_id
        ids.append(policy_id)
    return ids


def draft_pack(extraction: Extraction, today: date | None = None) -> dict[str, Any]:
    """The draft pack as YAML-ready data, validated against ``PolicyPack``."""
    info = extraction.document
    title = info.title or info.path.stem
    start, end, dated = _effective(title, extraction, today or date.today())
    level, jurisdiction = _where(title)
    parameters: dict[str, Any] = {}
    policies: dict[str, Any] = {}
    ids = policy_ids(extraction.clauses)
    for policy_id in dict.fromkeys(ids):
        members = [c for c, i in zip(extraction.clauses, ids, strict=True) if i == policy_id]
        amount, own = _amount(policy_id, members, start)
        parameters.update(own)
        policies[policy_id] = _policy(members, amount, level, info.path.name)
    effective = {"from": start} | ({"to": end} if end else {})
    data: dict[str, Any] = {
        "kind": "policies",
        "id": _pack_id(info.path, info.sha256),
        "version": "draft",
        "title": f"{title}（奖补条款草稿）",
        "document": {"title": title, "issuer": "待核定", "level": level, "source": info.path.name},
        "jurisdiction": jurisdiction,
        "effective": effective,
        "notes": [
            f"由 techzone extract 自 {info.path.name} 提取（{len(extraction.clauses)}处金额），"
            "全部条款 review: pending，核定前不参与测算。",
            f"发文机关、适用地域、层级按标题推定；生效日期按{dated}推定：均待核定。",
        ],
        "parameters": parameters,
        "policies": policies,
    }
    PolicyPack.model_validate(data)
    return data


def write_draft_pack(extraction: Extraction, path: Path) -> dict[str, Any]:
    data = draft_pack(extraction)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return data


class _Dumper(yaml.SafeDumper):
    """Plain YAML an officer can edit: no anchors and aliases for repeated dates."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yuan(value: Decimal | None) -> int | float:
    """A parameter value: whole yuan as an integer, as the hand-written packs have them."""
    value = value or Decimal(0)
    return int(value) if value == value.to_integral_value() else float(value)


def _pack_id(path: Path, sha256: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    return f"draft_{slug or sha256[:8]}"


def _where(title: str) -> tuple[str, dict[str, Any]]:
    province = PROVINCE.search(title)
    city = CITY.search(title)
    if city is not None:
        level = "district" if DISTRICT.search(title) else "city"
        return level, {"city": f"{city.group(1)}市"}
    if province is not None:
        return "provincial", {"province": province.group()}
    return "city", {"zones": []}


def _effective(title: str, extraction: Extraction, today: date) -> tuple[date, date | None, str]:
    years = YEARS.search(title)
    if years is not None:
        first, last = int(years.group(1)), int(years.group(2))
        return date(first, 1, 1), date(last, 12, 31), "标题中的年度"
    if extraction.document.dated is not None:
        return extraction.document.dated, None, "文首日期"
    return date(today.year, 1, 1), None, "提取当年"


def _level(level: str) -> str:
    return {"provincial": "province", "city": "city", "district": "district"}.get(level, "city")


def _amount(
    policy_id: str, members: list[Clause], start: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The policy's amount and the parameters it names (``<policy>_value``, ``_rate`` …)."""
    first = members[0]
    figures: dict[str, tuple[str, str, Any]] = {}  # field → (label, unit, value)
    if first.kind == "tiered":
        grades = {
            member.grade or f"档次{index}": _yuan(member.amount_yuan or member.cap_yuan)
            for index, member in enumerate(members, start=1)
        }
        figures["table"] = ("分档金额", "yuan", grades)
        amount: dict[str, Any] = {"kind": "tiered", "grade": "event_grade"}
        amount["up_to"] = first.cap_yuan is not None
    else:
        amount = {"kind": _pack_kind(first)}
        if first.rate is not None:
            figures["rate"] = ("比例", "ratio", float(first.rate))
            amount["base"] = "event_amount"
        if amount["kind"] == "rate_cap":
            figures["cap"] = ("上限", "yuan", _yuan(first.cap_yuan))
        if amount["kind"] in ("fixed", "cap", "at_least", "per_unit", "per_month"):
            stated = first.amount_yuan if first.amount_yuan is not None else first.cap_yuan
            figures["value"] = ("金额", "yuan", _yuan(stated))
        if amount["kind"] in ("per_unit", "per_month"):
            amount["up_to"] = first.cap_yuan is not None
        if amount["kind"] == "per_month":
            by_area = first.basis == "area_month"
            amount["units"] = "event_months" if by_area else "event_persons * event_months"
    parameters = {}
    for field, (label, unit, value) in figures.items():
        name = amount[field] = f"{policy_id}_{field}"
        parameters[name] = {
            "label": f"草稿：{label}",
            "clause": f"{first.article or '未编号'}：“{first.amount_text}”",
            "unit": unit,
            "values": {start: value},
        }
    amount["text"] = " / ".join(member.amount_text for member in members)
    return amount, parameters


def _pack_kind(clause: Clause) -> str:
    """The policy packs' amount kind for an extracted kind."""
    if clause.kind == "at_least" and clause.rate is not None:
        # 不低于投资额10%: the packs' floor is a sum; the rate itself is the floor, never more.
        return "rate"
    if clause.basis == "area_month":
        # A price per m² and month: the packs count it by months, the area left to the officer.
        return "per_month"
    if clause.basis == "interest" and clause.kind == "fixed":
        # 给予贴息20万元: a subsidy of interest never pays more than the interest paid, so the sum
        # is drafted as its ceiling (up to), never as a sum paid whatever the interest was.
        return "cap"
    if clause.kind in ("fixed", "cap", "at_least", "rate", "rate_cap", "per_unit", "per_month"):
        return clause.kind
    if clause.kind == "per_unit_cap":
        return "per_unit"
    if clause.kind == "progressive":
        # No pack kind computes bands: the ceiling is all that can be said, or nothing.
        return "cap" if clause.cap_yuan is not None else "none"
    if clause.rate is not None:  # matching
        return "rate_cap" if clause.cap_yuan is not None else "rate"
    return "cap" if clause.cap_yuan is not None else "fixed"


def _policy(
    members: list[Clause], amount: dict[str, Any], level: str, source: str
) -> dict[str, Any]:
    first = members[0]
    payer = _level(level)
    notes = [PENDING_NOTE, f"置信度 {min(m.confidence for m in members):.2f}"]
    if first.basis == "area_month":
        notes.append("按面积按月计：units 应为 面积×月数，待核定")
    if first.kind == "matching":
        notes.append("配套：base 为所配套的上级奖补金额，待核定")
    if first.basis == "interest":
        notes.append("贴息：base 为实际支付的利息，待核定")
    if first.kind == "at_least" and first.rate is not None:
        notes.append("原文为比例下限（不低于），草稿按该比例计，待核定")
    if first.bands:
        bands = "；".join(
            f"{_band_range(band.lower, band.upper)}按{_percent(band.rate)}" for band in first.bands
        )
        notes.append(f"分段累进（{bands}），按档计算未入草稿，待核定")
    if first.schedule:
        paid = "、".join(
            f"{item.when}{_percent(item.share) if item.share is not None else f'{item.yuan}元'}"
            for item in first.schedule
        )
        notes.append(f"分期拨付：{paid}")
    if first.split:
        notes.append(f"分级承担：{split_words(first)}（同一笔奖补由各级分担，不另行支付）")
    for member in members:
        if member.note:
            said = f"{member.grade}：{member.note}" if member.grade else member.note
            if said not in notes:
                notes.append(said)
    spans = "、".join(f"{m.span[0]}–{m.span[1]}" for m in members)
    notes.append(f"出处：{source} 第{spans}字符")
    return {
        "title": _title(first),
        "clause": {"ref": first.article or "未编号", "text": first.quote or first.amount_text},
        "issuer": "待核定",
        "level": payer,
        "payer": payer,
        "category": _category(first.quote, beneficiary_kind(first.beneficiary)),
        "kind": "奖补",
        "beneficiary": beneficiary_kind(first.beneficiary),
        "trigger": {"event": "other"},
        "amount": amount,
        "review": "pending",
        "note": "；".join(notes),
    }


def split_words(clause: Clause) -> str:
    """省级10万元、市级20万元 — or 省级30%、市级30%、区级40% — as the reviewer reads it."""
    return "、".join(
        f"{share.payer}"
        + (_percent(share.share) if share.share is not None else f"{_plain(share.yuan)}元")
        for share in clause.split
    )


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def _band_range(lower: Decimal | None, upper: Decimal | None) -> str:
    if upper is None:
        return f"超过{lower}元部分" if lower is not None else "超过部分"
    return f"{lower or 0}元至{upper}元部分"


def _title(clause: Clause) -> str:
    words = re.sub(r"^对|的$", "", clause.condition)[:40] or "奖补条款"
    return f"{words}（{kind_label(clause.kind, clause.basis)}）"


def _category(quote: str, beneficiary: str) -> Category:
    if beneficiary == "zone":
        return "园区建设"
    for pattern, category in CATEGORIES:
        if re.search(pattern, quote):
            return category
    return "技术创新"
