"""Why an entitlement is what it is: the clause, the parameters with their dates, the sum."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from techzone.awards.catalogue import Catalogue, CataloguedPolicy
from techzone.awards.compiler import PolicyCompiler
from techzone.glossary import citation, money, named, officer_text, yuan
from techzone.rules.expressions import names, parse
from techzone.rules.pack import describe
from techzone.rules.policy import LEVEL_LABELS


def amount_text(row: dict[str, Any], numbered: bool = True, exact: bool = False) -> str:
    """The amount as a person reads it: exact, a range, open-ended, or no number.

    ``numbered`` says whether the clause gives a number at all: if it does and the amount is
    still missing, the data to compute it is missing — not the same as a clause with no number.
    ``exact`` writes yuan to the fen (files) instead of 万元 (tables on the terminal).
    """
    low, high = row["amount_min"], row["amount_max"]
    if low is None and high is None:
        return "金额待定（缺少数据）" if numbered else "未规定金额"
    if high is None:
        return f"不少于{money(low, exact)}"
    if low == high:
        return money(low, exact)
    shown = f"最高{money(high, exact)}" if low == 0 else f"{money(low, exact)}–{money(high, exact)}"
    return f"{shown}（按上限的规划额 {money(row['planned'], exact)}）"


@lru_cache(maxsize=1024)
def _names_read(text: str) -> frozenset[str]:
    # Parsing an expression takes about a millisecond; --all explains thousands of rows that
    # share a few dozen expressions.
    return frozenset(names(parse(text)))


def parameters_read(entry: CataloguedPolicy, known: set[str]) -> list[str]:
    """Every parameter a policy reads: its amount fields and any named in its expressions."""
    policy = entry.policy
    amount = policy.amount
    named = [getattr(amount, f) for f in ("value", "rate", "cap", "table") if getattr(amount, f)]
    for text in (policy.when, amount.base, amount.units, amount.grade):
        if text:
            named += sorted(_names_read(text) & known)
    return list(dict.fromkeys(named))


def _note(catalogue: Catalogue, note: str | None) -> str | None:
    """How stacking changed the amount, naming the other policy by its title."""
    if not note:
        return None
    titles = {pid: entry.policy.title for pid, entry in catalogue.policies.items()}
    return named(officer_text(note), titles)


def explain(catalogue: Catalogue, row: dict[str, Any], year: int) -> dict[str, Any]:
    """One entitlement with its basis, for the JSON output and the workbook's note column."""
    entry = catalogue.policies[row["policy_id"]]
    policy = entry.policy
    compiled = PolicyCompiler(entry, date(year, 12, 31), {})
    used = parameters_read(entry, set(compiled.parameters))
    parameters = [
        {
            "name": name,
            "label": compiled.parameters[name].label,
            "value": describe(compiled.parameters[name].value),
            "unit": compiled.parameters[name].unit,
            "since": compiled.parameters[name].since.isoformat(),
            "clause": compiled.parameters[name].clause,
        }
        for name in used
        if name in compiled.parameters
    ]
    return {
        "id": row["entitlement_id"],
        "policy": row["policy_id"],
        "title": policy.title,
        "status": row["status"],
        "trigger": row["trigger_id"],
        "date": row["trigger_date"].isoformat(),
        "amount": {
            "min": yuan(row["amount_min"]),
            "max": yuan(row["amount_max"]),
            "planned": yuan(row["planned"]),
            "text": amount_text(row, numbered=policy.amount.kind != "none"),
        },
        "kind": policy.kind,
        "payer": LEVEL_LABELS[policy.payer],
        "issuer": policy.issuer,
        "document": entry.source.pack.document.number or entry.source.pack.document.title,
        "clause": {"ref": policy.clause.ref, "text": policy.clause.text},
        "cited": citation(entry.source.pack.document.title, policy.clause.ref),
        "rule": policy.amount.text,
        "parameters": parameters,
        "stacking": _note(catalogue, row["stacking_note"]),
        # A cap over the enterprise, bank or item that cut this amount, and by how much.
        "cap": row.get("cap_note"),
        "window": policy.window,
        # What the policy's scope requires that no record holds (白银 第一条 注册和纳税): assumed,
        # and said, so the officer checks it rather than read the award as settled.
        "assumed": entry.jurisdiction.assumed,
    }
