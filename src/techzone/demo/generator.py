"""A deterministic synthetic world of enterprises in the demo zones, set in 2026.

``generate(enterprises, seed)`` draws everything with one ``numpy.random.default_rng(seed)``, in
whole-array (vectorised) steps, so the same arguments always give the same rows, on any machine,
on any day. Nothing reads today's date; nothing iterates a set or depends on dict order.

The generator keeps its draws as numpy columns and builds the sheet rows on demand, chunk by
chunk (``SheetRows``): a million enterprises fit in memory as arrays, and rows stream into the
writer without ever all existing at once.

Distributions (why each is chosen is said where it is drawn):

* a latent "innovativeness" z ~ N(0, 1) per enterprise drives R&D intensity, technical staff,
  high-tech income, IP counts and the chance of every qualification, so the data hang together:
  most high-tech enterprises meet the HNTE thresholds and some do not, as in life;
* sizes are log-normal (employees × revenue per employee), growth is normal around a mean that
  is higher for young and innovative enterprises;
* every money amount is an exact number of fen, derived in integers so that identities hold to
  the fen (销售收入 = 主营 + 其他, 总收入 = 收入总额 − 不征税收入, 净资产 = 资产 − 负债).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar, cast, overload

import numpy as np
import numpy.typing as npt

from techzone.demo.identity import synthetic_usccs
from techzone.demo.vocabulary import (
    BANKS_GANSU,
    BANKS_GUANGXI,
    BRAND_SYLLABLES,
    COMPANY_SUFFIXES,
    INCIDENT_DESCRIPTIONS,
    INDUSTRIES,
    INSTRUMENTS,
    LISTED_SUFFIX,
    OTHER_EVENTS,
    RELOCATION_ORIGINS,
    STANDARD_PREFIXES,
    TOPICS,
)
from techzone.demo.zones import DEMO_ZONES, DemoPark, DemoZone, park_rows, zone_rows
from techzone.io.sheets import (
    SHEETS,
    AwardEventRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    ParkRow,
    PlatformRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneRow,
)
from techzone.model.codes import (
    EventKind,
    IncidentKind,
    IpAcquisition,
    IpKind,
    IpStatus,
    Level,
    ListingStatus,
    Ownership,
    PlatformKind,
    QualificationKind,
    QualificationStatus,
    TechField,
    ZoneLevel,
)

DEMO_YEAR: Final = 2026
# The day the demo world is observed: nothing is dated later. The end of June is the first of
# 城关区's three yearly submission batches (seed 003 四(三): 每年6月底、8月中旬、9月底).
DEMO_AS_OF: Final = date(DEMO_YEAR, 6, 30)
# Accounting years with figures: the four closed years before the demo year.
FIGURE_YEARS: Final = (2022, 2023, 2024, 2025)

# From this many enterprises up, every event and incident kind appears at least once.
_USEFUL_SIZE: Final = 100
# Rows are built from the columns this many at a time.
CHUNK: Final = 10_000
# Marks an unknown figure in the integer columns (becomes None in the row).
MISSING: Final = int(np.iinfo(np.int64).min)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
# Stored columns use the smallest integer type that holds them (a million enterprises make
# about twelve million records).
Ints = npt.NDArray[np.integer[Any]]
S = TypeVar("S", bound=Sheet)

_EPOCH: Final = date(1970, 1, 1).toordinal()
_AS_OF: Final = DEMO_AS_OF.toordinal()


# --------------------------------------------------------------------------------------------
# The result: rows per sheet, built on demand.


class SheetRows(Sequence[S]):
    """The rows of one sheet, built from the generator's columns ``CHUNK`` rows at a time.

    A sequence: ``len`` is known without building anything, iteration streams, indexing builds
    just the rows asked for. Iterating twice gives equal rows.
    """

    def __init__(self, count: int, build: Callable[[int, int], list[S]]) -> None:
        self._count = count
        self._build = build

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> S: ...

    @overload
    def __getitem__(self, index: slice) -> list[S]: ...

    def __getitem__(self, index: int | slice) -> S | list[S]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step == 1:
                return self._build(start, max(start, stop))
            return [self[i] for i in range(start, stop, step)]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        return self._build(position, position + 1)[0]

    def __iter__(self) -> Iterator[S]:
        for start in range(0, self._count, CHUNK):
            yield from self._build(start, min(start + CHUNK, self._count))


class DemoData(Mapping[type[Sheet], Sequence[Sheet]]):
    """Every sheet's rows (sheets in dependency order), ready for ``write_rows``."""

    def __init__(self, sheets: Mapping[type[Sheet], Sequence[Sheet]]) -> None:
        self._sheets = {sheet: sheets[sheet] for sheet in SHEETS}

    def __getitem__(self, sheet: type[Sheet]) -> Sequence[Sheet]:
        return self._sheets[sheet]

    def __iter__(self) -> Iterator[type[Sheet]]:
        return iter(self._sheets)

    def __len__(self) -> int:
        return len(self._sheets)

    def rows(self, sheet: type[S]) -> Sequence[S]:
        """The rows of ``sheet``, typed as that sheet's rows."""
        return cast(Sequence[S], self._sheets[sheet])

    def counts(self) -> dict[str, int]:
        """Rows per sheet, by sheet name (the shape ``write_rows`` reports)."""
        return {sheet.sheet_name: len(rows) for sheet, rows in self._sheets.items()}


def row_maker(sheet: type[S]) -> Callable[[dict[str, Any]], S]:
    """A function that builds a row from a value for every field, unvalidated.

    It does what ``sheet.model_construct(**values)`` does when ``values`` names every field, in
    field order (set
    ``__dict__``, the fields set, no extras, no private state) without model_construct's per-field
    alias lookups: 0.9 µs against 10 µs for a 21-field row, which is most of the difference
    between 20 s and 2 min for a million enterprises. tests/demo checks the two agree. A sheet
    with a post-init hook, extra fields or a root model falls back to model_construct.
    """
    if (
        sheet.__pydantic_post_init__
        or sheet.__pydantic_root_model__
        or sheet.model_config.get("extra") == "allow"
    ):
        return lambda values: cast(S, sheet.model_construct(**values))
    new = sheet.__new__
    set_attribute = object.__setattr__
    every_field = set(sheet.model_fields)

    def make(values: dict[str, Any]) -> S:
        row = new(sheet)
        set_attribute(row, "__dict__", values)
        set_attribute(row, "__pydantic_fields_set__", every_field.copy())
        set_attribute(row, "__pydantic_extra__", None)
        set_attribute(row, "__pydantic_private__", None)
        return row

    return make


def _listed(rows: Sequence[S]) -> SheetRows[S]:
    return SheetRows(len(rows), lambda start, stop: list(rows[start:stop]))


# --------------------------------------------------------------------------------------------
# Dates as ordinals (days since 0001-01-01, as date.toordinal), vectorised.


def _ordinal(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal()


def _ordinals(years: I64, months: I64, days: I64) -> I64:
    first_of_month = ((years - 1970) * 12 + months - 1).astype("datetime64[M]")
    return cast(I64, first_of_month.astype("datetime64[D]").astype(np.int64) + days - 1 + _EPOCH)


def _years_of(ordinals: I64) -> I64:
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def _months_of(ordinals: I64) -> I64:
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[M]").astype(np.int64) % 12 + 1


def _uniform_days(rng: np.random.Generator, low: I64, high: I64) -> I64:
    """A day drawn uniformly from [low, high] (ordinals, element-wise; high ≥ low)."""
    span = np.maximum(high - low, 0) + 1
    return cast(I64, low + np.floor(rng.random(low.shape) * span).astype(np.int64))


def _full(count: int, value: int) -> I64:
    return np.full(count, value, dtype=np.int64)


def _sigmoid(x: F64) -> F64:
    return 1.0 / (1.0 + np.exp(-x))


def _pick(rng: np.random.Generator, weights: Sequence[float], count: int) -> I64:
    """Indices drawn with the given weights (normalised here)."""
    probabilities = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(weights), size=count, p=probabilities / probabilities.sum())


def _ranks(keys: Sequence[Ints], order_by: I64) -> I64:
    """1-based rank of each element within its group of equal ``keys``, ordered by ``order_by``.

    Used for serial numbers: unique within (format, year, area), increasing with issue date.
    """
    count = len(order_by)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((order_by, *reversed(keys)))
    new_group = np.zeros(count, dtype=np.bool_)
    new_group[0] = True
    for key in keys:
        ordered = key[order]
        new_group[1:] |= ordered[1:] != ordered[:-1]
    starts = np.maximum.accumulate(np.where(new_group, np.arange(count), 0))
    ranks = np.empty(count, dtype=np.int64)
    ranks[order] = np.arange(count) - starts + 1
    return ranks


def _fen(yuan: F64) -> I64:
    return cast(I64, np.rint(yuan * 100).astype(np.int64))


def _texts(codes: npt.NDArray[np.bytes_]) -> list[str]:
    return cast(list[str], codes.astype(np.str_).tolist())


def _money(fen: int) -> Decimal | None:
    return None if fen == MISSING else Decimal(fen).scaleb(-2)


# --------------------------------------------------------------------------------------------
# The demo's places, flattened.

PARKS: Final[tuple[tuple[DemoZone, DemoPark], ...]] = tuple(
    (zone, park) for zone in DEMO_ZONES for park in zone.parks
)
_PARK_ZONE: Final = np.array([DEMO_ZONES.index(zone) for zone, _ in PARKS], dtype=np.int64)
_REGIONS: Final = tuple(sorted({park.region for _, park in PARKS}))
_PARK_REGION: Final = np.array([_REGIONS.index(park.region) for _, park in PARKS], dtype=np.intp)
# 2-digit province code on certificates (甘肃 62, 广西 45).
_PROVINCE_CODES: Final = {"甘肃省": 62, "广西壮族自治区": 45}
_ZONE_PROVINCE: Final = np.array(
    [_PROVINCE_CODES[zone.province] for zone in DEMO_ZONES], dtype=np.int64
)
_ZONE_IN_GANSU: Final = _ZONE_PROVINCE == 62
_ZONE_INDEX: Final = {zone.code: index for index, zone in enumerate(DEMO_ZONES)}
_PROVINCE_SHORT: Final = {"甘肃省": "甘肃", "广西壮族自治区": "广西"}

_FIELDS: Final = tuple(TechField)
# Share of each technical field per zone, in TechField order (电子信息, 生物与新医药, 航空航天,
# 新材料, 高技术服务, 新能源与节能, 资源与环境, 先进制造与自动化). Not from any document: set so
# each zone's enterprises lean to its focus industries (zones.py).
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

_FLAT_INDUSTRIES: Final = tuple(industry for field in INDUSTRIES for industry in field)
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
_LEVELS: Final = tuple(Level)
_STATUSES: Final = tuple(QualificationStatus)
_QUALIFICATION_KINDS: Final = tuple(QualificationKind)
_IP_KINDS: Final = (
    IpKind.INVENTION_PATENT,
    IpKind.UTILITY_MODEL,
    IpKind.SOFTWARE_COPYRIGHT,
    IpKind.DESIGN_PATENT,
    IpKind.TRADEMARK,
)
_ACQUISITIONS: Final = tuple(IpAcquisition)
_IP_STATUSES: Final = tuple(IpStatus)
_PLATFORM_KINDS: Final = tuple(PlatformKind)
_EVENT_KINDS: Final = tuple(EventKind)
_INCIDENT_KINDS: Final = tuple(IncidentKind)


# --------------------------------------------------------------------------------------------
# Enterprises.


@dataclass
class _Enterprises:
    count: int
    park: I64
    zone: I64
    province: I64  # certificate province code
    field: I64
    industry: I64  # index into _FLAT_INDUSTRIES
    registered: I64  # ordinal
    ownership: I64
    listing: I64
    above_scale: Bool
    latent: F64
    brand: I64  # index into _BRANDS
    prefix_is_province: Bool
    suffix: I64
    uscc: npt.NDArray[np.bytes_]  # ASCII, 18 bytes each (a quarter of a str array)
    # Full-year, underlying sizes per figure year (n × 4): before partial-year scaling and gaps.
    employees: F64
    sales: F64
    assets: F64
    rd_intensity: F64  # 2025 R&D expense / sales
    tech_share: F64  # 2025 technical staff / employees
    high_tech_share: F64  # high-tech income / total income


def _draw_enterprises(rng: np.random.Generator, count: int) -> _Enterprises:
    park_weights = [zone.weight * park.weight for zone, park in PARKS]
    park = _pick(rng, park_weights, count)
    if count >= len(PARKS):
        # Every park gets at least one enterprise: a few random positions take each park once.
        positions = rng.choice(count, size=len(PARKS), replace=False)
        park[positions] = np.arange(len(PARKS))
    zone = _PARK_ZONE[park]
    latent = rng.standard_normal(count)

    weights = np.array(
        [_FIELD_WEIGHTS.get(z.code, _DEFAULT_FIELD_WEIGHTS) for z in DEMO_ZONES], dtype=np.float64
    )
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)[zone]
    field = np.minimum((rng.random(count)[:, None] > cumulative).sum(axis=1), 7).astype(np.int64)
    within = np.floor(rng.random(count) * _INDUSTRY_COUNT[field]).astype(np.int64)
    industry = _INDUSTRY_OFFSET[field] + within

    # Age: exponential with a 9-year mean (most enterprises in a zone are young), registered
    # 2000-01-01 … 2025-12-31; the tail beyond 2000 is redrawn uniformly. About 5% are under a
    # year old on DEMO_AS_OF, so the 365-day rule (S-32 第十一条(一)) bites.
    last_day = _ordinal(2025, 12, 31)
    first_day = _ordinal(2000, 1, 1)
    age_days = np.floor(rng.exponential(9 * 365.25, count)).astype(np.int64)
    too_old = age_days > last_day - first_day
    age_days[too_old] = np.floor(rng.random(int(too_old.sum())) * (last_day - first_day)).astype(
        np.int64
    )
    registered = last_day - age_days
    age_years = (_AS_OF - registered) / 365.25

    ownership = _pick(rng, [_OWNERSHIP_WEIGHTS[o] for o in _OWNERSHIPS], count)

    # Size: employees log-normal (median ≈ 38 for a mature enterprise, smaller when young) times
    # revenue per employee log-normal (median ≈ 55万, higher in capital-heavy fields): sales have
    # a median of a few ten-million yuan and a tail into the 亿.
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

    # R&D intensity: a field median straddling the HNTE bands (5%/4%/3% by sales, S-32 第十一条
    # (五)), raised by z, lowered slightly for large enterprises.
    field_rd = np.array([0.062, 0.065, 0.06, 0.038, 0.058, 0.035, 0.04, 0.042])[field]
    size_effect = (sales[:, 3] / 3e7) ** -0.08
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

    # Listing: only larger enterprises list; nearly all are 未上市.
    listing = np.zeros(count, dtype=np.int64)
    draw = rng.random(count)
    large = sales[:, 3] >= 1e8
    middle = (sales[:, 3] >= 3e7) & ~large
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

    # 规模以上: the statistical threshold is 2000万 of revenue for industry; not every enterprise
    # above it is in the statistics' direct-reporting list, so about half of them are (≈ 25%).
    above_scale = (sales[:, 3] >= 2e7) & (rng.random(count) < 0.55)

    first = rng.integers(0, len(BRAND_SYLLABLES), count)
    second = (first + 1 + rng.integers(0, len(BRAND_SYLLABLES) - 1, count)) % len(BRAND_SYLLABLES)
    prefix_is_province = rng.random(count) < 0.3
    suffix = _pick(rng, (0.45, 0.2, 0.1, 0.1, 0.15), count)
    suffix[ownership == _OWNERSHIPS.index(Ownership.STATE)] = COMPANY_SUFFIXES.index("有限责任公司")

    # Identity numbers: a fixed bijective scramble of the enterprise index (so codes do not run
    # in sequence), registered in the park's county.
    numbers = (np.arange(1, count + 1, dtype=np.int64) * 7_777_777_777) % (31**9)
    uscc = synthetic_usccs(numbers, _REGIONS, _PARK_REGION[park]).astype(np.bytes_)

    return _Enterprises(
        count=count,
        park=park,
        zone=zone,
        province=_ZONE_PROVINCE[zone],
        field=field,
        industry=industry,
        registered=registered,
        ownership=ownership,
        listing=listing,
        above_scale=above_scale,
        latent=latent,
        brand=first * len(BRAND_SYLLABLES) + second,
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


# Every 字号 of two syllables, indexed first * len + second (the generator never repeats one).
_BRANDS: Final = tuple(first + second for first in BRAND_SYLLABLES for second in BRAND_SYLLABLES)


def _brand(enterprises: _Enterprises, index: int) -> str:
    return _BRANDS[int(enterprises.brand[index])]


def _enterprise_rows(enterprises: _Enterprises) -> SheetRows[EnterpriseRow]:
    make = row_maker(EnterpriseRow)
    e = enterprises

    def build(start: int, stop: int) -> list[EnterpriseRow]:
        rows = []
        for (
            code,
            park_index,
            industry_index,
            field,
            registered,
            owner,
            above,
            listed,
            brand,
            by_province,
            suffix,
        ) in zip(
            _texts(e.uscc[start:stop]),
            e.park[start:stop].tolist(),
            e.industry[start:stop].tolist(),
            e.field[start:stop].tolist(),
            e.registered[start:stop].tolist(),
            e.ownership[start:stop].tolist(),
            e.above_scale[start:stop].tolist(),
            e.listing[start:stop].tolist(),
            e.brand[start:stop].tolist(),
            e.prefix_is_province[start:stop].tolist(),
            e.suffix[start:stop].tolist(),
            strict=True,
        ):
            zone, park = PARKS[park_index]
            industry = _FLAT_INDUSTRIES[industry_index]
            listing = _LISTINGS[listed]
            prefix = _PROVINCE_SHORT[zone.province] if by_province else zone.name_prefix
            unlisted = listing is ListingStatus.UNLISTED
            ending = COMPANY_SUFFIXES[suffix] if unlisted else LISTED_SUFFIX
            rows.append(
                make(
                    {
                        "uscc": code,
                        "name": f"{prefix}{_BRANDS[brand]}{industry.name_word}{ending}",
                        "zone_code": zone.code,
                        "park_code": park.code,
                        "registered_on": date.fromordinal(registered),
                        "industry_code": industry.code,
                        "tech_field": _FIELDS[field],
                        "tech_subfield": industry.subfield,
                        "ownership": _OWNERSHIPS[owner],
                        "above_scale": above,
                        "listing": listing,
                    }
                )
            )
        return rows

    return SheetRows(enterprises.count, build)


# --------------------------------------------------------------------------------------------
# Yearly figures.

_FIGURE_COLUMNS: Final = tuple(YearlyFiguresRow.model_fields)[2:]
assert tuple(YearlyFiguresRow.model_fields)[:2] == ("uscc", "year")
_COLUMN: Final = {name: index for index, name in enumerate(_FIGURE_COLUMNS)}
# Groups of columns that go unknown together (a firm that did not report its headcount, …),
# chosen so the identities still hold: a derived total is unknown whenever a part is.
_MISSING_GROUPS: Final = (
    ("employees", "tech_staff", "rd_staff"),
    ("rd_staff",),
    ("domestic_rd_expense",),
    ("high_tech_income",),
    ("rd_expense_deduction",),
    ("other_business_income", "sales_revenue"),
    ("non_taxable_income", "total_income"),
    ("total_assets", "liabilities", "net_assets"),
    ("net_profit", "tax_paid"),
)


@dataclass
class _Figures:
    enterprise: Ints
    year: Ints
    values: I64  # rows × columns, hundredths (fen, or hundredths of a person); MISSING = unknown


def _draw_figures(rng: np.random.Generator, enterprises: _Enterprises) -> _Figures:
    count = enterprises.count
    years = np.array(FIGURE_YEARS, dtype=np.int64)
    registered = enterprises.registered
    registered_year = _years_of(registered)
    exists = years[None, :] >= registered_year[:, None]
    # Registered in the last quarter of 2025: no closed year yet.
    exists[registered >= _ordinal(2025, 10, 1), 3] = False
    # A few enterprises skipped a year's report: a gap in the middle of their series.
    first_column = np.clip(registered_year - years[0], 0, 3)
    gap = (exists.sum(axis=1) >= 3) & (rng.random(count) < 0.015)
    exists[np.flatnonzero(gap), first_column[gap] + 1] = False

    # First (partial) year: revenue for the months operated; headcounts are averages over the
    # months operated already (S-195 三(五)3), so they are not scaled.
    year_end = np.array([_ordinal(int(y), 12, 31) for y in years], dtype=np.int64)
    fraction = np.where(
        years[None, :] == registered_year[:, None],
        np.clip((year_end[None, :] - registered[:, None] + 1) / 365, 0.02, 1.0),
        1.0,
    )

    def per_row(matrix: F64) -> F64:
        return matrix[exists]

    enterprise = np.broadcast_to(np.arange(count, dtype=np.int64)[:, None], (count, 4))[exists]
    year = np.broadcast_to(years[None, :], (count, 4))[exists]
    rows = len(enterprise)
    values = np.empty((rows, len(_FIGURE_COLUMNS)), dtype=np.int64)

    def put(name: str, column: npt.NDArray[Any]) -> None:
        values[:, _COLUMN[name]] = column

    def get(name: str) -> I64:
        # A view of a column already written: the figures are built from each other without
        # keeping a second copy of every column alive (a million enterprises, 3.4M rows).
        return values[:, _COLUMN[name]]

    def per_enterprise(column: F64) -> F64:
        return column[enterprise]

    put("employees", np.maximum(np.rint(per_row(enterprises.employees) * 100), 100))
    share = np.clip(
        per_enterprise(enterprises.tech_share) + rng.normal(0.0, 0.02, rows), 0.01, 0.98
    )
    put("tech_staff", np.minimum(np.rint(get("employees") * share), get("employees")))
    put(
        "rd_staff",
        np.minimum(np.rint(get("tech_staff") * rng.beta(5.0, 2.0, rows)), get("tech_staff")),
    )
    del share

    put("sales_revenue", _fen(per_row(enterprises.sales * fraction)))
    sales = get("sales_revenue")
    put("other_business_income", _fen(sales / 100 * rng.beta(1.2, 14.0, rows)))
    put("main_business_income", sales - get("other_business_income"))
    # 收入总额 = sales + other taxable income (investment income, 营业外收入, …) + 不征税收入
    # (earmarked government funds: about half the enterprises have some, small).
    put("total_income", sales + _fen(sales / 100 * rng.beta(1.0, 40.0, rows)))
    total = get("total_income")
    put(
        "non_taxable_income",
        np.where(rng.random(rows) < 0.45, _fen(sales / 100 * rng.beta(1.5, 80.0, rows)), 0),
    )
    put("gross_income", total + get("non_taxable_income"))
    high_tech_share = np.clip(
        per_enterprise(enterprises.high_tech_share) + rng.normal(0.0, 0.03, rows), 0.0, 1.0
    )
    put("high_tech_income", _fen(total / 100 * high_tech_share))
    del high_tech_share
    intensity = per_enterprise(enterprises.rd_intensity) * np.exp(rng.normal(0.0, 0.12, rows))
    put("rd_expense", _fen(sales / 100 * np.clip(intensity, 0.001, 0.6)))
    del intensity
    rd = get("rd_expense")
    # 加计扣除口径 is narrower (其他相关费用 ≤10%, no building depreciation): 78–100% of it.
    put("rd_expense_deduction", _fen(rd / 100 * rng.uniform(0.78, 1.0, rows)))
    # 境内研发费用: usually all of it; 5% of enterprises commission much R&D abroad (< 60%).
    domestic_share = np.select(
        [rng.random(count) < 0.05, rng.random(count) < 0.65],
        [rng.uniform(0.35, 0.6, count), np.ones(count)],
        rng.uniform(0.75, 1.0, count),
    )
    put("domestic_rd_expense", np.minimum(_fen(rd / 100 * per_enterprise(domestic_share)), rd))
    # Margin on 总收入: normal around 7% (+3% per unit of z), so some lose money.
    margin = np.clip(
        per_enterprise(rng.normal(0.07, 0.08, count) + 0.03 * enterprises.latent)
        + rng.normal(0.0, 0.04, rows),
        -0.9,
        0.45,
    )
    put("cost_and_expense", _fen(total / 100 * (1 - margin)))
    del margin
    # Net profit: the pre-tax profit less corporate income tax on a profit (15% for an HNTE;
    # the demo uses 15% throughout), the whole loss otherwise.
    before_tax = total - get("cost_and_expense")
    put("net_profit", np.where(before_tax > 0, np.rint(before_tax * 0.85), before_tax))
    del before_tax
    put("tax_paid", _fen(sales / 100 * rng.uniform(0.015, 0.06, rows)))
    put("total_assets", _fen(per_row(enterprises.assets)))
    assets = get("total_assets")
    # Debt ratio Beta(3.2, 3.6) (mean ≈ 47%); 2% are insolvent (liabilities above assets).
    debt_ratio = per_enterprise(
        np.where(rng.random(count) < 0.02, rng.uniform(1.0, 1.3, count), rng.beta(3.2, 3.6, count))
    ) + rng.normal(0.0, 0.03, rows)
    put("liabilities", _fen(assets / 100 * np.clip(debt_ratio, 0.02, 1.4)))
    del debt_ratio
    put("net_assets", assets - get("liabilities"))

    # About 3% of rows have a group of figures unknown.
    unknown = np.flatnonzero(rng.random(rows) < 0.03)
    group = rng.integers(0, len(_MISSING_GROUPS), len(unknown))
    for index, names in enumerate(_MISSING_GROUPS):
        selected = unknown[group == index]
        for name in names:
            values[selected, _COLUMN[name]] = MISSING
    return _Figures(
        enterprise=enterprise.astype(np.int32), year=year.astype(np.int16), values=values
    )


def _figure_rows(figures: _Figures, uscc: npt.NDArray[np.bytes_]) -> SheetRows[YearlyFiguresRow]:
    make = row_maker(YearlyFiguresRow)
    names = ("uscc", "year", *_FIGURE_COLUMNS)
    cent = Decimal("0.01")

    def build(start: int, stop: int) -> list[YearlyFiguresRow]:
        block = figures.values[start:stop]
        # Column by column: one comprehension per column is much faster than a call per value.
        columns: list[list[Any]] = [
            _texts(uscc[figures.enterprise[start:stop]]),
            figures.year[start:stop].tolist(),
        ]
        for index in range(block.shape[1]):
            column = block[:, index]
            values: list[Decimal | None] = [Decimal(v) * cent for v in column.tolist()]
            for position in np.flatnonzero(column == MISSING).tolist():
                values[position] = None
            columns.append(values)
        return [make(dict(zip(names, row, strict=True))) for row in zip(*columns, strict=True)]

    return SheetRows(len(figures.year), build)


# --------------------------------------------------------------------------------------------
# Qualifications.

# Certificate-number formats. HNTE numbers have the real shape GR + year + province + serial
# (e.g. GR202362000123); the others have no published format the demo could follow and are
# only plausible: they are unique per kind, which is what the records need.
_FORMATS: Final[tuple[Callable[[int, int, int], str], ...]] = (
    lambda year, area, serial: f"GR{year}{area:02d}{serial:06d}",  # 0 高新技术企业证书
    # 1 a failed HNTE application has no certificate; its application number stands in.
    lambda year, area, serial: f"SQ{year}{area:02d}{serial:06d}",
    # 2 科技型中小企业入库登记编号
    lambda year, area, serial: f"{year}{_REGIONS[area]}{serial:08d}",
    lambda year, area, serial: f"GSKC{year}{serial:06d}",  # 3 省级科技创新型企业
    lambda year, area, serial: f"CX{year}{area:02d}{serial:06d}",  # 4 创新型中小企业
    lambda year, area, serial: f"ZJTX{year}{area:02d}{serial:05d}",  # 5 专精特新中小企业
    lambda year, area, serial: f"XJR{year}{serial:05d}",  # 6 专精特新小巨人
    lambda year, area, serial: f"DL{year}{_REGIONS[area]}{serial:05d}",  # 7 瞪羚企业
    lambda year, area, serial: f"DJS{year}{serial:04d}",  # 8 独角兽企业
    lambda year, area, serial: f"KJLJ{year}{area:02d}{serial:04d}",  # 9 科技领军企业
)
# HNTE certificates are issued in batches late in the year; the demo uses three fixed batch days
# (synthetic: real dates are announced by each province).
_HNTE_BATCHES: Final = ((10, 20), (11, 25), (12, 15))
_HNTE_FIRST_YEAR: Final = 2015


def _three_years(issued: I64) -> I64:
    """Validity of 3 years from the issue date (S-32 第九条): expires issue + 3 years − 1 day.

    Issue days are never 29 February here (the generator only issues on days ≤ 28).
    """
    days = (issued - _EPOCH).astype("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    day_of_month = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    later = (month_start + 36).astype("datetime64[D]").astype(np.int64) + _EPOCH
    return cast(I64, later + day_of_month - 2)


@dataclass
class _Qualifications:
    enterprise: Ints
    kind: Ints
    level: Ints
    issued: Ints
    expires: Ints  # -1 = no term
    status: Ints
    format: Ints
    year: Ints
    area: Ints
    serial: Ints


class _Collector:
    """Qualification records from several draws, concatenated in the order they were added."""

    def __init__(self) -> None:
        self.parts: list[dict[str, Ints]] = []

    def add(
        self,
        enterprise: I64,
        kind: QualificationKind,
        level: Level,
        issued: I64,
        expires: I64 | None,
        fmt: int,
        area: I64,
        status: I64 | None = None,
    ) -> None:
        count = len(enterprise)
        expiry = _full(count, -1) if expires is None else expires
        if status is None:
            valid = (expiry < 0) | (expiry >= _AS_OF)
            status = np.where(
                valid,
                _STATUSES.index(QualificationStatus.VALID),
                _STATUSES.index(QualificationStatus.EXPIRED),
            ).astype(np.int64)
        # Compact types from the start: a million enterprises hold millions of these.
        self.parts.append(
            {
                "enterprise": enterprise.astype(np.int32),
                "kind": np.full(count, _QUALIFICATION_KINDS.index(kind), dtype=np.int8),
                "level": np.full(count, _LEVELS.index(level), dtype=np.int8),
                "issued": issued.astype(np.int32),
                "expires": expiry.astype(np.int32),
                "status": status.astype(np.int8),
                "format": np.full(count, fmt, dtype=np.int8),
                "year": _years_of(issued.astype(np.int64)).astype(np.int16),
                "area": area.astype(np.int16),
            }
        )

    def collect(self) -> _Qualifications:
        columns = {
            name: np.concatenate([part[name] for part in self.parts]) for name in self.parts[0]
        }
        order = np.lexsort((columns["issued"], columns["kind"], columns["enterprise"]))
        for name in columns:
            columns[name] = columns[name][order]
        issued = columns["issued"].astype(np.int64)
        serial = _ranks(
            (columns["format"], columns["year"], columns["area"]),
            issued * 10_000_000 + columns["enterprise"],
        )
        return _Qualifications(serial=serial.astype(np.int32), **columns)


def _random_issue(rng: np.random.Generator, years: I64, first_month: int, last_month: int) -> I64:
    """A day in [first_month, last_month] of each year, never after 28th (see _three_years)."""
    months = rng.integers(first_month, last_month + 1, len(years))
    days = rng.integers(1, 29, len(years))
    return _ordinals(years, months, days)


@dataclass
class _HnteHistory:
    first_issue: I64  # per enterprise; -1 none
    last_issue: I64
    last_row: I64  # index of the last certificate in the qualification arrays; -1 none
    relocated: I64  # enterprises whose certificate came with them from another province
    relocation_origin: I64


def _draw_qualifications(
    rng: np.random.Generator, enterprises: _Enterprises
) -> tuple[_Qualifications, _HnteHistory]:
    count = enterprises.count
    latent = enterprises.latent
    registered = enterprises.registered
    collector = _Collector()
    province = enterprises.province
    region = _PARK_REGION[enterprises.park].astype(np.int64)
    national, provincial, city = Level.NATIONAL, Level.PROVINCIAL, Level.CITY

    # --- 高新技术企业: chains of 3-year certificates. An enterprise is first recognised once it is
    # a year old (S-32 第十一条(一)), then re-applies every three years (重新认定; there is no 复审
    # since 2016); about three in ten fail to be re-recognised and lapse, half of those with a
    # 未通过 record of the failed application.
    # Recognition follows the figures (an enterprise meeting more of the thresholds of S-32
    # 第十一条(四)–(六) is more likely to hold a certificate), not strictly: some holders have
    # slipped below a line since, and the rules should find them.
    sales_2025 = enterprises.sales[:, 3]
    band = np.where(sales_2025 <= 5e7, 0.05, np.where(sales_2025 <= 2e8, 0.04, 0.03))
    thresholds_met = (
        (enterprises.rd_intensity >= band).astype(np.float64)
        + (enterprises.tech_share >= 0.10)
        + (enterprises.high_tech_share >= 0.60)
    )
    field_bonus = np.array([0.3, 0.3, 0.3, 0.1, 0.1, 0.0, -0.1, 0.0])[enterprises.field]
    ever = rng.random(count) < _sigmoid(-4.0 + 1.0 * latent + 1.2 * thresholds_met + field_bonus)
    ready = registered + 365
    ready_year = _years_of(ready) + (_months_of(ready) >= 10)
    start = np.maximum(2018, ready_year) + rng.geometric(0.45, count) - 1
    ever &= start <= 2025
    renew = _sigmoid(1.0 + 0.9 * latent)
    batch_days = np.array(
        [
            [_ordinal(year, month, day) for month, day in _HNTE_BATCHES]
            for year in range(_HNTE_FIRST_YEAR, DEMO_YEAR + 1)
        ],
        dtype=np.int64,
    )
    certificate_parts: list[tuple[I64, I64]] = []
    failed_parts: list[tuple[I64, I64]] = []
    alive = ever.copy()
    for step in range(3):
        cycle_year = start + 3 * step
        if step:
            attempted = alive & (cycle_year <= 2025)
            passed = attempted & (rng.random(count) < renew)
            failed = attempted & ~passed & (rng.random(count) < 0.5)
            failed_parts.append((np.flatnonzero(failed), cycle_year[failed]))
            alive = passed
        held = np.flatnonzero(alive & (cycle_year <= 2025))
        certificate_parts.append((held, cycle_year[held]))
    # First applications that failed (the 历年未通过 list of seed 003 四(一)).
    first_try = ~ever & (latent > -0.3) & (ready_year <= 2025) & (rng.random(count) < 0.06)
    tried = np.flatnonzero(first_try)
    try_year = np.maximum(2021, ready_year[tried]) + np.floor(
        rng.random(len(tried)) * (2026 - np.maximum(2021, ready_year[tried]))
    ).astype(np.int64)
    failed_parts.append((tried, try_year))

    hnte_enterprise = np.concatenate([part[0] for part in certificate_parts])
    hnte_year = np.concatenate([part[1] for part in certificate_parts])
    hnte_issued = batch_days[hnte_year - _HNTE_FIRST_YEAR, rng.integers(0, 3, len(hnte_year))]
    hnte_expires = _three_years(hnte_issued)
    hnte_province = province[hnte_enterprise].copy()

    # 省外整体迁入 (seed 003 五(一)3): a few holders of one valid certificate brought it from
    # another province — it keeps that province's code.
    single = np.bincount(hnte_enterprise, minlength=count) == 1
    movable = np.flatnonzero(single[hnte_enterprise] & (hnte_expires >= _AS_OF))
    moved_count = min(len(movable), max(1, int(rng.binomial(count, 0.004)))) if count else 0
    moved_rows = np.sort(rng.choice(movable, size=moved_count, replace=False))
    origin = rng.integers(0, len(RELOCATION_ORIGINS), moved_count)
    hnte_province[moved_rows] = np.array([code for _, code in RELOCATION_ORIGINS])[origin]
    collector.add(
        hnte_enterprise,
        QualificationKind.HNTE,
        national,
        hnte_issued,
        hnte_expires,
        0,
        hnte_province,
    )
    failed_enterprise = np.concatenate([part[0] for part in failed_parts])
    failed_year = np.concatenate([part[1] for part in failed_parts])
    failed_issued = batch_days[failed_year - _HNTE_FIRST_YEAR, rng.integers(0, 3, len(failed_year))]
    collector.add(
        failed_enterprise,
        QualificationKind.HNTE,
        national,
        failed_issued,
        None,
        1,
        province[failed_enterprise],
        status=_full(len(failed_year), _STATUSES.index(QualificationStatus.NOT_PASSED)),
    )

    first_issue = _full(count, np.iinfo(np.int64).max)
    np.minimum.at(first_issue, hnte_enterprise, hnte_issued)
    first_issue[first_issue == np.iinfo(np.int64).max] = -1
    last_issue = _full(count, -1)
    np.maximum.at(last_issue, hnte_enterprise, hnte_issued)

    # --- 科技型中小企业: registered year by year (each registration for one year, renewed
    # yearly). Conditions of S-115 第六条: ≤500 employees, sales ≤ 2亿, assets ≤ 2亿, and a
    # technical-staff share of at least 10%; the figures of the year before are used (2022 stands
    # in for 2021).
    keen = rng.random(count)
    for year in range(2022, DEMO_YEAR + 1):
        column = max(year - 1, 2022) - 2022
        eligible = (
            (registered < _ordinal(year - 1, 12, 31))
            & (enterprises.employees[:, column] <= 500)
            & (enterprises.sales[:, column] <= 2e8)
            & (enterprises.assets[:, column] <= 2e8)
            & (enterprises.tech_share >= 0.10)
        )
        wants = np.clip(keen + rng.normal(0.0, 0.15, count), 0, 1) < _sigmoid(0.2 + 1.0 * latent)
        taking = eligible & wants
        if year == DEMO_YEAR:
            # 2026 evaluation opened in June (reference §2): a quarter are in by the end of June.
            taking &= rng.random(count) < 0.25
            registrants = np.flatnonzero(taking)
            issued = _ordinal(year, 6, 5) + rng.integers(0, 26, len(registrants))
        else:
            registrants = np.flatnonzero(taking)
            issued = _random_issue(rng, _full(len(registrants), year), 4, 11)
        collector.add(
            registrants,
            QualificationKind.TECH_SME,
            national,
            issued,
            _full(len(registrants), _ordinal(year, 12, 31)),
            2,
            region[registrants],
        )

    # --- 省级科技创新型企业 (Gansu only; the middle rung of seed 001 measure 10). No document
    # found states a term of validity (reference §4), so none is recorded.
    gansu = _ZONE_IN_GANSU[enterprises.zone]
    chosen = np.flatnonzero(
        gansu & (rng.random(count) < _sigmoid(-1.8 + 0.9 * latent)) & (ready_year <= 2025)
    )
    first_year = np.maximum(2021, ready_year[chosen])
    years = first_year + np.floor(rng.random(len(chosen)) * (2026 - first_year)).astype(np.int64)
    collector.add(
        chosen,
        QualificationKind.PROVINCIAL_INNOVATIVE,
        provincial,
        _random_issue(rng, years, 4, 12),
        None,
        3,
        province[chosen],
    )

    # --- 创新型中小企业 (provincial 工信 departments, 3 years; reference §3) from 2022.
    chosen = np.flatnonzero(
        (rng.random(count) < _sigmoid(-2.3 + 1.0 * latent)) & (ready_year <= 2025)
    )
    first_year = np.maximum(2022, ready_year[chosen])
    years = first_year + np.floor(rng.random(len(chosen)) * (2026 - first_year)).astype(np.int64)
    issued = _random_issue(rng, years, 6, 12)
    collector.add(
        chosen,
        QualificationKind.INNOVATIVE_SME,
        provincial,
        issued,
        _three_years(issued),
        4,
        province[chosen],
    )

    # --- 专精特新中小企业 (3 years): revenue ≥ 1000万 and R&D ≥ 3% (63号 附件2 conditions).
    eligible = (sales_2025 >= 1e7) & (enterprises.rd_intensity >= 0.03) & (ready_year <= 2024)
    srdi = np.flatnonzero(eligible & (rng.random(count) < _sigmoid(-1.2 + 1.0 * latent)))
    first_year = np.maximum(2019, ready_year[srdi] + 1)
    srdi_year = first_year + np.floor(rng.random(len(srdi)) * (2026 - first_year)).astype(np.int64)
    issued = _random_issue(rng, srdi_year, 7, 12)
    collector.add(
        srdi,
        QualificationKind.SRDI_SME,
        provincial,
        issued,
        _three_years(issued),
        5,
        province[srdi],
    )

    # --- 专精特新"小巨人" (national, 3 years): among 专精特新 enterprises with ≥ 5000万 revenue.
    giant = (sales_2025[srdi] >= 5e7) & (srdi_year < 2025) & (rng.random(len(srdi)) < 0.3)
    giants = srdi[giant]
    years = (
        srdi_year[giant]
        + 1
        + np.floor(rng.random(len(giants)) * (2025 - srdi_year[giant])).astype(np.int64)
    )
    issued = _random_issue(rng, years, 7, 9)
    collector.add(
        giants,
        QualificationKind.LITTLE_GIANT,
        national,
        issued,
        _three_years(issued),
        6,
        province[giants],
    )

    # --- 瞪羚企业: a local (city) designation with no national standard (reference §5.2); the
    # demo takes enterprises whose revenue grew ≥ 20% a year 2022→2025 from ≥ 1000万. No term.
    sales = enterprises.sales
    fast = (
        (registered < _ordinal(2022, 1, 1))
        & (sales[:, 0] >= 1e7)
        & ((sales[:, 3] / sales[:, 0]) ** (1 / 3) - 1 >= 0.2)
    )
    gazelles = np.flatnonzero(fast & (rng.random(count) < 0.35))
    years = 2024 + rng.integers(0, 2, len(gazelles))
    collector.add(
        gazelles,
        QualificationKind.GAZELLE,
        city,
        _random_issue(rng, years, 3, 10),
        None,
        7,
        region[gazelles],
    )

    # --- 独角兽企业: rare (one per 2,500 enterprises, at least one): the largest young (≤ 10
    # years), unlisted enterprises. Listed in national reports; no term.
    young = (_AS_OF - registered <= 3652) & (enterprises.listing == 0)
    candidates = np.flatnonzero(young)
    wanted = min(len(candidates), max(1, count // 2500)) if count else 0
    score = sales_2025[candidates] * np.exp(latent[candidates])
    unicorns = np.sort(candidates[np.argsort(-score, kind="stable")[:wanted]])
    collector.add(
        unicorns,
        QualificationKind.UNICORN,
        national,
        _random_issue(rng, _full(len(unicorns), 2025), 3, 9),
        None,
        8,
        province[unicorns],
    )

    # --- 科技领军企业 (top of seed 002's ladder): one per 500 enterprises, the largest holders of
    # a valid HNTE. No national standard or term was found (reference §4b).
    holding = np.zeros(count, dtype=np.bool_)
    holding[hnte_enterprise[hnte_expires >= _AS_OF]] = True
    candidates = np.flatnonzero(holding)
    wanted = min(len(candidates), max(1, count // 500)) if count else 0
    leaders = np.sort(candidates[np.argsort(-sales_2025[candidates], kind="stable")[:wanted]])
    years = 2024 + rng.integers(0, 2, len(leaders))
    collector.add(
        leaders,
        QualificationKind.TECH_LEADER,
        provincial,
        _random_issue(rng, years, 5, 11),
        None,
        9,
        province[leaders],
    )

    qualifications = collector.collect()
    # Certificates (not failed applications) sorted by (enterprise, issue date): the last row of
    # an enterprise is its latest certificate.
    hnte_rows = np.flatnonzero(qualifications.format == 0)
    last_row = _full(count, -1)
    np.maximum.at(last_row, qualifications.enterprise[hnte_rows], hnte_rows)
    moved = hnte_enterprise[moved_rows]
    history = _HnteHistory(
        first_issue=first_issue,
        last_issue=last_issue,
        last_row=last_row,
        relocated=moved,
        relocation_origin=origin,
    )
    return qualifications, history


def _qualification_rows(
    qualifications: _Qualifications, uscc: npt.NDArray[np.bytes_]
) -> SheetRows[QualificationRow]:
    make = row_maker(QualificationRow)
    q = qualifications

    def build(start: int, stop: int) -> list[QualificationRow]:
        return [
            make(
                {
                    "uscc": code,
                    "kind": _QUALIFICATION_KINDS[kind],
                    "level": _LEVELS[level],
                    "certificate_no": _FORMATS[fmt](year, area, serial),
                    "issued_on": date.fromordinal(issued),
                    "expires_on": None if expires < 0 else date.fromordinal(expires),
                    "status": _STATUSES[status],
                }
            )
            for code, kind, level, fmt, year, area, serial, issued, expires, status in zip(
                _texts(uscc[q.enterprise[start:stop]]),
                q.kind[start:stop].tolist(),
                q.level[start:stop].tolist(),
                q.format[start:stop].tolist(),
                q.year[start:stop].tolist(),
                q.area[start:stop].tolist(),
                q.serial[start:stop].tolist(),
                q.issued[start:stop].tolist(),
                q.expires[start:stop].tolist(),
                q.status[start:stop].tolist(),
                strict=True,
            )
        ]

    return SheetRows(len(qualifications.enterprise), build)


# --------------------------------------------------------------------------------------------
# Intellectual property.


@dataclass
class _Property:
    enterprise: Ints
    kind: Ints  # index into _IP_KINDS
    granted: Ints
    filed_year: Ints
    serial: Ints
    check: Ints
    acquisition: Ints
    status: Ints
    used: Bool
    topic: Ints
    variant: Ints


def _draw_property(
    rng: np.random.Generator, enterprises: _Enterprises, history: _HnteHistory
) -> _Property:
    count = enterprises.count
    latent = enterprises.latent
    field = enterprises.field
    age = (_AS_OF - enterprises.registered) / 365.25
    grown = np.clip(age / 4, 0.1, 1.0)
    software_heavy = np.isin(field, (0, 4))
    service = field == 4
    patent_heavy = np.isin(field, (1, 3))
    # Counts are Poisson with means scaled by z and age: invention patents ≈ 0.9, utility models
    # ≈ 1.6, software copyrights ≈ 4 in 电子信息/高技术服务 and 0.4 elsewhere, designs 0.25,
    # trademarks 0.35 — about four items per enterprise.
    means = np.stack(
        [
            0.9
            * np.exp(0.6 * latent)
            * grown
            * np.where(patent_heavy, 1.3, 1.0)
            * np.where(service, 0.5, 1.0),
            2.0
            * np.exp(0.4 * latent)
            * grown
            * np.where(service, 0.4, 1.0)
            * np.where(field == 0, 0.6, 1.0),
            np.where(software_heavy, 4.0 * np.exp(0.4 * latent), 0.4) * grown,
            np.full(count, 0.25) * grown,
            np.full(count, 0.35),
        ],
        axis=1,
    )
    counts = np.minimum(rng.poisson(means), 60)
    # No IP, no recognition (S-32 第十一条(二)): every HNTE holder has some.
    hnte = history.first_issue >= 0
    bare = hnte & (counts[:, :3].sum(axis=1) == 0)
    counts[bare, 1] = 2 + rng.poisson(2.0, int(bare.sum()))

    per_enterprise = counts.ravel()
    enterprise = np.repeat(np.repeat(np.arange(count, dtype=np.int32), 5), per_enterprise)
    kind = np.repeat(np.tile(np.arange(5, dtype=np.int8), count), per_enterprise)
    total = len(kind)
    low = np.maximum(enterprises.registered[enterprise] + 60, _ordinal(2010, 1, 1))
    granted = _uniform_days(rng, low, _full(total, _AS_OF))
    granted_year = _years_of(granted).astype(np.int16)
    # Filing year: inventions take 1–3 years to grant, the others under a year.
    lag = np.where(kind == 0, rng.integers(1, 4, total), rng.integers(0, 2, total))
    filed_year = np.where(kind == 2, granted_year, granted_year - lag).astype(np.int16)
    del lag, granted_year
    # Serials run within (kind, filing year); trademark numbers carry no year, so one run.
    serial = _ranks((kind, np.where(kind == 4, 0, filed_year)), granted * 10_000_000 + enterprise)
    check = _patent_checks(filed_year.astype(np.int64), kind, 100_000 + serial)

    acquisition = _pick(rng, (0.88, 0.08, 0.01, 0.03), total).astype(np.int8)
    acquisition[kind == 4] = 0
    old = granted < _ordinal(2021, 1, 1)
    status = np.where(
        rng.random(total) < np.where(old, 0.15, 0.03),
        _IP_STATUSES.index(IpStatus.LAPSED),
        _IP_STATUSES.index(IpStatus.VALID),
    ).astype(np.int8)
    patent = np.isin(kind, (0, 1, 3))
    status[patent & (rng.random(total) < 0.01)] = _IP_STATUSES.index(IpStatus.INVALIDATED)
    # Class II items granted before an HNTE application were mostly used for it (once only,
    # S-195 三(二)4).
    class_two = np.isin(kind, (1, 2, 3))
    used = class_two & (granted < history.last_issue[enterprise]) & (rng.random(total) < 0.7)
    topic = rng.integers(0, 1_000_000, total, dtype=np.int32)
    variant = rng.integers(0, 1_000_000, total, dtype=np.int32)
    return _Property(
        enterprise=enterprise.astype(np.int32),
        kind=kind.astype(np.int8),
        granted=granted.astype(np.int32),
        filed_year=filed_year.astype(np.int16),
        serial=serial.astype(np.int32),
        check=check.astype(np.int8),
        acquisition=acquisition.astype(np.int8),
        status=status.astype(np.int8),
        used=used,
        topic=topic,
        variant=variant,
    )


# Patent type digit in the application number: 1 invention, 2 utility model, 3 design.
_PATENT_TYPE: Final = (1, 2, 0, 3, 0)
_CHECK: Final = "0123456789X"


def _patent_checks(filed_year: I64, kind: Ints, serial: I64) -> I64:
    """Check digit of the 12-digit application number (year, type, 7-digit serial): the digits
    weighted 2–9, 2–5 and summed, modulo 11 (10 is written X)."""
    patent_type = np.array(_PATENT_TYPE, dtype=np.int64)[kind]
    total = np.zeros(len(serial), dtype=np.int64)
    # One digit at a time, so only one digit array exists at once.
    for power, weight in zip((3, 2, 1, 0), (2, 3, 4, 5), strict=True):
        total += filed_year // 10**power % 10 * weight
    total += patent_type * 6
    for power, weight in zip(range(6, -1, -1), (7, 8, 9, 2, 3, 4, 5), strict=True):
        total += serial // 10**power % 10 * weight
    return cast(I64, total % 11)


def _ip_title(kind: int, field: int, topic: int, variant: int, brand: str) -> str:
    topics = TOPICS[field]
    if kind == 0:
        subject = topics.inventions[topic % len(topics.inventions)]
        return f"一种{subject}的{topics.methods[variant % len(topics.methods)]}"
    if kind == 1:
        return f"一种{topics.devices[topic % len(topics.devices)]}"
    if kind == 2:
        return f"{brand}{topics.software[topic % len(topics.software)]}V{1 + variant % 5}.0"
    if kind == 3:
        return f"{topics.designs[topic % len(topics.designs)]}（{'ABCDEF'[variant % 6]}型）"
    return brand


def _property_rows(
    items: _Property, enterprises: _Enterprises
) -> SheetRows[IntellectualPropertyRow]:
    make = row_maker(IntellectualPropertyRow)

    def build(start: int, stop: int) -> list[IntellectualPropertyRow]:
        owners = items.enterprise[start:stop]
        rows = []
        for (
            code,
            field,
            brand,
            kind,
            serial,
            granted,
            filed,
            check,
            topic,
            variant,
            how,
            status,
            used,
        ) in zip(
            _texts(enterprises.uscc[owners]),
            enterprises.field[owners].tolist(),
            enterprises.brand[owners].tolist(),
            items.kind[start:stop].tolist(),
            items.serial[start:stop].tolist(),
            items.granted[start:stop].tolist(),
            items.filed_year[start:stop].tolist(),
            items.check[start:stop].tolist(),
            items.topic[start:stop].tolist(),
            items.variant[start:stop].tolist(),
            items.acquisition[start:stop].tolist(),
            items.status[start:stop].tolist(),
            items.used[start:stop].tolist(),
            strict=True,
        ):
            granted_on = date.fromordinal(granted)
            if kind == 2:
                number = f"{granted_on.year}SR{100_000 + serial:07d}"
            elif kind == 4:
                number = f"{20_000_000 + serial:08d}"
            else:
                number = f"ZL{filed}{_PATENT_TYPE[kind]}{100_000 + serial:07d}.{_CHECK[check]}"
            ip_kind = _IP_KINDS[kind]
            rows.append(
                make(
                    {
                        "uscc": code,
                        "kind": ip_kind,
                        "ip_class": ip_kind.ip_class,
                        "number": number,
                        "title": _ip_title(kind, field, topic, variant, _BRANDS[brand]),
                        "granted_on": granted_on,
                        "acquisition": _ACQUISITIONS[how],
                        "status": _IP_STATUSES[status],
                        "used_for_hnte": used,
                    }
                )
            )
        return rows

    return SheetRows(len(items.kind), build)


# --------------------------------------------------------------------------------------------
# Platforms.

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
class _Platforms:
    enterprise: I64
    kind: I64
    level: I64
    recognised: I64


def _draw_platforms(rng: np.random.Generator, enterprises: _Enterprises) -> _Platforms:
    count = enterprises.count
    # About one enterprise in eight runs a platform, more of the innovative and the large; a
    # quarter of those run two (of different kinds: one per kind and level is the record's key).
    has = rng.random(count) < _sigmoid(
        -2.3 + 0.9 * enterprises.latent + 0.8 * (enterprises.sales[:, 3] >= 1e8)
    )
    holders = np.flatnonzero(has)
    two = rng.random(len(holders)) < 0.25
    kinds = len(_PLATFORM_KINDS)
    first = _pick(rng, [_PLATFORM_MIX[k][0] for k in _PLATFORM_KINDS], len(holders))
    second = (first + 1 + rng.integers(0, kinds - 1, len(holders))) % kinds
    enterprise = np.concatenate([holders, holders[two]])
    kind = np.concatenate([first, second[two]])
    order = np.lexsort((kind, enterprise))
    enterprise, kind = enterprise[order], kind[order]
    level_weights = np.array([_PLATFORM_MIX[k][1] for k in _PLATFORM_KINDS])[kind]
    level = (rng.random(len(kind))[:, None] > np.cumsum(level_weights, axis=1)).sum(axis=1)
    level = np.minimum(level, 3).astype(np.int64)
    # Only a district (城关区) recognises district-level platforms; elsewhere they are city-level.
    district = np.array([zone.level is ZoneLevel.DISTRICT for zone in DEMO_ZONES])
    level[(level == 3) & ~district[enterprises.zone[enterprise]]] = 2
    low = np.minimum(
        np.maximum(enterprises.registered[enterprise] + 365, _ordinal(2012, 1, 1)), _AS_OF - 30
    )
    recognised = _uniform_days(rng, low, _full(len(kind), _AS_OF))
    return _Platforms(enterprise=enterprise, kind=kind, level=level, recognised=recognised)


def _platform_rows(platforms: _Platforms, enterprises: _Enterprises) -> SheetRows[PlatformRow]:
    make = row_maker(PlatformRow)

    def build(start: int, stop: int) -> list[PlatformRow]:
        rows = []
        for i in range(start, stop):
            owner = int(platforms.enterprise[i])
            zone, _ = PARKS[int(enterprises.park[owner])]
            kind = _PLATFORM_KINDS[int(platforms.kind[i])]
            level = _LEVELS[int(platforms.level[i])]
            place = {
                Level.NATIONAL: "",
                Level.PROVINCIAL: zone.province.removesuffix("壮族自治区"),
                Level.CITY: zone.city,
                Level.DISTRICT: zone.name,
            }[level]
            word = _FLAT_INDUSTRIES[int(enterprises.industry[owner])].name_word
            rows.append(
                make(
                    {
                        "uscc": enterprises.uscc[owner].decode("ascii"),
                        "kind": kind,
                        "level": level,
                        "name": f"{place}{_brand(enterprises, owner)}{word}{kind.label}",
                        "recognised_on": date.fromordinal(int(platforms.recognised[i])),
                    }
                )
            )
        return rows

    return SheetRows(len(platforms.kind), build)


# --------------------------------------------------------------------------------------------
# Award events.

_EVENT_PREFIX: Final = {
    EventKind.NATIONAL_KEY_PROJECT: "GJXM",
    EventKind.SCIENCE_PRIZE: "KJJ",
    EventKind.PATENT_PRIZE: "ZLJ",
    EventKind.KEY_TECH_BREAKTHROUGH: "JSTP",
    EventKind.INSTRUMENT_SHARED: "YQGX",
    EventKind.TECH_TRANSFER_DEAL: "JSHT",
    EventKind.FIRST_SET: "SDT",
    EventKind.COMPETITION_PRIZE: "CXDS",
    EventKind.STANDARD_LED: "BZ",
    EventKind.DRUG_APPROVAL: "YPPJ",
    EventKind.RESEARCH_ASSISTANT_HIRE: "KYZL",
    EventKind.PROFESSIONAL_TITLE: "ZC",
    EventKind.LOAN_INTEREST: "TX",
    EventKind.INNOVATION_CREDIT_LOAN: "JFD",
    EventKind.RELOCATION_IN: "QR",
    EventKind.OTHER: "QT",
}


@dataclass
class _Events:
    enterprise: I64
    kind: I64
    occurred: I64
    amount: I64  # fen; MISSING = none
    a: I64  # rows × 4 small integers the attributes are built from
    extra: I64  # a second amount (loan principal), yuan


def _draw_events(
    rng: np.random.Generator,
    enterprises: _Enterprises,
    qualifications: _Qualifications,
    history: _HnteHistory,
) -> _Events:
    count = enterprises.count
    latent = enterprises.latent
    age = (_AS_OF - enterprises.registered) / 365.25
    field = enterprises.field
    everyone = np.ones(count, dtype=np.bool_)
    parts: list[dict[str, I64]] = []

    def add(
        kind: EventKind,
        rate: float,
        pool: Bool,
        amount: Callable[[int], I64] | None = None,
        attributes: Callable[[int], I64] | None = None,
    ) -> None:
        """``rate`` events per enterprise, on enterprises in ``pool``; at least one when any
        enterprise qualifies in a demo of a useful size, so every kind appears."""
        candidates = np.flatnonzero(pool)
        wanted = int(rng.binomial(count, rate)) if count else 0
        if len(candidates) and count >= _USEFUL_SIZE:
            wanted = max(wanted, 1)
        chosen = np.sort(rng.choice(candidates, size=wanted)) if wanted else candidates[:0]
        low = np.maximum(enterprises.registered[chosen], _ordinal(2022, 1, 1))
        occurred = _uniform_days(rng, low, _full(wanted, _AS_OF))
        amounts = _full(wanted, MISSING) if amount is None else amount(wanted)
        small = np.zeros((wanted, 4), dtype=np.int64) if attributes is None else attributes(wanted)
        principal = _full(wanted, 0)
        if kind is EventKind.LOAN_INTEREST:
            # The fourth column carried the principal (yuan); the amount is computed below.
            principal = small[:, 3].copy()
            small[:, 3] = 0
        parts.append(
            {
                "enterprise": chosen,
                "kind": _full(wanted, _EVENT_KINDS.index(kind)),
                "occurred": occurred,
                "amount": amounts,
                "a": small,
                "extra": principal,
            }
        )

    def lognormal_yuan(median: float, sigma: float, step: int) -> Callable[[int], I64]:
        """Amounts in fen: log-normal yuan rounded to ``step`` yuan."""

        def draw(size: int) -> I64:
            yuan = np.maximum(np.rint(rng.lognormal(np.log(median), sigma, size) / step), 1)
            return cast(I64, (yuan * step * 100).astype(np.int64))

        return draw

    def columns(*draws: Callable[[int], I64]) -> Callable[[int], I64]:
        def draw(size: int) -> I64:
            out = np.zeros((size, 4), dtype=np.int64)
            for index, column in enumerate(draws):
                out[:, index] = column(size)
            return out

        return draw

    def choice(weights: Sequence[float]) -> Callable[[int], I64]:
        return lambda size: _pick(rng, weights, size)

    def integers(low: int, high: int) -> Callable[[int], I64]:
        return lambda size: rng.integers(low, high + 1, size).astype(np.int64)

    # 国家科技重大专项/重点研发计划: project funds landed in the province, median 300万 so that half
    # pass the 300万 line of seed 001 measure 5.
    add(
        EventKind.NATIONAL_KEY_PROJECT,
        0.012,
        (latent > 0.3) & (age >= 3),
        lognormal_yuan(3e6, 0.75, 1000),
        columns(choice((0.8, 0.2)), choice((0.3, 0.3, 0.4))),
    )
    # 科学技术奖: level, prize, grade, rank of the enterprise among the completing units
    # (reference policy list 第三条 pays national main units and provincial first units).
    add(
        EventKind.SCIENCE_PRIZE,
        0.008,
        latent > 0,
        None,
        columns(choice((0.15, 0.85)), choice((0.8, 0.15, 0.05)), integers(0, 99), integers(1, 5)),
    )
    add(
        EventKind.PATENT_PRIZE,
        0.006,
        latent > 0,
        None,
        columns(choice((0.3, 0.1, 0.6)), integers(0, 99)),
    )
    # 重大技术突破 (seed 000: up to 200万): the project's investment.
    add(
        EventKind.KEY_TECH_BREAKTHROUGH,
        0.006,
        latent > 0.5,
        lognormal_yuan(5e6, 0.8, 1000),
        columns(choice((0.15, 0.6, 0.25))),
    )
    # 新增仪器设备纳入共享平台 (seed 000: 10% of the purchase): 白银 enterprises, whose platform
    # is the 白银市科技创新资源共享服务平台 (seed 002 三(二)2 is the city's).
    add(
        EventKind.INSTRUMENT_SHARED,
        0.015,
        (enterprises.zone == _ZONE_INDEX["GS-BY"]) & (age >= 2),
        lognormal_yuan(8e5, 0.9, 100),
        columns(integers(0, len(INSTRUMENTS) - 1)),
    )
    # 技术转移转化项目: the contract value; conversion forms of S-195 三(七)2.
    add(
        EventKind.TECH_TRANSFER_DEAL,
        0.025,
        everyone,
        lognormal_yuan(5e5, 1.0, 100),
        columns(choice((0.4, 0.25, 0.2, 0.15)), choice((0.5, 0.3, 0.2))),
    )
    # 首台(套)/首批次/首版次: the first sales contract; the category follows the field.
    add(
        EventKind.FIRST_SET,
        0.008,
        np.isin(field, (0, 2, 3, 5, 7)),
        lognormal_yuan(3e6, 0.8, 1000),
        columns(integers(0, 99)),
    )
    add(
        EventKind.COMPETITION_PRIZE,
        0.012,
        everyone,
        None,
        columns(choice((0.6, 0.4)), choice((0.2, 0.5, 0.3)), choice((0.15, 0.25, 0.3, 0.3))),
    )
    add(
        EventKind.STANDARD_LED,
        0.008,
        latent > 0,
        None,
        columns(
            choice((0.03, 0.27, 0.4, 0.15, 0.15)),
            integers(100, 45_000),
            lambda size: 1 + _pick(rng, (0.7, 0.12, 0.08, 0.06, 0.04), size),
        ),
    )
    add(
        EventKind.DRUG_APPROVAL,
        0.012,
        field == 1,
        None,
        columns(choice((0.35, 0.35, 0.1, 0.2))),
    )
    # 科研助理岗位: persons and months (seed 000: up to 3000 a month each); the amount is the
    # wages paid, at 3500–6500 a month.
    add(
        EventKind.RESEARCH_ASSISTANT_HIRE,
        0.03,
        everyone,
        None,
        columns(
            lambda size: 1 + _pick(rng, (0.5, 0.3, 0.15, 0.05), size),
            lambda size: np.where(rng.random(size) < 0.6, 12, rng.integers(3, 12, size)),
            integers(35, 65),
        ),
    )
    add(
        EventKind.PROFESSIONAL_TITLE,
        0.03,
        everyone,
        None,
        columns(choice((0.1, 0.4, 0.5)), integers(1, 3)),
    )
    # 贷款贴息 (seed 000: up to 20万): interest on a loan with a median of 500万 at 3.0–5.5% for
    # 6–12 months — a median near 20万, so the cap matters. The amount is the interest paid.
    add(
        EventKind.LOAN_INTEREST,
        0.03,
        age >= 1,
        None,
        columns(
            choice((0.35, 0.3, 0.2, 0.15)),
            integers(60, 110),  # rate in units of 0.05%
            lambda size: np.where(rng.random(size) < 0.7, 12, rng.integers(6, 12, size)),
            lambda size: (
                np.maximum(np.rint(rng.lognormal(np.log(5e6), 0.7, size) / 1e4), 10) * 1e4
            ).astype(np.int64),
        ),
    )
    add(
        EventKind.INNOVATION_CREDIT_LOAN,
        0.01,
        everyone,
        lognormal_yuan(3e6, 0.6, 10_000),
        columns(integers(0, 5), choice((0.6, 0.3, 0.1))),
    )
    add(EventKind.OTHER, 0.01, everyone, None, columns(integers(0, len(OTHER_EVENTS) - 1)))

    # 整体迁入: the enterprises whose HNTE certificate came from another province; the event
    # names the origin and the certificate (seed 003 五(一)3: 直接确认资格).
    moved = history.relocated
    rows = history.last_row[moved]
    issued = qualifications.issued[rows]
    occurred = _uniform_days(rng, np.minimum(issued + 60, _AS_OF), _full(len(moved), _AS_OF))
    attributes = np.zeros((len(moved), 4), dtype=np.int64)
    attributes[:, 0] = history.relocation_origin
    attributes[:, 1] = qualifications.year[rows]
    attributes[:, 2] = qualifications.serial[rows]
    attributes[:, 3] = qualifications.area[rows]
    parts.append(
        {
            "enterprise": moved,
            "kind": _full(len(moved), _EVENT_KINDS.index(EventKind.RELOCATION_IN)),
            "occurred": occurred,
            "amount": _full(len(moved), MISSING),
            "a": attributes,
            "extra": _full(len(moved), 0),
        }
    )

    merged = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    # Loan interest = principal × rate × months / 12, in fen.
    loans = merged["kind"] == _EVENT_KINDS.index(EventKind.LOAN_INTEREST)
    small = merged["a"]
    principal = merged["extra"]
    interest = np.rint(principal * 100 * (small[:, 1] * 0.0005) * small[:, 2] / 12).astype(np.int64)
    merged["amount"] = np.where(loans, interest, merged["amount"])
    # Research-assistant wages: persons × months × monthly wage (hundreds of yuan).
    hires = merged["kind"] == _EVENT_KINDS.index(EventKind.RESEARCH_ASSISTANT_HIRE)
    wages = small[:, 0] * small[:, 1] * small[:, 2] * 100 * 100
    merged["amount"] = np.where(hires, wages, merged["amount"])
    order = np.lexsort((merged["kind"], merged["occurred"], merged["enterprise"]))
    return _Events(
        enterprise=merged["enterprise"][order],
        kind=merged["kind"][order],
        occurred=merged["occurred"][order],
        amount=merged["amount"][order],
        a=merged["a"][order],
        extra=merged["extra"][order],
    )


_SCIENCE_PRIZES: Final = ("科学技术进步奖", "技术发明奖", "自然科学奖")
_STANDARD_KINDS: Final = ("国际标准", "国家标准", "行业标准", "地方标准", "团体标准")
_DRUG_PERMITS: Final = (
    "药品注册证书",
    "医疗器械注册证（第二类）",
    "医疗器械注册证（第三类）",
    "兽药产品批准文号",
)
_LOAN_KINDS: Final = ("知识产权质押贷款", "科技型企业信用贷款", "创新积分贷", "高新技术企业贷")


def _event_attributes(
    kind: EventKind, a: list[int], extra: int, year: int, field: int, province: int
) -> dict[str, Any]:
    """The 属性 of an event, from the small integers drawn for it.

    Keys are Chinese, as officers type them. The two the rules read follow docs/profile.md:
    ``级别`` (国家级/省级 for prizes and other recognitions; 国际标准/国家标准/… for standards) and
    ``排名`` (the enterprise's rank among award winners or drafting units).
    """
    if kind is EventKind.NATIONAL_KEY_PROJECT:
        return {
            "计划类别": ("国家重点研发计划", "国家科技重大专项")[a[0]],
            "承担角色": ("牵头单位", "课题承担单位", "参与单位")[a[1]],
        }
    if kind is EventKind.SCIENCE_PRIZE:
        national = a[0] == 0
        grades = ("特等奖", "一等奖", "二等奖") if national else ("一等奖", "二等奖", "三等奖")
        grade = grades[
            0 if a[2] < (2 if national else 20) else 1 if a[2] < (22 if national else 60) else 2
        ]
        return {
            "级别": "国家级" if national else "省级",
            "奖种": _SCIENCE_PRIZES[a[1]],
            "等级": grade,
            # The enterprise's rank among the completing units (docs/profile.md: 排名).
            "排名": a[3] if national else 1 + a[3] % 3,
        }
    if kind is EventKind.PATENT_PRIZE:
        prize = ("中国专利奖", "中国外观设计奖", "省级专利奖")[a[0]]
        if a[0] < 2:
            grade = "金奖" if a[1] < 10 else "银奖" if a[1] < 30 else "优秀奖"
        else:
            grade = "一等奖" if a[1] < 20 else "二等奖" if a[1] < 50 else "三等奖"
        return {"奖项": prize, "级别": "省级" if a[0] == 2 else "国家级", "等级": grade}
    if kind is EventKind.KEY_TECH_BREAKTHROUGH:
        return {"级别": ("国家级", "省级", "市级")[a[0]]}
    if kind is EventKind.INSTRUMENT_SHARED:
        return {"仪器设备": INSTRUMENTS[a[0]], "共享平台": "白银市科技创新资源共享服务平台"}
    if kind is EventKind.TECH_TRANSFER_DEAL:
        return {
            "转化方式": ("转让", "许可", "合作实施", "作价投资")[a[0]],
            "技术来源": ("高等院校", "科研院所", "企业")[a[1]],
        }
    if kind is EventKind.FIRST_SET:
        category = {0: "首版次", 3: "首批次"}.get(field, "首台(套)")
        topics = TOPICS[field]
        product = (topics.software if field == 0 else topics.designs)[a[0] % 2]
        return {"类别": category, "产品": product}
    if kind is EventKind.COMPETITION_PRIZE:
        return {
            "大赛": ("中国创新创业大赛", "创客中国中小企业创新创业大赛")[a[0]],
            "级别": ("国家级", "省级", "市级")[a[1]],
            "名次": ("一等奖", "二等奖", "三等奖", "优秀奖")[a[2]],
        }
    if kind is EventKind.STANDARD_LED:
        category = _STANDARD_KINDS[a[0]]
        number = (
            f"ISO {10_000 + a[1]}:{year}",
            f"GB/T {10_000 + a[1]}-{year}",
            f"{STANDARD_PREFIXES[field]}/T {1000 + a[1] % 9000}-{year}",
            f"DB{province}/T {1000 + a[1] % 9000}-{year}",
            f"T/CAS {100 + a[1] % 900}-{year}",
        )[a[0]]
        # 排名: the enterprise's rank among the drafting units (1 = it led the drafting).
        return {"级别": category, "标准编号": number, "排名": a[2]}
    if kind is EventKind.DRUG_APPROVAL:
        return {"批件类型": _DRUG_PERMITS[a[0]]}
    if kind is EventKind.RESEARCH_ASSISTANT_HIRE:
        return {"人数": a[0], "月数": a[1], "月工资(元)": a[2] * 100}
    if kind is EventKind.PROFESSIONAL_TITLE:
        return {"职称级别": ("正高级", "副高级", "中级")[a[0]], "人数": a[1]}
    if kind is EventKind.LOAN_INTEREST:
        rate = a[1] * 5
        return {
            "贷款类型": _LOAN_KINDS[a[0]],
            "贷款金额(元)": extra,
            "年利率": f"{rate // 100}.{rate % 100:02d}%",
            "计息月数": a[2],
        }
    if kind is EventKind.INNOVATION_CREDIT_LOAN:
        banks = BANKS_GANSU if province == 62 else BANKS_GUANGXI
        return {"发放银行": banks[a[0]], "期限(月)": (12, 24, 36)[a[1]]}
    if kind is EventKind.RELOCATION_IN:
        origin = RELOCATION_ORIGINS[a[0]][0]
        return {"迁出省份": origin, "原高企证书编号": _FORMATS[0](a[1], a[3], a[2])}
    return {"说明": OTHER_EVENTS[a[0]]}


def _event_rows(events: _Events, enterprises: _Enterprises) -> SheetRows[AwardEventRow]:
    make = row_maker(AwardEventRow)

    def build(start: int, stop: int) -> list[AwardEventRow]:
        owners = events.enterprise[start:stop]
        rows = []
        for position, code, field, province, kind_index, occurred, amount, small, extra in zip(
            range(start, stop),
            _texts(enterprises.uscc[owners]),
            enterprises.field[owners].tolist(),
            enterprises.province[owners].tolist(),
            events.kind[start:stop].tolist(),
            events.occurred[start:stop].tolist(),
            events.amount[start:stop].tolist(),
            events.a[start:stop].tolist(),
            events.extra[start:stop].tolist(),
            strict=True,
        ):
            kind = _EVENT_KINDS[kind_index]
            day = date.fromordinal(occurred)
            rows.append(
                make(
                    {
                        "uscc": code,
                        # Unique per enterprise (and across the demo): kind, year, position.
                        "ref": f"{_EVENT_PREFIX[kind]}-{day.year}-{position + 1:07d}",
                        "kind": kind,
                        "occurred_on": day,
                        "amount": _money(amount),
                        "attributes": _event_attributes(
                            kind, small, extra, day.year, field, province
                        ),
                    }
                )
            )
        return rows

    return SheetRows(len(events.kind), build)


# --------------------------------------------------------------------------------------------
# Incidents.


@dataclass
class _Incidents:
    enterprise: I64
    kind: I64
    occurred: I64


def _draw_incidents(
    rng: np.random.Generator,
    enterprises: _Enterprises,
    qualifications: _Qualifications,
    history: _HnteHistory,
) -> _Incidents:
    count = enterprises.count
    parts: list[tuple[I64, I64, I64]] = []
    for index in range(len(_INCIDENT_KINDS)):
        # Rare (3 in 1,000 per kind), at least one in a demo of a useful size; one per
        # enterprise and kind.
        wanted = int(rng.binomial(count, 0.003)) if count else 0
        if count >= _USEFUL_SIZE:
            wanted = max(wanted, 1)
        chosen = np.sort(rng.choice(count, size=wanted, replace=False))
        # 45% within the 365 days before DEMO_AS_OF (what S-32 第十一条(八) looks at).
        recent = rng.random(wanted) < 0.45
        occurred = np.where(
            recent,
            _uniform_days(rng, _full(wanted, _AS_OF - 364), _full(wanted, _AS_OF)),
            _uniform_days(rng, _full(wanted, _ordinal(2022, 1, 1)), _full(wanted, _AS_OF - 365)),
        )
        occurred = np.maximum(occurred, enterprises.registered[chosen] + 30)
        parts.append((chosen, _full(wanted, index), occurred))
    enterprise = np.concatenate([part[0] for part in parts])
    kind = np.concatenate([part[1] for part in parts])
    occurred = np.concatenate([part[2] for part in parts])

    # A safety, quality or environmental incident during a valid HNTE certificate gets it
    # revoked more often than not (S-32 第十九条).
    row = history.last_row[enterprise]
    during = (
        (row >= 0)
        & (kind < 3)
        & (occurred >= qualifications.issued[np.maximum(row, 0)])
        & (occurred <= qualifications.expires[np.maximum(row, 0)])
    )
    revoke = row[during & (rng.random(len(kind)) < 0.6)]
    qualifications.status[revoke] = _STATUSES.index(QualificationStatus.REVOKED)

    order = np.lexsort((kind, occurred, enterprise))
    return _Incidents(enterprise=enterprise[order], kind=kind[order], occurred=occurred[order])


def _incident_rows(incidents: _Incidents, uscc: npt.NDArray[np.bytes_]) -> SheetRows[IncidentRow]:
    make = row_maker(IncidentRow)

    def build(start: int, stop: int) -> list[IncidentRow]:
        return [
            make(
                {
                    "uscc": code,
                    "kind": _INCIDENT_KINDS[kind],
                    "occurred_on": date.fromordinal(occurred),
                    "description": INCIDENT_DESCRIPTIONS[kind],
                }
            )
            for code, kind, occurred in zip(
                _texts(uscc[incidents.enterprise[start:stop]]),
                incidents.kind[start:stop].tolist(),
                incidents.occurred[start:stop].tolist(),
                strict=True,
            )
        ]

    return SheetRows(len(incidents.kind), build)


# --------------------------------------------------------------------------------------------


def generate(enterprises: int = 2000, seed: int = 0) -> DemoData:
    """The demo world: the seed documents' zones and parks and ``enterprises`` synthetic
    enterprises in them, with their figures, IP, qualifications, platforms, events, incidents.

    Deterministic: the same arguments give equal rows. Rows are built on demand (see
    ``SheetRows``), so even a million enterprises take little memory until written.
    """
    if enterprises < 0:
        raise ValueError(f"enterprises must be ≥ 0, not {enterprises}")
    rng = np.random.default_rng(seed)
    firms = _draw_enterprises(rng, enterprises)
    figures = _draw_figures(rng, firms)
    qualifications, history = _draw_qualifications(rng, firms)
    items = _draw_property(rng, firms, history)
    platforms = _draw_platforms(rng, firms)
    events = _draw_events(rng, firms, qualifications, history)
    incidents = _draw_incidents(rng, firms, qualifications, history)
    return DemoData(
        {
            ZoneRow: _listed(zone_rows()),
            ParkRow: _listed(park_rows()),
            EnterpriseRow: _enterprise_rows(firms),
            YearlyFiguresRow: _figure_rows(figures, firms.uscc),
            IntellectualPropertyRow: _property_rows(items, firms),
            QualificationRow: _qualification_rows(qualifications, firms.uscc),
            PlatformRow: _platform_rows(platforms, firms),
            AwardEventRow: _event_rows(events, firms),
            IncidentRow: _incident_rows(incidents, firms.uscc),
        }
    )
