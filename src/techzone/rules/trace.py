"""The trace's content hash (``content_hash``), by the definition its ``format`` names.

A trace (``Assessor.explain``) carries the SHA-256 of its own canonical text, so that a trace
kept elsewhere (a file ``techzone assess --json`` wrote, an answer of the API) can be checked
later: ``hash_holds``. The canonical text is the trace without ``content_hash`` as JSON, keys
sorted, non-ASCII characters as themselves, in the UTF-8 encoding. Its spacing is what the
formats differ in:

``techzone.trace.v1``
    Python's ``json.dumps(trace, ensure_ascii=False, sort_keys=True, default=str)``: ", "
    between items and ": " after keys; a NaN or an infinity as ``NaN``/``Infinity``.
``techzone.trace.v2``
    The same without spaces (", " → ",", ": " → ":"), and a NaN or an infinity as ``null``
    (JSON has no such number). Written by orjson some ten times sooner than json wrote v1:
    every answer of the self-assessment pays it.

In both, numbers are written as Python writes them (``repr``: 0.1, 1e-07, 1e+16), and a value
JSON has no form for (a date, a Decimal) as its ``str``. Traces written as v1 keep verifying as
v1: the format is in the trace, and the hash is worked out by the definition it names.
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

import orjson

from techzone.jsonwrite import AS_JSON, as_json_writes, unsure

TRACE_V1 = "techzone.trace.v1"
TRACE_V2 = "techzone.trace.v2"
# The format new traces are written in.
TRACE_FORMAT = TRACE_V2
TRACE_FORMATS = (TRACE_V1, TRACE_V2)
HASHED = "content_hash"

_SORTED = AS_JSON | orjson.OPT_SORT_KEYS


def content_hash(body: Mapping[str, Any], form: str = TRACE_FORMAT) -> str:
    """``sha256:`` and the SHA-256 of ``body``'s canonical text in format ``form``."""
    return "sha256:" + hashlib.sha256(canonical(body, form)).hexdigest()


def hash_holds(trace: Mapping[str, Any]) -> bool:
    """Whether ``trace``'s ``content_hash`` is that of the rest of it, by the definition of the
    format the trace names. A format not known here raises ``ValueError``."""
    body = {key: value for key, value in trace.items() if key != HASHED}
    return trace.get(HASHED) == content_hash(body, trace.get("format", ""))


def canonical(body: Mapping[str, Any], form: str = TRACE_FORMAT) -> bytes:
    """The text ``form``'s hash is taken of (see the module's description)."""
    if form == TRACE_V2:
        return _compact(body)
    if form == TRACE_V1:
        return json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode()
    raise ValueError(f"unknown trace format {form!r}")


def _compact(body: Mapping[str, Any]) -> bytes:
    """The v2 text, by orjson where it writes what ``compact_by_json`` writes."""
    try:
        written = orjson.dumps(body, default=as_json_writes, option=_SORTED)
    except TypeError:
        # An integer past 64 bits or a key not text (json writes both), or text that is not
        # Unicode (json fails on it too).
        return compact_by_json(body)
    if unsure(written):
        return compact_by_json(body)
    return written


def compact_by_json(body: Mapping[str, Any]) -> bytes:
    """The v2 text as its definition says, by Python's json: what ``canonical`` must write."""
    return json.dumps(
        _finite(body), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def _finite(value: Any) -> Any:
    """``value`` with each NaN or infinity made ``None`` (orjson writes them null) and each
    Enum member of no str or int kind made its value (orjson writes it so)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    if isinstance(value, enum.Enum) and not isinstance(value, str | int):
        return _finite(value.value)
    return value
