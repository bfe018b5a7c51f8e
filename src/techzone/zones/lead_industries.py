"""Seed 001 measure 12: each high-tech zone settles on 2–3 lead industries (主导产业).

"鼓励高新区结合区位特点、资源禀赋、产业基础、环境容量等因素确定2-3个主导产业" — the measure is
Gansu's, for Gansu's 高新区 (national and provincial); a district such as 城关区 is not a 高新区 and
another province's zones answer to their own documents. A zone outside the range is not refused
(the measure encourages, it does not forbid), but every report that rests on its lead industries
says so, because the concentration (≥60%, same measure) and the incubator coverage (measure 11)
are counted over them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Zone
from techzone.model.codes import ZoneLevel

PROVINCE = "甘肃省"
LEVELS = (ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL)
FEWEST, MOST = 2, 3
CLAUSE = "seeds/001 第12条"


@dataclass(frozen=True)
class ZoneIndustries:
    code: str
    name: str
    province: str
    level: ZoneLevel
    focus_industries: Sequence[str]


def lead_industry_findings(zones: Iterable[ZoneIndustries]) -> list[str]:
    """A sentence for each Gansu high-tech zone whose lead industries are not 2–3."""
    found = []
    for zone in zones:
        if zone.province != PROVINCE or zone.level not in LEVELS:
            continue
        named = list(dict.fromkeys(i.strip() for i in zone.focus_industries if i.strip()))
        if FEWEST <= len(named) <= MOST:
            continue
        listed = "、".join(named) if named else "未填写"
        found.append(
            f"{zone.name}的主导产业有{len(named)}个（{listed}），"
            f"与{CLAUSE}“确定2-3个主导产业”不符；主导产业集中度和孵化器覆盖按这些产业计算。"
        )
    return found


def stored_findings(session: Session, codes: Iterable[str] | None = None) -> list[str]:
    """``lead_industry_findings`` for the stored zones (those named, or all), in code order."""
    query = select(Zone).order_by(Zone.code)
    if codes is not None:
        query = query.where(Zone.code.in_(list(codes)))
    return lead_industry_findings(
        ZoneIndustries(z.code, z.name, z.province, z.level, z.focus_industries or [])
        for z in session.scalars(query)
    )
