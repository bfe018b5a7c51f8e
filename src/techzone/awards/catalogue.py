"""The policy catalogue: every policy pack read, validated and linted together.

Lint follows Catala's "conflict": two policies that would pay the same beneficiary for the same
trigger on the same day, without declaring how they combine, stop loading — a double payment is
never left to chance.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from techzone.awards.compiler import CompiledPolicy, PolicyCompiler, resolve_parameters
from techzone.glossary import citation, money
from techzone.rules.loader import PACKS_DIR, PackError, pack_files, read_model
from techzone.rules.pack import Effective, Parameter, ParameterValue, describe
from techzone.rules.policy import LEVEL_LABELS, Jurisdiction, Policy, PolicyPack

# Compilations kept per catalogue: every policy for a few years and a few reforms.
COMPILED_KEPT = 4096


@dataclass(frozen=True)
class LoadedPolicies:
    pack: PolicyPack
    path: Path
    sha256: str


@dataclass(frozen=True)
class CataloguedPolicy:
    """A policy with the pack it comes from; ``id`` is ``<pack>.<policy>``, unique."""

    id: str
    policy: Policy
    source: LoadedPolicies

    @property
    def effective(self) -> Effective:
        return self.policy.effective or self.source.pack.effective

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.policy.jurisdiction or self.source.pack.jurisdiction

    def parameters(self) -> dict[str, Parameter]:
        """The pack's parameters this policy names (amount, condition, cap), in the pack's order."""
        amount, limit = self.policy.amount, self.policy.limit
        texts = (
            amount.value,
            amount.rate,
            amount.cap,
            amount.base,
            amount.units,
            amount.table,
            amount.grade,
            self.policy.when,
            limit.value if limit else None,
        )
        named = {token for text in texts if text for token in _NAME.findall(text)}
        return {n: p for n, p in self.source.pack.parameters.items() if n in named}

    def parameter_history(self) -> list[dict[str, Any]]:
        """Each parameter with every dated value the pack records (a value holds from its date
        until the next one), in officers' words, with its clause."""
        title = self.source.pack.document.title
        rows = []
        for name, parameter in self.parameters().items():
            starts = sorted(parameter.values)
            rows.append(
                {
                    "name": f"{self.source.pack.id}.{name}",
                    "label": parameter.label,
                    "unit": UNIT_LABELS.get(parameter.unit or "", ""),
                    "cited": citation(title, parameter.clause),
                    "note": parameter.note,
                    "values": [
                        {
                            "from": start.isoformat(),
                            "until": ((starts[i + 1]).isoformat() if i + 1 < len(starts) else None),
                            "value": shown_value(parameter.values[start], parameter.unit),
                        }
                        for i, start in enumerate(starts)
                    ],
                }
            )
        return rows


# A parameter named in an expression: a whole identifier (not part of a longer one).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UNIT_LABELS = {
    "yuan": "元",
    "ratio": "比例",
    "days": "天",
    "years": "年",
    "count": "个",
    "persons": "人",
    "points": "分",
    "band": "档",
}


def shown_value(value: ParameterValue, unit: str | None) -> str:
    """A parameter's value as an officer reads it: money in 万元, a ratio as a percentage."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if unit == "yuan":
            return money(int(Decimal(str(value)) * 100))
        if unit == "ratio":
            return f"{Decimal(str(value)) * 100:f}".rstrip("0").rstrip(".") + "%"
    if isinstance(value, dict) and unit == "yuan":
        return "；".join(
            f"{key} {shown_value(item, unit)}" if isinstance(item, int | float) else f"{key} {item}"
            for key, item in value.items()
        )
    return describe(value)


def read_policies(path: Path) -> LoadedPolicies:
    pack, digest = read_model(path, PolicyPack)
    return LoadedPolicies(pack, path, digest)


def _overlap(a: Effective, b: Effective) -> bool:
    a_end = a.end or date.max
    b_end = b.end or date.max
    return a.start <= b_end and b.start <= a_end


class Catalogue:
    def __init__(self, loaded: list[LoadedPolicies]) -> None:
        self.packs = sorted(loaded, key=lambda item: item.pack.id)
        self.policies: dict[str, CataloguedPolicy] = {}
        for item in self.packs:
            for policy_id, policy in item.pack.policies.items():
                self.policies[f"{item.pack.id}.{policy_id}"] = CataloguedPolicy(
                    f"{item.pack.id}.{policy_id}", policy, item
                )
        self._compiled: dict[tuple[str, str], CompiledPolicy] = {}
        self._lint()

    def compiled(
        self, entry: CataloguedPolicy, day: date, overrides: Mapping[str, Parameter]
    ) -> CompiledPolicy:
        """``entry`` compiled for ``day``, reusing an earlier compilation with the same parameters.

        Parsing the expressions costs more than a whole small run; what a compilation depends on
        beyond the policy itself is the parameters in force, so they are the key — whatever the
        day or the reform that produced them.
        """
        parameters = resolve_parameters(entry, day, overrides)
        if self.policies.get(entry.id) is not entry:
            return PolicyCompiler(entry, day, overrides).compile()
        key = (entry.id, repr(sorted(parameters.items())))
        found = self._compiled.get(key)
        if found is None:
            found = PolicyCompiler(entry, day, overrides).compile()
            if len(self._compiled) >= COMPILED_KEPT:
                # A service trying reform after reform must not grow without end: start afresh.
                self._compiled.clear()
            self._compiled[key] = found
        return found

    def _lint(self) -> None:
        ids: dict[str, Path] = {}
        for item in self.packs:
            if item.pack.id in ids:
                raise PackError(item.path, "id", f"与 {ids[item.pack.id]} 重复")
            ids[item.pack.id] = item.path
        payable = [p for p in self.policies.values() if p.policy.trigger.unrecorded is None]
        for a, b in itertools.combinations(payable, 2):
            if self._conflict(a, b):
                raise PackError(
                    b.source.path,
                    f"policies.{b.id.split('.', 1)[1]}",
                    f"与 {a.id} 为同一触发（{a.policy.trigger.key}）向同一对象支付，"
                    "却未声明叠加关系（stacking：highest、top_up 或 cumulative）",
                )
        self._check_limits()
        self._check_compiles()

    def _check_limits(self) -> None:
        """A cap names a money parameter of its pack; policies sharing a cap declare it alike."""
        shared: dict[str, CataloguedPolicy] = {}
        for entry in self.policies.values():
            limit = entry.policy.limit
            if limit is None or limit.per == "event":
                continue
            rule = f"policies.{entry.id.split('.', 1)[1]}"
            parameter = entry.source.pack.parameters.get(limit.value or "")
            if parameter is None or parameter.unit != "yuan":
                raise PackError(
                    entry.source.path, rule, f"limit.value「{limit.value}」须为本包以元计的参数"
                )
            if limit.group is None:
                continue
            first = shared.setdefault(limit.key(entry.source.pack.id, entry.id), entry)
            other = first.policy.limit
            assert other is not None
            # A parameter's name is its pack's own: across packs, the caps' values are compared.
            same_pack = first.source.pack.id == entry.source.pack.id
            theirs: object = other.value
            ours: object = limit.value
            if not same_pack:
                theirs = set(first.source.pack.parameters[other.value or ""].values.values())
                ours = set(parameter.values.values())
            if (other.per, other.period, theirs) != (limit.per, limit.period, ours):
                raise PackError(
                    entry.source.path,
                    rule,
                    f"limit.group「{limit.group}」与 {first.id} 共用一个上限，"
                    "per、period、value 须相同",
                )

    def _check_compiles(self) -> None:
        """Every policy compiles on its first day: names known, parameters already in force."""
        for entry in self.policies.values():
            self.compiled(entry, entry.effective.start, {})

    @staticmethod
    def _conflict(a: CataloguedPolicy, b: CataloguedPolicy) -> bool:
        if a.policy.trigger.key != b.policy.trigger.key:
            return False
        changes = {a.policy.trigger.change, b.policy.trigger.change}
        if a.policy.trigger.qualification is not None and changes == {"first", "renewal"}:
            return False
        if a.policy.beneficiary != b.policy.beneficiary or not _overlap(a.effective, b.effective):
            return False
        if "none" in (a.policy.amount.kind, b.policy.amount.kind):
            return False
        sa, sb = a.policy.stacking, b.policy.stacking
        # "Paid in addition, declared knowingly": one declaration of cumulative settles it.
        if (sa is not None and sa.rule == "cumulative") or (
            sb is not None and sb.rule == "cumulative"
        ):
            return False
        if sa is None or sb is None:
            return True
        return not (sa.group is not None and sa.group == sb.group)

    def listing(
        self, *, payer: str | None = None, level: str | None = None
    ) -> list[dict[str, Any]]:
        """Every clause with its source, for ``techzone policies --json`` and the docs; ``payer``
        and ``level`` (codes: national, province, city, district, zone) keep only those."""
        rows = []
        for policy_id, entry in self.policies.items():
            policy = entry.policy
            if (payer is not None and policy.payer != payer) or (
                level is not None and policy.level != level
            ):
                continue
            rows.append(
                {
                    "id": policy_id,
                    "title": policy.title,
                    "document": entry.source.pack.document.number
                    or entry.source.pack.document.title,
                    "source": entry.source.pack.document.source,
                    "clause": {"ref": policy.clause.ref, "text": policy.clause.text},
                    "cited": citation(entry.source.pack.document.title, policy.clause.ref),
                    "issuer": policy.issuer,
                    "level": LEVEL_LABELS[policy.level],
                    "payer": LEVEL_LABELS[policy.payer],
                    "category": policy.category,
                    "kind": policy.kind,
                    "beneficiary": policy.beneficiary,
                    "trigger": policy.trigger.key,
                    "amount": {"kind": policy.amount.kind, "text": policy.amount.text},
                    "recurring": policy.recurring,
                    "window": policy.window,
                    "effective": {
                        "from": entry.effective.start.isoformat(),
                        "to": entry.effective.end.isoformat() if entry.effective.end else None,
                    },
                    "jurisdiction": entry.jurisdiction.describe(),
                    "stacking": policy.stacking.model_dump() if policy.stacking else None,
                    "limit": policy.limit.model_dump() if policy.limit else None,
                    "review": policy.review,
                }
            )
        return rows


def load_catalogue(folder: Path = PACKS_DIR) -> Catalogue:
    return Catalogue([read_policies(path) for path in pack_files(folder, policies=True)])
