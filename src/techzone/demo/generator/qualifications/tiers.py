"""The other rungs of the ladder: provincial innovative, innovative SME, 专精特新 and 小巨人,
gazelle, unicorn and tech leader. Each is more likely the more innovative an enterprise is."""

from __future__ import annotations

import numpy as np

from techzone.demo.generator.arrays import I64, full, sigmoid
from techzone.demo.generator.dates import AS_OF, ordinal
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.places import PARK_REGION, ZONE_IN_GANSU
from techzone.demo.generator.qualifications.hnte import HnteCertificates
from techzone.demo.generator.qualifications.records import (
    Collector,
    random_issue,
    ready_years,
    three_years,
    years_until_2025,
)
from techzone.model.codes import Level, QualificationKind


def draw_tiers(
    rng: np.random.Generator,
    enterprises: Enterprises,
    hnte: HnteCertificates,
    collector: Collector,
) -> None:
    """Add every tier's records to ``collector``, one tier after another."""
    ready_year = ready_years(enterprises.registered)
    _provincial_innovative(rng, enterprises, ready_year, collector)
    _innovative_sme(rng, enterprises, ready_year, collector)
    _srdi_and_little_giants(rng, enterprises, ready_year, collector)
    _gazelles(rng, enterprises, collector)
    _unicorns(rng, enterprises, collector)
    _tech_leaders(rng, enterprises, hnte, collector)


def _provincial_innovative(
    rng: np.random.Generator, enterprises: Enterprises, ready_year: I64, collector: Collector
) -> None:
    """省级科技创新型企业 (Gansu only; the middle rung of seed 001 measure 10). No document found
    states a term of validity (reference §4), so none is recorded."""
    gansu = ZONE_IN_GANSU[enterprises.zone]
    chosen = np.flatnonzero(
        gansu
        & (rng.random(enterprises.count) < sigmoid(-1.8 + 0.9 * enterprises.latent))
        & (ready_year <= 2025)
    )
    years = years_until_2025(rng, np.maximum(2021, ready_year[chosen]))
    collector.add(
        chosen,
        QualificationKind.PROVINCIAL_INNOVATIVE,
        Level.PROVINCIAL,
        random_issue(rng, years, 4, 12),
        None,
        3,
        enterprises.province[chosen],
    )


def _innovative_sme(
    rng: np.random.Generator, enterprises: Enterprises, ready_year: I64, collector: Collector
) -> None:
    """创新型中小企业 (provincial 工信 departments, 3 years; reference §3) from 2022."""
    chosen = np.flatnonzero(
        (rng.random(enterprises.count) < sigmoid(-2.3 + 1.0 * enterprises.latent))
        & (ready_year <= 2025)
    )
    years = years_until_2025(rng, np.maximum(2022, ready_year[chosen]))
    issued = random_issue(rng, years, 6, 12)
    collector.add(
        chosen,
        QualificationKind.INNOVATIVE_SME,
        Level.PROVINCIAL,
        issued,
        three_years(issued),
        4,
        enterprises.province[chosen],
    )


def _srdi_and_little_giants(
    rng: np.random.Generator, enterprises: Enterprises, ready_year: I64, collector: Collector
) -> None:
    """专精特新中小企业 (3 years), and among them the national 小巨人 (3 years)."""
    province = enterprises.province
    sales_2025 = enterprises.sales[:, 3]
    # 专精特新: revenue ≥ 1000万 and R&D ≥ 3% (63号 附件2 conditions).
    eligible = (sales_2025 >= 1e7) & (enterprises.rd_intensity >= 0.03) & (ready_year <= 2024)
    srdi = np.flatnonzero(
        eligible & (rng.random(enterprises.count) < sigmoid(-1.2 + 1.0 * enterprises.latent))
    )
    srdi_year = years_until_2025(rng, np.maximum(2019, ready_year[srdi] + 1))
    issued = random_issue(rng, srdi_year, 7, 12)
    collector.add(
        srdi,
        QualificationKind.SRDI_SME,
        Level.PROVINCIAL,
        issued,
        three_years(issued),
        5,
        province[srdi],
    )

    # 小巨人: among 专精特新 enterprises with ≥ 5000万 revenue, in a later year.
    giant = (sales_2025[srdi] >= 5e7) & (srdi_year < 2025) & (rng.random(len(srdi)) < 0.3)
    giants = srdi[giant]
    years = years_until_2025(rng, srdi_year[giant] + 1)
    issued = random_issue(rng, years, 7, 9)
    collector.add(
        giants,
        QualificationKind.LITTLE_GIANT,
        Level.NATIONAL,
        issued,
        three_years(issued),
        6,
        province[giants],
    )


def _gazelles(rng: np.random.Generator, enterprises: Enterprises, collector: Collector) -> None:
    """瞪羚企业: a local (city) designation with no national standard (reference §5.2); the demo
    takes enterprises whose revenue grew ≥ 20% a year 2022→2025 from ≥ 1000万. No term."""
    sales = enterprises.sales
    fast = (
        (enterprises.registered < ordinal(2022, 1, 1))
        & (sales[:, 0] >= 1e7)
        & ((sales[:, 3] / sales[:, 0]) ** (1 / 3) - 1 >= 0.2)
    )
    gazelles = np.flatnonzero(fast & (rng.random(enterprises.count) < 0.35))
    years = 2024 + rng.integers(0, 2, len(gazelles))
    region = PARK_REGION[enterprises.park].astype(np.int64)
    collector.add(
        gazelles,
        QualificationKind.GAZELLE,
        Level.CITY,
        random_issue(rng, years, 3, 10),
        None,
        7,
        region[gazelles],
    )


def _unicorns(rng: np.random.Generator, enterprises: Enterprises, collector: Collector) -> None:
    """独角兽企业: rare (one per 2,500 enterprises, at least one): the largest young (≤ 10 years),
    unlisted enterprises. Listed in national reports; no term."""
    count = enterprises.count
    young = (AS_OF - enterprises.registered <= 3652) & (enterprises.listing == 0)
    candidates = np.flatnonzero(young)
    wanted = min(len(candidates), max(1, count // 2500)) if count else 0
    score = enterprises.sales[candidates, 3] * np.exp(enterprises.latent[candidates])
    unicorns = np.sort(candidates[np.argsort(-score, kind="stable")[:wanted]])
    collector.add(
        unicorns,
        QualificationKind.UNICORN,
        Level.NATIONAL,
        random_issue(rng, full(len(unicorns), 2025), 3, 9),
        None,
        8,
        enterprises.province[unicorns],
    )


def _tech_leaders(
    rng: np.random.Generator,
    enterprises: Enterprises,
    hnte: HnteCertificates,
    collector: Collector,
) -> None:
    """科技领军企业 (top of seed 002's ladder): one per 500 enterprises, the largest holders of a
    valid HNTE. No national standard or term was found (reference §4b)."""
    count = enterprises.count
    holding = np.zeros(count, dtype=np.bool_)
    holding[hnte.enterprise[hnte.expires >= AS_OF]] = True
    candidates = np.flatnonzero(holding)
    wanted = min(len(candidates), max(1, count // 500)) if count else 0
    sales = enterprises.sales[candidates, 3]
    leaders = np.sort(candidates[np.argsort(-sales, kind="stable")[:wanted]])
    years = 2024 + rng.integers(0, 2, len(leaders))
    collector.add(
        leaders,
        QualificationKind.TECH_LEADER,
        Level.PROVINCIAL,
        random_issue(rng, years, 5, 11),
        None,
        9,
        enterprises.province[leaders],
    )
