"""The REST API under /api/v1: JSON in, JSON out, errors as ``{"error": {code, message}}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from techzone.web.auth import Identity, current_identity

API_V1 = "/api/v1"


# A record's number in a path: a 64-bit row id. Larger numbers are refused as input (422) before
# any query, rather than overflowing the database driver (schemathesis sent 2**63).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1, description="记录编号")]


class ErrorDetail(BaseModel):
    code: str = Field(description="稳定的错误代码（供程序判断）")
    message: str = Field(description="中文说明（供人阅读）")


class ErrorOut(BaseModel):
    """The one shape of every API error (``web/errors.py``)."""

    error: ErrorDetail


# Documented on every API route: what any of them may answer besides its own result.
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "未登录或登录已过期"},
    403: {"model": ErrorOut, "description": "无权进行此操作，或缺少 CSRF 令牌"},
    404: {"model": ErrorOut, "description": "没有该记录，或不在您的可见范围内"},
}

router = APIRouter(prefix=API_V1, tags=["账号"], responses=ERRORS)


class ScopeOut(BaseModel):
    province: str | None = Field(None, description="省份")
    zone: str | None = Field(None, description="高新区代码")
    park: str | None = Field(None, description="园区代码")
    uscc: str | None = Field(None, description="统一社会信用代码")
    unit: str | None = Field(None, description="责任单位")


class Me(BaseModel):
    username: str = Field(description="用户名")
    role: str = Field(description="角色代码")
    role_label: str = Field(description="角色")
    scope: ScopeOut = Field(description="可见范围")
    writes: bool = Field(description="能否修改数据（省级管理员只能查看）")


@router.get("/me", summary="当前登录的账号", response_model=Me)
def me(identity: Annotated[Identity, Depends(current_identity)]) -> Me:
    scope = identity.scope
    return Me(
        username=identity.username,
        role=identity.role.value,
        role_label=identity.role.label,
        scope=ScopeOut(
            province=scope.province,
            zone=scope.zone,
            park=scope.park,
            uscc=scope.uscc,
            unit=scope.unit,
        ),
        writes=scope.writes,
    )
