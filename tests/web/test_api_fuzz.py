"""schemathesis over /api/v1/openapi.json, in process against the ASGI app: no operation
answers a server error (5xx) for anything its schema allows, anonymous or logged in.

schemathesis's Python API gives each operation's Hypothesis strategy; the cases are called on
the app in process. Bounded: a fixed number of examples per operation, derandomised (a run is
repeatable), no example database; the whole run takes seconds.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from techzone.access import Role
from tests.web.conftest import SessionClient

EXAMPLES = 12
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def _operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    from schemathesis.core.result import Ok

    found = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in found), "the OpenAPI document is invalid"
    return [result.ok() for result in found if isinstance(result, Ok)]


def _fuzz(operation: Any, **call: Any) -> int:
    calls = 0

    @BOUNDED
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        nonlocal calls
        calls += 1
        response = case.call(**call)
        assert response.status_code < 500, (case.method, case.path, response.text[:500])

    run()
    return calls


def test_the_document_lists_operations(web_app: Any) -> None:
    names = {f"{op.method.upper()} {op.path}" for op in _operations(web_app)}
    assert {"GET /api/v1/me", "POST /api/v1/self-assessment"} <= names


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "zone"])
def test_no_server_error(
    web_app: Any, client_as: Any, anonymous: SessionClient, logged_in: bool
) -> None:
    call: dict[str, Any] = {}
    if logged_in:
        client: SessionClient = client_as(Role.ZONE)
        call = {"cookies": dict(client.cookies), "headers": {"X-CSRF-Token": client.csrf}}
    for operation in _operations(web_app):
        assert _fuzz(operation, **call) >= 1, operation.path
