"""周报: the weekly report (周调度、周报告) for an ISO week — preview, .docx and .xlsx — and its
API twin. The same core calls as ``techzone report weekly``: ``cultivation.weekly.weekly_report``
within the caller's scope (a zone's, or a park's: its applications, without the zone's targets),
laid out by ``report_tables`` and written by the CLI's writers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.access import Role
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, settings_of, store_of
from techzone.web.errors import Forbidden, NotFound, Unprocessable
from techzone.web.policy_support import ERRORS, MEDIA, checked_year, packs, streamed
from techzone.web.templating import render

if TYPE_CHECKING:
    from techzone.cultivation.weekly import WeeklyReport

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix=API_V1, tags=["周报"], responses=ERRORS)

_zone_officers = require_role(Role.ZONE, Role.PARK)
Format = Literal["docx", "xlsx"]


class TableOut(BaseModel):
    header: list[str] = Field(description="表头")
    rows: list[list[str | int | float | None]] = Field(description="各行（日期为 YYYY-MM-DD）")


class SectionOut(BaseModel):
    title: str = Field(description="节标题（带序号）")
    paragraphs: list[str] = Field(description="文字")
    tables: list[TableOut] = Field(description="表格")


class WeeklyOut(BaseModel):
    week: str = Field(description="ISO 周，如 2026-W47")
    title: str = Field(description="报告标题")
    period: str = Field(description="起止日期")
    sections: list[SectionOut] = Field(description="各节")


def _zone_of(identity: Identity) -> str:
    zone = identity.scope.zone
    if zone is None:
        raise Forbidden()
    return zone


def _this_week(request: Request) -> str:
    year, week, _ = settings_of(request).clock().date().isocalendar()
    return f"{year}-W{week:02d}"


def _report(request: Request, identity: Identity, week: str) -> WeeklyReport:
    from techzone.cultivation.weekly import WeekError, parse_week, weekly_report
    from techzone.rules.records import UnknownZone

    zone = _zone_of(identity)
    try:
        chosen = parse_week(week)
    except WeekError as error:
        raise Unprocessable(str(error), code="invalid_week") from error
    checked_year(chosen.year, "周所在年度")
    with store_of(request).transaction() as session:
        try:
            return weekly_report(session, packs(), chosen, zone, scope=identity.scope)
        except UnknownZone as error:
            raise NotFound() from error


def _cell(value: object) -> str | int | float | None:
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _out(report: WeeklyReport) -> WeeklyOut:
    from techzone.cultivation.report_tables import weekly_period, weekly_sections, weekly_title

    return WeeklyOut(
        week=report.week.label,
        title=weekly_title(report),
        period=weekly_period(report),
        sections=[
            SectionOut(
                title=section.numbered(index),
                paragraphs=section.paragraphs,
                tables=[
                    TableOut(
                        header=table.header, rows=[[_cell(c) for c in row] for row in table.rows]
                    )
                    for table in section.tables
                ],
            )
            for index, section in enumerate(weekly_sections(report))
        ],
    )


def _file(request: Request, report: WeeklyReport, kind: Format) -> Response:
    from techzone.cultivation.documents import write_weekly_document
    from techzone.cultivation.workbooks import write_weekly_workbook

    name = f"周报告-{report.week.label}.{kind}"
    if kind == "docx":
        today = settings_of(request).clock().date()
        return streamed(name, lambda path: write_weekly_document(report, path, today))
    return streamed(name, lambda path: write_weekly_workbook(report, path))


@router.get("/weekly")
def weekly_page(
    request: Request,
    identity: Annotated[Identity, Depends(_zone_officers)],
    week: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    _zone_of(identity)
    chosen = week or _this_week(request)
    context: dict[str, object] = {"title": "周报", "week": chosen, "report": None, "refused": None}
    partial = bool(request.headers.get("HX-Request"))
    status = 200
    if week is not None:
        try:
            context["report"] = _out(_report(request, identity, week))
        except Unprocessable as error:
            # Said in the page with the week as typed (static/htmx_errors.js swaps a 4xx in).
            context["refused"] = error.message
            status = 422
    return render(
        request, "weekly_report.html" if partial else "weekly.html", context, status=status
    )


@router.get("/weekly/download")
def weekly_download(
    request: Request,
    identity: Annotated[Identity, Depends(_zone_officers)],
    week: Annotated[str, Query(max_length=20)],
    format: Format = "docx",
) -> Response:
    return _file(request, _report(request, identity, week), format)


@api_router.get(
    "/reports/weekly",
    summary="周报告（JSON 表格；format=docx 或 xlsx 时下载文件）",
    response_model=WeeklyOut,
    responses={200: {"content": {MEDIA["docx"]: {}, MEDIA["xlsx"]: {}}}},
)
def weekly_api(
    request: Request,
    identity: Annotated[Identity, Depends(_zone_officers)],
    week: Annotated[str, Query(max_length=20, description="ISO 周，如 2026-W47")],
    format: Annotated[Literal["json", "docx", "xlsx"], Query(description="输出格式")] = "json",
) -> Response | WeeklyOut:
    report = _report(request, identity, week)
    if format == "json":
        return _out(report)
    return _file(request, report, format)
