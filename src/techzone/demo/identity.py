"""Synthetic but valid identifiers for demo and test enterprises."""

from __future__ import annotations

from stdnum.cn import uscc as uscc_standard

# Characters allowed in the 主体标识码 part of a 统一社会信用代码 (GB 32100-2015: no I, O, Z, S, V).
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


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
