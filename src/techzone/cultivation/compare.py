"""Two or three qualifications side by side for one enterprise.

For each: the verdict and the document it rests on, the verdict's conditions split into met, not
met and waiting for data, the first-recognition awards that may reach the enterprise where it is
(``questions.awards_at_stake``: what is at stake, not what is paid), the next batch
deadline of the year's calendar, and how many materials the application needs. Everything comes
from the same assessment, calendar, catalogue and materials lists the other views read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from techzone.awards.catalogue import Catalogue
from techzone.cultivation.calendar import Deadline, year_calendar
from techzone.cultivation.ladder import _enterprise
from techzone.cultivation.materials import listing
from techzone.cultivation.questions import Award, awards_at_stake, history_of
from techzone.model.codes import QualificationKind
from techzone.rules.assess import Assessor, Status
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet
from techzone.rules.records import read_records

MIN_COMPARED, MAX_COMPARED = 2, 3


class CompareError(ValueError):
    """A comparison that cannot be made, said in Chinese."""


@dataclass(frozen=True)
class Column:
    kind: QualificationKind
    status: Status
    document: str | None
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    waiting: tuple[str, ...]
    reason: str | None
    awards: tuple[Award, ...]
    deadline: Deadline | None
    materials: int | None


@dataclass(frozen=True)
class Comparison:
    uscc: str
    name: str
    as_of: date
    columns: tuple[Column, ...]


def compare(
    session: Session,
    packs: PackSet,
    catalogue: Catalogue,
    uscc: str,
    kinds: Sequence[QualificationKind],
    as_of: date,
) -> Comparison:
    """``kinds`` (two or three, distinct) side by side for a stored enterprise on ``as_of``."""
    chosen = list(dict.fromkeys(kinds))
    if not MIN_COMPARED <= len(chosen) <= MAX_COMPARED or len(chosen) != len(kinds):
        raise CompareError("请给出两到三项不同的资质进行比较")
    _, name, zone, _, _ = _enterprise(session, uscc)
    assessor = Assessor.for_date(packs, as_of)
    records = read_records(session, uscc=uscc)
    frame = build_frame(records, as_of, packs.declarations)
    row = assessor.evaluate(frame).row(0, named=True)
    trace = assessor.explain(row)
    entries = {QualificationKind(q["id"]): q for q in trace["qualifications"]}
    awards = awards_at_stake(catalogue, row, as_of, history_of(records))
    calendar = year_calendar(session, as_of.year, zone)
    columns = []
    for kind in chosen:
        entry = entries[kind]
        loaded = packs.in_force(kind, as_of)
        columns.append(
            _column(
                kind,
                entry,
                None if loaded is None else list(loaded.pack.verdict),
                None
                if loaded is None
                else (loaded.pack.document.number or loaded.pack.document.title),
                tuple(a for a in awards if a.kind == kind),
                next((b for b in calendar.batches(kind) if b.on >= as_of), None),
            )
        )
    return Comparison(uscc, name, as_of, tuple(columns))


def _column(
    kind: QualificationKind,
    entry: dict[str, Any],
    verdict: list[str] | None,
    document: str | None,
    awards: tuple[Award, ...],
    deadline: Deadline | None,
) -> Column:
    decisive = set(verdict or ())
    criteria = [c for c in entry["criteria"] if c["id"] in decisive]

    def labels(status: str) -> tuple[str, ...]:
        return tuple(c["label"] for c in criteria if c["status"] == status)

    found = listing(kind)
    return Column(
        kind,
        entry["status"],
        document,
        labels("eligible"),
        labels("ineligible"),
        tuple(entry.get("waiting") or ()),
        entry.get("reason"),
        tuple(sorted(awards, key=lambda a: -a.fen)),
        deadline,
        None if found is None else sum(1 for item in found.items if item.required),
    )
