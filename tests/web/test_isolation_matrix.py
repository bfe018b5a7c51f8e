"""Isolation over every route the application has, found from ``app.routes`` (so a route added
later is covered without editing this file):

- a visitor who has not logged in gets 401 from a non-public API route and is sent to the login
  page from a non-public page;
- for a route with a path parameter naming a record (``uscc``, ``application_id``, ``case_id``),
  each role calling it with a value inside its scope is answered (2xx, or 403 for a role the
  route does not admit at all), and with a value outside its scope gets 404 or 403.

In-scope and out-of-scope values come from the demo accounts' scopes, read through the core's
own scoped reads (the same functions the routes call), over the 40-enterprise test demo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.accounts import scope_of
from techzone.model import Account, Enterprise
from techzone.store import Store
from tests.web.conftest import SessionClient

# Routes anyone may use. A new public route is added here on purpose; every other route,
# present or future, must refuse a visitor.
PUBLIC = frozenset(
    {
        ("GET", "/login"),
        ("POST", "/login"),
        ("GET", "/licenses"),
        ("GET", "/self-assessment"),
        ("POST", "/self-assessment"),
        ("POST", "/api/v1/self-assessment"),
        # The template's enterprise sheets uploaded: assessed, nothing stored; the blank template.
        ("POST", "/self-assessment/upload"),
        ("GET", "/self-assessment/template.xlsx"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/register"),
        ("POST", "/register"),
        # A 公示 is public by its nature (name, policy, amount; nothing private).
        ("GET", "/public/notices/{number}"),
        ("GET", "/api/v1/notices/{number}/public"),
    }
)
RECORD_PARAMS = ("uscc", "application_id", "case_id")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    params: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    def url(self, values: dict[str, str]) -> str:
        path = self.path
        for name in self.params:
            path = path.replace("{" + name + "}", values.get(name, "1"))
            path = path.replace("{" + name + ":int}", values.get(name, "1"))
        return path

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _routes(app: FastAPI) -> Iterator[Any]:
    """Every route, those of included routers too (FastAPI's OpenAPI walks them the same way)."""
    from fastapi import routing

    walk = getattr(routing, "iter_route_contexts", None)
    yield from walk(app.routes) if walk is not None else app.routes


def endpoints(app: FastAPI) -> list[Endpoint]:
    found: dict[tuple[str, str], Endpoint] = {}
    for route in _routes(app):
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path is None or methods is None:  # the /static mount serves files only
            continue
        params = tuple(getattr(route, "param_convertors", {}))
        for method in sorted(methods):
            if method not in ("HEAD", "OPTIONS"):
                found.setdefault((method, path), Endpoint(method, path, params))
    return list(found.values())


def _app() -> FastAPI:
    # Collection happens before fixtures: the routes of an app over a throwaway store.
    import tempfile

    from techzone.web import WebSettings, create_app

    folder = tempfile.mkdtemp(prefix="techzone-routes-")
    return create_app(WebSettings(database_url=f"sqlite:///{folder}/routes.sqlite"))


ROUTES = endpoints(_app())
PROTECTED = [e for e in ROUTES if (e.method, e.path) not in PUBLIC]
WITH_RECORDS = [e for e in ROUTES if any(p in RECORD_PARAMS for p in e.params)]


def test_the_routes_are_found() -> None:
    paths = {e.path for e in ROUTES}
    assert {"/", "/login", "/api/v1/me", "/self-assessment", "/audit"} <= paths
    assert all((method, path) in {(e.method, e.path) for e in ROUTES} for method, path in PUBLIC)


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_a_visitor_is_refused(anonymous: SessionClient, endpoint: Endpoint) -> None:
    answer = anonymous.request(endpoint.method, endpoint.url({}), follow_redirects=False)
    if endpoint.api:
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["code"] == "unauthenticated"
    else:
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"].startswith("/login")


@dataclass(frozen=True)
class Values:
    inside: dict[str, str]
    outside: dict[str, str]


def _values(store: Store, scope: Scope) -> Values:
    """One record of each kind inside the scope and one outside, by the core's scoped reads."""
    from techzone.cultivation.applications import find_applications
    from techzone.fulfilment.cases import scoped
    from techzone.model.fulfilment import FulfilmentCase
    from techzone.registry import QueryRejected
    from techzone.registry.search import search_enterprises

    inside: dict[str, str] = {}
    outside: dict[str, str] = {}
    with store.transaction() as session:
        every = list(session.scalars(select(Enterprise.uscc).order_by(Enterprise.uscc)))
        try:
            seen = {r.uscc for r in search_enterprises(session, scope, page_size=200).items}
        except QueryRejected:
            seen = set()
        _pick(inside, outside, "uscc", every, seen)
        every_app = [a.id for a in find_applications(session)]
        seen_app = {a.id for a in find_applications(session, scope=scope)}
        _pick(inside, outside, "application_id", every_app, seen_app)
        every_case = list(session.scalars(select(FulfilmentCase.id)))
        seen_case = set(session.scalars(scoped(select(FulfilmentCase.id), scope)))
        _pick(inside, outside, "case_id", every_case, seen_case)
    return Values(inside, outside)


def _pick(
    inside: dict[str, str],
    outside: dict[str, str],
    name: str,
    every: list[Any],
    seen: set[Any],
) -> None:
    first_in = next((v for v in every if v in seen), None)
    first_out = next((v for v in every if v not in seen), None)
    if first_in is not None:
        inside[name] = str(first_in)
    if first_out is not None:
        outside[name] = str(first_out)


@pytest.fixture(scope="module")
def scopes(web_store: Store, demo_accounts: dict[Role, Any]) -> dict[Role, Values]:
    found = {}
    with web_store.transaction() as session:
        for role, account in demo_accounts.items():
            stored = session.scalar(select(Account).where(Account.username == account.username))
            assert stored is not None
            found[role] = scope_of(stored)
    return {role: _values(web_store, scope) for role, scope in found.items()}


def test_the_demo_gives_values_on_both_sides(scopes: dict[Role, Values]) -> None:
    """The matrix means something: every officer and the enterprise have an enterprise inside
    their scope and one outside it."""
    for role in (Role.PROVINCE, Role.ZONE, Role.PARK, Role.ENTERPRISE):
        assert "uscc" in scopes[role].inside, role
    for role in (Role.ZONE, Role.PARK, Role.ENTERPRISE):
        assert "uscc" in scopes[role].outside, role


def _call(client: SessionClient, endpoint: Endpoint, values: dict[str, str]):  # type: ignore[no-untyped-def]
    headers = {"X-CSRF-Token": client.csrf} if endpoint.method in UNSAFE else {}
    return client.request(
        endpoint.method, endpoint.url(values), headers=headers, follow_redirects=False
    )


def _cases() -> Iterator[tuple[Endpoint, Role]]:
    for endpoint in WITH_RECORDS:
        for role in Role:
            yield endpoint, role


@pytest.mark.parametrize(("endpoint", "role"), list(_cases()), ids=lambda v: str(v))
def test_in_scope_works_and_out_of_scope_is_not_found(
    client_as: Callable[[Role], SessionClient],
    scopes: dict[Role, Values],
    endpoint: Endpoint,
    role: Role,
) -> None:
    names = [p for p in endpoint.params if p in RECORD_PARAMS]
    values = scopes[role]
    client = client_as(role)
    if all(n in values.outside for n in names):
        # Any record parameter outside the scope is enough to be refused.
        outside = {**values.inside, **values.outside}
        answer = _call(client, endpoint, outside)
        allowed = {403, 404} | ({422} if endpoint.method in UNSAFE else set())
        assert answer.status_code in allowed, (str(endpoint), role, answer.text[:300])
    if all(n in values.inside for n in names):
        answer = _call(client, endpoint, values.inside)
        if endpoint.method in UNSAFE:
            # A change needs its own body; here only that the scope did not refuse it.
            assert answer.status_code not in (401, 404), (str(endpoint), role)
        else:
            assert answer.status_code < 300 or answer.status_code == 403, (
                str(endpoint),
                role,
                answer.text[:300],
            )


# Changes that no record parameter ties to a zone, because every zone sees them: the roles
# that own each (a change by any other role is refused with 403) and a form that would make it.
_NOTICE = Path(__file__).parents[1] / "fulfilment" / "notices" / "example-2027.txt"
SHARED_CHANGES: dict[tuple[str, str], tuple[frozenset[Role], dict[str, str]]] = {
    # One holiday arrangement dates every zone's 公示 and deadlines (fulfilment.holidays).
    ("POST", "/fulfilment/holidays"): (
        frozenset({Role.PROVINCE}),
        {"action": "enter", "notice": _NOTICE.read_text(encoding="utf-8")},
    ),
}


def test_the_shared_changes_are_routes() -> None:
    assert set(SHARED_CHANGES) <= {(e.method, e.path) for e in ROUTES}


@pytest.mark.parametrize(
    ("change", "role"), [(change, role) for change in SHARED_CHANGES for role in Role], ids=str
)
def test_a_change_every_zone_sees_is_made_by_its_owner_only(
    client_as: Callable[[Role], SessionClient],
    web_store: Store,
    change: tuple[str, str],
    role: Role,
) -> None:
    from techzone.fulfilment import holidays

    owners, form = SHARED_CHANGES[change]
    method, path = change
    client = client_as(role)
    answer = client.request(method, path, data={**form, "csrf_token": client.csrf})
    if role in owners:
        # Admitted by role; the demo's province administrator still reaches only one of its
        # two provinces, so the core refuses it (422) — a single-province register admits it
        # (test_fulfilment_office).
        assert answer.status_code == 422 and "还有广西壮族自治区的高新区" in answer.text
    else:
        assert answer.status_code == 403, (change, role, answer.text[:300])
    with web_store.transaction() as session:
        assert holidays.entered(session) == {}
