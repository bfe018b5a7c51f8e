"""申报: the applications board by batch and status, and a status change.

A change goes through ``cultivation.applications.advance``, the function the CLI's
``applications advance`` calls: the same legal transitions, a reason for a skip or a step back,
the caller's scope (an application outside it is not found) and the audit row written in the
change's own transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.access import Role
from techzone.cultivation.applications import (
    ApplicationNotFound,
    ApplicationRecord,
    ApplicationRejected,
    Recognition,
    advance,
    find_applications,
)
from techzone.model import ApplicationStatus
from techzone.model.codes import QualificationKind
from techzone.web.api import API_V1, RecordId
from techzone.web.auth import Identity, require_role, require_writer, store_of
from techzone.web.errors import NotFound, Unprocessable, without_options
from techzone.web.support import actor_of, is_htmx, today
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix=API_V1, tags=["申报"])

_readers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK, Role.UNIT, Role.ENTERPRISE)
_movers = require_role(Role.ZONE, Role.PARK, Role.UNIT)


class ApplicationOut(BaseModel):
    id: int = Field(description="申请编号")
    uscc: str = Field(description="统一社会信用代码")
    enterprise: str = Field(description="企业名称")
    zone: str = Field(description="高新区代码")
    qualification: str = Field(description="资质代码")
    qualification_label: str = Field(description="资质")
    year: int = Field(description="年度")
    batch: int | None = Field(description="批次")
    status: str = Field(description="状态代码")
    status_label: str = Field(description="状态")
    department: str = Field(description="责任单位")
    contact: str | None = Field(description="联系人")
    opened_on: date = Field(description="建档日期")
    last_changed_on: date = Field(description="最近变更日期")

    @classmethod
    def of(cls, record: ApplicationRecord) -> ApplicationOut:
        return cls(
            id=record.id,
            uscc=record.uscc,
            enterprise=record.enterprise,
            zone=record.zone,
            qualification=str(record.qualification),
            qualification_label=record.qualification.label,
            year=record.year,
            batch=record.batch,
            status=str(record.status),
            status_label=record.status.label,
            department=record.department,
            contact=record.contact,
            opened_on=record.opened_on,
            last_changed_on=record.last_changed_on,
        )


class StatusChange(BaseModel):
    to: str = Field(description="新状态：摸排 辅导 提交 推荐 公示 认定 未通过（或其代码）")
    reason: str | None = Field(None, description="原因（退回或跳过阶段时必填）", max_length=500)
    batch: int | None = Field(None, description="改到批次")
    on: date | None = Field(None, description="变更日期（默认今天）")
    certificate_no: str | None = Field(None, description="证书编号（认定时必填）", max_length=100)
    issued_on: date | None = Field(None, description="发证日期（认定时必填）")


class StatusChanged(BaseModel):
    application: ApplicationOut
    warnings: list[str] = Field(description="提醒（如已过批次截止日期）")


def _status(text: str) -> ApplicationStatus:
    try:
        return ApplicationStatus.parse(text.strip())
    except ValueError:
        offered = "、".join(status.label for status in ApplicationStatus)
        raise Unprocessable(
            f"状态「{text}」不是可选的值（可选：{offered}）", code="bad_status"
        ) from None


def _change(
    request: Request, identity: Identity, application_id: RecordId, change: StatusChange
) -> tuple[ApplicationRecord, list[str]]:
    """The change through the core; a refusal is the core's Chinese message, nothing written."""
    to = _status(change.to)
    recognition = None
    if change.certificate_no or change.issued_on:
        if not change.certificate_no or change.issued_on is None:
            raise Unprocessable("认定须同时给出证书编号和发证日期", code="application_rejected")
        recognition = Recognition(change.certificate_no, change.issued_on)
    warnings: list[str] = []
    try:
        with store_of(request).transaction() as session:
            moved = advance(
                session,
                application_id,
                to,
                identity.username,
                change.on or today(request),
                change.reason,
                change.batch,
                recognition,
                warnings,
                scope=identity.scope,
                actor=actor_of(request, identity),
            )
            enterprise = moved.enterprise
            record = ApplicationRecord(
                moved.id,
                enterprise.uscc,
                enterprise.name,
                enterprise.park.zone.code,
                moved.qualification,
                moved.year,
                moved.batch,
                moved.status,
                moved.department,
                moved.contact,
                moved.opened_on,
                moved.changes[-1].changed_on,
            )
    except ApplicationNotFound as error:
        raise NotFound(without_options(str(error))) from error
    except ApplicationRejected as error:
        raise Unprocessable(without_options(str(error)), code="application_rejected") from error
    return record, warnings


def _board(
    request: Request,
    identity: Identity,
    year: int,
    message: str | None = None,
    warnings: list[str] | None = None,
    status: int = 200,
) -> Response:
    with store_of(request).transaction() as session:
        records = find_applications(session, year, scope=identity.scope)
    batches = sorted({r.batch for r in records}, key=lambda b: (b is None, b or 0))
    cells: dict[tuple[int | None, ApplicationStatus], list[ApplicationRecord]] = {}
    for r in records:
        cells.setdefault((r.batch, r.status), []).append(r)
    columns = list(ApplicationStatus)
    context = {
        "title": "申报",
        "year": year,
        "batches": batches,
        "columns": columns,
        "cells": cells,
        "records": records,
        "message": message,
        "warnings": warnings or [],
        "can_move": identity.role in (Role.ZONE, Role.PARK, Role.UNIT),
        "statuses": list(ApplicationStatus),
        "today": today(request),
    }
    template = "application_board.html" if is_htmx(request) else "applications.html"
    return render(request, template, context, status=status)


@router.get("/applications")
def applications_page(
    request: Request,
    identity: Annotated[Identity, Depends(_readers)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    return _board(request, identity, year or today(request).year)


@router.post("/applications/{application_id}/status")
def application_move(
    request: Request,
    identity: Annotated[Identity, Depends(_movers)],
    _writer: Annotated[Identity, Depends(require_writer)],
    application_id: RecordId,
    to: Annotated[str, Form()],
    year: Annotated[int, Form(ge=2000, le=2100)],
    reason: Annotated[str | None, Form(max_length=500)] = None,
    certificate_no: Annotated[str | None, Form(max_length=100)] = None,
    issued_on: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    issued = None
    if issued_on and issued_on.strip():
        try:
            issued = date.fromisoformat(issued_on.strip())
        except ValueError:
            message = "发证日期须为日期（如 2026-06-30）"
            return _board(request, identity, year, message=message, status=422)
    change = StatusChange(
        to=to, reason=reason or None, certificate_no=certificate_no or None, issued_on=issued
    )
    try:
        record, warnings = _change(request, identity, application_id, change)
    except Unprocessable as error:
        return _board(request, identity, year, message=error.message, status=422)
    done = f"申请{record.id}（{record.enterprise}）已变更为「{record.status.label}」"
    return _board(request, identity, year, message=None, warnings=[done, *warnings])


@api.get(
    "/applications", summary="申请列表（按当前账号的范围）", response_model=list[ApplicationOut]
)
def applications_api(
    request: Request,
    identity: Annotated[Identity, Depends(_readers)],
    year: Annotated[int | None, Query(ge=2000, le=2100, description="年度")] = None,
    status: Annotated[str | None, Query(description="状态")] = None,
    qualification: Annotated[str | None, Query(description="资质代码")] = None,
    batch: Annotated[int | None, Query(ge=0, le=100, description="批次")] = None,
) -> list[ApplicationOut]:
    wanted = None if not status else _status(status)
    kind = None
    if qualification:
        try:
            kind = QualificationKind.parse(qualification.strip())
        except ValueError:
            raise Unprocessable(
                f"资质「{qualification}」不是可选的值", code="bad_qualification"
            ) from None
    with store_of(request).transaction() as session:
        found = find_applications(
            session, year, status=wanted, qualification=kind, batch=batch, scope=identity.scope
        )
    return [ApplicationOut.of(r) for r in found]


@api.post(
    "/applications/{application_id}/status",
    summary="变更申请状态（与命令行 applications advance 相同的规则）",
    response_model=StatusChanged,
)
def application_status_api(
    request: Request,
    identity: Annotated[Identity, Depends(_movers)],
    _writer: Annotated[Identity, Depends(require_writer)],
    application_id: RecordId,
    change: StatusChange,
) -> StatusChanged:
    record, warnings = _change(request, identity, application_id, change)
    return StatusChanged(application=ApplicationOut.of(record), warnings=warnings)
