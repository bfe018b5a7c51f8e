"""Registering an enterprise account by USCC (public), and the officers' page that verifies or
refuses registrations and invites enterprise accounts. The core is ``accounts.registration``."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from techzone.access import Role
from techzone.accounts import AccountError
from techzone.accounts.registration import (
    count_registration,
    decide_registration,
    invite_enterprise,
    register_enterprise,
    registrations,
)
from techzone.audit import Actor
from techzone.web.auth import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    REGISTER_PATH,
    Identity,
    client_address,
    require_role,
    require_writer,
    settings_of,
    store_of,
)
from techzone.web.errors import FIELD_NAMES
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)

OFFICERS = require_role(Role.ZONE, Role.PARK)


# The longest each register field may be. Checked here rather than by FastAPI's Form bounds so
# that an overlong field brings the form back with what was typed, not a page without it.
REGISTER_LIMITS = {"uscc": 64, "username": 64, "password": 256, "confirm": 256}


def _register_page(
    request: Request,
    values: dict[str, str],
    message: str | None,
    status: int,
    errors: dict[str, str] | None = None,
) -> Response:
    # Before login there is no session: the form's token is also set in a cookie for this path
    # and the two must agree (as the login form), so another site cannot register in a
    # visitor's name.
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "register.html",
        {"title": "企业注册", "token": token, "field": CSRF_FIELD, "values": values,
         "message": message, "errors": errors or {}},
        status=status,
    )  # fmt: skip
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https" or settings_of(request).secure_cookies,
        path=REGISTER_PATH,
    )
    return response


@router.get(REGISTER_PATH)
def register_form(request: Request) -> Response:
    return _register_page(request, {}, None, 200)


@router.post(REGISTER_PATH)
def register(
    request: Request,
    uscc: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    # What the form shows again: never a password.
    values = {"uscc": uscc, "username": username}
    typed = {"uscc": uscc, "username": username, "password": password, "confirm": confirm}
    errors = {
        name: f"最多{limit}个字"
        for name, limit in REGISTER_LIMITS.items()
        if len(typed[name]) > limit
    }
    if errors:
        said = "；".join(f"「{FIELD_NAMES[name]}」{reason}" for name, reason in errors.items())
        return _register_page(request, values, f"提交的内容有误：{said}", 422, errors)
    if not uscc.strip() or not username.strip() or not password:
        return _register_page(request, values, "请填写统一社会信用代码、用户名和密码", 400)
    if password != confirm:
        return _register_page(request, values, "两次输入的密码不一致", 400)
    now, source = settings_of(request).clock(), client_address(request)
    try:
        # Counted in a transaction of its own: a refused registration rolls back, its count
        # must not (accounts.registration).
        with store_of(request).transaction() as session:
            attempt = count_registration(session, source=source, now=now)
    except AccountError as error:
        return _register_page(request, values, str(error), 429)
    try:
        with store_of(request).transaction() as session:
            account = register_enterprise(
                session, username, password, uscc, source=source, now=now, attempt=attempt
            )
            done = {"username": account.username, "uscc": account.uscc}
    except AccountError as error:
        return _register_page(request, values, str(error), 400)
    response = render(request, "register_done.html", {"title": "注册申请已提交", **done})
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=REGISTER_PATH)
    return response


def _actor(request: Request, identity: Identity) -> Actor:
    return Actor(name=identity.username, source=client_address(request), role=identity.role.value)


def _officer_page(
    request: Request, identity: Identity, message: str | None = None, status: int = 200
) -> Response:
    with store_of(request).transaction() as session:
        rows = registrations(session, identity.scope)
    return render(
        request,
        "registrations.html",
        {"title": "企业注册", "rows": rows, "message": message},
        status=status,
    )


@router.get("/registrations")
def registrations_page(
    request: Request, identity: Annotated[Identity, Depends(OFFICERS)]
) -> Response:
    return _officer_page(request, identity)


@router.post("/registrations/decide")
def decide(
    request: Request,
    identity: Annotated[Identity, Depends(OFFICERS)],
    _: Annotated[Identity, Depends(require_writer)],
    username: Annotated[str, Form(max_length=64)] = "",
    decision: Annotated[str, Form(max_length=16)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if decision not in ("approve", "refuse"):
        return _officer_page(request, identity, "请选择通过或不予通过", 400)
    try:
        with store_of(request).transaction() as session:
            decide_registration(
                session, _actor(request, identity), identity.scope, username,
                decision == "approve", reason.strip() or None,
            )  # fmt: skip
    except AccountError as error:
        return _officer_page(request, identity, str(error), 400)
    return RedirectResponse("/registrations", status_code=303)


@router.post("/registrations/invite")
def invite(
    request: Request,
    identity: Annotated[Identity, Depends(OFFICERS)],
    _: Annotated[Identity, Depends(require_writer)],
    uscc: Annotated[str, Form(max_length=64)] = "",
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    try:
        with store_of(request).transaction() as session:
            invite_enterprise(
                session, _actor(request, identity), identity.scope, username, password, uscc,
                now=settings_of(request).clock(),
            )  # fmt: skip
    except AccountError as error:
        return _officer_page(request, identity, str(error), 400)
    return _officer_page(
        request, identity, f"已为 {uscc.strip()} 创建企业账号「{username.strip()}」"
    )
