"""Menu sections get a "not built yet" page only where no router serves their path."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from techzone.web.app import _add_placeholders
from techzone.web.navigation import SECTIONS


def _placeholders(app: FastAPI) -> set[str]:
    return {
        route.path
        for route in app.routes
        if isinstance(route, APIRoute) and route.name.startswith("placeholder:")
    }


def test_a_section_served_by_an_included_router_gets_no_placeholder() -> None:
    app = FastAPI()
    router = APIRouter()

    @router.get("/audit")
    def audit() -> dict[str, Any]:
        return {}

    nested = APIRouter()
    nested.include_router(APIRouter(prefix="/fulfilment", routes=[]))

    @nested.get("/fulfilment/inbox")
    def inbox() -> dict[str, Any]:
        return {}

    app.include_router(router)
    app.include_router(nested)
    _add_placeholders(app)
    added = _placeholders(app)
    assert "/audit" not in added and "/fulfilment/inbox" not in added
    # The others are still filled, one each.
    assert added == {s.path for s in SECTIONS} - {"/audit", "/fulfilment/inbox"}


def test_the_application_adds_no_placeholder_for_its_own_pages(web_app: FastAPI) -> None:
    added = _placeholders(web_app)
    assert not {"/", "/fulfilment", "/fulfilment/inbox", "/audit"} & added
    # Every menu section is now served by its own router.
    assert added == set()
