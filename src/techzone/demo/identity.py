"""Synthetic but valid identifiers for demo and test enterprises."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from stdnum.cn import uscc as uscc_standard

# Characters allowed in the 主体标识码 part of a 统一社会信用代码 (GB 32100-2015: no I, O, Z, S, V).
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015 check-character weights for the first 17 characters (as python-stdnum uses them).
_WEIGHTS = np.array(
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64
)
_BODY = 9
DEMO_SCRAMBLE = 7_777_777_777
"""The demo's identity numbers are ``index × DEMO_SCRAMBLE mod 31⁹`` (a bijection: 31 ∤ it)."""
DEMO_LARGEST = 10_000_000
"""No demo run makes more enterprises than this (benchmarks stop at a million)."""
_MODULUS: int = len(_ALPHABET) ** _BODY
_UNSCRAMBLE: int = pow(DEMO_SCRAMBLE, -1, _MODULUS)


def synthetic_uscc(number: int, region: str = "620400") -> str:
    """A 统一社会信用代码 that passes the GB 32100-2015 check, unique per ``number``.

    ``91`` (工商, 企业) + the 6-digit region code + a 9-character body encoding ``number``,
    then the computed check character.
    """
    if not 0 <= number < len(_ALPHABET) ** 9:
        raise ValueError(f"number out of range: {number}")
    body = ""
    for _ in range(9):
        number, digit = divmod(number, len(_ALPHABET))
        body = _ALPHABET[digit] + body
    base = f"91{region}{body}"
    return base + str(uscc_standard.calc_check_digit(base))


def synthetic_usccs(
    numbers: npt.NDArray[np.int64], regions: Sequence[str], region_of: npt.NDArray[np.intp]
) -> npt.NDArray[np.str_]:
    """``synthetic_uscc`` for whole arrays: element i is
    ``synthetic_uscc(numbers[i], regions[region_of[i]])``, computed with numpy (a million codes in
    well under a second, against several seconds one by one)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size and (numbers.min() < 0 or numbers.max() >= len(_ALPHABET) ** _BODY):
        raise ValueError("number out of range")
    prefixes = np.array(
        [[_ALPHABET.index(char) for char in f"91{region}"] for region in regions], dtype=np.uint8
    ).reshape(len(regions), 8)
    # Character indices (all < 31) as bytes: 18 bytes a code, so a million codes stay small.
    codes = np.empty((numbers.size, 18), dtype=np.uint8)
    codes[:, :8] = prefixes[np.asarray(region_of)]
    rest = numbers.copy()
    for position in range(8 + _BODY - 1, 7, -1):
        rest, digit = np.divmod(rest, len(_ALPHABET))
        codes[:, position] = digit
    total = np.zeros(numbers.size, dtype=np.int64)
    for position, weight in enumerate(_WEIGHTS.tolist()):
        total += codes[:, position].astype(np.int64) * weight
    codes[:, 17] = (len(_ALPHABET) - total % len(_ALPHABET)) % len(_ALPHABET)
    table = np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)
    characters = np.ascontiguousarray(table[codes])
    return characters.view("S18").reshape(-1).astype("U18")


def demo_index(uscc: str) -> int | None:
    """The demo enterprise number (1, 2, …) whose code is ``uscc``, or None if no demo makes it.

    A real code decodes to a number spread over 31⁹ ≈ 2.6 × 10¹³ values, so the chance that one
    passes for a demo enterprise is below one in two million.
    """
    if len(uscc) != 18 or not uscc.startswith("91"):
        return None
    number = 0
    for char in uscc[8:17]:
        digit = _ALPHABET.find(char)
        if digit < 0:
            return None
        number = number * len(_ALPHABET) + digit
    index = number * _UNSCRAMBLE % _MODULUS
    if not 1 <= index <= DEMO_LARGEST or synthetic_uscc(number, uscc[2:8]) != uscc:
        return None
    return index
