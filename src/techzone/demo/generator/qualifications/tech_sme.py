"""科技型中小企业: registered year by year, each registration for one calendar year.

Conditions of S-115 第六条: ≤500 employees, sales ≤ 2亿, assets ≤ 2亿, and a technical-staff
share of at least 10%; the figures of the year before are used (2022 stands in for 2021).
"""

from __future__ import annotations

import numpy as np

from techzone.demo.generator.arrays import full, sigmoid
from techzone.demo.generator.dates import DEMO_YEAR, ordinal
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.places import PARK_REGION
from techzone.demo.generator.qualifications.records import Collector, random_issue
from techzone.model.codes import Level, QualificationKind


def draw_tech_sme(rng: np.random.Generator, enterprises: Enterprises, collector: Collector) -> None:
    """Add every year's registrations, 2022 to the demo year, to ``collector``."""
    count = enterprises.count
    region = PARK_REGION[enterprises.park].astype(np.int64)
    # How keen an enterprise is to register, much the same every year.
    keen = rng.random(count)
    for year in range(2022, DEMO_YEAR + 1):
        column = max(year - 1, 2022) - 2022
        eligible = (
            (enterprises.registered < ordinal(year - 1, 12, 31))
            & (enterprises.employees[:, column] <= 500)
            & (enterprises.sales[:, column] <= 2e8)
            & (enterprises.assets[:, column] <= 2e8)
            & (enterprises.tech_share >= 0.10)
        )
        wants = np.clip(keen + rng.normal(0.0, 0.15, count), 0, 1) < sigmoid(
            0.2 + 1.0 * enterprises.latent
        )
        taking = eligible & wants
        if year == DEMO_YEAR:
            # 2026 evaluation opened in June (reference §2): a quarter are in by the end of June.
            taking &= rng.random(count) < 0.25
            registrants = np.flatnonzero(taking)
            issued = ordinal(year, 6, 5) + rng.integers(0, 26, len(registrants))
        else:
            registrants = np.flatnonzero(taking)
            issued = random_issue(rng, full(len(registrants), year), 4, 11)
        collector.add(
            registrants,
            QualificationKind.TECH_SME,
            Level.NATIONAL,
            issued,
            full(len(registrants), ordinal(year, 12, 31)),
            2,
            region[registrants],
        )
