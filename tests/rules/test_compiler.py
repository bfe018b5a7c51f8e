"""Compiled score items: a band reads its row of the points table, an unknown band all of it."""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl
import pytest

from techzone.rules.compiler import CompiledPack
from techzone.rules.loader import load_packs


@pytest.fixture(scope="module")
def hnte() -> CompiledPack:
    compiled = load_packs().compile(date(2026, 6, 30))
    return next(pack for pack in compiled if pack.pack.id == "hnte")


Engine = Literal["in-memory", "streaming"]

# acquisition_points: A 1–6, B 1–3, 无 0–0.
BANDS = ["A", "B", "无", None, "Z"]
POINTS = [(1.0, 6.0), (1.0, 3.0), (0.0, 0.0), (0.0, 6.0), (0.0, 6.0)]


def _points(
    hnte: CompiledPack, bands: list[str | None], engine: Engine
) -> list[tuple[float, float]]:
    band = hnte.out("band", "ip_acquisition")
    frame = pl.LazyFrame({band: bands}, schema={band: pl.String})
    low = hnte.outputs[hnte.out("item_min", "ip_acquisition")]
    high = hnte.outputs[hnte.out("item_max", "ip_acquisition")]
    result = frame.select(low.alias("low"), high.alias("high")).collect(engine=engine)
    assert result.schema == pl.Schema({"low": pl.Float64, "high": pl.Float64})
    return list(result.iter_rows())


@pytest.mark.parametrize("engine", ["in-memory", "streaming"])
def test_a_band_reads_its_row_and_an_unknown_or_stray_band_spans_the_table(
    hnte: CompiledPack, engine: Engine
) -> None:
    assert _points(hnte, BANDS, engine) == POINTS


@pytest.mark.parametrize("engine", ["in-memory", "streaming"])
def test_a_batch_reads_each_row_on_its_own(hnte: CompiledPack, engine: Engine) -> None:
    assert _points(hnte, BANDS * 20_000, engine) == POINTS * 20_000
