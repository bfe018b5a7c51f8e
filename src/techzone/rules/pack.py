"""The schema of a rule pack: what a YAML file under ``packs/`` may say.

A pack encodes one qualification as one document defines it: its parameters (every value keyed
by the date it takes effect, with its clause), derived variables, criteria, score tables and the
verdict that combines them. ``docs/packs.md`` is the authoring guide.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from techzone.io.messages import IDENTIFIER
from techzone.model.codes import Level, QualificationKind

Unit = Literal["yuan", "ratio", "days", "years", "count", "persons", "points", "band", "flag"]
BANDS = ("A", "B", "C", "D", "E", "F")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Clause(Strict):
    """Where a rule comes from: the citation and the words of the document."""

    ref: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Document(Strict):
    title: str
    number: str | None = None
    issuer: str
    level: Level
    source: str = Field(description="where the text was read (the reference file and its tag)")


class Effective(Strict):
    """When a pack applies: new applications in [start, end]; re-reviews until ``reviews_until``."""

    start: date = Field(alias="from")
    end: date | None = Field(default=None, alias="to")
    reviews_until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"失效日期 {self.end} 早于生效日期 {self.start}")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Bracket(Strict):
    """One bracket of a scale: ``up_to`` is an inclusive upper bound ("5000万元以下（含）"),
    ``below`` an exclusive one ("不足5000万元"); the last bracket has neither."""

    up_to: float | None = Field(default=None)
    below: float | None = Field(default=None)
    value: float

    @model_validator(mode="after")
    def _one_bound(self) -> Bracket:
        if self.up_to is not None and self.below is not None:
            raise ValueError("一段只能有 up_to（含）或 below（不含）之一")
        return self

    @property
    def bound(self) -> float | None:
        return self.up_to if self.up_to is not None else self.below


class BandPoints(Strict):
    """Points an expert may give within a band, as the official table states them."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> BandPoints:
        if self.max < self.min:
            raise ValueError(f"分值范围 [{self.min}, {self.max}] 上下限颠倒")
        return self


# A number, a bracket scale, a band table (score points), or an amount table (tiered awards).
ParameterValue = float | list[Bracket] | dict[str, BandPoints] | dict[str, float]


class Parameter(Strict):
    """A number the document fixes: a threshold, amount, rate, a bracket scale or a band table."""

    label: str
    clause: str
    unit: Unit | None = None
    base_unit: Unit | None = Field(default=None, description="a scale's brackets are in this unit")
    note: str | None = Field(default=None, description="e.g. an inconsistency in the official text")
    values: dict[date, ParameterValue]

    @field_validator("values")
    @classmethod
    def _not_empty(cls, values: dict[date, ParameterValue]) -> dict[date, ParameterValue]:
        if not values:
            raise ValueError("参数至少需要一个生效日期及其取值")
        kinds = {_value_kind(value) for value in values.values()}
        if len(kinds) > 1:
            raise ValueError("同一参数各时期的取值类型必须一致（数值、分段或档次表）")
        for value in values.values():
            if isinstance(value, list):
                _check_brackets(value)
        return values

    @property
    def kind(self) -> Literal["number", "scale", "bands", "table"]:
        return _value_kind(next(iter(self.values.values())))

    def at(self, day: date) -> tuple[date, ParameterValue] | None:
        """The value in force on ``day`` and the date it took effect, if any."""
        in_force = [start for start in self.values if start <= day]
        if not in_force:
            return None
        start = max(in_force)
        return start, self.values[start]


def _value_kind(value: ParameterValue) -> Literal["number", "scale", "bands", "table"]:
    if isinstance(value, list):
        return "scale"
    if isinstance(value, dict):
        return "bands" if all(isinstance(v, BandPoints) for v in value.values()) else "table"
    return "number"


def _check_brackets(brackets: list[Bracket]) -> None:
    bounds = [bracket.bound for bracket in brackets]
    if not bounds or bounds[-1] is not None or any(b is None for b in bounds[:-1]):
        raise ValueError("分段参数：只有最后一段没有上限（up_to 或 below）")
    finite = [b for b in bounds[:-1] if b is not None]
    if finite != sorted(finite) or len(set(finite)) != len(finite):
        raise ValueError("分段参数：上限须严格递增")


class Declaration(Strict):
    """An input no record holds: stated by the enterprise (self-assessment) or by experts.

    Declarations are part of the profile (``techzone schema profile``); left out, they are unknown.
    """

    label: str
    type: Literal["band", "number", "boolean", "money"]
    unit: Unit | None = None
    description: str
    bands: list[str] | None = Field(default=None, description="allowed band letters")
    maximum: float | None = None


class Variable(Strict):
    label: str
    expr: str
    unit: Unit | None = None


class Gap(Strict):
    """How far an enterprise is from meeting a criterion, for those that do not."""

    expr: str
    unit: Unit
    text: str = Field(description="说明模板，{value} 处填入差额")


class Flag(Strict):
    """A warning shown with a verdict when its condition holds (e.g. an ambiguous boundary)."""

    when: str
    text: str


class Criterion(Strict):
    """One condition. Exactly one of ``when`` (an expression), ``all``/``any`` (of other
    criteria), ``score`` (a score table passing) or ``declared`` (an input the enterprise or an
    expert states) says how it is decided."""

    label: str
    clause: Clause
    when: str | None = None
    all: list[str] | None = None
    any: list[str] | None = None
    score: str | None = None
    declared: str | None = Field(default=None, description="the declared boolean input")
    gap: Gap | None = None
    flags: list[Flag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way(self) -> Criterion:
        ways = [self.when, self.all, self.any, self.score, self.declared]
        if sum(way is not None for way in ways) != 1:
            raise ValueError("条件须且仅须用 when、all、any、score、declared 之一表述")
        return self


class ScoreItem(Strict):
    """A line of a score table. Points come as a range [min, max]:

    - ``band`` (expression giving a band letter) with ``points`` (a band-table parameter): the
      band's range, which experts narrow; a NULL band (not self-assessed) gives the whole table's
      range, never zero;
    - ``self_score`` (a declared number of points, capped at ``max``): that number, or [0, max];
    - ``value`` (an expression giving the points exactly, capped at ``max``): a computed item such
      as "每满2年得1分，最高5分"; unknown inputs give [0, max].
    """

    label: str
    clause: str
    max: float
    group: str | None = None
    band: str | None = None
    points: str | None = None
    self_score: str | None = None
    value: str | None = None
    judged: bool = Field(default=False, description="experts judge the points within the band")
    hint: dict[str, str] = Field(
        default_factory=dict, description="per band: what it takes to reach the next band"
    )
    flags: list[Flag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way(self) -> ScoreItem:
        banded = self.band is not None and self.points is not None
        ways = [banded, self.self_score is not None, self.value is not None]
        if sum(ways) != 1:
            raise ValueError("评分项须用 band+points、self_score 或 value 之一表述")
        if (self.band is None) != (self.points is None):
            raise ValueError("band 与 points 须同时给出")
        return self


class ScoreGroup(Strict):
    label: str
    cap: float | None = None
    mode: Literal["sum", "best"] = "sum"
    note: str | None = None


class Score(Strict):
    label: str
    clause: Clause
    items: dict[str, ScoreItem]
    groups: dict[str, ScoreGroup] = Field(default_factory=dict)
    pass_above: str | None = Field(default=None, description="parameter: total must exceed it")
    pass_at_least: str | None = Field(default=None, description="parameter: total must reach it")

    @model_validator(mode="after")
    def _pass_rule(self) -> Score:
        if (self.pass_above is None) == (self.pass_at_least is None):
            raise ValueError("评分表须给出 pass_above 或 pass_at_least 之一")
        for item_id, item in self.items.items():
            if item.group is not None and item.group not in self.groups:
                raise ValueError(f"评分项 {item_id} 的分组 {item.group} 未声明")
        return self


ZoneKind = Literal["national", "provincial", "district"]


class Jurisdiction(Strict):
    """Where a document's policies apply: a province, a city, or named zones/districts; within
    it, if the text says so, only high-tech zones of some levels (措施5 "高新区内") or only named
    parks (白银政策清单 第一条 "含银南工业园、银东工业园、有色金属新材料产业园").

    An enterprise whose location is unknown gets "unknown", never a payment by default. Named
    zones may also say the province and city they lie in: a place with no zone code but another
    city or province is then outside them, not unknown.
    """

    nationwide: bool = False
    province: str | None = None
    city: str | None = None
    zones: list[str] | None = None
    zone_levels: list[ZoneKind] | None = Field(
        default=None, description="only enterprises in zones of these levels (高新区内)"
    )
    parks: list[str] | None = Field(
        default=None,
        description="only enterprises in these parks (by name), as the text lists",
    )
    assumed: str | None = Field(
        default=None,
        description="what the scope also requires and no record holds (白银 第一条 注册和纳税、"
        "独立核算): assumed met, never made 待定, and said with every award for the officer "
        "to check",
    )

    @model_validator(mode="after")
    def _one(self) -> Jurisdiction:
        if self.zones is not None:
            # Named zones may say where they lie (province, city): a place known only by its
            # city is then outside them when the city differs, rather than unknown.
            if self.nationwide:
                raise ValueError("jurisdiction 给出 zones 时不得同时给出 nationwide")
            return self
        given = [self.nationwide or None, self.province, self.city]
        if sum(x is not None for x in given) != 1:
            raise ValueError("jurisdiction 须且仅须给出 nationwide、province、city 或 zones 之一")
        return self

    def condition(self) -> str:
        """The jurisdiction as an expression over the profile frame's location inputs."""
        parts = [self._where()]
        if self.zones is not None:
            # Without a zone code, a known province or city other than the zones' own rules the
            # place out; where they agree (or are unknown) it stays unknown which zone it is in.
            for column, value in (("province", self.province), ("city", self.city)):
                if value is not None:
                    literal = _listed([value])
                    parts.append(
                        f"CASE WHEN zone_code IS NULL AND {column} IS NOT NULL "
                        f"AND {column} <> {literal} THEN FALSE ELSE TRUE END"
                    )
        if self.zone_levels is not None:
            parts.append(f"zone_level IN ({_listed(self.zone_levels)})")
        if self.parks is not None:
            parts.append(f"park IN ({_listed(self.parks)})")
        return " AND ".join(f"({part})" for part in parts)

    def inputs(self) -> list[str]:
        """The location inputs the condition reads: the data an unknown place waits for."""
        found = (
            []
            if self.nationwide
            else ["zone_code"]
            if self.zones is not None
            else ["province" if self.province else "city"]
        )
        if self.zone_levels is not None:
            found.append("zone_level")
        if self.parks is not None:
            found.append("park")
        return found

    def _where(self) -> str:
        if self.nationwide:
            return "TRUE"
        if self.zones is not None:
            return f"zone_code IN ({_listed(self.zones)})"
        if self.province is not None:
            return f"province = '{self.province}'"
        if self.city is not None:
            return f"city = '{self.city}'"
        return f"zone_code IN ({_listed(self.zones or [])})"

    def describe(self) -> str:
        """Where, in words, for officers."""
        if self.nationwide:
            where = "全国"
        elif self.zones is not None:
            where = "、".join(self.zones)
        elif self.province is not None:
            where = self.province
        elif self.city is not None:
            where = self.city
        else:
            where = "、".join(self.zones or [])
        if self.zone_levels is not None:
            levels = {"national": "国家高新区", "provincial": "省级高新区", "district": "县区"}
            where += "内的" + "、".join(levels[level] for level in self.zone_levels)
        if self.parks is not None:
            where += "（限" + "、".join(self.parks) + "）"
        return where


def _listed(values: Sequence[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


class Pack(Strict):
    id: str = Field(pattern=IDENTIFIER)
    qualification: QualificationKind
    version: str
    title: str
    document: Document
    related: list[Document] = Field(default_factory=list)
    effective: Effective
    notes: list[str] = Field(default_factory=list)
    unpublished: str | None = Field(
        default=None, description="why no criteria can be encoded (no published standard)"
    )
    jurisdiction: Jurisdiction | None = Field(
        default=None,
        description="where the criteria apply, for a local designation (瞪羚企业); elsewhere, and "
        "where the enterprise's place is unknown, the verdict is unknown",
    )
    local: str | None = Field(
        default=None,
        description="whose criteria these are, in officers' words (广州市黄埔区、广州开发区的示例"
        "（2022）): the reason shown where they do not apply",
    )
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    declarations: dict[str, Declaration] = Field(default_factory=dict)
    variables: dict[str, Variable] = Field(default_factory=dict)
    criteria: dict[str, Criterion] = Field(default_factory=dict)
    scores: dict[str, Score] = Field(default_factory=dict)
    verdict: Annotated[list[str], Field(default_factory=list)]

    @model_validator(mode="after")
    def _verdict(self) -> Pack:
        if (self.jurisdiction is not None) != (self.local is not None):
            raise ValueError(
                "jurisdiction 与 local 须同时给出：不适用时须向官员说明现有条件是哪里的"
            )
        if self.unpublished is not None:
            if self.criteria or self.verdict:
                raise ValueError("unpublished 的资质不得编写条件（文件未公布标准）")
            return self
        if not self.verdict:
            raise ValueError("verdict 须列出决定资质的条件")
        return self


def describe(value: Any) -> str:
    """A short text for a parameter value in explanations."""
    if isinstance(value, list):
        parts = [
            f"≤{_number(b.up_to)}→{_number(b.value)}"
            if b.up_to is not None
            else (
                f"<{_number(b.below)}→{_number(b.value)}"
                if b.below is not None
                else f"其余→{_number(b.value)}"
            )
            for b in value
        ]
        return "；".join(parts)
    if isinstance(value, dict):
        return "；".join(
            f"{key} {_number(v.min)}–{_number(v.max)}"
            if isinstance(v, BandPoints)
            else f"{key} {_number(v)}"
            for key, v in value.items()
        )
    return _number(value)


def _number(value: float) -> str:
    """A number as officers write it: thousands grouped, never in exponent notation (2e+08 for
    2亿元 was the explanation's threshold)."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
