"""高新技术企业: chains of 3-year certificates, failed applications, certificates moved in.

An enterprise is first recognised once it is a year old (S-32 第十一条(一)), then re-applies
every three years (重新认定; there is no 复审 since 2016); about three in ten fail to be
re-recognised and lapse, half of those with a 未通过 record of the failed application.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from techzone.demo.generator.arrays import I64, full, sigmoid
from techzone.demo.generator.dates import AS_OF, DEMO_YEAR, ordinal
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.qualifications.records import (
    HNTE_APPLICATION,
    HNTE_CERTIFICATE,
    STATUSES,
    Collector,
    Qualifications,
    ready_years,
    three_years,
    years_until_2025,
)
from techzone.demo.vocabulary import RELOCATION_ORIGINS
from techzone.model.codes import Level, QualificationKind, QualificationStatus

# HNTE certificates are issued in batches late in the year; the demo uses three fixed batch days
# (synthetic: real dates are announced by each province).
_BATCHES: Final = ((10, 20), (11, 25), (12, 15))
_FIRST_BATCH_YEAR: Final = 2015
# One row per year from _FIRST_BATCH_YEAR, one column per batch.
_BATCH_DAYS: Final = np.array(
    [
        [ordinal(year, month, day) for month, day in _BATCHES]
        for year in range(_FIRST_BATCH_YEAR, DEMO_YEAR + 1)
    ],
    dtype=np.int64,
)


@dataclass
class HnteCertificates:
    """The certificates drawn, in the order they were added (failed applications are not)."""

    enterprise: I64
    issued: I64
    expires: I64
    relocated: I64  # positions of the certificates brought from another province
    relocation_origin: I64  # index into RELOCATION_ORIGINS


@dataclass
class HnteHistory:
    first_issue: I64  # per enterprise; -1 none
    last_issue: I64
    last_row: I64  # index of the last certificate in the qualification arrays; -1 none
    relocated: I64  # enterprises whose certificate came with them from another province
    relocation_origin: I64


def draw_hnte(
    rng: np.random.Generator, enterprises: Enterprises, collector: Collector
) -> HnteCertificates:
    """Add every enterprise's HNTE certificates and failed applications to ``collector``."""
    enterprise, year, failed_enterprise, failed_year = _application_years(rng, enterprises)
    issued = _batch_days(rng, year)
    expires = three_years(issued)
    moved, origin = _draw_relocations(rng, enterprise, expires, enterprises.count)
    # A certificate brought from another province keeps that province's code.
    area = enterprises.province[enterprise]
    area[moved] = np.array([code for _, code in RELOCATION_ORIGINS])[origin]
    collector.add(
        enterprise, QualificationKind.HNTE, Level.NATIONAL, issued, expires, HNTE_CERTIFICATE, area
    )
    collector.add(
        failed_enterprise,
        QualificationKind.HNTE,
        Level.NATIONAL,
        _batch_days(rng, failed_year),
        None,
        HNTE_APPLICATION,
        enterprises.province[failed_enterprise],
        status=full(len(failed_year), STATUSES.index(QualificationStatus.NOT_PASSED)),
    )
    return HnteCertificates(
        enterprise=enterprise,
        issued=issued,
        expires=expires,
        relocated=moved,
        relocation_origin=origin,
    )


def _application_years(
    rng: np.random.Generator, enterprises: Enterprises
) -> tuple[I64, I64, I64, I64]:
    """Who was recognised in which years, and who failed in which: (enterprise, year) of every
    certificate, then of every failed application."""
    count = enterprises.count
    latent = enterprises.latent
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
    ever = rng.random(count) < sigmoid(-4.0 + 1.0 * latent + 1.2 * thresholds_met + field_bonus)
    ready_year = ready_years(enterprises.registered)
    start = np.maximum(2018, ready_year) + rng.geometric(0.45, count) - 1
    ever &= start <= 2025
    renew = sigmoid(1.0 + 0.9 * latent)
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
    try_year = years_until_2025(rng, np.maximum(2021, ready_year[tried]))
    failed_parts.append((tried, try_year))
    return (
        np.concatenate([part[0] for part in certificate_parts]),
        np.concatenate([part[1] for part in certificate_parts]),
        np.concatenate([part[0] for part in failed_parts]),
        np.concatenate([part[1] for part in failed_parts]),
    )


def _draw_relocations(
    rng: np.random.Generator, enterprise: I64, expires: I64, count: int
) -> tuple[I64, I64]:
    """省外整体迁入 (seed 003 五(一)3): a few holders of one valid certificate brought it from
    another province. The positions of those certificates, and each one's origin."""
    single = np.bincount(enterprise, minlength=count) == 1
    movable = np.flatnonzero(single[enterprise] & (expires >= AS_OF))
    moved_count = min(len(movable), max(1, int(rng.binomial(count, 0.004)))) if count else 0
    moved = np.sort(rng.choice(movable, size=moved_count, replace=False))
    origin = rng.integers(0, len(RELOCATION_ORIGINS), moved_count)
    return moved, origin


def _batch_days(rng: np.random.Generator, years: I64) -> I64:
    """One of each year's batch days, at random."""
    return _BATCH_DAYS[years - _FIRST_BATCH_YEAR, rng.integers(0, len(_BATCHES), len(years))]


def hnte_history(
    certificates: HnteCertificates, qualifications: Qualifications, count: int
) -> HnteHistory:
    """Per enterprise: its first and last issue days and the row of its latest certificate."""
    enterprise, issued = certificates.enterprise, certificates.issued
    first_issue = full(count, np.iinfo(np.int64).max)
    np.minimum.at(first_issue, enterprise, issued)
    first_issue[first_issue == np.iinfo(np.int64).max] = -1
    last_issue = full(count, -1)
    np.maximum.at(last_issue, enterprise, issued)
    # Certificates (not failed applications) sorted by (enterprise, issue date): the last row of
    # an enterprise is its latest certificate.
    rows = np.flatnonzero(qualifications.format == HNTE_CERTIFICATE)
    last_row = full(count, -1)
    np.maximum.at(last_row, qualifications.enterprise[rows], rows)
    return HnteHistory(
        first_issue=first_issue,
        last_issue=last_issue,
        last_row=last_row,
        relocated=enterprise[certificates.relocated],
        relocation_origin=certificates.relocation_origin,
    )
