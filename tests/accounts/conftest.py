from __future__ import annotations

import pytest

from tests.support_accounts import cheap_hashing


@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2() -> None:
    cheap_hashing()
