"""The pages every role shares: logging in and out, and the home page."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from techzone.accounts import authenticate, close_session, open_session
from techzone.web.auth import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Identity,
    client_address,
    current_identity,
    optional_identity,
    settings_of,
    store_of,
)
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or settings_of(request).secure_cookies


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a link log officers in elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _login_page(request: Request, next_: str, message: str | None, status: int) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"login_token": token, "next": next_, "message": message, "field": CSRF_FIELD},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if optional_identity(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next), None, 200)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    settings = settings_of(request)
    now = settings.clock()
    if not username.strip() or not password:
        return _login_page(request, _safe_next(next), "请输入用户名和密码", 400)
    with store_of(request).transaction() as session:
        outcome = authenticate(session, username, password, now=now, source=client_address(request))
        opened = (
            open_session(session, outcome.account, now=now) if outcome.account is not None else None
        )
    if opened is None:
        return _login_page(request, _safe_next(next), outcome.refusal, 401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        opened.token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, _: Annotated[Identity, Depends(current_identity)]) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    with store_of(request).transaction() as session:
        close_session(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request, identity: Annotated[Identity, Depends(current_identity)]) -> Response:
    return render(request, "home.html", {"title": "首页"})


@router.get("/licenses")
def licenses(request: Request) -> Response:
    """The licences of the browser components this site serves (they travel with the files)."""
    from techzone.web.assets import VENDOR

    names = sorted(p.name for p in VENDOR.glob("*LICENSE*")) if VENDOR.is_dir() else []
    names += sorted(p.name for p in VENDOR.glob("*NOTICE*")) if VENDOR.is_dir() else []
    return render(request, "licenses.html", {"title": "第三方组件许可", "names": names})
