"""Targets as data: what a document asks a zone to reach, with the clause that says so.

Each YAML file under ``zones/targets/`` holds one document's targets (``chengguan-2027.yaml`` for
seed 003). A target names the zone it is about, the indicator it counts, whether it applies every
year of the document's period (``yearly``) or to one year, its value and how to compare, and the
clause in the document's own words. Computing an indicator is not done here: ``targets`` only says
what is wanted.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

TARGETS_DIR = Path(__file__).resolve().parent / "targets"

Comparison = Literal[">=", ">", "<=", "<", "=="]
_COMPARE: dict[Comparison, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
_SAID: dict[Comparison, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


class TargetError(ValueError):
    def __init__(self, file: Path, message: str) -> None:
        super().__init__(f"目标文件错误 {file}：{message}")
        self.file = file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clause(_Strict):
    ref: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Period(_Strict):
    start: int = Field(alias="from")
    end: int = Field(alias="to")


class Document(_Strict):
    title: str
    source: str
    period: Period


class Target(_Strict):
    id: str = Field(min_length=1)
    zone: str = Field(min_length=1)
    label: str = Field(min_length=1)
    indicator: str = Field(min_length=1)
    yearly: bool = False
    year: int | None = None
    value: float
    comparison: Comparison
    unit: str
    clause: Clause
    note: str | None = None
    # Filled from the file's document when loaded.
    document: str = ""
    period_start: int = 0
    period_end: int = 0

    @model_validator(mode="after")
    def _one_of_yearly_or_year(self) -> Target:
        if self.yearly == (self.year is not None):
            raise ValueError("须且只须给出 yearly: true 或 year")
        return self

    def applies_in(self, year: int) -> bool:
        """A yearly target counts in each year of the period; a dated one until its year."""
        if self.yearly:
            return self.period_start <= year <= self.period_end
        assert self.year is not None
        return year <= self.year

    def met(self, actual: float) -> bool:
        return _COMPARE[self.comparison](actual, self.value)

    def covered(self, actual: float) -> float:
        """How much of the way ``actual`` has come, in per cent to one decimal (a fall has
        covered none). Short of the target it never reads 100: not rounded up (79.97% of
        "80%以上" is 99.9, not 100.0), and a strict "突破255家" at 255 is not yet the whole way.
        For a "more is better" target with a positive value (the caller checks)."""
        rate = 100 * max(actual, 0) / self.value
        if self.met(actual):
            return round(rate, 1)
        # The tiny allowance keeps 79.6 ÷ 80, held as 99.4999…, at 99.5.
        return min(math.floor(rate * 10 + 1e-9) / 10, 99.9)

    @property
    def wanted(self) -> str:
        """The target as people say it: ``≥ 35家``, ``> 255家``, ``≥ 80%``."""
        return f"{_SAID[self.comparison]} {self.value:g}{self.unit}"

    @property
    def when(self) -> str:
        return "每年" if self.yearly else f"到{self.year}年"


class TargetFile(_Strict):
    document: Document
    targets: list[Target]


def read_targets(path: Path) -> list[Target]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        parsed = TargetFile.model_validate(data)
    except yaml.YAMLError as error:
        raise TargetError(path, f"YAML 格式错误：{error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise TargetError(path, f"{where}：{first['msg']}") from error
    document = parsed.document
    return [
        target.model_copy(
            update={
                "document": document.title,
                "period_start": document.period.start,
                "period_end": document.period.end,
            }
        )
        for target in parsed.targets
    ]


def load_targets(folder: Path = TARGETS_DIR) -> tuple[Target, ...]:
    """Every target of every file, in file and then document order; ids must be unique."""
    found: list[Target] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        for target in read_targets(path):
            if target.id in seen:
                raise TargetError(path, f"目标编号「{target.id}」与 {seen[target.id].name} 重复")
            seen[target.id] = path
            found.append(target)
    return tuple(found)


@cache
def default_targets() -> tuple[Target, ...]:
    return load_targets()


def targets_for(year: int, zone: str | None = None) -> list[Target]:
    """The targets that apply in ``year`` (of one zone, or of every zone)."""
    return [
        target
        for target in default_targets()
        if target.applies_in(year) and (zone is None or target.zone == zone)
    ]
