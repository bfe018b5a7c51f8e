"""Evaluation schemes as data: how zones are scored and ranked, and what follows from a ranking.

Each YAML file under ``zones/schemes/`` holds one document's scheme (``gansu-provincial.yaml`` for
seed 001 measure 20, ``liuzhou.yaml`` for seed 004 (二十一)). A scheme names its document, the
dates it is in force, the zones it covers, its parameters, optionally an indicator tree with
weights and a normalisation method (a scheme without one ranks by ranks entered from outside, as
the national ranking of 国家高新区 is), and its consequence rules.

Every number is a parameter with values keyed by the date they take effect. A number the document
states carries its clause; a number the document leaves open ("排名靠前", "大幅下降", "不合格")
is marked ``local_choice: true`` with a note saying why, and reports show it as a local choice.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from techzone.model.codes import ZoneLevel
from techzone.zones.targets import Clause

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"

RuleKind = Literal[
    "top_rank",
    "rank_drop",
    "consecutive_fail",
    "first_time_top",
    "rank_rise_within",
    "top_rank_consecutive",
    "bottom_consecutive_with_flag",
    "flag",
    "rising_consecutive",
]
Ranking = Literal["regional", "national"]
Outcome = Literal["reward", "praise", "support", "notice", "rectify", "revoke"]
Normalisation = Literal["efficacy", "min_max"]

# The parameters each rule kind reads (names the rule maps to scheme parameters).
RULE_PARAMETERS: dict[str, frozenset[str]] = {
    "top_rank": frozenset({"top"}),
    "rank_drop": frozenset({"places"}),
    "consecutive_fail": frozenset({"years", "fail_below"}),
    "first_time_top": frozenset({"top"}),
    "rank_rise_within": frozenset({"places", "within"}),
    "top_rank_consecutive": frozenset({"top", "years"}),
    "bottom_consecutive_with_flag": frozenset({"bottom", "years"}),
    "flag": frozenset(),
    "rising_consecutive": frozenset({"years"}),
}
# Parameters a rule kind may also name: a reward for the top ranks withheld from a zone under
# the pass mark (``fail_below``), where the scheme has one.
RULE_OPTIONAL: dict[str, frozenset[str]] = {"top_rank": frozenset({"fail_below"})}


class SchemeError(ValueError):
    def __init__(self, file: Path, message: str) -> None:
        super().__init__(f"评价方案文件错误 {file}：{message}")
        self.file = file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Strict):
    label: str = Field(min_length=1)
    unit: str
    values: dict[date, float] = Field(min_length=1)
    # True when the document leaves the number open and this system chose it.
    local_choice: bool
    clause: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _said_why(self) -> Parameter:
        if self.local_choice and not self.note:
            raise ValueError("本地选择的参数须写 note 说明理由")
        if not self.local_choice and not self.clause:
            raise ValueError("文件规定的参数须写 clause")
        return self

    def on(self, day: date) -> float:
        """The value in force on ``day`` (the latest that took effect on or before it)."""
        started = [start for start in self.values if start <= day]
        if not started:
            raise LookupError(f"参数「{self.label}」在 {day} 尚无取值")
        return self.values[max(started)]


class Rule(_Strict):
    id: str = Field(min_length=1)
    kind: RuleKind
    outcome: Outcome
    label: str = Field(min_length=1)
    levels: tuple[ZoneLevel, ...] = Field(min_length=1)
    ranking: Ranking = "regional"
    # The indicator a ``rising_consecutive`` rule reads; the flag a ``flag`` or
    # ``bottom_consecutive_with_flag`` rule needs.
    indicator: str | None = None
    flag: str | None = None
    parameters: dict[str, str] = Field(default_factory=dict)
    clause: Clause


class Leaf(_Strict):
    indicator: str = Field(min_length=1)
    weight: float = Field(gt=0)
    higher_is_better: bool = True
    # Where 功效系数法 takes the 满意值: the scheme's benchmark zones, or the zones evaluated. A
    # count that grows with a zone's size (new HNTE, patents) measured against national zones many
    # times larger leaves every provincial zone at the floor, so such counts use the evaluated.
    benchmark: Literal["benchmark_zones", "evaluated"] = "benchmark_zones"


class Group(_Strict):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    weight: float = Field(gt=0)
    indicators: tuple[Leaf, ...] = Field(min_length=1)


class Bonus(_Strict):
    """An indicator that adds points to the composite (seed 001 measure 4's 加分指标)."""

    indicator: str = Field(min_length=1)
    # The scheme parameter giving the points per unit of the indicator.
    points: str = Field(min_length=1)


class Evaluation(_Strict):
    normalisation: Normalisation
    # 功效系数法: the 满意值 is the best value among these zones, the 不允许值 the worst among
    # the zones evaluated; scores run from ``floor`` to ``floor + span``.
    benchmark_zones: tuple[str, ...] = ()
    floor: float = 60.0
    span: float = 40.0
    weights_local_choice: bool
    weights_note: str = Field(min_length=1)
    tree: tuple[Group, ...] = Field(min_length=1)
    bonus: tuple[Bonus, ...] = ()
    # The scheme parameter capping the bonus points a zone can add in a year.
    bonus_cap: str | None = None

    @model_validator(mode="after")
    def _benchmarks_for_efficacy(self) -> Evaluation:
        if self.normalisation == "efficacy" and not self.benchmark_zones:
            raise ValueError("功效系数法须给出 benchmark_zones（标杆高新区）")
        return self


class Scope(_Strict):
    province: str
    levels: tuple[ZoneLevel, ...] = Field(min_length=1)


class Document(_Strict):
    title: str
    source: str


class Effective(_Strict):
    start: date = Field(alias="from")
    end: date | None = Field(default=None, alias="to")


class Scheme(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    document: Document
    effective: Effective
    scope: Scope
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    evaluation: Evaluation | None = None
    consequences: tuple[Rule, ...] = ()
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _bonus_names_known_parameters(self) -> Scheme:
        if self.evaluation is None:
            return self
        named = [b.points for b in self.evaluation.bonus]
        if self.evaluation.bonus and self.evaluation.bonus_cap is None:
            raise ValueError("加分指标须给出 bonus_cap（加分上限参数）")
        if self.evaluation.bonus_cap is not None:
            named.append(self.evaluation.bonus_cap)
        for name in named:
            if name not in self.parameters:
                raise ValueError(f"加分指标引用了未定义的参数「{name}」")
        return self

    @model_validator(mode="after")
    def _rules_name_known_parameters(self) -> Scheme:
        for rule in self.consequences:
            wanted = RULE_PARAMETERS[rule.kind]
            allowed = wanted | RULE_OPTIONAL.get(rule.kind, frozenset())
            if not wanted <= set(rule.parameters) <= allowed:
                may = sorted(allowed - wanted)
                raise ValueError(
                    f"规则「{rule.id}」（{rule.kind}）须且只须给出参数 {sorted(wanted)}"
                    + (f"，可另给出 {may}" if may else "")
                )
            for name in rule.parameters.values():
                if name not in self.parameters:
                    raise ValueError(f"规则「{rule.id}」引用了未定义的参数「{name}」")
            if rule.kind in ("flag", "bottom_consecutive_with_flag") and not rule.flag:
                raise ValueError(f"规则「{rule.id}」须给出 flag")
            if rule.kind == "rising_consecutive" and not rule.indicator:
                raise ValueError(f"规则「{rule.id}」须给出 indicator")
        return self

    def in_force(self, day: date) -> bool:
        return self.effective.start <= day and (
            self.effective.end is None or day <= self.effective.end
        )

    def covers(self, province: str, level: ZoneLevel) -> bool:
        return province == self.scope.province and level in self.scope.levels

    def value(self, rule: Rule, name: str, day: date) -> float:
        """The value of a rule's parameter ``name`` on ``day``."""
        return self.parameters[rule.parameters[name]].on(day)

    def local_choices(self) -> dict[str, Parameter]:
        return {name: p for name, p in self.parameters.items() if p.local_choice}


def read_scheme(path: Path) -> Scheme:
    try:
        return Scheme.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        raise SchemeError(path, f"YAML 格式错误：{error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SchemeError(path, f"{where}：{first['msg']}") from error


def load_schemes(folder: Path = SCHEMES_DIR) -> tuple[Scheme, ...]:
    """Every scheme, in file order; ids must be unique."""
    found: dict[str, Path] = {}
    schemes: list[Scheme] = []
    for path in sorted(folder.glob("*.yaml")):
        scheme = read_scheme(path)
        if scheme.id in found:
            raise SchemeError(path, f"方案编号「{scheme.id}」与 {found[scheme.id].name} 重复")
        found[scheme.id] = path
        schemes.append(scheme)
    return tuple(schemes)


@cache
def default_schemes() -> tuple[Scheme, ...]:
    return load_schemes()


def schemes_in_force(year: int) -> list[Scheme]:
    """The schemes that judge ``year`` (in force on its last day)."""
    return [scheme for scheme in default_schemes() if scheme.in_force(date(year, 12, 31))]
