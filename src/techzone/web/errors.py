"""Errors a request can meet, answered in Chinese: JSON with a stable code under /api/, a page
elsewhere, a redirect to the login page for a visitor who has not logged in."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("techzone.web")

API_PREFIX = "/api/"


class WebError(Exception):
    """An error with its HTTP status, a stable code (for programs) and a message (for people)."""

    status = 400
    code = "bad_request"
    message = "请求无效"

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message or self.message)
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code


class NotAuthenticated(WebError):
    status = 401
    code = "unauthenticated"
    message = "请先登录"


class Forbidden(WebError):
    status = 403
    code = "forbidden"
    message = "您的账号没有权限进行此操作"


class CsrfRejected(WebError):
    status = 403
    code = "csrf_rejected"
    message = "页面已过期或请求来源无法确认，请刷新页面后重试"


class NotFound(WebError):
    """Also the answer for a record outside the caller's scope: its existence is not revealed."""

    status = 404
    code = "not_found"
    message = "未找到该记录，或您无权查看"


class Unprocessable(WebError):
    status = 422
    code = "invalid_input"
    message = "提交的内容有误"


_BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求无效"),
    401: (NotAuthenticated.code, NotAuthenticated.message),
    403: (Forbidden.code, Forbidden.message),
    404: ("not_found", "没有这个页面或接口"),
    405: ("method_not_allowed", "不支持这种请求方式"),
    413: ("too_large", "上传的内容太大"),
    500: ("server_error", "系统内部错误，已记录，请稍后再试或联系管理员"),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one JSON shape of every API error."""
    return {"error": {"code": code, "message": message, **extra}}


def _page(request: Request, status: int, code: str, message: str) -> Response:
    from techzone.web.templating import render

    # htmx puts the answer into a part of the page: the sentence alone, not a page in a page
    # (static/htmx_errors.js swaps error answers in).
    template = "error_fragment.html" if request.headers.get("HX-Request") else "error.html"
    return render(request, template, {"message": message, "code": code}, status=status)


def _answer(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
    if _is_api(request):
        return JSONResponse(error_body(code, message, **extra), status_code=status)
    if status == 401:
        target = "/login?next=" + quote(request.url.path, safe="/")
        if request.headers.get("HX-Request"):
            # htmx follows HX-Redirect with a full page load instead of swapping in a fragment.
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    return _page(request, status, code, message)


def error_response(request: Request, error: WebError) -> Response:
    """The answer for ``error`` raised before any route runs (a middleware refusing a request)."""
    return _answer(request, error.status, error.code, error.message)


async def _web_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, WebError)
    return _answer(request, error.status, error.code, error.message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code, message = _BY_STATUS.get(error.status_code, ("error", "请求未能完成"))
    return _answer(request, error.status_code, code, message)


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fields = [
        {
            "field": ".".join(str(part) for part in item.get("loc", ()) if part != "body"),
            "message": _field_message(item),
        }
        for item in error.errors()
    ]
    return _answer(request, 422, Unprocessable.code, Unprocessable.message, fields=fields)


def _field_message(item: dict[str, Any]) -> str:
    kind = str(item.get("type", ""))
    if kind == "missing":
        return "必须填写"
    if "int" in kind or "float" in kind or "decimal" in kind:
        return "须为数字"
    if "date" in kind:
        return "须为日期（如 2026-06-30）"
    return "格式不正确"


async def _registry_error(request: Request, error: Exception) -> Response:
    """The core's refusals: an enterprise outside the scope is 404, a query not offered 422."""
    from techzone.registry.errors import NotFound as RegistryNotFound
    from techzone.registry.errors import RegistryError

    assert isinstance(error, RegistryError)
    status = 404 if isinstance(error, RegistryNotFound) else 422
    return _answer(request, status, error.code, error.message)


async def _refused(request: Request, error: Exception) -> Response:
    """The core refused what was sent (a date out of bounds, a year the calendar does not hold,
    a move an application may not make …): its own Chinese sentence, 422."""
    return _answer(request, 422, "refused", str(error))


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("未处理的错误：%s %s", request.method, request.url.path, exc_info=error)
    code, message = _BY_STATUS[500]
    return _answer(request, 500, code, message)


def install_handlers(app: FastAPI) -> None:
    from techzone.registry.errors import RegistryError

    app.add_exception_handler(WebError, _web_error)
    app.add_exception_handler(RegistryError, _registry_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    from techzone.refusals import refusals

    for refusal in refusals():
        app.add_exception_handler(refusal, _refused)
    app.add_exception_handler(Exception, _unexpected)
