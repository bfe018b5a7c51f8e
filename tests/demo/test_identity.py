"""Synthetic 统一社会信用代码: the vectorised form gives exactly the scalar form's codes."""

from __future__ import annotations

import numpy as np
from stdnum.cn import uscc as uscc_standard

from techzone.demo.identity import synthetic_uscc, synthetic_usccs


def test_vectorised_codes_equal_scalar_codes() -> None:
    regions = ["620402", "620102", "450200"]
    numbers = np.array([0, 1, 30, 31, 7_777_777_777, 31**9 - 1], dtype=np.int64)
    region_of = np.array([0, 1, 2, 0, 1, 2], dtype=np.intp)
    codes = synthetic_usccs(numbers, regions, region_of).tolist()
    expected = [
        synthetic_uscc(int(number), regions[int(region)])
        for number, region in zip(numbers, region_of, strict=True)
    ]
    assert codes == expected
    for code in codes:
        assert uscc_standard.is_valid(code)
