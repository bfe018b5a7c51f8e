"""The application factory: one FastAPI app over one store, its pages, its API, its assets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from techzone.store import Store, open_store
from techzone.web import (
    api,
    applications,
    audit_page,
    budget_page,
    dashboard,
    enterprises,
    fulfilment_api,
    fulfilment_office,
    fulfilment_pages,
    lists,
    pages,
    policies_page,
    registration,
    selfassess,
    transfer,
    weekly_page,
    zones_page,
)
from techzone.web.assets import STATIC, vendored
from techzone.web.auth import Identity, csrf_guard, current_identity
from techzone.web.errors import Forbidden, install_handlers
from techzone.web.navigation import SECTIONS, Section
from techzone.web.settings import WebSettings
from techzone.web.templating import render
from techzone.web.uploads import BodyLimit

# Everything the pages load comes from this site (no CDN, no external font): the policy says
# so, so that an injected script or a tampered asset elsewhere cannot run here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(settings: WebSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """The application over ``settings.database_url`` (the CLI's store by default), migrated.

    ``store``: an already-open store to use instead (tests share one across apps)."""
    settings = settings or WebSettings.from_environment()
    app = FastAPI(
        title="techzone 高新区科技企业梯度培育与政策兑现系统",
        version="1",
        openapi_url=f"{api.API_V1}/openapi.json",
        # The interactive documentation pages load their scripts from a CDN: off.
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(csrf_guard)],
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings.database_url)
    app.state.vendor = vendored()
    install_handlers(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(transfer.UploadLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Routers of the pages built on this foundation go here, one line each. They come before
    # pages.router, so a router serving "/" (the dashboard) replaces the home placeholder, and
    # before the placeholders, which fill only the menu sections no router claims.
    for area in (dashboard, enterprises, applications, lists, transfer):
        app.include_router(area.router)
        app.include_router(area.api)
    app.include_router(fulfilment_pages.router)
    app.include_router(fulfilment_office.router)
    app.include_router(fulfilment_api.router)
    app.include_router(api.router)
    app.include_router(audit_page.router)
    app.include_router(selfassess.router)
    app.include_router(selfassess.api_router)
    selfassess.document(app)
    app.include_router(registration.router)
    app.include_router(weekly_page.router)
    app.include_router(weekly_page.api_router)
    app.include_router(policies_page.router)
    app.include_router(policies_page.api_router)
    app.include_router(zones_page.router)
    app.include_router(zones_page.api_router)
    app.include_router(budget_page.router)
    app.include_router(budget_page.api_router)
    app.include_router(pages.router)
    _add_placeholders(app)
    return app


def app_from_environment() -> FastAPI:
    """For uvicorn's ``--factory``: each worker builds its app from the environment."""
    return create_app(WebSettings.from_environment())


def served_app() -> FastAPI:
    """``techzone serve``'s factory: ``app_from_environment``, each worker starting on the
    self-assessment's rules for today at once (``selfassess.warm``) rather than when its first
    enterprise asks."""
    from techzone.web.selfassess import warm

    app = app_from_environment()
    warm(app.state.settings.clock().date())
    return app


class SecurityHeaders:
    """The security headers on every response that does not set its own, and no shared caching
    of anything but the static files.

    A plain ASGI middleware: as ``@app.middleware("http")`` it copied every response of every
    route through a stream (a self-assessment's 150 kB among them), some 0.3–0.5 ms of a
    request's CPU. The headers are added as that one added them, after the response's own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Pages show scoped data: no shared cache may keep them.
        cached = Request(scope).url.path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not cached:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_placeholders(app: FastAPI) -> None:
    """A page saying "not built yet" for each menu section no router has claimed."""
    for section in SECTIONS:
        if not _served(app, section.path):
            app.add_api_route(
                section.path,
                _placeholder(section),
                methods=["GET"],
                include_in_schema=False,
                name=f"placeholder:{section.path}",
            )


def _served(app: FastAPI, path: str) -> bool:
    """Whether a GET of ``path`` already reaches a route. Asked of each route as the router asks
    it (``matches``): FastAPI keeps an included router as one entry of ``app.routes``, not as its
    routes, so looking for route objects with the path would miss every included router."""
    request: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    return any(route.matches(dict(request))[0] is Match.FULL for route in app.routes)


def _placeholder(section: Section) -> Callable[[Request, Identity], Response]:
    def page(
        request: Request, identity: Annotated[Identity, Depends(current_identity)]
    ) -> Response:
        if identity.role not in section.roles:
            raise Forbidden()
        return render(request, "placeholder.html", {"title": section.label})

    return page
