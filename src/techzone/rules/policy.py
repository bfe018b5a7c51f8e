"""The schema of a policy pack: the money clauses of one document (政策清单).

A policy pack sits beside the qualification packs (``kind: policies``) and shares their
document, dated parameters and expression language. Each policy says who pays whom, for
what trigger, under which conditions, how much (an amount kind over dated parameters), and how
it stacks with policies that pay for the same thing. ``docs/policies.md`` is the guide.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from techzone.io.messages import IDENTIFIER
from techzone.model.codes import EventKind, PlatformKind, QualificationKind, ZoneEventKind
from techzone.rules.pack import Clause, Document, Effective, Jurisdiction, Parameter, Strict

# Jurisdiction is defined with the qualification packs (a local designation applies in a place
# too) and is part of this schema as well.
__all__ = ["Jurisdiction"]

Level = Literal["national", "province", "city", "district", "zone"]
LEVEL_LABELS: dict[str, str] = {
    "national": "国家",
    "province": "省级",
    "city": "市级",
    "district": "区县级",
    "zone": "高新区",
}

# The 9 dimensions of the 白银高新区 policy list (seed 000), and the item types of Chinese policy
# platforms (peers.md): 减免 (tax relief), 奖补 (awards and subsidies), 权益 (rights),
# 资质 (titles).
Category = Literal[
    "技术创新",
    "主体培育",
    "平台建设",
    "成果转移转化",
    "科技孵化",
    "产业发展",
    "人才引育",
    "国际合作",
    "科技金融",
    "园区建设",
]
Kind = Literal["奖补", "减免", "权益", "资质"]
Beneficiary = Literal["enterprise", "institution", "bank", "zone", "person"]
Change = Literal["first", "renewal", "any"]


class Trigger(Strict):
    """What a policy pays for: each event of a kind, or a qualification gained in the year."""

    event: EventKind | None = None
    qualification: QualificationKind | None = None
    platform: PlatformKind | None = Field(
        default=None, description="a platform recognised in the year (孵化器、院士工作站 …)"
    )
    annual: bool = Field(default=False, description="every enterprise, every year (tax reliefs)")
    change: Change | None = Field(default=None, description="first 首次认定, renewal 重新认定")
    zone_event: ZoneEventKind | None = Field(
        default=None,
        description="a zone-level happening (新获批国家高新区), from the 高新区事件 sheet",
    )
    unrecorded: str | None = Field(
        default=None,
        description="what the clause supports when the records hold no such happening (开发备案"
        "新产品, 外贸业务): listed for officers with its words, never computed",
    )

    @model_validator(mode="after")
    def _one(self) -> Trigger:
        ways = [
            self.event,
            self.qualification,
            self.platform,
            self.zone_event,
            self.unrecorded,
            self.annual or None,
        ]
        if sum(way is not None for way in ways) != 1:
            raise ValueError(
                "trigger 须且仅须给出 event、qualification、platform、annual、zone_event 或 "
                "unrecorded 之一"
            )
        if self.qualification is not None and self.change is None:
            raise ValueError("qualification 触发须说明 change：first、renewal 或 any")
        return self

    @property
    def key(self) -> str:
        if self.event is not None:
            return f"event:{self.event.value}"
        if self.qualification is not None:
            return f"qualification:{self.qualification.value}"
        if self.platform is not None:
            return f"platform:{self.platform.value}"
        if self.annual:
            return "annual"
        if self.zone_event is not None:
            return f"zone:{self.zone_event.value}"
        return f"unrecorded:{self.unrecorded}"


AmountKind = Literal[
    "fixed",
    "cap",
    "at_least",
    "rate",
    "rate_cap",
    "per_unit",
    "per_month",
    "tiered",
    "none",
    "estimate",
]


class Amount(Strict):
    """How much, from dated parameters. Every kind gives a range [min, max]:

    - ``fixed``: ``value``; ``cap`` (最高): [0, ``value``];
    - ``at_least`` (不少于): [``value``, open];
    - ``rate``: ``rate`` × ``base``; ``rate_cap``: that, capped at ``cap``;
    - ``per_unit`` (每项): ``value`` × ``units`` (default 1 per event), ``up_to`` if a cap;
    - ``per_month`` (每人每月): ``value`` × ``units`` (persons × months), ``up_to`` if 最高;
    - ``tiered`` (分别给予): the ``table`` entry for ``grade``, ``up_to`` if caps;
    - ``estimate`` (减免): an estimated tax relief, ``base`` × ``rate``, never a payment;
    - ``none`` (给予相应补助, 一事一议): no number, ever.
    """

    kind: AmountKind
    value: str | None = None
    rate: str | None = None
    cap: str | None = None
    base: str | None = None
    units: str | None = None
    table: str | None = None
    grade: str | None = None
    up_to: bool = False
    text: str = Field(description="the amount as the document words it, e.g. 最高给予200万元")

    @model_validator(mode="after")
    def _complete(self) -> Amount:
        needs: dict[str, tuple[str, ...]] = {
            "fixed": ("value",),
            "cap": ("value",),
            "at_least": ("value",),
            "rate": ("rate", "base"),
            "rate_cap": ("rate", "base", "cap"),
            "per_unit": ("value",),
            "per_month": ("value", "units"),
            "tiered": ("table", "grade"),
            "estimate": ("rate", "base"),
            "none": (),
        }
        missing = [name for name in needs[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"金额类型 {self.kind} 缺少：{'、'.join(missing)}")
        return self


LimitSubject = Literal["enterprise", "bank", "institution", "person", "item", "event"]
LimitPeriod = Literal["year", "lifetime", "event"]
SUBJECT_LABELS: dict[str, str] = {
    "enterprise": "企业",
    "bank": "银行",
    "institution": "机构",
    "person": "个人",
    "item": "项目",
    "event": "每次",
}
PERIOD_LABELS: dict[str, str] = {"year": "年度", "lifetime": "累计", "event": "单次"}


class Limit(Strict):
    """Whose total a cap (最高) limits, and over what period.

    "企业最高20万元" caps the enterprise's total over all its triggers in the period, "对相关银行
    最高20万元" the bank's, "每项" the item's (the event attribute 项目, or the platform);
    ``per: event`` says the amount kind's own cap is the whole limit (每人每月 in ``units``).
    Policies naming one ``group`` share one cap. ``value`` is a parameter in yuan.
    """

    per: LimitSubject
    period: LimitPeriod
    value: str | None = None
    group: str | None = None
    text: str = Field(
        description="the words that say whose cap it is, e.g. 给予取得信贷支持企业最高20万元"
    )
    note: str | None = Field(default=None, description="why this reading, where the text is open")

    @model_validator(mode="after")
    def _coherent(self) -> Limit:
        if (self.per == "event") != (self.period == "event"):
            raise ValueError("limit：per 为 event 时 period 也须为 event，反之亦然")
        if self.per != "event" and self.value is None:
            raise ValueError(f"limit：按{SUBJECT_LABELS[self.per]}累计的上限须给出 value（参数名）")
        if self.per == "event" and (self.value is not None or self.group is not None):
            raise ValueError("limit：per event 即金额本身的上限，不再给 value 或 group")
        return self

    def key(self, pack: str, policy: str) -> str:
        """Whose cap this is across the catalogue: a ``group`` is the pack's own unless it is
        written ``<scope>.<name>``, which policies of several packs share (one provincial award
        restated by a district plan and a relocation clause is one award)."""
        if self.group is None:
            return policy
        return self.group if "." in self.group else f"{pack}.{self.group}"

    @property
    def label(self) -> str:
        """The cap's scope in words: 企业年度, 银行累计 …"""
        return SUBJECT_LABELS[self.per] + PERIOD_LABELS[self.period]


Relation = Literal["highest", "top_up", "cumulative"]


class Stacking(Strict):
    """How a policy combines with others that pay for the same trigger.

    - ``highest`` (就高不重复): within ``group``, only the largest entitlement for one trigger pays;
    - ``top_up`` (补差): within ``group``, a later award for the same project pays only the
      difference above what earlier ones paid (``project`` names the event attribute);
    - ``cumulative``: paid in addition, declared knowingly.
    """

    rule: Relation
    group: str | None = None
    project: str = Field(default="项目", description="event attribute identifying a project")

    @model_validator(mode="after")
    def _grouped(self) -> Stacking:
        if self.rule != "cumulative" and self.group is None:
            raise ValueError(f"叠加方式 {self.rule} 须给出 group")
        return self


class Policy(Strict):
    title: str
    clause: Clause
    issuer: str
    level: Level
    payer: Level
    category: Category
    kind: Kind = "奖补"
    beneficiary: Beneficiary = "enterprise"
    trigger: Trigger
    when: str | None = Field(default=None, description="conditions beyond the trigger")
    amount: Amount
    recurring: bool = False
    window: str | None = Field(default=None, description="application window as the document says")
    effective: Effective | None = Field(default=None, description="default: the pack's")
    jurisdiction: Jurisdiction | None = Field(
        default=None,
        description="default: the pack's; where the clause itself is wider or narrower (a district "
        "plan restating provincial money, a measure for 高新区内 units)",
    )
    stacking: Stacking | None = None
    limit: Limit | None = Field(
        default=None, description="whose total the cap limits, over what period (required for 最高)"
    )
    review: Literal["approved", "pending"] = Field(
        default="approved", description="drafts from `techzone extract` are pending until reviewed"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _limited(self) -> Policy:
        amount = self.amount
        capped = amount.kind in ("cap", "rate_cap") or amount.up_to
        if capped and self.limit is None and self.review == "approved":
            raise ValueError(
                "金额有上限（最高），须声明 limit：上限按谁计（per：enterprise、bank、institution、"
                "person、item 或 event）、按什么期间计（period：year、lifetime 或 event）"
            )
        limit = self.limit
        allowed = {"enterprise": ("enterprise", "institution")}.get(
            limit.per if limit else "", (limit.per,) if limit else ()
        )
        if (
            limit is not None
            and limit.per not in ("item", "event")
            and self.beneficiary not in allowed
        ):
            raise ValueError(
                f"limit：上限按 {limit.per} 计，与受益对象 beneficiary {self.beneficiary} 不一致"
            )
        return self


class PolicyPack(Strict):
    kind: Literal["policies"]
    id: str = Field(pattern=IDENTIFIER)
    version: str
    title: str
    document: Document
    jurisdiction: Jurisdiction
    effective: Effective
    notes: list[str] = Field(default_factory=list)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    policies: dict[str, Policy]
