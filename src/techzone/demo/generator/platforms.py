"""Platforms: labs, research centres, incubators and the like, run by about one enterprise in
eight, at a level of government that fits the kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from techzone.demo.generator.arrays import I64, full, pick, sigmoid, texts
from techzone.demo.generator.dates import AS_OF, ordinal, uniform_days
from techzone.demo.generator.enterprises import BRANDS, FLAT_INDUSTRIES, Enterprises
from techzone.demo.generator.places import PARKS
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.demo.zones import DEMO_ZONES
from techzone.io.sheets import PlatformRow
from techzone.model.codes import Level, PlatformKind, PlatformStatus, ZoneLevel

_KINDS: Final = tuple(PlatformKind)
_LEVELS: Final = tuple(Level)

# Chance of each kind, and of each level (national, provincial, city, district) for it.
_PLATFORM_MIX: Final[dict[PlatformKind, tuple[float, tuple[float, float, float, float]]]] = {
    PlatformKind.KEY_LAB: (0.10, (0.10, 0.70, 0.20, 0.0)),
    PlatformKind.TECH_INNOVATION_CENTER: (0.08, (0.05, 0.60, 0.35, 0.0)),
    PlatformKind.ENGINEERING_RESEARCH_CENTER: (0.12, (0.05, 0.55, 0.40, 0.0)),
    PlatformKind.ENTERPRISE_TECH_CENTER: (0.22, (0.03, 0.50, 0.47, 0.0)),
    PlatformKind.INDUSTRIAL_DESIGN_CENTER: (0.05, (0.02, 0.50, 0.48, 0.0)),
    PlatformKind.NEW_RD_INSTITUTION: (0.06, (0.0, 0.70, 0.30, 0.0)),
    PlatformKind.ACADEMICIAN_WORKSTATION: (0.06, (0.0, 0.80, 0.20, 0.0)),
    # 博士后科研工作站 are set up nationally.
    PlatformKind.POSTDOC_STATION: (0.04, (1.0, 0.0, 0.0, 0.0)),
    PlatformKind.INCUBATOR: (0.07, (0.20, 0.50, 0.30, 0.0)),
    PlatformKind.MAKER_SPACE: (0.06, (0.25, 0.45, 0.30, 0.0)),
    PlatformKind.INTL_COOPERATION_BASE: (0.04, (0.20, 0.80, 0.0, 0.0)),
    PlatformKind.OVERSEAS_RD_CENTER: (0.02, (0.0, 0.60, 0.40, 0.0)),
    PlatformKind.OTHER: (0.08, (0.0, 0.30, 0.40, 0.30)),
}


@dataclass
class Platforms:
    enterprise: I64
    kind: I64
    level: I64
    recognised: I64


def draw_platforms(rng: np.random.Generator, enterprises: Enterprises) -> Platforms:
    count = enterprises.count
    # About one enterprise in eight runs a platform, more of the innovative and the large; a
    # quarter of those run two (of different kinds: one per kind and level is the record's key).
    has = rng.random(count) < sigmoid(
        -2.3 + 0.9 * enterprises.latent + 0.8 * (enterprises.sales[:, 3] >= 1e8)
    )
    holders = np.flatnonzero(has)
    two = rng.random(len(holders)) < 0.25
    kinds = len(_KINDS)
    first = pick(rng, [_PLATFORM_MIX[k][0] for k in _KINDS], len(holders))
    second = (first + 1 + rng.integers(0, kinds - 1, len(holders))) % kinds
    enterprise = np.concatenate([holders, holders[two]])
    kind = np.concatenate([first, second[two]])
    order = np.lexsort((kind, enterprise))
    enterprise, kind = enterprise[order], kind[order]
    level_weights = np.array([_PLATFORM_MIX[k][1] for k in _KINDS])[kind]
    level = (rng.random(len(kind))[:, None] > np.cumsum(level_weights, axis=1)).sum(axis=1)
    level = np.minimum(level, 3).astype(np.int64)
    # Only a district (城关区) recognises district-level platforms; elsewhere they are city-level.
    district = np.array([zone.level is ZoneLevel.DISTRICT for zone in DEMO_ZONES])
    level[(level == 3) & ~district[enterprises.zone[enterprise]]] = 2
    low = np.minimum(
        np.maximum(enterprises.registered[enterprise] + 365, ordinal(2012, 1, 1)), AS_OF - 30
    )
    recognised = uniform_days(rng, low, full(len(kind), AS_OF))
    return Platforms(enterprise=enterprise, kind=kind, level=level, recognised=recognised)


def platform_rows(platforms: Platforms, enterprises: Enterprises) -> SheetRows[PlatformRow]:
    def columns(start: int, stop: int) -> Columns:
        owners = platforms.enterprise[start:stop]
        kinds = [_KINDS[index] for index in platforms.kind[start:stop].tolist()]
        levels = [_LEVELS[index] for index in platforms.level[start:stop].tolist()]
        naming = zip(
            kinds,
            levels,
            enterprises.park[owners].tolist(),
            enterprises.industry[owners].tolist(),
            enterprises.brand[owners].tolist(),
            strict=True,
        )
        return {
            "uscc": texts(enterprises.uscc[owners]),
            "kind": kinds,
            "level": levels,
            "name": [_platform_name(*parts) for parts in naming],
            "recognised_on": [
                date.fromordinal(day) for day in platforms.recognised[start:stop].tolist()
            ],
            "status": [PlatformStatus.IN_FORCE] * len(kinds),
            "status_on": [None] * len(kinds),
        }

    return SheetRows(PlatformRow, len(platforms.kind), columns)


def _platform_name(kind: PlatformKind, level: Level, park: int, industry: int, brand: int) -> str:
    zone, _ = PARKS[park]
    place = {
        Level.NATIONAL: "",
        Level.PROVINCIAL: zone.province.removesuffix("壮族自治区"),
        Level.CITY: zone.city,
        Level.DISTRICT: zone.name,
    }[level]
    return f"{place}{BRANDS[brand]}{FLAT_INDUSTRIES[industry].name_word}{kind.label}"
