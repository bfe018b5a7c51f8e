"""The core's refusals reach the web as its own Chinese sentence and a 422, never a 500: found by
the schemathesis run (a list date in 2100 raised the calendar's refusal as an internal error)."""

from __future__ import annotations

from collections.abc import Callable

from techzone.access import Role
from techzone.refusals import refusals
from tests.web.conftest import SessionClient


def test_a_year_the_calendar_does_not_hold_is_refused_in_chinese(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/api/v1/lists", params={"as_of": "2101-01-01"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "refused"
    assert "2101" in error["message"]


def test_a_year_within_the_calendar_is_answered(
    client_as: Callable[[Role], SessionClient],
) -> None:
    assert client_as(Role.ZONE).get("/api/v1/lists", params={"as_of": "2026-06-30"}).is_success


def test_every_refusal_is_an_exception_with_a_message() -> None:
    found = refusals()
    assert len(found) == len(set(found)) >= 15
    assert all(issubclass(kind, Exception) for kind in found)
