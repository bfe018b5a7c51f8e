"""The security headers and the upload limit as plain ASGI middleware: the same responses as
the ``@app.middleware("http")`` functions they replace, on every kind of answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.testclient import TestClient

from techzone.access import Role
from techzone.store import Store
from techzone.web import WebSettings, create_app
from techzone.web.app import _SECURITY_HEADERS, SecurityHeaders

from .conftest import SessionClient

NAMES = [name.lower() for name in _SECURITY_HEADERS] + ["cache-control"]


async def _reference(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The function the middleware replaces, as it was."""
    response = await call_next(request)
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _toy(plain: bool) -> FastAPI:
    app = FastAPI()

    @app.get("/page")
    def page() -> Response:
        return PlainTextResponse("页面")

    @app.get("/static/app.css")
    def static() -> Response:
        return PlainTextResponse("body{}", media_type="text/css")

    @app.get("/own")
    def own() -> Response:
        # A response that sets some of the headers itself keeps its own.
        return JSONResponse(
            {"x": 1}, headers={"Cache-Control": "max-age=60", "X-Frame-Options": "SAMEORIGIN"}
        )

    @app.get("/big")
    def big() -> Response:
        return PlainTextResponse("数" * 200_000)

    @app.get("/fails")
    def fails() -> Response:
        raise ValueError("x")

    @app.exception_handler(ValueError)
    async def handled(request: Request, error: ValueError) -> Response:
        return JSONResponse({"error": "handled"}, status_code=400)

    if plain:
        app.add_middleware(SecurityHeaders)
    else:
        app.middleware("http")(_reference)
    return app


@pytest.mark.parametrize("path", ["/page", "/static/app.css", "/own", "/big", "/fails", "/nowhere"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_same_answer_as_the_function_it_replaces(path: str, method: str) -> None:
    answers = []
    for plain in (False, True):
        with TestClient(_toy(plain)) as client:
            answer = client.request(method, path)
        answers.append((answer.status_code, answer.headers.multi_items(), answer.content))
    assert answers[0] == answers[1]


def _headers_once(answer: Any, static: bool = False) -> None:
    raw = [name.lower() for name, _ in answer.headers.multi_items()]
    for name in NAMES:
        if name == "cache-control" and static:
            assert answer.headers.get(name) != "no-store"
            continue
        assert raw.count(name) == 1, name
    for name, value in _SECURITY_HEADERS.items():
        assert answer.headers[name] == value


def test_every_kind_of_answer_of_the_app_has_its_headers(
    client_as: Callable[[Role], SessionClient], anonymous: SessionClient
) -> None:
    zone = client_as(Role.ZONE)
    page = zone.get("/")
    assert page.status_code == 200
    _headers_once(page)
    assert page.headers["cache-control"] == "no-store"
    static = anonymous.get("/static/app.css")
    assert static.status_code == 200
    _headers_once(static, static=True)
    refused = anonymous.post(
        "/api/v1/self-assessment", content=b"[]", headers={"content-type": "application/json"}
    )
    assert refused.status_code == 422
    _headers_once(refused)
    _headers_once(anonymous.get("/no/such/page"))


def test_an_upload_without_a_length_is_refused_before_it_is_read(
    client_as: Callable[[Role], SessionClient],
) -> None:
    zone = client_as(Role.ZONE)

    def chunks() -> Any:
        yield b"PK"  # no declared length: sent chunked

    for path in ("/api/v1/import", "/import"):
        answer = zone.post(
            path,
            content=chunks(),
            headers={"X-CSRF-Token": zone.csrf, "content-type": "application/octet-stream"},
        )
        assert answer.status_code == 413, path
        assert "未说明大小" in answer.text
        _headers_once(answer)
    assert zone.post("/api/v1/import", content=chunks()).json()["error"]["code"] == "too_large"


def test_the_internal_error_page_has_its_headers(
    web_store: Store, web_store_url: str, web_clock: Any, demo_accounts: Any
) -> None:
    # An error no handler expects is answered outside every middleware of the app (Starlette's
    # outermost one): the page must still carry the headers and not be kept by a shared cache.
    app = create_app(WebSettings(database_url=web_store_url, clock=web_clock), store=web_store)

    @app.get("/fails-unexpectedly")
    def fails() -> Response:
        raise RuntimeError("x")

    app.router.routes.insert(0, app.router.routes.pop())  # before the catch-all placeholders
    with TestClient(app, raise_server_exceptions=False) as client:
        for accept in ("text/html", "application/json"):
            answer = client.get("/fails-unexpectedly", headers={"accept": accept})
            assert answer.status_code == 500
            _headers_once(answer)
            assert answer.headers["cache-control"] == "no-store"
