"""Golden cases beside each pack (``<pack>.tests.yaml``), OpenFisca style, readable by officers.

A file names its pack, a ``base`` profile and ``cases``; each case deep-merges its ``profile``
onto the base (a key set to null becomes unknown), assesses it on ``as_of`` and checks
``expect``: the verdict ``status``, ``criteria`` statuses, the ``score`` range, score ``items``
(band, min, max), ``gaps`` (value in the gap's unit), ``missing`` inputs named in the reason
and ``flags`` raised; ``reason`` is a fragment of the reason an unknown verdict gives.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from techzone.rules.loader import PACKS_DIR, TEST_SUFFIX


@dataclass(frozen=True)
class GoldenCase:
    file: Path
    pack: str
    name: str
    as_of: date
    review: bool
    profile: dict[str, Any]
    expect: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.pack}: {self.name}"


def merged(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        result = copy.deepcopy(base)
        for key, value in override.items():
            result[key] = merged(base.get(key), value) if key in base else copy.deepcopy(value)
        return result
    return copy.deepcopy(override)


def golden_cases(folder: Path = PACKS_DIR) -> list[GoldenCase]:
    cases = []
    for path in sorted(folder.rglob(f"*{TEST_SUFFIX}")):
        if path.name == "policies.tests.yaml":
            continue  # the policy packs' cases: tests/awards/golden.py
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = data.get("base", {})
        for case in data["cases"]:
            cases.append(
                GoldenCase(
                    file=path,
                    pack=data["pack"],
                    name=case["name"],
                    as_of=case["as_of"],
                    review=case.get("review", False),
                    profile=merged(base, case.get("profile", {})),
                    expect=case["expect"],
                )
            )
    return cases


def qualification(trace: dict[str, Any], pack: str) -> dict[str, Any]:
    entries: list[dict[str, Any]] = trace["qualifications"]
    for entry in entries:
        if entry["pack"] == pack or entry["id"] == pack:
            return entry
    raise AssertionError(f"no verdict for {pack} in the trace")


def check(case: GoldenCase, trace: dict[str, Any]) -> list[str]:
    """Every way the trace differs from the case's expectations (empty when it holds)."""
    verdict = qualification(trace, case.pack)
    expect = case.expect
    wrong: list[str] = []

    def differs(what: str, actual: Any, wanted: Any) -> None:
        if actual != wanted:
            wrong.append(f"{what}: expected {wanted!r}, got {actual!r}")

    if "status" in expect:
        differs("status", verdict["status"], expect["status"])
    criteria = {c["id"]: c for c in verdict["criteria"]}
    for criterion_id, status in expect.get("criteria", {}).items():
        differs(f"criteria.{criterion_id}", criteria[criterion_id]["status"], status)
    if "score" in expect:
        for bound, wanted in expect["score"].items():
            differs(f"score.{bound}", verdict["score"][bound], wanted)
    items = {
        item["id"]: item for score in verdict.get("scores", {}).values() for item in score["items"]
    }
    for item_id, wanted_item in expect.get("items", {}).items():
        for key, wanted in wanted_item.items():
            differs(f"items.{item_id}.{key}", items[item_id].get(key), wanted)
    gaps = {gap["criterion"]: gap["value"] for gap in verdict["gaps"]}
    for criterion_id, wanted in expect.get("gaps", {}).items():
        actual = gaps.get(criterion_id)
        if wanted is None or actual is None or abs(float(actual) - float(wanted)) > 0.005:
            differs(f"gaps.{criterion_id}", actual, wanted)
    reason = verdict.get("reason", "")
    if "reason" in expect and expect["reason"] not in reason:
        wrong.append(f"reason: {expect['reason']!r} not in {reason!r}")
    for name in expect.get("missing", []):
        # An input by its id among the data missing, or words the reason says (专家评分).
        if name not in verdict.get("missing", []) and name not in reason:
            wrong.append(f"missing: {name!r} not among the data the reason names {reason!r}")
    raised = [flag for c in verdict["criteria"] for flag in c["flags"]] + [
        flag for item in items.values() for flag in item["flags"]
    ]
    for fragment in expect.get("flags", []):
        if not any(fragment in flag for flag in raised):
            wrong.append(f"flags: none mentions {fragment!r} (raised: {raised})")
    if expect.get("no_flags"):
        differs("flags", raised, [])
    # Every score result a criterion cites must be shown with its value (items, groups, totals).
    for criterion in verdict["criteria"]:
        for name, value in criterion["values"].items():
            if name.endswith(("_min", "_max")) and value is None:
                wrong.append(f"criteria.{criterion['id']}.values.{name} is not shown")
    return wrong
