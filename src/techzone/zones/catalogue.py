"""The indicator catalogue (``zones/indicators.yaml``) and the lead-industry mapping.

Each indicator has a definition, a formula, a unit and the clause that asks for it; ``kind`` says
whether it is computed from enterprise records, entered as a statistic, or derived from entered
values. The lead-industry mapping (``zones/lead_industries.yaml``) is a local choice: which
GB/T 4754 classes count as each lead industry the documents name.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from techzone.zones.targets import _COMPARE, _SAID, Clause, Comparison

HERE = Path(__file__).resolve().parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Goal(_Strict):
    """The document's own threshold for an indicator, and whose it is: a province's measures
    speak to that province's zones (seed 001, 甘肃), a city's plan to its own zone."""

    comparison: Comparison
    value: float
    province: str | None = None
    zones: tuple[str, ...] = ()

    def applies(self, zone: str, province: str, *, district: bool = False) -> bool:
        """Whether the goal speaks to ``zone``: a province's goals are for its 高新区, not for a
        district bureau that runs the same cultivation (城关区)."""
        if self.zones:
            return zone in self.zones
        return not district and (self.province is None or self.province == province)

    def met(self, value: float) -> bool:
        return _COMPARE[self.comparison](value, self.value)

    def said(self, unit: str) -> str:
        shown = "" if unit in ("个", "家", "项", "件") else unit
        return f"{_SAID[self.comparison]} {self.value:g}{shown}"


class Indicator(_Strict):
    label: str = Field(min_length=1)
    kind: Literal["computed", "entered", "derived"]
    unit: str
    definition: str = Field(min_length=1)
    formula: str = Field(min_length=1)
    clause: Clause
    goal: Goal | None = None
    # A share of a whole in per cent cannot leave [0, 100]; projections are held to it.
    bounds: tuple[float, float] | None = None


class _Catalogue(_Strict):
    indicators: dict[str, Indicator]


class _LeadIndustries(_Strict):
    local_choice: Literal[True]
    industries: dict[str, tuple[str, ...]]


@cache
def indicators() -> dict[str, Indicator]:
    """Every indicator by code, in catalogue order."""
    text = (HERE / "indicators.yaml").read_text(encoding="utf-8")
    return dict(_Catalogue.model_validate(yaml.safe_load(text)).indicators)


def entered_codes() -> list[str]:
    return [code for code, i in indicators().items() if i.kind == "entered"]


def enterable_codes() -> list[str]:
    """What an officer may enter: every statistic, and every computed indicator (used only in
    a year whose records cannot give it); a derived value is summed from entries, never typed."""
    return [code for code, i in indicators().items() if i.kind != "derived"]


@cache
def lead_industry_prefixes() -> dict[str, tuple[str, ...]]:
    """GB/T 4754 code prefixes per lead industry name (a local choice, see the file)."""
    text = (HERE / "lead_industries.yaml").read_text(encoding="utf-8")
    return dict(_LeadIndustries.model_validate(yaml.safe_load(text)).industries)


def code_of(name: str) -> str:
    """An indicator's code from its code or its Chinese label (officers type the label)."""
    name = name.strip()
    if name in indicators():
        return name
    by_label = {i.label: code for code, i in indicators().items()}
    return by_label.get(name, name)
