"""Intellectual property: patents, software copyrights and trademarks, with valid numbers.

Counts follow innovativeness and age; every HNTE holder has some (S-32 第十一条(二)), and
class Ⅱ items granted before an HNTE application were mostly used for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, cast

import numpy as np

from techzone.demo.generator.arrays import I64, Bool, Ints, full, pick, ranks, texts
from techzone.demo.generator.dates import AS_OF, ordinal, uniform_days, years_of
from techzone.demo.generator.enterprises import BRANDS, Enterprises
from techzone.demo.generator.qualifications import HnteHistory
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.demo.vocabulary import TOPICS
from techzone.io.sheets import IntellectualPropertyRow
from techzone.model.codes import IpAcquisition, IpKind, IpStatus

# The kind column's order: the draws below name kinds by their position here.
_KINDS: Final = (
    IpKind.INVENTION_PATENT,
    IpKind.UTILITY_MODEL,
    IpKind.SOFTWARE_COPYRIGHT,
    IpKind.DESIGN_PATENT,
    IpKind.TRADEMARK,
)
_ACQUISITIONS: Final = tuple(IpAcquisition)
_STATUSES: Final = tuple(IpStatus)
# Patent type digit in the application number: 1 invention, 2 utility model, 3 design.
_PATENT_TYPE: Final = (1, 2, 0, 3, 0)
_CHECK: Final = "0123456789X"


@dataclass
class IntellectualProperty:
    enterprise: Ints
    kind: Ints  # index into _KINDS
    granted: Ints
    filed_year: Ints
    serial: Ints
    check: Ints  # the patent number's check digit (10 is written X)
    acquisition: Ints
    status: Ints
    used: Bool  # used for an HNTE application
    # Pick the title's words from the field's topics.
    topic: Ints
    variant: Ints


def draw_property(
    rng: np.random.Generator, enterprises: Enterprises, history: HnteHistory
) -> IntellectualProperty:
    count = enterprises.count
    latent = enterprises.latent
    field = enterprises.field
    age = (AS_OF - enterprises.registered) / 365.25
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
    low = np.maximum(enterprises.registered[enterprise] + 60, ordinal(2010, 1, 1))
    granted = uniform_days(rng, low, full(total, AS_OF))
    granted_year = years_of(granted).astype(np.int16)
    # Filing year: inventions take 1–3 years to grant, the others under a year.
    lag = np.where(kind == 0, rng.integers(1, 4, total), rng.integers(0, 2, total))
    filed_year = np.where(kind == 2, granted_year, granted_year - lag).astype(np.int16)
    del lag, granted_year
    # Serials run within (kind, filing year); trademark numbers carry no year, so one run.
    serial = ranks((kind, np.where(kind == 4, 0, filed_year)), granted * 10_000_000 + enterprise)
    check = _patent_checks(filed_year.astype(np.int64), kind, 100_000 + serial)

    acquisition = pick(rng, (0.88, 0.08, 0.01, 0.03), total).astype(np.int8)
    acquisition[kind == 4] = 0
    old = granted < ordinal(2021, 1, 1)
    status = np.where(
        rng.random(total) < np.where(old, 0.15, 0.03),
        _STATUSES.index(IpStatus.LAPSED),
        _STATUSES.index(IpStatus.VALID),
    ).astype(np.int8)
    patent = np.isin(kind, (0, 1, 3))
    status[patent & (rng.random(total) < 0.01)] = _STATUSES.index(IpStatus.INVALIDATED)
    # Class II items granted before an HNTE application were mostly used for it (once only,
    # S-195 三(二)4).
    class_two = np.isin(kind, (1, 2, 3))
    used = class_two & (granted < history.last_issue[enterprise]) & (rng.random(total) < 0.7)
    topic = rng.integers(0, 1_000_000, total, dtype=np.int32)
    variant = rng.integers(0, 1_000_000, total, dtype=np.int32)
    return IntellectualProperty(
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


def _ip_number(kind: int, granted_on: date, filed: int, serial: int, check: int) -> str:
    if kind == 2:
        return f"{granted_on.year}SR{100_000 + serial:07d}"
    if kind == 4:
        return f"{20_000_000 + serial:08d}"
    return f"ZL{filed}{_PATENT_TYPE[kind]}{100_000 + serial:07d}.{_CHECK[check]}"


def property_rows(
    items: IntellectualProperty, enterprises: Enterprises
) -> SheetRows[IntellectualPropertyRow]:
    def columns(start: int, stop: int) -> Columns:
        owners = items.enterprise[start:stop]
        kinds = items.kind[start:stop].tolist()
        ip_kinds = [_KINDS[kind] for kind in kinds]
        granted = [date.fromordinal(day) for day in items.granted[start:stop].tolist()]
        numbering = zip(
            kinds,
            granted,
            items.filed_year[start:stop].tolist(),
            items.serial[start:stop].tolist(),
            items.check[start:stop].tolist(),
            strict=True,
        )
        titling = zip(
            kinds,
            enterprises.field[owners].tolist(),
            items.topic[start:stop].tolist(),
            items.variant[start:stop].tolist(),
            enterprises.brand[owners].tolist(),
            strict=True,
        )
        return {
            "uscc": texts(enterprises.uscc[owners]),
            "kind": ip_kinds,
            "ip_class": [kind.ip_class for kind in ip_kinds],
            "number": [_ip_number(*parts) for parts in numbering],
            "title": [
                _ip_title(kind, field, topic, variant, BRANDS[brand])
                for kind, field, topic, variant, brand in titling
            ],
            "granted_on": granted,
            "acquisition": [_ACQUISITIONS[how] for how in items.acquisition[start:stop].tolist()],
            "status": [_STATUSES[status] for status in items.status[start:stop].tolist()],
            "used_for_hnte": items.used[start:stop].tolist(),
        }

    return SheetRows(IntellectualPropertyRow, len(items.kind), columns)
