"""Qualifications: HNTE certificates, tech-SME registrations and the other tiers of the ladder.

Each kind is drawn in turn into one collector; the HNTE history (first and latest certificate,
certificates moved in) is what IP, events and incidents are drawn against.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from techzone.demo.generator.arrays import Usccs, texts
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.qualifications.hnte import HnteHistory, draw_hnte, hnte_history
from techzone.demo.generator.qualifications.records import (
    FORMATS,
    KINDS,
    LEVELS,
    STATUSES,
    Collector,
    Qualifications,
    hnte_number,
)
from techzone.demo.generator.qualifications.tech_sme import draw_tech_sme
from techzone.demo.generator.qualifications.tiers import draw_tiers
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.io.sheets import QualificationRow

__all__ = [
    "STATUSES",
    "HnteHistory",
    "Qualifications",
    "draw_qualifications",
    "hnte_number",
    "qualification_rows",
]


def draw_qualifications(
    rng: np.random.Generator, enterprises: Enterprises
) -> tuple[Qualifications, HnteHistory]:
    collector = Collector()
    hnte = draw_hnte(rng, enterprises, collector)
    draw_tech_sme(rng, enterprises, collector)
    draw_tiers(rng, enterprises, hnte, collector)
    qualifications = collector.collect()
    return qualifications, hnte_history(hnte, qualifications, enterprises.count)


def qualification_rows(qualifications: Qualifications, uscc: Usccs) -> SheetRows[QualificationRow]:
    q = qualifications
    revoked = q.revoked if q.revoked is not None else np.full(len(q.enterprise), -1)

    def columns(start: int, stop: int) -> Columns:
        numbers = zip(
            q.format[start:stop].tolist(),
            q.year[start:stop].tolist(),
            q.area[start:stop].tolist(),
            q.serial[start:stop].tolist(),
            strict=True,
        )
        return {
            "uscc": texts(uscc[q.enterprise[start:stop]]),
            "kind": [KINDS[kind] for kind in q.kind[start:stop].tolist()],
            "level": [LEVELS[level] for level in q.level[start:stop].tolist()],
            "certificate_no": [
                FORMATS[fmt](year, area, serial) for fmt, year, area, serial in numbers
            ],
            "issued_on": [date.fromordinal(issued) for issued in q.issued[start:stop].tolist()],
            "expires_on": [
                None if expires < 0 else date.fromordinal(expires)
                for expires in q.expires[start:stop].tolist()
            ],
            "status": [STATUSES[status] for status in q.status[start:stop].tolist()],
            "revoked_on": [
                None if day < 0 else date.fromordinal(day) for day in revoked[start:stop].tolist()
            ],
        }

    return SheetRows(QualificationRow, len(qualifications.enterprise), columns)
