"""NumPy helpers for the generator's columns: array types, vectorised draws, cell conversions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
# Stored columns use the smallest integer type that holds them (a million enterprises make
# about twelve million records).
Ints = npt.NDArray[np.integer[Any]]
# 统一社会信用代码 as ASCII bytes, 18 each: a quarter of the memory of a str array.
Usccs = npt.NDArray[np.bytes_]

# Marks an unknown figure in the integer columns (becomes None in the row).
MISSING: Final = int(np.iinfo(np.int64).min)


def full(count: int, value: int) -> I64:
    return np.full(count, value, dtype=np.int64)


def sigmoid(x: F64) -> F64:
    return 1.0 / (1.0 + np.exp(-x))


def pick(rng: np.random.Generator, weights: Sequence[float], count: int) -> I64:
    """Indices drawn with the given weights (normalised here)."""
    probabilities = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(weights), size=count, p=probabilities / probabilities.sum())


def ranks(keys: Sequence[Ints], order_by: I64) -> I64:
    """1-based rank of each element within its group of equal ``keys``, ordered by ``order_by``.

    Used for serial numbers: unique within (format, year, area), increasing with issue date.
    """
    count = len(order_by)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((order_by, *reversed(keys)))
    new_group = np.zeros(count, dtype=np.bool_)
    new_group[0] = True
    for key in keys:
        ordered = key[order]
        new_group[1:] |= ordered[1:] != ordered[:-1]
    starts = np.maximum.accumulate(np.where(new_group, np.arange(count), 0))
    ranked = np.empty(count, dtype=np.int64)
    ranked[order] = np.arange(count) - starts + 1
    return ranked


def fen(yuan: F64) -> I64:
    return cast(I64, np.rint(yuan * 100).astype(np.int64))


def texts(codes: Usccs) -> list[str]:
    return cast(list[str], codes.astype(np.str_).tolist())


def money(amount_fen: int) -> Decimal | None:
    return None if amount_fen == MISSING else Decimal(amount_fen).scaleb(-2)
