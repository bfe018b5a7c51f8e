"""Enterprises: where they are, their field and industry, age, size, innovativeness and name.

Everything later is drawn from these columns, above all the latent "innovativeness" z, which
makes an enterprise's figures, IP and qualifications hang together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from techzone.demo.generator.arrays import F64, I64, Bool, Usccs, pick, texts
from techzone.demo.generator.dates import AS_OF, ordinal
from techzone.demo.generator.places import (
    PARK_REGION,
    PARK_ZONE,
    PARKS,
    PROVINCE_SHORT,
    REGIONS,
    ZONE_PROVINCE,
)
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.demo.identity import DEMO_SCRAMBLE, synthetic_usccs
from techzone.demo.vocabulary import (
    BRAND_SYLLABLES,
    COMPANY_SUFFIXES,
    INDUSTRIES,
    LISTED_SUFFIX,
    Industry,
)
from techzone.demo.zones import DEMO_ZONES, DemoZone
from techzone.io.sheets import EnterpriseRow
from techzone.model.codes import SUPPORTED_TECH_FIELDS, ListingStatus, Ownership

_FIELDS: Final = SUPPORTED_TECH_FIELDS
# Share of each technical field per zone, in SUPPORTED_TECH_FIELDS order (电子信息, 生物与新医药,
# 航空航天, 新材料, 高技术服务, 新能源与节能, 资源与环境, 先进制造与自动化). Not from any
# document: set so each zone's enterprises lean to its focus industries (zones.py).
_FIELD_WEIGHTS: Final[dict[str, tuple[float, ...]]] = {
    # 循环化工、有色冶金、新材料 → 新材料, 资源与环境; 生物医药; 先进装备制造.
    "GS-BY": (0.06, 0.16, 0.01, 0.30, 0.07, 0.08, 0.14, 0.18),
    # 数字信息 first, then 现代服务业 and 生物医药 (seed 003 三).
    "LZ-CG": (0.30, 0.14, 0.04, 0.08, 0.22, 0.07, 0.07, 0.08),
    "GS-LZ": (0.15, 0.28, 0.02, 0.22, 0.13, 0.06, 0.05, 0.09),
    "GX-LZ": (0.14, 0.04, 0.01, 0.12, 0.08, 0.14, 0.05, 0.42),
    "GX-HX": (0.08, 0.04, 0.01, 0.12, 0.08, 0.07, 0.06, 0.54),
}
_DEFAULT_FIELD_WEIGHTS: Final = (0.06, 0.14, 0.01, 0.22, 0.07, 0.12, 0.14, 0.24)

# Every industry of every field in one tuple; a field's industries start at its offset.
FLAT_INDUSTRIES: Final = tuple(industry for field in INDUSTRIES for industry in field)
_INDUSTRY_OFFSET: Final = np.cumsum([0, *(len(field) for field in INDUSTRIES)])[:-1]
_INDUSTRY_COUNT: Final = np.array([len(field) for field in INDUSTRIES], dtype=np.int64)

_OWNERSHIPS: Final = tuple(Ownership)
# Mostly private (seed 003 二 aims at 民营 ≥80% of high-tech and ≥85% of tech SMEs).
_OWNERSHIP_WEIGHTS: Final = {
    Ownership.PRIVATE: 0.83,
    Ownership.STATE: 0.07,
    Ownership.COLLECTIVE: 0.01,
    Ownership.FOREIGN: 0.02,
    Ownership.HMT: 0.015,
    Ownership.MIXED: 0.035,
    Ownership.OTHER: 0.02,
}
_LISTINGS: Final = tuple(ListingStatus)

# Every 字号 of two syllables, indexed first * len + second (the generator never repeats one).
BRANDS: Final = tuple(first + second for first in BRAND_SYLLABLES for second in BRAND_SYLLABLES)


@dataclass
class Enterprises:
    count: int
    park: I64
    zone: I64
    province: I64  # certificate province code
    field: I64
    industry: I64  # index into FLAT_INDUSTRIES
    registered: I64  # ordinal
    ownership: I64
    listing: I64
    above_scale: Bool
    latent: F64
    brand: I64  # index into BRANDS
    prefix_is_province: Bool
    suffix: I64
    uscc: Usccs
    # Full-year, underlying sizes per figure year (n × 4): before partial-year scaling and gaps.
    employees: F64
    sales: F64
    assets: F64
    rd_intensity: F64  # 2025 R&D expense / sales
    tech_share: F64  # 2025 technical staff / employees
    high_tech_share: F64  # high-tech income / total income


def draw_enterprises(rng: np.random.Generator, count: int) -> Enterprises:
    # The order of the draws is part of the seed: each step below draws after the one before.
    park = _draw_parks(rng, count)
    zone = PARK_ZONE[park]
    latent = rng.standard_normal(count)
    field, industry = _draw_fields(rng, zone)
    registered = _draw_registration(rng, count)
    age_years = (AS_OF - registered) / 365.25
    ownership = pick(rng, [_OWNERSHIP_WEIGHTS[o] for o in _OWNERSHIPS], count)
    employees, sales, assets = _draw_sizes(rng, field, latent, age_years)
    rd_intensity, tech_share, high_tech_share = _draw_innovation(rng, field, latent, sales[:, 3])
    listing = _draw_listing(rng, sales[:, 3])
    # 规模以上: the statistical threshold is 2000万 of revenue for industry; not every enterprise
    # above it is in the statistics' direct-reporting list, so about half of them are (≈ 25%).
    above_scale = (sales[:, 3] >= 2e7) & (rng.random(count) < 0.55)
    brand, prefix_is_province, suffix = _draw_names(rng, ownership)

    # Identity numbers: a fixed bijective scramble of the enterprise index (so codes do not run
    # in sequence), registered in the park's county.
    numbers = (np.arange(1, count + 1, dtype=np.int64) * DEMO_SCRAMBLE) % (31**9)
    uscc = synthetic_usccs(numbers, REGIONS, PARK_REGION[park]).astype(np.bytes_)

    return Enterprises(
        count=count,
        park=park,
        zone=zone,
        province=ZONE_PROVINCE[zone],
        field=field,
        industry=industry,
        registered=registered,
        ownership=ownership,
        listing=listing,
        above_scale=above_scale,
        latent=latent,
        brand=brand,
        prefix_is_province=prefix_is_province,
        suffix=suffix,
        uscc=uscc,
        employees=employees,
        sales=sales,
        assets=assets,
        rd_intensity=rd_intensity,
        tech_share=tech_share,
        high_tech_share=high_tech_share,
    )


def _draw_parks(rng: np.random.Generator, count: int) -> I64:
    park_weights = [zone.weight * park.weight for zone, park in PARKS]
    park = pick(rng, park_weights, count)
    if count >= len(PARKS):
        # Every park gets at least one enterprise: a few random positions take each park once.
        positions = rng.choice(count, size=len(PARKS), replace=False)
        park[positions] = np.arange(len(PARKS))
    return park


def _draw_fields(rng: np.random.Generator, zone: I64) -> tuple[I64, I64]:
    """The technical field (by the zone's weights) and an industry of that field."""
    count = len(zone)
    weights = np.array(
        [_FIELD_WEIGHTS.get(z.code, _DEFAULT_FIELD_WEIGHTS) for z in DEMO_ZONES], dtype=np.float64
    )
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)[zone]
    field = np.minimum((rng.random(count)[:, None] > cumulative).sum(axis=1), 7).astype(np.int64)
    within = np.floor(rng.random(count) * _INDUSTRY_COUNT[field]).astype(np.int64)
    return field, _INDUSTRY_OFFSET[field] + within


def _draw_registration(rng: np.random.Generator, count: int) -> I64:
    """Registration days (ordinals).

    Age: exponential with a 9-year mean (most enterprises in a zone are young), registered
    2000-01-01 … 2025-12-31; the tail beyond 2000 is redrawn uniformly. About 5% are under a
    year old on DEMO_AS_OF, so the 365-day rule (S-32 第十一条(一)) bites.
    """
    last_day = ordinal(2025, 12, 31)
    first_day = ordinal(2000, 1, 1)
    age_days = np.floor(rng.exponential(9 * 365.25, count)).astype(np.int64)
    too_old = age_days > last_day - first_day
    age_days[too_old] = np.floor(rng.random(int(too_old.sum())) * (last_day - first_day)).astype(
        np.int64
    )
    return last_day - age_days


def _draw_sizes(
    rng: np.random.Generator, field: I64, latent: F64, age_years: F64
) -> tuple[F64, F64, F64]:
    """Employees, sales and assets per figure year (n × 4), full-year.

    Employees log-normal (median ≈ 38 for a mature enterprise, smaller when young) times revenue
    per employee log-normal (median ≈ 55万, higher in capital-heavy fields): sales have a median
    of a few ten-million yuan and a tail into the 亿. Drawn for 2025, then back year by year.
    """
    count = len(field)
    maturity = np.clip(age_years / 4, 0.15, 1.0) ** 0.7
    employees_2025 = np.maximum(rng.lognormal(np.log(38), 0.85, count) * maturity, 3.0)
    field_productivity = np.array([1.0, 1.1, 1.1, 1.4, 0.8, 1.4, 1.0, 1.2])[field]
    productivity = rng.lognormal(np.log(5.5e5), 0.55, count) * field_productivity
    # Growth per year: normal around 7% (+5% per unit of z, +12% when under 5 years old).
    mean_growth = 0.07 + 0.05 * latent + 0.12 * (age_years < 5)
    growth = np.clip(rng.normal(mean_growth[:, None], 0.15, (count, 3)), -0.6, 2.0)
    staff_growth = np.clip(0.4 * growth + rng.normal(0.0, 0.05, (count, 3)), -0.4, 1.0)
    sales = np.empty((count, 4))
    employees = np.empty((count, 4))
    sales[:, 3] = employees_2025 * productivity
    employees[:, 3] = employees_2025
    for column in (2, 1, 0):
        sales[:, column] = sales[:, column + 1] / (1 + growth[:, column])
        employees[:, column] = np.maximum(
            employees[:, column + 1] / (1 + staff_growth[:, column]), 1
        )
    # Assets: about one year's sales (log-normal ratio), tracking sales year by year.
    asset_ratio = rng.lognormal(0.0, 0.45, count)
    assets = sales * asset_ratio[:, None] * np.exp(rng.normal(0.0, 0.05, (count, 4)))
    return employees, sales, assets


def _draw_innovation(
    rng: np.random.Generator, field: I64, latent: F64, sales_2025: F64
) -> tuple[F64, F64, F64]:
    """R&D intensity, technical-staff share and high-tech income share: the HNTE ratios."""
    count = len(field)
    # R&D intensity: a field median straddling the HNTE bands (5%/4%/3% by sales, S-32 第十一条
    # (五)), raised by z, lowered slightly for large enterprises.
    field_rd = np.array([0.062, 0.065, 0.06, 0.038, 0.058, 0.035, 0.04, 0.042])[field]
    size_effect = (sales_2025 / 3e7) ** -0.08
    rd_intensity = np.clip(
        field_rd * np.exp(0.3 * latent + 0.35 * rng.standard_normal(count)) * size_effect,
        0.002,
        0.45,
    )
    # Technical staff share: Beta(2.2, 5) (mean ≈ 31%, about 6% below the 10% line of S-32 第十一条
    # (四)), higher with z and in the knowledge-heavy fields.
    tech_share = rng.beta(2.2 + 0.8 * np.clip(latent, 0, None), 5.0)
    knowledge_heavy = np.isin(field, (0, 2, 4))
    tech_share = np.where(knowledge_heavy, 1 - (1 - tech_share) ** 1.4, tech_share)
    # 高新技术产品(服务)收入 share of 总收入: Beta(7, 2.5) shifted by z — mean ≈ 74%, about one
    # in six below the 60% line (S-32 第十一条(六)).
    high_tech_share = np.clip(rng.beta(7.0, 2.5, count) + 0.04 * latent, 0.0, 1.0)
    return rd_intensity, tech_share, high_tech_share


def _draw_listing(rng: np.random.Generator, sales_2025: F64) -> I64:
    """Listing: only larger enterprises list; nearly all are 未上市."""
    count = len(sales_2025)
    listing = np.zeros(count, dtype=np.int64)
    draw = rng.random(count)
    large = sales_2025 >= 1e8
    middle = (sales_2025 >= 3e7) & ~large
    listed_large = (
        (ListingStatus.NEEQ, 0.10),
        (ListingStatus.BSE, 0.02),
        (ListingStatus.STAR, 0.02),
        (ListingStatus.CHINEXT, 0.02),
        (ListingStatus.MAIN_BOARD, 0.03),
        (ListingStatus.OVERSEAS, 0.01),
    )
    lower = 0.0
    for status, share in listed_large:
        chosen = large & (draw >= lower) & (draw < lower + share)
        listing[chosen] = _LISTINGS.index(status)
        lower += share
    listing[middle & (draw < 0.04)] = _LISTINGS.index(ListingStatus.NEEQ)
    return listing


def _draw_names(rng: np.random.Generator, ownership: I64) -> tuple[I64, Bool, I64]:
    """The parts of a name: a two-syllable 字号 (index into BRANDS), whether the place prefix is
    the province or the zone's, and the company-form suffix."""
    count = len(ownership)
    first = rng.integers(0, len(BRAND_SYLLABLES), count)
    second = (first + 1 + rng.integers(0, len(BRAND_SYLLABLES) - 1, count)) % len(BRAND_SYLLABLES)
    prefix_is_province = rng.random(count) < 0.3
    suffix = pick(rng, (0.45, 0.2, 0.1, 0.1, 0.15), count)
    suffix[ownership == _OWNERSHIPS.index(Ownership.STATE)] = COMPANY_SUFFIXES.index("有限责任公司")
    return first * len(BRAND_SYLLABLES) + second, prefix_is_province, suffix


def enterprise_rows(enterprises: Enterprises) -> SheetRows[EnterpriseRow]:
    e = enterprises

    def columns(start: int, stop: int) -> Columns:
        places = [PARKS[index] for index in e.park[start:stop].tolist()]
        industries = [FLAT_INDUSTRIES[index] for index in e.industry[start:stop].tolist()]
        listings = [_LISTINGS[index] for index in e.listing[start:stop].tolist()]
        naming = zip(
            places,
            industries,
            listings,
            e.brand[start:stop].tolist(),
            e.prefix_is_province[start:stop].tolist(),
            e.suffix[start:stop].tolist(),
            strict=True,
        )
        return {
            "uscc": texts(e.uscc[start:stop]),
            "name": [_name(zone, industry, *rest) for (zone, _), industry, *rest in naming],
            "zone_code": [zone.code for zone, _ in places],
            "park_code": [park.code for _, park in places],
            "registered_on": [date.fromordinal(day) for day in e.registered[start:stop].tolist()],
            "industry_code": [industry.code for industry in industries],
            "tech_field": [_FIELDS[field] for field in e.field[start:stop].tolist()],
            "tech_subfield": [industry.subfield for industry in industries],
            "ownership": [_OWNERSHIPS[owner] for owner in e.ownership[start:stop].tolist()],
            "above_scale": e.above_scale[start:stop].tolist(),
            "listing": listings,
        }

    return SheetRows(EnterpriseRow, enterprises.count, columns)


def _name(
    zone: DemoZone,
    industry: Industry,
    listing: ListingStatus,
    brand: int,
    by_province: bool,
    suffix: int,
) -> str:
    prefix = PROVINCE_SHORT[zone.province] if by_province else zone.name_prefix
    ending = COMPANY_SUFFIXES[suffix] if listing is ListingStatus.UNLISTED else LISTED_SUFFIX
    return f"{prefix}{BRANDS[brand]}{industry.name_word}{ending}"
