"""The trace's content hash: each trace checked by the definition its format names.

``traces/v1_cli.json.gz`` is what ``techzone assess --profile … --as-of 2026-06-30 --json`` wrote
before the hash's text lost its spaces (``techzone.trace.v1``): it must keep verifying.
"""

from __future__ import annotations

import copy
import enum
import gzip
import json
import math
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from techzone.rules.assess import assess_profile
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile
from techzone.rules.trace import (
    TRACE_FORMAT,
    TRACE_V1,
    TRACE_V2,
    canonical,
    compact_by_json,
    content_hash,
    hash_holds,
)

V1_FILE = Path(__file__).parent / "traces" / "v1_cli.json.gz"
AS_OF = date(2026, 6, 30)
PROFILE: dict[str, Any] = {
    "name": "白银示例新材料有限公司",
    "registered_on": "2019-05-10",
    "tech_field": "新材料",
    "province": "甘肃省",
    "city": "白银市",
    "figures": {
        "2025": {"employees": 140, "tech_staff": 25, "main_business_income": 50000000},
    },
}
# A body of every kind of value a trace holds, its hash worked out once by this definition (v2)
# and pinned: a later run, another process or another machine must find the same.
SMALL: dict[str, Any] = {
    "format": TRACE_V2,
    "name": "企业「甲」\u2028",
    "values": {"ratio": 0.1, "big": 1e16, "yuan": 372000.0, "count": 7, "none": None, "ok": True},
    "list": ["a", 1.5, [2, {"z": 0, "a": -0.0}]],
}
SMALL_HASH = "sha256:f6a69a37cac1766ab959f32f51e8750430d5f1c04a0019e2ad081c64bfed7817"


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def trace(packs: PackSet) -> dict[str, Any]:
    return assess_profile(packs, parse_profile(PROFILE), AS_OF)


def _v1_file() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(V1_FILE.read_bytes()))
    return loaded


def test_a_trace_written_as_v1_still_verifies_as_v1() -> None:
    old = _v1_file()
    assert old["format"] == TRACE_V1
    assert hash_holds(old)
    # By v1's text, not v2's: the format is what chooses.
    body = {key: value for key, value in old.items() if key != "content_hash"}
    assert content_hash(body, TRACE_V2) != old["content_hash"]


def test_a_v1_trace_changed_anywhere_no_longer_verifies() -> None:
    old = _v1_file()
    hnte = next(q for q in old["qualifications"] if q["id"] == "hnte")
    changed = copy.deepcopy(old)
    next(q for q in changed["qualifications"] if q["id"] == "hnte")["status"] = "eligible"
    assert hnte["status"] != "eligible" and not hash_holds(changed)
    renamed = {**old, "name": old["name"] + "。"}
    assert not hash_holds(renamed)
    # Claiming the other format is a change too.
    assert not hash_holds({**old, "format": TRACE_V2})


def test_a_new_trace_is_v2_and_verifies_after_the_round_trips_it_makes(
    trace: dict[str, Any],
) -> None:
    assert trace["format"] == TRACE_FORMAT == TRACE_V2
    assert hash_holds(trace)
    # As the CLI writes it (indented, default=str) and as the API sends it (compact).
    assert hash_holds(json.loads(json.dumps(trace, ensure_ascii=False, indent=2, default=str)))
    assert hash_holds(json.loads(json.dumps(trace, separators=(",", ":"))))


def test_v2_is_v1_s_text_without_the_spaces_each_value_written_alike(
    trace: dict[str, Any],
) -> None:
    body = {key: value for key, value in trace.items() if key != "content_hash"}
    v1, v2 = canonical(body, TRACE_V1), canonical(body, TRACE_V2)
    assert v2 == compact_by_json(body)
    assert len(v2) < len(v1)
    again = json.dumps(json.loads(v1), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert v2 == again.encode()


def test_a_changed_value_changes_the_hash_and_equal_content_keeps_it(
    trace: dict[str, Any],
) -> None:
    assert content_hash(SMALL) == SMALL_HASH
    reordered = dict(reversed(list(SMALL.items())))
    reordered["values"] = dict(reversed(list(SMALL["values"].items())))
    assert content_hash(reordered) == SMALL_HASH
    for key, value in [
        ("ratio", math.nextafter(0.1, 1)),
        ("count", 7.0),
        ("ok", 1),
        ("none", "null"),
        ("yuan", 372000.01),
    ]:
        changed = {**SMALL, "values": {**SMALL["values"], key: value}}
        assert content_hash(changed) != SMALL_HASH, key
    assert content_hash({**SMALL, "name": "企业「乙」\u2028"}) != SMALL_HASH
    changed_trace = copy.deepcopy(trace)
    changed_trace["qualifications"][0]["criteria"][0]["label"] += "。"
    assert not hash_holds(changed_trace)


def test_the_hash_is_the_same_in_another_process() -> None:
    code = (
        "import json, sys; from techzone.rules.trace import content_hash; "
        "print(content_hash(json.loads(sys.stdin.read())))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(SMALL),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path), "PYTHONHASHSEED": "12345"},
    )
    assert found.stdout.strip() == SMALL_HASH


class _Kind(enum.Enum):
    ONE = "一"


@dataclass
class _Kept:
    amount: int


@pytest.mark.parametrize(
    "value",
    [
        # Floats: orjson writes those below 0.0001 otherwise, so they go to json.
        [0.1, 1 / 3, 1e16, 1.2345678901234568e17, 1e308, 5e-324, -0.0, 0.0001, 1e-05, 1e-07],
        # Each kind alone, so that one check of the guard does not hide the other's absence.
        1e-07,
        [-2e-9, "e-mail"],
        1.5e-05,
        {"x": [0.00005, "0.5"]},
        [10**20, -(2**63) - 1, 2**64 - 1],
        # NaN and the infinities: null (JSON has no such number), by both writers.
        [math.nan, math.inf, -math.inf, {"x": math.nan}],
        # Text: non-ASCII, escapes, line separators, what looks like a small number.
        ['\x00\x1f\x7f\u2028\u2029"\\/é中\t\n😀', "3e-5", "0.00001 元"],
        # Keys sorted by code point, astral planes after the BMP's last ones.
        {"b": 1, "a": 2, "é": 3, "中": 4, "\uffee": 5, "😀": 6, "Z": 7, "": 8},
        {2: "二", 10: "十"},
        # Values JSON has no form for: their str.
        {"on": date(2026, 3, 1), "at": datetime(2026, 3, 1, 9, 30), "exact": Decimal("1.10")},
        {"kept": _Kept(3), "set": {1}, "kind": _Kind.ONE, "rows": ({"x": (1, 2)}, [])},
    ],
)
def test_any_value_is_written_as_the_definition_says(value: Any) -> None:
    assert canonical({"v": value}) == compact_by_json({"v": value})


def test_non_finite_numbers_are_written_null() -> None:
    assert canonical({"v": [math.nan, -math.inf, 1.5]}) == b'{"v":[null,null,1.5]}'


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown trace format"):
        hash_holds({"format": "techzone.trace.v9", "content_hash": "sha256:0"})
    with pytest.raises(ValueError):
        content_hash({}, "")
