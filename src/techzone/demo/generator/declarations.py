"""Declarations: what enterprises state that no record holds, made in the demo year.

About two in five enterprises have made the 科技型中小企业 statements (115号 第六条(三)(四):
products not prohibited, not on the abnormal lists) for this year's evaluation, a third of them
checked by an officer; a few of those checks find the enterprise on a list. Enterprises of the
better sort (by the latent quality the other draws share) have also self-assessed the HNTE
expert items (195号 三(七)) for this year's application. Drawn last, so the earlier parts of
the demo are what they were before declarations existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from techzone.demo.generator.arrays import I64, full, sigmoid, texts
from techzone.demo.generator.dates import AS_OF, DEMO_YEAR, ordinal, uniform_days
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.io.sheets import DeclarationRow
from techzone.model.codes import DeclarationSource

TECH_SME_ITEMS: Final = ("tech_sme_products_permitted", "tech_sme_not_on_abnormal_lists")
HNTE_ITEMS: Final = (
    "hnte_tech_advancement_band",
    "hnte_core_support_band",
    "hnte_conversions_3y",
    "hnte_rd_management_score",
    "hnte_standard_participation",
)
_BANDS: Final = ("A", "B", "C", "D")
_SOURCES: Final = tuple(DeclarationSource)
_NOTES: Final = {
    DeclarationSource.ENTERPRISE: None,
    DeclarationSource.OFFICER: "已查询国家企业信用信息公示系统",
}


@dataclass
class Declarations:
    enterprise: I64
    item: list[str]
    value: list[str]
    declared: I64
    source: I64


def draw_declarations(rng: np.random.Generator, enterprises: Enterprises) -> Declarations:
    count = enterprises.count
    quality = sigmoid(enterprises.latent) if count else np.zeros(0)
    rows: list[tuple[int, str, str, int, int]] = []
    first_day = ordinal(DEMO_YEAR, 1, 5)
    tech_sme = np.flatnonzero(rng.random(count) < 0.4)
    days = uniform_days(rng, full(len(tech_sme), first_day), full(len(tech_sme), AS_OF))
    checked = rng.random(len(tech_sme)) < 0.35
    listed = checked & (rng.random(len(tech_sme)) < 0.05)
    for firm, day, officer, on_list in zip(
        tech_sme.tolist(), days.tolist(), checked.tolist(), listed.tolist(), strict=True
    ):
        source = int(officer)
        rows.append((firm, TECH_SME_ITEMS[0], "是", day, 0))
        rows.append((firm, TECH_SME_ITEMS[1], "否" if on_list else "是", day, source))
    hnte = np.flatnonzero(rng.random(count) < 0.2 + 0.4 * quality)
    days = uniform_days(rng, full(len(hnte), first_day), full(len(hnte), AS_OF))
    for firm, day in zip(hnte.tolist(), days.tolist(), strict=True):
        strength = float(quality[firm])
        band = _band(rng, strength)
        rows.append((firm, HNTE_ITEMS[0], band, day, 0))
        rows.append((firm, HNTE_ITEMS[1], _band(rng, strength), day, 0))
        rows.append(
            (firm, HNTE_ITEMS[2], str(int(rng.integers(1, 4 + int(10 * strength)))), day, 0)
        )
        rows.append((firm, HNTE_ITEMS[3], str(int(rng.integers(10, 21))), day, 0))
        rows.append((firm, HNTE_ITEMS[4], "是" if rng.random() < strength else "否", day, 0))
    rows.sort(key=lambda row: (row[0], row[1]))
    return Declarations(
        enterprise=np.array([r[0] for r in rows], dtype=np.int64),
        item=[r[1] for r in rows],
        value=[r[2] for r in rows],
        declared=np.array([r[3] for r in rows], dtype=np.int64),
        source=np.array([r[4] for r in rows], dtype=np.int64),
    )


def _band(rng: np.random.Generator, strength: float) -> str:
    """Better enterprises claim better bands, not always the best."""
    shift = int(rng.integers(0, 2))
    return _BANDS[min(len(_BANDS) - 1, int((1 - strength) * 4) + shift)]


def declaration_rows(
    declarations: Declarations, enterprises: Enterprises
) -> SheetRows[DeclarationRow]:
    d = declarations

    def columns(start: int, stop: int) -> Columns:
        sources = [_SOURCES[s] for s in d.source[start:stop].tolist()]
        return {
            "uscc": texts(enterprises.uscc[d.enterprise[start:stop]]),
            "item": d.item[start:stop],
            "value": d.value[start:stop],
            "declared_on": [date.fromordinal(day) for day in d.declared[start:stop].tolist()],
            "source": sources,
            "note": [_NOTES[source] for source in sources],
        }

    return SheetRows(DeclarationRow, len(d.item), columns)
