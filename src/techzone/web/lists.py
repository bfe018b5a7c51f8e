"""三清单 and the monitoring lists (``cultivation.lists.monitoring_lists``) in the caller's scope,
as the page, the same workbook the CLI writes (``write_lists_workbook``), and JSON."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.access import Role
from techzone.cultivation.lists import MonitoringLists, monitoring_lists
from techzone.cultivation.report_tables import Section, list_sections
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, store_of
from techzone.web.support import rule_packs, today, workbook_download
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix=API_V1, tags=["三清单"])

_officers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK)

Cell = str | int | float | date | None


class TableOut(BaseModel):
    header: list[str]
    rows: list[list[Cell]]


class SectionOut(BaseModel):
    title: str = Field(description="标题")
    sheet: str = Field(description="工作表名")
    paragraphs: list[str]
    tables: list[TableOut]


class ListsOut(BaseModel):
    as_of: date = Field(description="统计日期")
    sections: list[SectionOut]


def _lists(request: Request, identity: Identity, day: date) -> MonitoringLists:
    with store_of(request).transaction() as session:
        return monitoring_lists(session, rule_packs(), day, scope=identity.scope)


def _out(section: Section) -> SectionOut:
    return SectionOut(
        title=section.title,
        sheet=section.sheet,
        paragraphs=section.paragraphs,
        tables=[TableOut(header=t.header, rows=t.rows) for t in section.tables],
    )


@router.get("/lists")
def lists_page(request: Request, identity: Annotated[Identity, Depends(_officers)]) -> Response:
    found = _lists(request, identity, today(request))
    return render(
        request,
        "lists.html",
        {"title": "三清单", "as_of": found.as_of, "lists": list_sections(found)},
    )


@router.get("/lists.xlsx")
def lists_workbook(request: Request, identity: Annotated[Identity, Depends(_officers)]) -> Response:
    from techzone.cultivation.workbooks import write_lists_workbook

    found = _lists(request, identity, today(request))

    def write(path: Path) -> None:
        write_lists_workbook(found, path)

    return workbook_download(f"科技型企业统计监测清单-{found.as_of}.xlsx", write)


@api.get("/lists", summary="三清单与监测名单（按当前账号的范围）", response_model=ListsOut)
def lists_api(
    request: Request,
    identity: Annotated[Identity, Depends(_officers)],
    as_of: Annotated[date | None, Query(description="统计日期（默认今天）")] = None,
) -> ListsOut:
    found = _lists(request, identity, as_of or today(request))
    return ListsOut(as_of=found.as_of, sections=[_out(s) for s in list_sections(found)])
