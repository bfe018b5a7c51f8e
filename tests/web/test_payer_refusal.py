"""A payment batch or fund pool asked for without its 出资层级 (a form sent before the choice was
made, or sent by hand) is told to choose one of the levels by their Chinese names."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from techzone.access import Role
from tests.web.conftest import SessionClient


def _alert(text: str) -> str:
    found = re.search(r'<p class="message error" role="alert">([^<]*)</p>', text)
    assert found is not None, text
    return found.group(1)


@pytest.mark.parametrize("payer", ["", "乱写"])
def test_a_batch_without_a_payer_level_is_told_to_choose_one_by_name(
    client_as: Callable[[Role], SessionClient], payer: str
) -> None:
    client = client_as(Role.ZONE)
    answer = client.form_post("/fulfilment/payments/export", {"payer": payer})
    assert answer.status_code == 422
    said = _alert(answer.text)
    assert "国家、省级、市级、区县级、高新区" in said, said
    assert re.search(r"[A-Za-z]", said) is None, said
    if not payer:
        assert said.startswith("请选择出资层级"), said
