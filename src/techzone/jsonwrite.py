"""Python's json's text written by orjson, where orjson writes the same.

The self-assessment API's answer (``web.selfassess.answer_bytes``) and the trace's canonical
text (``rules.trace``) are written some ten times faster by orjson; both must be the text
Python's json writes. orjson is asked to leave to ``default`` what it writes otherwise (a
datetime's "T", a dataclass as an object), and ``unsure`` says when its text may hold a number
it writes otherwise: the caller then writes with json.
"""

from __future__ import annotations

from typing import Any

import orjson

AS_JSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def as_json_writes(value: Any) -> Any:
    """What json writes for a value orjson leaves to ``default``: a float of another kind
    (numpy's float64) as the number it is, anything else as its ``str``."""
    if isinstance(value, float):
        return float(value)
    return str(value)


# orjson writes 1e-07 as 1e-7 and 1e-05 as 0.00001 (Python's repr: 1e-07, 1e-05); every other
# finite float (2,100,000 tried, 1e-30 to 1e40 and random bit patterns: 1e+16 as json writes it),
# and every integer, as json does. A text that may hold a number so small — a digit before
# "e-", or "0.0000", anywhere in it — is left to json: text that only looks so is written
# the slower way, to the same bytes.
_DIGITS = frozenset(b"0123456789")
_E = ord("e")
_ZERO = ord("0")


def unsure(written: bytes) -> bool:
    # Looked for from each "-" and each ".", rare in a trace or an answer (some 200 and 350 in
    # 90 kB), by memchr: searching "e-" and "0.0000" themselves costs twice as long, "e" and "0"
    # being everywhere.
    find = written.find
    at = find(b"-", 2)
    while at > 0:
        if written[at - 1] == _E and written[at - 2] in _DIGITS:
            return True
        at = find(b"-", at + 1)
    at = find(b".", 1)
    while at > 0:
        if written[at - 1] == _ZERO and written.startswith(b"0000", at + 1):
            return True
        at = find(b".", at + 1)
    return False
