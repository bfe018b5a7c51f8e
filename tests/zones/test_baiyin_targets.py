"""白银's 2027 targets quote seed 002 in its own words."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from techzone.zones.targets import TARGETS_DIR, read_targets

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("“", '"').replace("”", '"')


def test_every_baiyin_target_quotes_seed_002() -> None:
    found = list(SEEDS.glob("002_*.txt"))
    if not found:
        pytest.skip("the seed documents (../shared/seeds) are not beside the repository")
    seed = _plain(found[0].read_text(encoding="utf-8"))
    targets = read_targets(TARGETS_DIR / "baiyin-2027.yaml")
    assert len(targets) == 11 and {t.zone for t in targets} == {"GS-BY"}
    for target in targets:
        assert _plain(target.clause.text.rstrip("。")) in seed, target.id
