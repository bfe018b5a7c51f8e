"""Who is asking: the session cookie, the CSRF check, and the dependencies routes declare.

Pages and API routes declare ``current_identity``, ``current_scope`` or ``require_role(...)``;
a route never reads the cookie itself. The scope goes to the core's queries unchanged.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from techzone.access import Role, Scope
from techzone.accounts import live_session
from techzone.store import Store
from techzone.web.errors import CsrfRejected, Forbidden, NotAuthenticated
from techzone.web.settings import WebSettings

SESSION_COOKIE = "techzone_session"
# Before login there is no session to hold a CSRF token: the login form's token is also set in
# this cookie and the two must agree (the double-submit pattern), so another site cannot log a
# browser into an account of its choosing.
LOGIN_CSRF_COOKIE = "techzone_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOGIN_PATH = "/login"
REGISTER_PATH = "/register"
# Computations that change nothing and serve visitors (the self-assessment): a forged request
# could only make a browser compute an answer nobody sees, so they need no token.
STATELESS_PATHS = frozenset(
    {"/self-assessment", "/self-assessment/upload", "/api/v1/self-assessment"}
)


@dataclass(frozen=True)
class Identity:
    """The logged-in caller, as routes and templates see it."""

    account_id: int
    username: str
    role: Role
    scope: Scope
    reach: str  # the scope in officers' words
    csrf_token: str


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


_UNSET = object()


def _lookup(request: Request) -> Identity | None:
    cached = getattr(request.state, "identity", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    identity = None
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        now = settings_of(request).clock()
        # Each statement of the lookup stands alone (a read; at most once a minute a renewal,
        # or the deletion of an expired session): no transaction to begin and commit.
        with store_of(request).autocommit() as session:
            found = live_session(session, token, now=now)
            if found is not None:
                identity = Identity(
                    account_id=found.account_id,
                    username=found.username,
                    role=found.role,
                    scope=found.scope,
                    reach=found.reach,
                    csrf_token=found.csrf_token,
                )
    request.state.identity = identity
    return identity


def optional_identity(request: Request) -> Identity | None:
    """The caller if logged in, else None (for pages anyone may see)."""
    return _lookup(request)


def current_identity(request: Request) -> Identity:
    """The logged-in caller; a visitor is sent to the login page (401 JSON under /api/)."""
    identity = _lookup(request)
    if identity is None:
        raise NotAuthenticated()
    return identity


def current_scope(identity: Identity = Depends(current_identity)) -> Scope:  # noqa: B008
    """The rows the caller may see: hand it to the core's reads and writes."""
    return identity.scope


def require_role(*roles: Role) -> Callable[[Identity], Identity]:
    """A dependency admitting only these roles (403 for the others)."""
    allowed = frozenset(roles)

    def check(identity: Identity = Depends(current_identity)) -> Identity:  # noqa: B008
        if identity.role not in allowed:
            raise Forbidden()
        return identity

    return check


def require_writer(identity: Identity = Depends(current_identity)) -> Identity:  # noqa: B008
    """A dependency for changes: a 省级管理员 only reads (``Scope.writes``)."""
    if not identity.scope.writes:
        raise Forbidden("省级管理员账号只能查看，不能修改")
    return identity


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        # Starlette caches the parsed form on the request: the route reads the same one.
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_guard(request: Request) -> None:
    """Every state-changing request must carry the session's CSRF token (form field or header).

    Installed on the whole application, so a route cannot forget it."""
    if request.method in SAFE_METHODS or request.url.path in STATELESS_PATHS:
        return
    submitted = await _submitted_token(request)
    if request.url.path in (LOGIN_PATH, REGISTER_PATH):
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    else:
        identity = await run_in_threadpool(_lookup, request)
        if identity is None:
            raise NotAuthenticated()
        expected = identity.csrf_token
    if not expected or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise CsrfRejected()
