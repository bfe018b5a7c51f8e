"""Assessing enterprises: evaluate compiled packs over a profile frame, read verdicts back.

``Assessor`` holds the packs compiled for one date. ``evaluate`` runs every rule over a whole
frame in one Polars pass (the batch path); ``explain`` turns one evaluated row into the full
verdict with its reasons (the single path and the audit trace use the same rows).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache, partial
from typing import Any, Literal

import polars as pl
from sqlalchemy.orm import Session

from techzone import __version__
from techzone.access.scope import Scope
from techzone.glossary import label
from techzone.model.codes import DeclarationSource, QualificationKind
from techzone.rules import together
from techzone.rules.compiler import FEN, CompiledPack, ResolvedParameter
from techzone.rules.frame import PROVENANCE, Records, build_frame, engine_for
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackSet
from techzone.rules.pack import Criterion, Declaration, Pack, Score, ScoreItem, Unit, describe
from techzone.rules.profile import Profile, profile_records
from techzone.rules.records import read_records
from techzone.rules.trace import TRACE_FORMAT, content_hash

Status = Literal["eligible", "ineligible", "unknown"]
# The staged rules are already what an optimiser would make of them; planning them again costs
# more than it saves (evaluating one enterprise takes about twice as long with the optimiser).
EVALUATION = pl.QueryOptFlags.none()


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
        # The exact comparisons' numerators and denominators (128-bit) are read by later stages
        # only: a zone's result need not carry them.
        lazy = lazy.drop(self.working_columns)
        return lazy.collect(engine=engine_for(frame.height), optimizations=EVALUATION)

    @cached_property
    def read_inputs(self) -> frozenset[str]:
        """Every name a criterion of some pack reads, and every place a local designation is
        confined to: all that an explanation may say a verdict waits for (``missing``)."""
        names: set[str] = set()
        for layout in self._layouts.values():
            names.update(layout.place_inputs)
            for criterion in layout.criteria.values():
                names.update(criterion.reads)
        return frozenset(names)

    @cached_property
    def working_columns(self) -> list[str]:
        return [name for compiled in self.compiled for name in compiled.working]

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
            layout = self._layouts[compiled.pack.qualification]
            waiting = [e for name in compiled.pack.verdict for e in layout.waiting(name)]
            missing = (
                pl.concat_list(waiting).list.drop_nulls().list.unique(maintain_order=True)
                if waiting
                else pl.lit([], dtype=pl.List(pl.String))
            )
            waits: pl.Expr = pl.when(status == "unknown").then(missing.list.join("、"))
            applies = compiled.applies
            if applies is not None:
                # Elsewhere nothing this pack asks for would decide the verdict; where the place
                # is unknown, the place is what it waits for.
                waits = (
                    pl.when(pl.col(applies).is_null())
                    .then(pl.lit("、".join(label(n) for n in layout.place_inputs)))
                    .when(~pl.col(applies))
                    .then(pl.lit(None, dtype=pl.String))
                    .otherwise(waits)
                )
            columns.append(waits.alias(f"{pack_id}.missing"))
        return evaluated.select(columns)

    def explain(self, row: dict[str, Any]) -> dict[str, Any]:
        """The full verdict for one evaluated row, as the ``TRACE_FORMAT`` document
        (``rules.trace``: what its ``content_hash`` is the hash of)."""
        qualifications = []
        for kind in QualificationKind:
            layout = self._layouts.get(kind)
            if layout is not None:
                qualifications.append(_Explainer(layout, row).qualification())
            else:
                qualifications.append(self._not_assessable(kind))
        body: dict[str, Any] = {
            "format": TRACE_FORMAT,
            "engine": f"techzone {__version__}",
            "as_of": self.as_of.isoformat(),
            "review": self.review,
            "uscc": row.get("uscc"),
            "name": row.get("name"),
            "packs": {pack_id: source["version"] for pack_id, source in self._sources},
            "sources": {pack_id: dict(source) for pack_id, source in self._sources},
            "qualifications": qualifications,
        }
        body["content_hash"] = content_hash(body)
        return body

    # What an explanation reads from the packs is the same for every row: worked out once per
    # assessor (one date), so that explaining a row only looks its values up.

    @cached_property
    def _layouts(self) -> dict[QualificationKind, _Layout]:
        return {
            compiled.pack.qualification: _Layout(compiled, self.declarations)
            for compiled in self.compiled
        }

    @cached_property
    def _sources(self) -> tuple[tuple[str, dict[str, str]], ...]:
        sources = []
        for kind in QualificationKind:
            loaded = self.packs.in_force(kind, self.as_of, self.review)
            if loaded is not None:
                source = {
                    "version": loaded.pack.version,
                    "sha256": loaded.sha256,
                    "document": loaded.pack.document.number or loaded.pack.document.title,
                }
                sources.append((loaded.pack.id, source))
        return tuple(sources)

    def _not_assessable(self, kind: QualificationKind) -> dict[str, Any]:
        pack_id, reason = self._unassessable_reasons[kind]
        return {
            "id": kind.value,
            "label": kind.label,
            "pack": pack_id,
            "status": "unknown",
            "reason": reason,
            "criteria": [],
            "gaps": [],
        }

    @cached_property
    def _unassessable_reasons(self) -> dict[QualificationKind, tuple[str | None, str]]:
        reasons: dict[QualificationKind, tuple[str | None, str]] = {}
        for kind in QualificationKind:
            loaded = self.packs.in_force(kind, self.as_of, self.review)
            if loaded is not None and loaded.pack.unpublished is not None:
                reasons[kind] = (loaded.pack.id, f"未找到公开的认定标准：{loaded.pack.unpublished}")
            else:
                reasons[kind] = (None, f"{self.as_of} 没有生效的认定规则")
        return reasons


@dataclass(frozen=True)
class _Shown:
    """A value a criterion's explanation shows: the column holding it, and its unit."""

    name: str
    column: str
    unit: Unit | None
    parameter: ResolvedParameter | None


def _provenance(
    names: set[str] | frozenset[str], declarations: dict[str, Declaration]
) -> tuple[tuple[str, str], ...]:
    """The declarations among ``names``, in name order, each with the column of its provenance:
    worked out once per assessor rather than sorted and formatted for every row explained."""
    return tuple(
        (name, PROVENANCE.format(name=name)) for name in sorted(names) if name in declarations
    )


@dataclass(frozen=True)
class _CriterionLayout:
    id: str
    criterion: Criterion
    status: str
    shows: tuple[_Shown, ...]
    # Each parameter cited, with how the explanation shows it.
    cites: tuple[tuple[ResolvedParameter, dict[str, Any]], ...]
    members: tuple[str, ...]
    reads: tuple[str, ...]
    # The declarations among ``reads``, in name order, each with its provenance column.
    declares: tuple[tuple[str, str], ...]
    flags: tuple[tuple[str, str], ...]
    combines: dict[str, Any] | None
    score: tuple[str, str] | None
    gap: str | None


@dataclass(frozen=True)
class _ItemLayout:
    id: str
    item: ScoreItem
    low: str
    high: str
    band: str | None
    flags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _ScoreLayout:
    id: str
    score: Score
    low: str
    high: str
    threshold: float
    items: tuple[_ItemLayout, ...]


class _Layout:
    """One compiled pack as its explanation reads it: for each criterion and score, the
    columns of the evaluated row it looks at, with the labels and units that go with them."""

    def __init__(self, compiled: CompiledPack, declarations: dict[str, Declaration]) -> None:
        self.compiled = compiled
        self.pack: Pack = compiled.pack
        self.declarations = declarations
        self.verdict = compiled.out("verdict", "eligible")
        self.applies = compiled.applies
        jurisdiction = self.pack.jurisdiction
        self.place_inputs = tuple(jurisdiction.inputs()) if jurisdiction is not None else ()
        self.decisive = set(self.pack.verdict)
        self.criteria = {
            criterion_id: self._criterion(criterion_id, criterion)
            for criterion_id, criterion in self.pack.criteria.items()
        }
        # Members of an ``any``: their gaps do not matter once the ``any`` is met.
        self.alternatives = {
            criterion_id: frozenset(self._members(criterion_id))
            for criterion_id, criterion in self.pack.criteria.items()
            if criterion.any
        }
        self.scores = tuple(self._score(score_id) for score_id in self.pack.scores)
        self.labels = {
            name: self._label(name) for layout in self.criteria.values() for name in layout.reads
        }
        # Every declaration the pack reads (criteria and score items), in name order.
        self.declared = _provenance(set().union(*compiled.reads.values(), set()), declarations)

    def _criterion(self, criterion_id: str, criterion: Criterion) -> _CriterionLayout:
        out = self.compiled.out
        combines = None
        if criterion.all is not None or criterion.any is not None:
            combines = {"all" if criterion.all else "any": criterion.all or criterion.any}
        return _CriterionLayout(
            id=criterion_id,
            criterion=criterion,
            status=out("criterion", criterion_id),
            shows=tuple(self._shown(name) for name in self.compiled.shows.get(criterion_id, [])),
            cites=tuple(
                (parameter, _parameter(parameter))
                for name in self.compiled.cites.get(criterion_id, [])
                if (parameter := self.compiled.parameters.get(name)) is not None
            ),
            members=tuple(criterion.all or criterion.any or []),
            reads=tuple(self.compiled.reads.get(criterion_id, set())),
            declares=_provenance(self.compiled.reads.get(criterion_id, set()), self.declarations),
            flags=self._flags(criterion_id, criterion.flags),
            combines=combines,
            score=None
            if criterion.score is None
            else (out("score_min", criterion.score), out("score_max", criterion.score)),
            gap=None if criterion.gap is None else out("gap", criterion_id),
        )

    def _shown(self, name: str) -> _Shown:
        parameter = self.compiled.parameters.get(name)
        column = name
        if name in self.pack.variables:
            column = self.compiled.out("variable", name)
        elif name.endswith(("_min", "_max")) and name not in CORE_INPUTS:
            stem, _, end = name.rpartition("_")
            column = self.compiled.out(f"{self._result_kind(stem)}_{end}", stem)
        return _Shown(name, column, self._unit(name), parameter)

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

    def _label(self, name: str) -> str:
        return label(name, self.names)

    @cached_property
    def names(self) -> dict[str, str]:
        """The Chinese names of what this pack defines: declarations, variables, parameters."""
        named = {name: d.label for name, d in self.declarations.items()}
        named |= {name: v.label for name, v in self.pack.variables.items()}
        named |= {name: p.label for name, p in self.pack.parameters.items()}
        return named

    def _flags(self, rule_id: str, flags: list[Any]) -> tuple[tuple[str, str], ...]:
        return tuple(
            (self.compiled.out("flag", f"{rule_id}#{index}"), flag.text)
            for index, flag in enumerate(flags)
        )

    def waiting(self, criterion_id: str) -> list[pl.Expr]:
        """For each row, the Chinese names of the unknown inputs an undecided criterion waits
        for (as in the explanation: a member already decided waits for nothing)."""
        layout = self.criteria[criterion_id]
        if layout.members:
            parts = [e for member in layout.members for e in self.waiting(member)]
        else:
            parts = [
                pl.when(pl.col(name).is_null()).then(pl.lit(self.labels[name]))
                for name in layout.reads
            ]
        return [pl.when(pl.col(layout.status).is_null()).then(part) for part in parts]

    def _members(self, criterion_id: str) -> set[str]:
        criterion = self.pack.criteria[criterion_id]
        found: set[str] = set()
        for member in criterion.all or criterion.any or []:
            found |= {member} | self._members(member)
        return found

    def _score(self, score_id: str) -> _ScoreLayout:
        out = self.compiled.out
        score = self.pack.scores[score_id]
        threshold_name = score.pass_above or score.pass_at_least
        assert threshold_name is not None
        items = tuple(
            _ItemLayout(
                id=item_id,
                item=item,
                low=out("item_min", item_id),
                high=out("item_max", item_id),
                band=None if item.band is None else out("band", item_id),
                flags=self._flags(item_id, item.flags),
            )
            for item_id, item in score.items.items()
        )
        return _ScoreLayout(
            id=score_id,
            score=score,
            low=out("score_min", score_id),
            high=out("score_max", score_id),
            threshold=float(self.compiled.parameters[threshold_name].value),  # type: ignore[arg-type]
            items=items,
        )


class _Explainer:
    def __init__(self, layout: _Layout, row: dict[str, Any]) -> None:
        self.layout = layout
        self.pack: Pack = layout.pack
        self.row = row
        self._moot: set[str] | None = None

    def qualification(self) -> dict[str, Any]:
        applies = self.layout.applies
        if applies is not None and self.row.get(applies) is not True:
            return self._elsewhere(self.row.get(applies) is None)
        verdict = status_of(self.row.get(self.layout.verdict))
        criteria = [self.criterion(layout) for layout in self.layout.criteria.values()]
        result: dict[str, Any] = {
            "id": self.pack.qualification.value,
            "label": self.pack.qualification.label,
            "pack": self.pack.id,
            "status": verdict,
            "criteria": criteria,
            "gaps": [gap for c in criteria for gap in c.pop("_gaps")],
        }
        decisive = self.layout.decisive
        result["unmet"] = [
            c["label"] for c in criteria if c["id"] in decisive and c["status"] == "ineligible"
        ]
        # The data the verdict waits for: ids for programs, Chinese names for people.
        result["missing"] = sorted(
            {m for c in criteria if c["id"] in decisive for m in c["missing"]}
        )
        result["waiting"] = [self.layout.labels.get(n, label(n)) for n in result["missing"]]
        if verdict == "unknown":
            result["reason"] = self._unknown_reason(criteria, result["waiting"])
        declared = self._declared(self.layout.declared)
        if declared:
            result["declarations"] = declared
        for score in self.layout.scores:
            result.setdefault("scores", {})[score.id] = self.score(score)
        if len(self.layout.scores) == 1:
            only = next(iter(result["scores"].values()))
            result["score"] = {"min": only["min"], "max": only["max"], "passes": only["passes"]}
        return result

    def _elsewhere(self, place_unknown: bool) -> dict[str, Any]:
        """A local designation assessed outside its place, or where the place is unknown: no
        criterion is decided, no gap measured against another place's thresholds."""
        kind = self.pack.qualification
        missing = [n for n in self.layout.place_inputs if self.row.get(n) is None]
        if not place_unknown:
            missing = []
        reason = elsewhere_reason(self.pack, [label(n) for n in missing])
        return {
            "id": kind.value,
            "label": kind.label,
            "pack": self.pack.id,
            "status": "unknown",
            "applies": None if place_unknown else False,
            "reason": reason,
            "criteria": [],
            "gaps": [],
            "unmet": [],
            "missing": missing,
            "waiting": [label(n) for n in missing],
        }

    def _unknown_reason(self, criteria: list[dict[str, Any]], missing: list[str]) -> str:
        """What decides an undecided verdict: the data missing for the conditions the verdict
        rests on (an alternative already failed is not among them) or the experts' points."""
        decisive = self.layout.decisive
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

    def _declared(self, names: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        """The declarations of ``names`` (``_provenance``) the row has, each with who made it
        and when."""
        found = []
        for name, provenance in names:
            made = self.row.get(provenance)
            if made is None:
                continue
            source = DeclarationSource(made["source"])
            day = made["declared_on"]
            found.append(
                {
                    "name": name,
                    "label": self.layout.declarations[name].label,
                    "value": _shown(self.row.get(name), self.layout.declarations[name].unit),
                    "source": source.value,
                    "source_label": source.label,
                    "declared_on": None if day is None else day.isoformat(),
                }
            )
        return found

    def _display(self, shown: _Shown) -> Any:
        if shown.parameter is not None:
            return _plain(shown.parameter.value)
        return _shown(self.row.get(shown.column), shown.unit)

    def criterion(self, layout: _CriterionLayout) -> dict[str, Any]:
        criterion = layout.criterion
        status = status_of(self.row.get(layout.status))
        result: dict[str, Any] = {
            "id": layout.id,
            "label": criterion.label,
            "status": status,
            "clause": {"ref": criterion.clause.ref, "text": criterion.clause.text},
            "values": {shown.name: self._display(shown) for shown in layout.shows},
            "parameters": [_cited(parameter, text) for parameter, text in layout.cites],
            "missing": sorted(self._missing(layout)),
            "flags": self._flags(layout.flags),
            "_gaps": [],
        }
        declared = self._declared(layout.declares)
        if declared:
            result["declared"] = declared
        if layout.combines is not None:
            result["combines"] = dict(layout.combines)
        if layout.score is not None and status == "unknown":
            low = self.row.get(layout.score[0])
            high = self.row.get(layout.score[1])
            result["judged"] = f"{low:g}–{high:g}分"
        if layout.gap is not None and status == "ineligible" and layout.id not in self.moot:
            assert criterion.gap is not None
            gap_value = self.row.get(layout.gap)
            if gap_value is not None:
                shown = _shown(gap_value, criterion.gap.unit)
                result["_gaps"].append(
                    {
                        "criterion": layout.id,
                        "value": shown,
                        "unit": criterion.gap.unit,
                        "text": criterion.gap.text.format(
                            value=_points(shown)
                            if criterion.gap.unit == "ratio"
                            else _format(shown)
                        ),
                    }
                )
        return result

    def _missing(self, layout: _CriterionLayout) -> set[str]:
        """The unknown inputs that keep an unknown criterion undecided.

        For a combination, only members still undecided count: a member already false or true
        is not waiting for anything.
        """
        if self.row.get(layout.status) is not None:
            return set()
        if layout.members:
            criteria = self.layout.criteria
            return set().union(*(self._missing(criteria[member]) for member in layout.members))
        return {name for name in layout.reads if self.row.get(name) is None}

    @property
    def moot(self) -> set[str]:
        """Criteria whose gaps do not matter: alternatives of an ``any`` already met."""
        if self._moot is None:
            self._moot = set()
            for criterion_id, members in self.layout.alternatives.items():
                if status_of(self.row.get(self.layout.criteria[criterion_id].status)) == "eligible":
                    self._moot |= members
        return self._moot

    def _flags(self, flags: tuple[tuple[str, str], ...]) -> list[str]:
        return [text for column, text in flags if self.row.get(column) is True]

    def score(self, layout: _ScoreLayout) -> dict[str, Any]:
        score = layout.score
        low: Any = self.row.get(layout.low)
        high: Any = self.row.get(layout.high)
        threshold = layout.threshold

        def passes(points: float) -> bool:
            return points > threshold if score.pass_above else points >= threshold

        passes_at = "min" if passes(low) else ("between" if passes(high) else "no")
        items = []
        for item_layout in layout.items:
            item = item_layout.item
            entry: dict[str, Any] = {
                "id": item_layout.id,
                "label": item.label,
                "clause": item.clause,
                "min": self.row.get(item_layout.low),
                "max": self.row.get(item_layout.high),
                "judged": item.judged,
                "flags": self._flags(item_layout.flags),
            }
            if item_layout.band is not None:
                band = self.row.get(item_layout.band)
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


def elsewhere_reason(pack: Pack, place_missing: Sequence[str]) -> str:
    """Why a local designation is undecided outside its place (or where the place is unknown,
    ``place_missing`` naming the location data left out)."""
    kind = pack.qualification
    if place_missing:
        return (
            f"未填写{'、'.join(place_missing)}，无法确定现有{kind.label}认定条件是否适用于本企业："
            f"{kind.label}由各地区自行认定，现有条件为{pack.local}，只适用于该地区"
        )
    return f"未收录本地区发布的{kind.label}认定条件；现有条件为{pack.local}，不适用于本企业所在地区"


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


def _cited(parameter: ResolvedParameter, shown: dict[str, Any]) -> dict[str, Any]:
    """A parameter as ``_parameter`` shows it, a new copy for each trace."""
    if isinstance(parameter.value, list | dict):
        return {**shown, "value": _plain(parameter.value)}
    return dict(shown)


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


def _points(value: Any) -> str:
    """A ratio's gap in percentage points (the thresholds are written as percentages), never
    below the 0.01 shown: a criterion not met is never said to be short by nothing."""
    if not isinstance(value, int | float):
        return str(value)
    return _format(max(round(value * 100, 2), 0.01))


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
    return assess_records(packs, read_records(session, uscc=uscc), as_of, review)


def assess_records(
    packs: PackSet, records: Records, as_of: date, review: bool = False
) -> dict[str, Any]:
    """The verdict trace for the one enterprise of ``records``."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(records, as_of, packs.declarations)
    return assessor.explain(assessor.evaluate(frame).row(0, named=True))


def assess_records_many(
    packs: PackSet, asked: Sequence[tuple[Records, date]]
) -> list[dict[str, Any] | Exception]:
    """``assess_records`` for each (one enterprise's records, date), in order: each its trace or
    the error it raises alone.

    Records of one date and one shape are evaluated together, one row each, by the same
    functions (Polars' cost is per plan, not per row); a group that fails is assessed one
    enterprise at a time, so that one bad record fails only its own."""
    answers: list[dict[str, Any] | Exception | None] = [None] * len(asked)
    groups: dict[tuple[date, frozenset[str], int], list[int]] = {}
    for index, (records, as_of) in enumerate(asked):
        group = (as_of, records.unknown, index if together.apart(records) else -1)
        groups.setdefault(group, []).append(index)
    for (as_of, _, _), members in groups.items():
        found = together.answered(
            [asked[i][0] for i in members],
            partial(_assess_together, packs, as_of),
            partial(assess_records, packs, as_of=as_of),
            "assessments",
        )
        for index, answer in zip(members, found, strict=True):
            answers[index] = answer
    return [answer for answer in answers if answer is not None]


def _assess_together(packs: PackSet, as_of: date, parts: list[Records]) -> list[dict[str, Any]]:
    originals = [records.enterprises.item(0, "uscc") for records in parts]
    keys = [together.key(uscc, place) for place, uscc in enumerate(originals)]
    records = together.joined(
        [together.keyed(part, key) for part, key in zip(parts, keys, strict=True)]
    )
    assessor = Assessor.for_date(packs, as_of, False)
    evaluated = assessor.evaluate(build_frame(records, as_of, packs.declarations))
    return [
        assessor.explain({**evaluated.row(place, named=True), "uscc": uscc})
        for place, uscc in enumerate(originals)
    ]


def assess_all(
    session: Session,
    packs: PackSet,
    as_of: date,
    zone: str | None = None,
    review: bool = False,
    *,
    scope: Scope | None = None,
) -> tuple[Assessor, pl.DataFrame]:
    """Every stored enterprise (of a zone, within ``scope``) evaluated at once, with the assessor
    that did it."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(read_records(session, zone=zone, scope=scope), as_of, packs.declarations)
    return assessor, assessor.evaluate(frame)


def assess_profile(
    packs: PackSet, profile: Profile, as_of: date, review: bool = False
) -> dict[str, Any]:
    """The verdict trace for one enterprise described by a profile file."""
    assessor = Assessor.for_date(packs, as_of, review)
    frame = build_frame(profile_records(profile, packs.declarations), as_of, packs.declarations)
    return assessor.explain(assessor.evaluate(frame).row(0, named=True))
