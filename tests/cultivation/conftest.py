"""The rule packs, loaded once for every cultivation test."""

from __future__ import annotations

import pytest

from techzone.rules.loader import PackSet, load_packs


@pytest.fixture(scope="session")
def packs() -> PackSet:
    return load_packs()
