"""Qualification records as columns: certificate numbers, terms, issue days, and the collector
that gathers each kind's draws into one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, cast

import numpy as np

from techzone.demo.generator.arrays import I64, Ints, full, ranks
from techzone.demo.generator.dates import AS_OF, EPOCH, months_of, ordinals, years_of
from techzone.demo.generator.places import REGIONS
from techzone.model.codes import Level, QualificationKind, QualificationStatus

KINDS: Final = tuple(QualificationKind)
LEVELS: Final = tuple(Level)
STATUSES: Final = tuple(QualificationStatus)


def hnte_number(year: int, area: int, serial: int) -> str:
    """高新技术企业证书编号 in its real shape: GR + year + province + serial (GR202362000123)."""
    return f"GR{year}{area:02d}{serial:06d}"


# Certificate-number formats, by the format index a record keeps. Only the HNTE number follows
# a published shape; the others are plausible and unique per kind, which is what records need.
FORMATS: Final[tuple[Callable[[int, int, int], str], ...]] = (
    hnte_number,  # 0 高新技术企业证书
    # 1 a failed HNTE application has no certificate; its application number stands in.
    lambda year, area, serial: f"SQ{year}{area:02d}{serial:06d}",
    # 2 科技型中小企业入库登记编号
    lambda year, area, serial: f"{year}{REGIONS[area]}{serial:08d}",
    lambda year, area, serial: f"GSKC{year}{serial:06d}",  # 3 省级科技创新型企业
    lambda year, area, serial: f"CX{year}{area:02d}{serial:06d}",  # 4 创新型中小企业
    lambda year, area, serial: f"ZJTX{year}{area:02d}{serial:05d}",  # 5 专精特新中小企业
    lambda year, area, serial: f"XJR{year}{serial:05d}",  # 6 专精特新小巨人
    lambda year, area, serial: f"DL{year}{REGIONS[area]}{serial:05d}",  # 7 瞪羚企业
    lambda year, area, serial: f"DJS{year}{serial:04d}",  # 8 独角兽企业
    lambda year, area, serial: f"KJLJ{year}{area:02d}{serial:04d}",  # 9 科技领军企业
)
HNTE_CERTIFICATE: Final = 0
HNTE_APPLICATION: Final = 1


def three_years(issued: I64) -> I64:
    """Validity of 3 years from the issue date (S-32 第九条): expires issue + 3 years − 1 day.

    Issue days are never 29 February here (the generator only issues on days ≤ 28).
    """
    days = (issued - EPOCH).astype("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    day_of_month = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    later = (month_start + 36).astype("datetime64[D]").astype(np.int64) + EPOCH
    return cast(I64, later + day_of_month - 2)


def random_issue(rng: np.random.Generator, years: I64, first_month: int, last_month: int) -> I64:
    """A day in [first_month, last_month] of each year, never after 28th (see three_years)."""
    months = rng.integers(first_month, last_month + 1, len(years))
    days = rng.integers(1, 29, len(years))
    return ordinals(years, months, days)


def years_until_2025(rng: np.random.Generator, first_year: I64) -> I64:
    """A year drawn uniformly from ``first_year`` … 2025 (element-wise; first_year ≤ 2025)."""
    return first_year + np.floor(rng.random(len(first_year)) * (2026 - first_year)).astype(np.int64)


def ready_years(registered: I64) -> I64:
    """The first year an enterprise can be recognised: it must be a year old (S-32 第十一条(一)),
    and one that comes of age in October or later has missed that year's batches."""
    ready = registered + 365
    return years_of(ready) + (months_of(ready) >= 10)


@dataclass
class Qualifications:
    enterprise: Ints
    kind: Ints
    level: Ints
    issued: Ints
    expires: Ints  # -1 = no term
    status: Ints
    format: Ints  # index into FORMATS
    year: Ints
    area: Ints
    serial: Ints
    # The day each revoked certificate was revoked, where an incident says when; -1 = none.
    revoked: Ints | None = None


class Collector:
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
        """Records of one kind; without a ``status``, valid until they expire."""
        count = len(enterprise)
        expiry = full(count, -1) if expires is None else expires
        if status is None:
            valid = (expiry < 0) | (expiry >= AS_OF)
            status = np.where(
                valid,
                STATUSES.index(QualificationStatus.VALID),
                STATUSES.index(QualificationStatus.EXPIRED),
            ).astype(np.int64)
        # Compact types from the start: a million enterprises hold millions of these.
        self.parts.append(
            {
                "enterprise": enterprise.astype(np.int32),
                "kind": np.full(count, KINDS.index(kind), dtype=np.int8),
                "level": np.full(count, LEVELS.index(level), dtype=np.int8),
                "issued": issued.astype(np.int32),
                "expires": expiry.astype(np.int32),
                "status": status.astype(np.int8),
                "format": np.full(count, fmt, dtype=np.int8),
                "year": years_of(issued.astype(np.int64)).astype(np.int16),
                "area": area.astype(np.int16),
            }
        )

    def collect(self) -> Qualifications:
        """Every record, by enterprise, kind and issue day, with serials numbered per format,
        year and area in order of issue."""
        columns = {
            name: np.concatenate([part[name] for part in self.parts]) for name in self.parts[0]
        }
        order = np.lexsort((columns["issued"], columns["kind"], columns["enterprise"]))
        for name in columns:
            columns[name] = columns[name][order]
        issued = columns["issued"].astype(np.int64)
        serial = ranks(
            (columns["format"], columns["year"], columns["area"]),
            issued * 10_000_000 + columns["enterprise"],
        )
        return Qualifications(serial=serial.astype(np.int32), **columns)
