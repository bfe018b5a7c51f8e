"""Incidents: rare safety, quality, environmental and dishonesty incidents, some within the
365 days the HNTE rules look at, and the certificates they get revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from techzone.demo.generator.arrays import I64, Usccs, full, texts
from techzone.demo.generator.dates import AS_OF, ordinal, uniform_days
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.events import USEFUL_SIZE
from techzone.demo.generator.qualifications import STATUSES, HnteHistory, Qualifications
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.demo.vocabulary import INCIDENT_DESCRIPTIONS
from techzone.io.sheets import IncidentRow
from techzone.model.codes import IncidentKind, QualificationStatus
from techzone.model.event import incident_ref

# Data fraud stays out of the demo: its descriptions and draws are the four kinds it was built with.
_KINDS: Final = tuple(kind for kind in IncidentKind if kind is not IncidentKind.DATA_FRAUD)
# The kinds that get an HNTE certificate revoked (S-32 第十九条).
_REVOKING: Final = [
    _KINDS.index(kind)
    for kind in (
        IncidentKind.MAJOR_SAFETY,
        IncidentKind.MAJOR_QUALITY,
        IncidentKind.SERIOUS_ENVIRONMENTAL,
    )
]


@dataclass
class Incidents:
    enterprise: I64
    kind: I64
    occurred: I64


def draw_incidents(
    rng: np.random.Generator,
    enterprises: Enterprises,
    qualifications: Qualifications,
    history: HnteHistory,
) -> Incidents:
    """The incidents, revoking in ``qualifications`` the certificates some of them end."""
    count = enterprises.count
    parts: list[tuple[I64, I64, I64]] = []
    for index in range(len(_KINDS)):
        # Rare (3 in 1,000 per kind), at least one in a demo of a useful size; one per
        # enterprise and kind.
        wanted = int(rng.binomial(count, 0.003)) if count else 0
        if count >= USEFUL_SIZE:
            wanted = max(wanted, 1)
        chosen = np.sort(rng.choice(count, size=wanted, replace=False))
        # 45% within the 365 days before DEMO_AS_OF (what S-32 第十一条(八) looks at).
        recent = rng.random(wanted) < 0.45
        occurred = np.where(
            recent,
            uniform_days(rng, full(wanted, AS_OF - 364), full(wanted, AS_OF)),
            uniform_days(rng, full(wanted, ordinal(2022, 1, 1)), full(wanted, AS_OF - 365)),
        )
        occurred = np.maximum(occurred, enterprises.registered[chosen] + 30)
        parts.append((chosen, full(wanted, index), occurred))
    enterprise = np.concatenate([part[0] for part in parts])
    kind = np.concatenate([part[1] for part in parts])
    occurred = np.concatenate([part[2] for part in parts])

    # A safety, quality or environmental incident during a valid HNTE certificate gets it
    # revoked more often than not (S-32 第十九条): the qualification rows, built later, show it.
    row = history.last_row[enterprise]
    during = (
        (row >= 0)
        & np.isin(kind, _REVOKING)
        & (occurred >= qualifications.issued[np.maximum(row, 0)])
        & (occurred <= qualifications.expires[np.maximum(row, 0)])
    )
    revoking = during & (rng.random(len(kind)) < 0.6)
    revoke = row[revoking]
    qualifications.status[revoke] = STATUSES.index(QualificationStatus.REVOKED)
    # Revoked some weeks after the incident, never after the day the demo is observed.
    if qualifications.revoked is None:
        qualifications.revoked = full(len(qualifications.enterprise), -1)
    delay = rng.integers(30, 120, size=len(revoke))
    qualifications.revoked[revoke] = np.minimum(occurred[revoking] + delay, AS_OF)

    order = np.lexsort((kind, occurred, enterprise))
    return Incidents(enterprise=enterprise[order], kind=kind[order], occurred=occurred[order])


def incident_rows(incidents: Incidents, uscc: Usccs) -> SheetRows[IncidentRow]:
    def columns(start: int, stop: int) -> Columns:
        kinds = incidents.kind[start:stop].tolist()
        days = [date.fromordinal(day) for day in incidents.occurred[start:stop].tolist()]
        return {
            "uscc": texts(uscc[incidents.enterprise[start:stop]]),
            "ref": [incident_ref(_KINDS[kind], day) for kind, day in zip(kinds, days, strict=True)],
            "kind": [_KINDS[kind] for kind in kinds],
            "occurred_on": days,
            "description": [INCIDENT_DESCRIPTIONS[kind] for kind in kinds],
        }

    return SheetRows(IncidentRow, len(incidents.kind), columns)
