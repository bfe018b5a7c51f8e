"""申报材料清单: what an application must include, and a dated plan counting back from the deadline.

The lists are data (``materials.yaml``), each item with its basis: 国科发火〔2016〕32号
第十二条 for 高新技术企业 (official text), 国科发政〔2017〕115号 第十条 for 科技型中小企业.
For the 梯度培育 tiers and 单项冠军 only provincial or city notices list materials, through a
single third-party summary ([SINGLE]); the list says whose notice it is. For one enterprise,
each item says whether the register already holds what it rests on (the figures of the years
it covers, the IP list, the certificates) or the enterprise must supply it. The plan dates each
item back from the batch deadline by who produces it (``prepare_days``, a local choice the
file states).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techzone.model import (
    AwardEvent,
    Enterprise,
    IntellectualProperty,
    Platform,
    Qualification,
    YearlyFigures,
)
from techzone.model.codes import QualificationKind
from techzone.rules.records import UnknownEnterprise

MATERIALS_FILE = Path(__file__).resolve().parent / "materials.yaml"

Producer = Literal["enterprise", "intermediary", "third_party"]
Source = Literal["enterprise", "figures", "ip", "qualifications", "platforms", "events"]
PRODUCERS: dict[str, str] = {
    "enterprise": "企业自备",
    "intermediary": "中介机构出具",
    "third_party": "其他单位出具",
}
SOURCES: dict[str, str] = {
    "enterprise": "企业登记信息",
    "figures": "年度数据",
    "ip": "知识产权清单",
    "qualifications": "资质证书",
    "platforms": "研发机构与平台",
    "events": "获奖与标准事项",
}
CONFIDENCE: dict[str, str] = {
    "OFFICIAL-TEXT": "官方原文",
    "MULTI": "多个来源一致",
    "SINGLE": "单一第三方来源，待核对原文",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Basis(_Strict):
    ref: str
    text: str


class Item(_Strict):
    id: str
    label: str
    by: Producer
    basis: Basis
    held_in: Source | None = None
    years: int | None = Field(default=None, ge=1, le=3)
    required: bool = True
    confidence: Literal["OFFICIAL-TEXT", "MULTI", "SINGLE"] | None = None


class Listing(_Strict):
    document: str
    confidence: Literal["OFFICIAL-TEXT", "MULTI", "SINGLE"]
    note: str
    items: tuple[Item, ...]


class MaterialsFile(_Strict):
    prepare_days: dict[Producer, int]
    local_choice: str
    qualifications: dict[QualificationKind, Listing]


@cache
def materials_file(path: Path = MATERIALS_FILE) -> MaterialsFile:
    parsed = MaterialsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    missing = set(Producer.__args__) - set(parsed.prepare_days)  # type: ignore[attr-defined]
    if missing:
        raise ValueError(f"{path}: prepare_days without {sorted(missing)}")
    return parsed


def listing(kind: QualificationKind) -> Listing | None:
    """The materials an application for ``kind`` must include; None where no document lists them."""
    return materials_file().qualifications.get(kind)


def ready_by(item: Item, deadline: date) -> date:
    """When an item should be ready: ``prepare_days`` for who produces it, before the deadline."""
    return deadline - timedelta(days=materials_file().prepare_days[item.by])


@dataclass(frozen=True)
class Line:
    item: Item
    held: bool | None
    """Whether the register holds what the item rests on; None when it holds no such thing."""
    ready_by: date | None

    @property
    def register_text(self) -> str:
        if self.item.held_in is None:
            return "企业提供"
        source = SOURCES[self.item.held_in]
        if self.item.held_in == "figures" and self.item.years:
            source = f"近{self.item.years}个会计年度的{source}"
        if self.held is None:
            return f"登记可出：{source}"
        return f"登记已有：{source}" if self.held else f"登记缺少：{source}"


@dataclass(frozen=True)
class MaterialsView:
    kind: QualificationKind
    listing: Listing | None
    deadline: date | None
    uscc: str | None
    name: str | None
    lines: tuple[Line, ...]

    @property
    def missing_in_register(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.held is False)


def _held(
    session: Session, enterprise_id: int, application_year: int
) -> dict[str, set[int] | bool]:
    """What the register holds for an enterprise, by source (figures: the years held)."""

    def any_of(model: type[IntellectualProperty | Qualification | Platform | AwardEvent]) -> bool:
        query = select(func.count()).where(model.enterprise_id == enterprise_id)
        return bool(session.scalar(query))

    years = set(
        session.scalars(
            select(YearlyFigures.year).where(
                YearlyFigures.enterprise_id == enterprise_id,
                YearlyFigures.year < application_year,
            )
        )
    )
    return {
        "enterprise": True,
        "figures": years,
        "ip": any_of(IntellectualProperty),
        "qualifications": any_of(Qualification),
        "platforms": any_of(Platform),
        "events": any_of(AwardEvent),
    }


def _line_held(item: Item, held: dict[str, set[int] | bool], application_year: int) -> bool:
    assert item.held_in is not None
    found = held[item.held_in]
    if isinstance(found, set):
        wanted = {application_year - offset for offset in range(1, (item.years or 1) + 1)}
        return wanted <= found
    return found


def materials_view(
    session: Session | None,
    kind: QualificationKind,
    as_of: date,
    uscc: str | None = None,
    deadline: date | None = None,
) -> MaterialsView:
    """The materials list for ``kind``; with an enterprise, what its register already holds;
    with a deadline, when each item should be ready. The application year is the deadline's
    year (the as-of date's when there is none)."""
    found = listing(kind)
    year = (deadline or as_of).year
    held: dict[str, set[int] | bool] | None = None
    name = None
    if uscc is not None:
        assert session is not None
        row = session.execute(
            select(Enterprise.id, Enterprise.name).where(Enterprise.uscc == uscc)
        ).one_or_none()
        if row is None:
            raise UnknownEnterprise(uscc)
        held, name = _held(session, row[0], year), row[1]
    lines = tuple(
        Line(
            item,
            None if held is None or item.held_in is None else _line_held(item, held, year),
            None if deadline is None else ready_by(item, deadline),
        )
        for item in (found.items if found else ())
    )
    return MaterialsView(kind, found, deadline, uscc, name, lines)


def plan_lines(kind: QualificationKind, deadline: date) -> list[tuple[date, str]]:
    """The materials of ``kind`` as dated plan lines counting back from ``deadline`` (earliest
    first), for the ladder's plan."""
    found = listing(kind)
    if found is None:
        return []
    lines = [
        (
            ready_by(item, deadline),
            f"备齐材料：{item.label}（{PRODUCERS[item.by]}"
            + ("" if item.required else "，视情况提供")
            + "）",
        )
        for item in found.items
    ]
    return sorted(lines, key=lambda line: line[0])
