"""Errors a request can meet, answered in Chinese: JSON with a stable code under /api/, a page
elsewhere, a redirect to the login page for a visitor who has not logged in."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("techzone.web")

API_PREFIX = "/api/"


# The core's refusals serve the command line too and name its options there (「（--reason）」,
# 「（命令行加 --replace）」); on a page the officer has the form's fields, so they are left out.
_OPTIONS = re.compile(r"（(?:命令行加\s*)?--[^）]*）")


def without_options(message: str) -> str:
    return _OPTIONS.sub("", message)


class WebError(Exception):
    """An error with its HTTP status, a stable code (for programs) and a message (for people)."""

    status = 400
    code = "bad_request"
    message = "请求无效"

    def __init__(
        self, message: str | None = None, *, code: str | None = None, **extra: Any
    ) -> None:
        super().__init__(message or self.message)
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        # Beside the message in an API answer's error (``fields``, say); pages show the message.
        self.extra = extra


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
    return _answer(request, error.status, error.code, error.message, **error.extra)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code, message = _BY_STATUS.get(error.status_code, ("error", "请求未能完成"))
    return _answer(request, error.status_code, code, message)


# Each field a form or a query string sends, as its form labels it: a refusal names the field
# ("「年度」须为整数"), never the parameter ("year"). tests/web/test_form_walk.py checks that every
# route's fields are here.
FIELD_NAMES = {
    "action": "操作",
    "amount": "金额（元）",
    "application_id": "申请编号",
    "applied_in": "申报年度",
    "as_of": "统计日期",
    "bank_account": "银行账号",
    "bank_name": "开户银行",
    "batch": "批次",
    "body": "提交的内容",
    "budget": "预算（元）",
    "case_id": "案件编号",
    "certificate_no": "证书编号",
    "change": "状态变更",
    "confirm": "确认密码",
    "consent": "同意兑现",
    "contact_address": "通信地址",
    "contact_email": "电子邮箱",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "contact_unit": "受理单位",
    "decision": "审核结论",
    "direction": "排序方向",
    "done": "办理结果",
    "effective": "生效日期",
    "expiring_within": "到期天数",
    "file": "文件",
    "format": "输出格式",
    "issued_on": "发证日期",
    "key": "政策或政策组",
    "label": "材料名称",
    "level": "政策层级",
    "limit": "条数",
    "message_id": "消息编号",
    "mine": "只看待我办理",
    "name": "方案名称",
    "next": "登录后前往的页面",
    "not_paid": "尚未支付",
    "notice": "通知全文",
    "number": "公示批次",
    "objection_id": "异议编号",
    "offset": "起始位置",
    "on": "变更日期",
    "output": "输出方式",
    "page": "页码",
    "page_size": "每页条数",
    "paid_on": "支付日期",
    "parameter": "参数",
    "park": "园区",
    "password": "密码",
    "patch": "改革方案",
    "payer": "出资层级",
    "planning_share": "上限类奖补列入规划的比例",
    "policy": "政策",
    "policy_id": "政策",
    "probability": "次年获认定的概率",
    "qualification": "资质",
    "raised_by": "异议人",
    "reason": "原因",
    "received_on": "收到日期",
    "replace": "更正已录入的年度",
    "resolution": "处理结果",
    "seal": "办理结果校验",
    "sort": "排序字段",
    "state": "案件状态",
    "status": "状态",
    "targets": "计算目标进度",
    "tech_field": "技术领域",
    "text": "内容",
    "title": "标题",
    "to": "新状态",
    "upheld": "异议成立",
    "uscc": "统一社会信用代码",
    "username": "用户名",
    "value": "新值",
    "voucher": "支付凭证号",
    "overpaid": "已与财政核实按实付金额支付",
    "underpaid": "已与财政核实财政实付少于批准金额",
    "warn_percent": "预警比例（%）",
    "week": "周",
    "working_days": "公示期（工作日）",
    "year": "年度",
    "zone_code": "高新区代码",
}

# Where a request carries a field (FastAPI's first part of an error's location).
_PLACES = ("body", "query", "path", "header", "cookie")


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fields = []
    for item in error.errors():
        parts = [str(part) for part in item.get("loc", ())]
        named = [part for part in parts if part not in _PLACES and not part.isdigit()]
        name = named[-1] if named else ""
        fields.append(
            {
                "field": ".".join(part for part in parts if part != "body"),
                "label": FIELD_NAMES.get(name, name),
                "message": _field_message(item),
            }
        )
    # A page shows one sentence: each refused field by its label, what is wrong with it.
    said = "；".join(
        f"「{f['label']}」{f['message']}" if f["label"] else f["message"] for f in fields
    )
    message = f"{Unprocessable.message}：{said}" if said else Unprocessable.message
    return _answer(request, 422, Unprocessable.code, message, fields=fields)


def _field_message(item: dict[str, Any]) -> str:
    kind = str(item.get("type", ""))
    limit = {key: _number(value) for key, value in (item.get("ctx") or {}).items()}
    typed = str(item.get("input", "")).strip().lower().lstrip("+-")
    if typed in ("nan", "inf", "infinity") or kind == "finite_number":
        # NaN compares false with every bound, so it is refused as "too large": it is no number.
        return "须为数字"
    if kind == "missing":
        return "必须填写"
    if kind == "string_too_long":
        return f"最多{limit.get('max_length')}个字"
    if kind == "string_too_short":
        return "必须填写"
    if kind == "greater_than_equal":
        return f"不能小于{limit.get('ge')}"
    if kind == "greater_than":
        return f"须大于{limit.get('gt')}"
    if kind == "less_than_equal":
        return f"不能大于{limit.get('le')}"
    if kind == "less_than":
        return f"须小于{limit.get('lt')}"
    if kind.startswith("int"):
        return "须为整数"
    if "float" in kind or "decimal" in kind:
        return "须为数字"
    if "date" in kind:
        return "须为日期（如 2026-06-30）"
    if kind.startswith("bool"):
        return "须为是或否"
    if kind in ("literal_error", "enum"):
        return "不是可选的值"
    return "格式不正确"


def _number(value: Any) -> Any:
    """A bound as officers write it: 1, not 1.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


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
    return _answer(request, 422, "refused", without_options(str(error)))


async def _database_error(request: Request, error: Exception) -> Response:
    """Two officers writing the same thing at once (two workers, or the command line beside
    the web): the database refused the later one and rolled it back. Said so, in Chinese, to be
    retried — not an internal error; a record that already exists is named instead. A database
    that cannot be used (damaged, not a database, changed by a newer techzone while the web
    ran) is refused as such. Any other database error is a defect."""
    from techzone.store.clashes import duplicate
    from techzone.store.database import CONTENDED_MESSAGE, contended, diagnose

    engine = request.app.state.store.engine
    existing = duplicate(error, engine)
    if existing is not None:
        # Already there: retrying would clash again (or be refused by name), so it is named.
        log.warning("重复写入：%s %s：%s", request.method, request.url.path, error)
        return _answer(request, 409, "duplicate", existing)
    if contended(error):
        log.warning("并发写入冲突：%s %s：%s", request.method, request.url.path, error)
        return _answer(request, 409, "conflict", CONTENDED_MESSAGE)
    found = diagnose(error, engine)
    if found is not None:
        return await _store_unavailable(request, found)
    return await _unexpected(request, error)


async def _store_unavailable(request: Request, error: Exception) -> Response:
    """The officer (or the administrator) can put this right; nothing was changed. 503: the
    service is there, its database is not usable as it stands."""
    log.error("数据库无法使用：%s %s：%s", request.method, request.url.path, error)
    # The page's layout would look the caller up in that same database: shown as no one.
    request.state.identity = None
    return _answer(request, 503, "store_unavailable", str(error))


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("未处理的错误：%s %s", request.method, request.url.path, exc_info=error)
    code, message = _BY_STATUS[500]
    answer = _answer(request, 500, code, message)
    # Registered for ``Exception``, this handler answers in Starlette's outermost middleware,
    # outside ``SecurityHeaders``: the page gets the headers here (an answer given inside keeps
    # them once, ``setdefault``).
    from techzone.web.app import _SECURITY_HEADERS

    for name, value in _SECURITY_HEADERS.items():
        answer.headers.setdefault(name, value)
    answer.headers.setdefault("Cache-Control", "no-store")
    return answer


def install_handlers(app: FastAPI) -> None:
    from techzone.registry.errors import RegistryError

    app.add_exception_handler(WebError, _web_error)
    app.add_exception_handler(RegistryError, _registry_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    from techzone.refusals import refusals

    for refusal in refusals():
        app.add_exception_handler(refusal, _refused)
    from sqlalchemy.exc import DBAPIError

    from techzone.store.database import StoreUnavailable

    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
