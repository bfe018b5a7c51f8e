"""An amount typed on a page with its unit (10万, 100000元, ¥100000) is told what to type, as the
command line and the import say it; 万 is never multiplied without the officer."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from techzone.access import Role
from tests.web.conftest import SessionClient


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("10万", "「10万」带有单位「万」：请只填数字，10万应写作 100000"),
        ("100000元", "「100000元」带有单位「元」：请只填数字 100000"),
        ("¥100000", "「¥100000」带有货币符号：请只填数字 100000"),
    ],
)
def test_a_budget_typed_with_its_unit_is_told_what_to_type(
    client_as: Callable[[Role], SessionClient], typed: str, said: str
) -> None:
    client = client_as(Role.ZONE)
    answer = client.form_post(
        "/fulfilment/funds",
        {"key": "某政策", "year": "2026", "payer": "zone", "budget": typed, "reason": "年度预算"},
    )
    assert answer.status_code == 422
    alert = re.search(r'class="message error" role="alert">([^<]*)<', answer.text)
    assert alert is not None and said in alert.group(1), answer.text[-2000:]
