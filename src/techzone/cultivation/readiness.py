"""How ready an enterprise is for a qualification, read from the assessment.

Two readings of the same verdicts: for a whole zone from the batch path (``Assessor.verdicts``
over the evaluated frame) and for one enterprise from its trace (``Assessor.explain``), which adds
the gaps in words.

**Ready** means the verdict is eligible. **Nearly ready** is defined precisely as: the verdict is
unknown (no condition fails; data is missing or the experts' points decide), or it is ineligible
with at most ``NEARLY_READY_MAX_UNMET`` (one) of the verdict's conditions not met. Everything else
is **not ready**.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from techzone.model.codes import QualificationKind
from techzone.rules.assess import Assessor, Status, elsewhere_reason
from techzone.rules.compiler import CompiledPack

NEARLY_READY_MAX_UNMET = 1
Level = Literal["ready", "nearly", "not_ready", "undetermined"]
LEVEL_LABELS: dict[Level, str] = {
    "ready": "可申报",
    "nearly": "接近",
    "not_ready": "差距较大",
    "undetermined": "无法判断",
}
_LEVEL_ORDER: dict[Level, int] = {"ready": 0, "nearly": 1, "not_ready": 2, "undetermined": 3}


@dataclass(frozen=True)
class Readiness:
    kind: QualificationKind
    status: Status
    score_min: float | None = None
    score_max: float | None = None
    # Labels of the verdict's conditions that are not met.
    unmet: tuple[str, ...] = ()
    # Labels of the data that keeps an unknown verdict undecided.
    missing: tuple[str, ...] = ()
    # How far off, in words, for the unmet conditions that say so (from the trace only).
    gaps: tuple[str, ...] = ()
    reason: str | None = None
    # A local designation whose only criteria are another place's (瞪羚企业: 黄埔区), assessed
    # elsewhere or where the place is unknown: nothing says how near the enterprise is.
    elsewhere: bool = False
    # Labels of the verdict's conditions that are met (from the trace only): a condition unmet on
    # this year's last batch and met on next year's first, the records unchanged, is one only time
    # removes (``cultivation.batches``).
    met: tuple[str, ...] = ()

    @property
    def level(self) -> Level:
        if self.elsewhere:
            return "undetermined"
        if self.status == "eligible":
            return "ready"
        if self.status == "unknown" or len(self.unmet) <= NEARLY_READY_MAX_UNMET:
            return "nearly"
        return "not_ready"

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def score(self) -> str:
        if self.score_min is None or self.score_max is None:
            return ""
        return f"{self.score_min:g}–{self.score_max:g}"

    def rank_key(self) -> tuple[int, int, float, int]:
        """Readier first: level, then fewer unmet conditions, higher best score, less missing."""
        best = -(self.score_max if self.score_max is not None else -1.0)
        return (_LEVEL_ORDER[self.level], len(self.unmet), best, len(self.missing))


def compiled_for(assessor: Assessor, kind: QualificationKind) -> CompiledPack | None:
    """The compiled pack that decides ``kind`` (none when no criteria are published)."""
    return next((c for c in assessor.compiled if c.pack.qualification == kind), None)


def zone_readiness(
    assessor: Assessor, evaluated: pl.DataFrame, kind: QualificationKind
) -> dict[str, Readiness]:
    """Readiness for ``kind`` of every enterprise in an evaluated frame, by 统一社会信用代码."""
    compiled = compiled_for(assessor, kind)
    if compiled is None:
        reason = f"{kind.label}没有公开的认定标准"
        return {
            uscc: Readiness(kind, "unknown", reason=reason)
            for uscc in evaluated.get_column("uscc").to_list()
        }
    pack = compiled.pack
    verdicts = assessor.verdicts(evaluated)
    score_id = next(iter(pack.scores), None)
    low = verdicts.get_column(f"{pack.id}.{score_id}.min") if score_id else None
    high = verdicts.get_column(f"{pack.id}.{score_id}.max") if score_id else None
    criteria = {
        name: evaluated.get_column(compiled.out("criterion", name)) for name in pack.verdict
    }
    result: dict[str, Readiness] = {}
    applies = (
        evaluated.get_column(compiled.applies).to_list()
        if compiled.applies is not None
        else [True] * evaluated.height
    )
    statuses = verdicts.get_column(f"{pack.id}.status").to_list()
    missing = verdicts.get_column(f"{pack.id}.missing").to_list()
    for index, uscc in enumerate(verdicts.get_column("uscc").to_list()):
        unmet = tuple(
            pack.criteria[name].label for name, column in criteria.items() if column[index] is False
        )
        absent = tuple(n for n in (missing[index] or "").split("、") if n)
        result[uscc] = Readiness(
            kind,
            statuses[index],
            None if low is None else low[index],
            None if high is None else high[index],
            unmet,
            absent,
            reason=None if applies[index] else elsewhere_reason(pack, absent),
            elsewhere=applies[index] is not True,
        )
    return result


def trace_readiness(
    trace: dict[str, Any], kind: QualificationKind, verdict: list[str] | None
) -> Readiness:
    """Readiness for ``kind`` from one enterprise's trace; ``verdict`` names the criteria the
    verdict needs (the pack's), so sub-conditions of a route already met are not listed."""
    entry = next(q for q in trace["qualifications"] if q["id"] == kind.value)
    decisive = set(verdict or [])
    criteria = [c for c in entry["criteria"] if c["id"] in decisive]
    unmet = tuple(c["label"] for c in criteria if c["status"] == "ineligible")
    met = tuple(c["label"] for c in criteria if c["status"] == "eligible")
    missing = tuple(entry.get("waiting", ()))
    score = entry.get("score") or {}
    return Readiness(
        kind,
        entry["status"],
        score.get("min"),
        score.get("max"),
        unmet,
        missing,
        tuple(gap["text"] for gap in entry["gaps"]),
        entry.get("reason"),
        elsewhere="applies" in entry and entry["applies"] is not True,
        met=met,
    )
