"""Golden cases beside each policy pack (``policies.tests.yaml``), in the documents' own numbers.

Each case deep-merges its ``profile`` onto the file's ``base``, computes the entitlements of
``year`` and compares them with ``expect`` — the complete list unless ``exactly: false``. An
expected entitlement names its ``policy`` (``<pack>.<policy>``), optionally the ``trigger`` (the
event's 事件编号 or the qualification kind) and either ``amount`` (yuan; ``null`` when the clause
gives no number) or ``min``/``max``/``planned``, and optionally ``status``, ``note`` (a fragment
of the stacking note) and ``cap`` (a fragment of the note saying a cap cut the amount; ``null``:
the cap cut nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from techzone.rules.loader import PACKS_DIR
from tests.rules.golden import merged

POLICY_TESTS = "policies.tests.yaml"


@dataclass(frozen=True)
class PolicyCase:
    file: Path
    name: str
    year: int
    profile: dict[str, Any]
    expect: list[dict[str, Any]]
    exactly: bool
    planning_share: float

    @property
    def id(self) -> str:
        return f"{self.file.parent.name}: {self.name}"


def policy_cases(folder: Path = PACKS_DIR) -> list[PolicyCase]:
    cases = []
    for path in sorted(folder.rglob(POLICY_TESTS)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = data.get("base", {})
        for case in data["cases"]:
            cases.append(
                PolicyCase(
                    file=path,
                    name=case["name"],
                    year=case["year"],
                    profile=merged(base, case.get("profile", {})),
                    expect=case["expect"],
                    exactly=case.get("exactly", True),
                    planning_share=case.get("planning_share", 1.0),
                )
            )
    return cases


def _yuan(fen: Any) -> float | None:
    return None if fen is None else fen / 100


def _matches(row: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if row["policy_id"] != wanted["policy"]:
        return False
    trigger = wanted.get("trigger")
    return (
        trigger is None
        or row["trigger_id"].endswith(f":{trigger}")
        or f":{trigger}:" in row["trigger_id"]
    )


def check(case: PolicyCase, found: pl.DataFrame) -> list[str]:
    rows = found.to_dicts()
    wrong: list[str] = []
    used: set[int] = set()
    for wanted in case.expect:
        index = next(
            (i for i, row in enumerate(rows) if i not in used and _matches(row, wanted)), None
        )
        if index is None:
            wrong.append(f"missing entitlement {wanted}")
            continue
        used.add(index)
        row = rows[index]
        expected = dict(wanted)
        if "amount" in expected:
            amount = expected.pop("amount")
            expected.setdefault("min", amount)
            expected.setdefault("max", amount)
        for key, column in (("min", "amount_min"), ("max", "amount_max"), ("planned", "planned")):
            if key in expected and _yuan(row[column]) != expected[key]:
                wrong.append(
                    f"{wanted['policy']} {key}: expected {expected[key]}, got {_yuan(row[column])}"
                )
        if "status" in expected and row["status"] != expected["status"]:
            wrong.append(
                f"{wanted['policy']} status: expected {expected['status']}, got {row['status']}"
            )
        if "note" in expected and expected["note"] not in (row["stacking_note"] or ""):
            wrong.append(
                f"{wanted['policy']} note: {expected['note']!r} not in {row['stacking_note']!r}"
            )
        if "cap" in expected:
            note = row["cap_note"]
            if expected["cap"] is None and note is not None:
                wrong.append(f"{wanted['policy']} cap: expected no cut, got {note!r}")
            elif expected["cap"] is not None and expected["cap"] not in (note or ""):
                wrong.append(f"{wanted['policy']} cap: {expected['cap']!r} not in {note!r}")
    if case.exactly:
        extra = [
            f"{rows[i]['policy_id']} {rows[i]['trigger_id']}"
            for i in range(len(rows))
            if i not in used
        ]
        if extra:
            wrong.append(f"unexpected entitlements: {extra}")
    return wrong
