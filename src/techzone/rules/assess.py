"""Assessing enterprises: evaluate compiled packs over a profile frame, read verdicts back.

``Assessor`` holds the packs compiled for one date. ``evaluate`` runs every rule over a whole
frame in one Polars pass (the batch path); ``explain`` turns one evaluated row into the full
verdict with its reasons (the single path and the audit trace use the same rows).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, Literal

import polars as pl
from sqlalchemy.orm import Session

from techzone import __version__
from techzone.model.codes import QualificationKind
from techzone.rules.compiler import FEN, CompiledPack, ResolvedParameter
from techzone.rules.frame import build_frame, engine_for
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackSet
from techzone.rules.pack import Criterion, Declaration, Pack, Unit, describe
from techzone.rules.profile import Profile, profile_records
from techzone.rules.records import read_records

Status = Literal["eligible", "ineligible", "unknown"]
TRACE_FORMAT = "techzone.trace.v1"
# The staged rules are already what an optimiser would make of them; planning them again costs
# more than it saves (a single assessment: 20 ms with the optimiser, 7 ms without).
EVALUATION = pl.QueryOptFlags.none()
STATUS_LABELS: dict[Status, str] = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定"}


def status_of(value: bool | None) -> Status:
    if value is None:
        return "unknown"
    return "eligible" if value else "ineligible"


@lru_cache(maxsize=64)
def _assessor(packs: PackSet, as_of: date, review: bool) -> Assessor:
    return Assessor(packs, as_of, tuple(packs.compile(as_of, review)), review)


def _status_expr(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column).is_null())
        .then(pl.lit("unknown"))
        .when(pl.col(column))
        .then(pl.lit("eligible"))
        .otherwise(pl.lit("ineligible"))
    )


@dataclass(frozen=True)
class Assessor:
    packs: PackSet
    as_of: date
    compiled: tuple[CompiledPack, ...]
    review: bool = False

    @classmethod
    def for_date(cls, packs: PackSet, as_of: date, review: bool = False) -> Assessor:
        """The assessor for a date, kept warm: its rules are compiled and staged once."""
        return _assessor(packs, as_of, review)

    @cached_property
    def stages(self) -> list[list[pl.Expr]]:
        """Every pack's outputs grouped by stage: packs never read each other's columns, so
        stage k of all packs can run together, after stage k − 1 of all packs."""
        by_stage: dict[int, list[pl.Expr]] = {}
        for compiled in self.compiled:
            for name, expr in compiled.outputs.items():
                by_stage.setdefault(compiled.stage[name], []).append(expr.alias(name))
        return [by_stage[stage] for stage in sorted(by_stage)]

    @property
    def declarations(self) -> dict[str, Declaration]:
        return self.packs.declarations

    def evaluate(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Every rule of every pack, for every row: the inputs, then one column per rule."""
        lazy = frame.lazy().with_columns(is_review=pl.lit(self.review))
        for stage in self.stages:
            lazy = lazy.with_columns(stage)
        return lazy.collect(engine=engine_for(frame.height), optimizations=EVALUATION)

    def verdicts(self, evaluated: pl.DataFrame) -> pl.DataFrame:
        """A table for officers: per enterprise and qualification, the status, the score range,
        the criteria not met and, where the status is unknown, the data that is missing."""
        columns: list[pl.Expr] = [pl.col("uscc"), pl.col("name")]
        for compiled in self.compiled:
            pack_id = compiled.pack.id
            status = _status_expr(compiled.out("verdict", "eligible"))
            columns.append(status.alias(f"{pack_id}.status"))
            for score_id in compiled.pack.scores:
                columns.append(
                    pl.col(compiled.out("score_min", score_id)).alias(f"{pack_id}.{score_id}.min")
                )
                columns.append(
                    pl.col(compiled.out("score_max", score_id)).alias(f"{pack_id}.{score_id}.max")
                )
            unmet = [
                pl.when(pl.col(compiled.out("criterion", name)) == False).then(  # noqa: E712 — Kleene
                    pl.lit(compiled.pack.criteria[name].label)
                )
                for name in compiled.pack.verdict
            ]
            columns.append(
                pl.concat_str(unmet, separator="；", ignore_nulls=True).alias(f"{pack_id}.unmet")
            )
            reads = sorted(
                {n for name in compiled.pack.verdict for n in compiled.reads.get(name, set())}
            )
            missing = [pl.when(pl.col(name).is_null()).then(pl.lit(name)) for name in reads]
            columns.append(
                pl.when(status == "unknown")
                .then(pl.concat_str(missing, separator="、", ignore_nulls=True))
                .alias(f"{pack_id}.missing")
            )
        return evaluated.select(columns)

    def explain(self, row: dict[str, Any]) -> dict[str, Any]:
        """The full verdict for one evaluated row, as the ``techzone.trace.v1`` document."""
        qualifications = []
        compiled_by_kind = {compiled.pack.qualification: compiled for compiled in self.compiled}
        for kind in QualificationKind:
            compiled = compiled_by_kind.get(kind)
            if compiled is not None:
                qualifications.append(_Explainer(compiled, row, self.declarations).qualification())
            else:
                qualifications.append(self._not_assessable(kind))
        body: dict[str, Any] = {
            "format": TRACE_FORMAT,
            "engine": f"techzone {__version__}",
            "as_of": self.as_of.isoformat(),
            "review": self.review,
            "uscc": row.get("uscc"),
            "packs": {
                pack_id: source["version"] for pack_id, source in self._pack_versions().items()
            },
            "sources": self._pack_versions(),
            "qualifications": qualifications,
        }
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
        body["content_hash"] = "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
        return body

    def _pack_versions(self) -> dict[str, dict[str, str]]:
        versions = {}
        for kind in QualificationKind:
            loaded = self.packs.in_force(kind, self.as_of, self.review)
            if loaded is not None:
                versions[loaded.pack.id] = {
                    "version": loaded.pack.version,
                    "sha256": loaded.sha256,
                    "document": loaded.pack.document.number or loaded.pack.document.title,
                }
        return versions

    def _not_assessable(self, kind: QualificationKind) -> dict[str, Any]:
        loaded = self.packs.in_force(kind, self.as_of, self.review)
        if loaded is not None and loaded.pack.unpublished is not None:
            reason = f"未找到公开的认定标准：{loaded.pack.unpublished}"
            pack_id: str | None = loaded.pack.id
        else:
            reason = f"{self.as_of} 没有生效的认定规则"
            pack_id = None
        return {
            "id": kind.value,
            "label": kind.label,
            "pack": pack_id,
            "status": "unknown",
            "reason": reason,
            "criteria": [],
            "gaps": [],
        }


class _Explainer:
    def __init__(
        self, compiled: CompiledPack, row: dict[str, Any], declarations: dict[str, Declaration]
    ) -> None:
        self.compiled = compiled
        self.pack: Pack = compiled.pack
        self.row = row
        self.declarations = declarations
        self._moot: set[str] | None = None

    def value(self, kind: str, name: str) -> Any:
        return self.row.get(self.compiled.out(kind, name))

    def qualification(self) -> dict[str, Any]:
        verdict = status_of(self.value("verdict", "eligible"))
        criteria = [
            self.criterion(criterion_id, c) for criterion_id, c in self.pack.criteria.items()
        ]
        result: dict[str, Any] = {
            "id": self.pack.qualification.value,
            "label": self.pack.qualification.label,
            "pack": self.pack.id,
            "status": verdict,
            "criteria": criteria,
            "gaps": [gap for c in criteria for gap in c.pop("_gaps")],
        }
        if verdict == "unknown":
            result["reason"] = self._unknown_reason(criteria)
        for score_id in self.pack.scores:
            result.setdefault("scores", {})[score_id] = self.score(score_id)
        if len(self.pack.scores) == 1:
            only = next(iter(result["scores"].values()))
            result["score"] = {"min": only["min"], "max": only["max"], "passes": only["passes"]}
        return result

    def _unknown_reason(self, criteria: list[dict[str, Any]]) -> str:
        decisive = {name for name in self.pack.verdict}
        missing = sorted({m for c in criteria if c["id"] in decisive for m in c["missing"]})
        judged = [
            f"{c['label']}（{c['judged']}）"
            for c in criteria
            if c["id"] in decisive and c.get("judged")
        ]
        parts = []
        if missing:
            parts.append("缺少数据：" + "、".join(missing))
        if judged:
            parts.append("取决于专家评分：" + "、".join(judged))
        return "；".join(parts) or "部分条件无法判定"

    def _display(self, name: str) -> Any:
        value = self.row.get(name)
        if name in self.compiled.parameters:
            parameter = self.compiled.parameters[name]
            return _plain(parameter.value)
        unit = self._unit(name)
        if name in self.pack.variables:
            value = self.row.get(self.compiled.out("variable", name))
        elif name.endswith(("_min", "_max")) and name not in CORE_INPUTS:
            stem, _, end = name.rpartition("_")
            value = self.row.get(self.compiled.out(f"{self._result_kind(stem)}_{end}", stem))
        return _shown(value, unit)

    def _result_kind(self, stem: str) -> str:
        """Whether ``<stem>_min`` names a score total, a group subtotal or an item's points."""
        if stem in self.pack.scores:
            return "score"
        if any(stem in score.groups for score in self.pack.scores.values()):
            return "group"
        return "item"

    def _unit(self, name: str) -> Unit | None:
        if name in CORE_INPUTS:
            return CORE_INPUTS[name].unit
        if name in self.declarations:
            return self.declarations[name].unit
        if name in self.pack.variables:
            return self.pack.variables[name].unit
        return None

    def _parameters(self, names: list[str]) -> list[dict[str, Any]]:
        return [
            _parameter(self.compiled.parameters[name])
            for name in names
            if name in self.compiled.parameters
        ]

    def criterion(self, criterion_id: str, criterion: Criterion) -> dict[str, Any]:
        status = status_of(self.value("criterion", criterion_id))
        shows = self.compiled.shows.get(criterion_id, [])
        missing = [self._label(name) for name in sorted(self._missing(criterion_id))]
        result: dict[str, Any] = {
            "id": criterion_id,
            "label": criterion.label,
            "status": status,
            "clause": {"ref": criterion.clause.ref, "text": criterion.clause.text},
            "values": {name: self._display(name) for name in shows},
            "parameters": self._parameters(self.compiled.cites.get(criterion_id, [])),
            "missing": missing,
            "flags": self._flags(criterion_id, criterion.flags),
            "_gaps": [],
        }
        if criterion.all is not None or criterion.any is not None:
            result["combines"] = {"all" if criterion.all else "any": criterion.all or criterion.any}
        if criterion.score is not None and status == "unknown":
            low = self.value("score_min", criterion.score)
            high = self.value("score_max", criterion.score)
            result["judged"] = f"{low:g}–{high:g}分"
        if criterion.gap is not None and status == "ineligible" and criterion_id not in self.moot:
            gap_value = self.value("gap", criterion_id)
            if gap_value is not None:
                shown = _shown(gap_value, criterion.gap.unit)
                result["_gaps"].append(
                    {
                        "criterion": criterion_id,
                        "value": shown,
                        "unit": criterion.gap.unit,
                        "text": criterion.gap.text.format(value=_format(shown)),
                    }
                )
        return result

    def _status(self, criterion_id: str) -> Status:
        return status_of(self.value("criterion", criterion_id))

    def _missing(self, criterion_id: str) -> set[str]:
        """The unknown inputs that keep an unknown criterion undecided.

        For a combination, only members still undecided count: a member already false or true
        is not waiting for anything.
        """
        if self._status(criterion_id) != "unknown":
            return set()
        criterion = self.pack.criteria[criterion_id]
        members = criterion.all or criterion.any
        if members:
            return set().union(*(self._missing(member) for member in members))
        reads = self.compiled.reads.get(criterion_id, set())
        return {name for name in reads if self.row.get(name) is None}

    @property
    def moot(self) -> set[str]:
        """Criteria whose gaps do not matter: alternatives of an ``any`` already met."""
        if self._moot is None:
            self._moot = set()
            for criterion_id, criterion in self.pack.criteria.items():
                if criterion.any and self._status(criterion_id) == "eligible":
                    self._moot |= self._members(criterion_id)
        return self._moot

    def _members(self, criterion_id: str) -> set[str]:
        criterion = self.pack.criteria[criterion_id]
        found: set[str] = set()
        for member in criterion.all or criterion.any or []:
            found |= {member} | self._members(member)
        return found

    def _label(self, name: str) -> str:
        if name in CORE_INPUTS:
            return f"{CORE_INPUTS[name].label}（{name}）"
        if name in self.declarations:
            return f"{self.declarations[name].label}（{name}）"
        return name

    def _flags(self, rule_id: str, flags: list[Any]) -> list[str]:
        return [
            flag.text
            for index, flag in enumerate(flags)
            if self.row.get(self.compiled.out("flag", f"{rule_id}#{index}")) is True
        ]

    def score(self, score_id: str) -> dict[str, Any]:
        score = self.pack.scores[score_id]
        low = self.value("score_min", score_id)
        high = self.value("score_max", score_id)
        threshold_name = score.pass_above or score.pass_at_least
        assert threshold_name is not None
        threshold = float(self.compiled.parameters[threshold_name].value)  # type: ignore[arg-type]

        def passes(points: float) -> bool:
            return points > threshold if score.pass_above else points >= threshold

        passes_at = "min" if passes(low) else ("between" if passes(high) else "no")
        items = []
        for item_id, item in score.items.items():
            entry: dict[str, Any] = {
                "id": item_id,
                "label": item.label,
                "clause": item.clause,
                "min": self.value("item_min", item_id),
                "max": self.value("item_max", item_id),
                "judged": item.judged,
                "flags": self._flags(item_id, item.flags),
            }
            if item.band is not None:
                band = self.value("band", item_id)
                entry["band"] = band
                if band in item.hint:
                    entry["next_band"] = item.hint[band]
            items.append(entry)
        return {
            "label": score.label,
            "clause": {"ref": score.clause.ref, "text": score.clause.text},
            "min": low,
            "max": high,
            "pass": ("> " if score.pass_above else "≥ ") + f"{threshold:g}",
            "passes": {"min": "at_min", "between": "only_between", "no": "not_even_at_max"}[
                passes_at
            ],
            "items": items,
            "improvements": _improvements(items),
        }


def _improvements(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items below their best band, with what the next band takes; most points first."""
    gains = [
        {
            "item": item["id"],
            "label": item["label"],
            "band": item.get("band"),
            "next": item["next_band"],
        }
        for item in items
        if item.get("next_band")
    ]
    return gains


def _parameter(parameter: ResolvedParameter) -> dict[str, Any]:
    result = {
        "name": parameter.name,
        "label": parameter.label,
        "value": _plain(parameter.value),
        "text": describe(parameter.value),
        "unit": parameter.unit,
        "since": parameter.since.isoformat(),
        "clause": parameter.clause,
    }
    if parameter.note:
        result["note"] = parameter.note
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [bracket.model_dump() for bracket in value]
    if isinstance(value, dict):
        return {key: v.model_dump() if hasattr(v, "model_dump") else v for key, v in value.items()}
    return value


def _shown(value: Any, unit: Unit | None) -> Any:
    """A frame value as people read it: yuan rather than fen; ratios and counts as they are."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if unit == "yuan" and isinstance(value, int | float):
        return round(value / FEN, 2)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def assess_enterprise(
    session: Session, packs: PackSet, uscc: str, as_of: date, review: bool = False
) -> dict[str, Any]:
    """The verdict trace for one stored enterprise, from the same compiled rules as a batch."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(read_records(session, uscc=uscc), as_of, packs.declarations)
    return assessor.explain(assessor.evaluate(frame).row(0, named=True))


def assess_all(
    session: Session, packs: PackSet, as_of: date, zone: str | None = None, review: bool = False
) -> tuple[Assessor, pl.DataFrame]:
    """Every stored enterprise (of a zone) evaluated at once, with the assessor that did it."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(read_records(session, zone=zone), as_of, packs.declarations)
    return assessor, assessor.evaluate(frame)


def assess_profile(
    packs: PackSet, profile: Profile, as_of: date, review: bool = False
) -> dict[str, Any]:
    """The verdict trace for one enterprise described by a profile file."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(profile_records(profile, packs.declarations), as_of, packs.declarations)
    return assessor.explain(assessor.evaluate(frame).row(0, named=True))
