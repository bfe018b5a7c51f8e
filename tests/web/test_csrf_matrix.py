"""Every state-changing route of the application refuses a request without the CSRF token."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from techzone.access import Role
from techzone.web.auth import STATELESS_PATHS
from tests.web.conftest import SessionClient


def _routes(routes: list[Any]) -> list[APIRoute]:
    # FastAPI keeps an included router as one entry of app.routes: descend into it.
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


def _changing(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (method, re.sub(r"\{[^}]+\}", "1", route.path))
        for route in _routes(app.routes)
        for method in route.methods or ()
        if method not in ("GET", "HEAD", "OPTIONS")
    )


def test_every_change_without_the_token_is_refused(
    web_app: FastAPI, client_as: Callable[[Role], SessionClient]
) -> None:
    changing = _changing(web_app)
    assert ("POST", "/fulfilment/cases/1/approve") in changing
    for role in (Role.ZONE, Role.ENTERPRISE):
        client = client_as(role)
        for method, path in changing:
            if path == "/login":
                continue  # its own token, from the login page's cookie (tests/web/test_auth.py)
            if path in STATELESS_PATHS:
                continue  # computes and stores nothing, for visitors too (web/auth.py)
            answer = client.request(method, path, data={"x": "1"}, follow_redirects=False)
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            assert "csrf" in answer.text or "页面已过期" in answer.text, (role, path)
