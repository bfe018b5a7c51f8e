"""企业 and 企业详情: the search (``registry.search``), its export, and the dossier (一企一档).

The route turns the query string into the search's arguments and renders what the core returns;
the scope is the caller's, applied in the core's queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.model.codes import QualificationKind, TechField
from techzone.registry.dashboard import areas
from techzone.registry.dossier import (
    Dossier,
    dossier,
    dossier_assessment,
    dossier_awards,
    dossier_head,
    dossier_steps,
)
from techzone.registry.search import (
    MAX_PAGE_SIZE,
    SORT_LABELS,
    EnterpriseRow,
    Page,
    search_enterprises,
)
from techzone.rules.frame import Records
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, store_of
from techzone.web.batching import Batcher
from techzone.web.errors import Unprocessable
from techzone.web.support import catalogue, is_htmx, rule_packs, today, workbook_download
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix=API_V1, tags=["企业"])

# Who sees the register: officers, and an enterprise its own record (the scope says which).
_readers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK, Role.ENTERPRISE)

# An export reads every page of the filter; beyond this many rows the officer narrows it.
EXPORT_CAP = 10_000
EXPORT_HEADER = (
    "统一社会信用代码",
    "企业名称",
    "高新区",
    "园区",
    "成立日期",
    "行业代码",
    "技术领域",
    "规模以上",
)


@dataclass(frozen=True)
class SearchQuery:
    """The search form's fields, as the page's query string and the API's parameters carry them."""

    text: str | None
    park: str | None
    qualification: QualificationKind | None
    tech_field: TechField | None
    expiring_within: int | None
    applied_in: int | None
    sort: str
    direction: str
    page: int
    page_size: int

    def run(self, session: Session, scope: Scope, day: date) -> Page[EnterpriseRow]:
        return search_enterprises(
            session,
            scope,
            text=self.text,
            park=self.park,
            qualification=self.qualification,
            tech_field=self.tech_field,
            expiring_within=self.expiring_within,
            applied_in=self.applied_in,
            as_of=day,
            sort=(self.sort, self.direction),
            page=self.page,
            page_size=self.page_size,
        )

    def link(self, **changed: Any) -> str:
        """The query string of this search with some fields changed (for sorting and paging)."""
        from urllib.parse import urlencode

        fields = {
            "text": self.text,
            "park": self.park,
            "qualification": self.qualification,
            "tech_field": self.tech_field,
            "expiring_within": self.expiring_within,
            "applied_in": self.applied_in,
            "sort": self.sort,
            "direction": self.direction,
            "page": self.page,
            "page_size": self.page_size,
        }
        fields.update(changed)
        return urlencode({k: str(v) for k, v in fields.items() if v not in (None, "")})


def _blank(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def _coded(kind: type[Any], value: str | None, what: str) -> Any:
    value = _blank(value)
    if value is None:
        return None
    try:
        return kind.parse(value)
    except ValueError:
        raise Unprocessable(f"{what}「{value}」不是可选的值", code=f"bad_{what}") from None


def _number(value: str | None, what: str, code: str) -> int | None:
    value = _blank(value)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise Unprocessable(f"{what}须为整数", code=code) from None


def search_query(
    text: Annotated[
        str | None, Query(description="企业名称的一部分，或统一社会信用代码开头")
    ] = None,
    park: Annotated[str | None, Query(description="园区代码")] = None,
    qualification: Annotated[
        str | None, Query(description="持有的有效资格（代码，如 hnte）")
    ] = None,
    tech_field: Annotated[str | None, Query(description="技术领域代码（0–8）")] = None,
    expiring_within: Annotated[
        str | None, Query(description="有资格证书在多少天内到期（0–1098）")
    ] = None,
    applied_in: Annotated[str | None, Query(description="该年度有申请")] = None,
    sort: Annotated[str, Query(description="排序字段：name uscc registered_on park zone")] = "name",
    direction: Annotated[str, Query(description="asc 或 desc")] = "asc",
    page: Annotated[str, Query(description="页码，从 1 开始")] = "1",
    page_size: Annotated[str, Query(description=f"每页条数 1–{MAX_PAGE_SIZE}")] = "50",
) -> SearchQuery:
    return SearchQuery(
        text=_blank(text),
        park=_blank(park),
        qualification=_coded(QualificationKind, qualification, "资格"),
        tech_field=_coded(TechField, tech_field, "技术领域"),
        expiring_within=_number(expiring_within, "到期天数", "bad_window"),
        applied_in=_number(applied_in, "申报年度", "bad_year"),
        sort=sort,
        direction=direction,
        page=_number(page, "页码", "bad_page") or 0,
        page_size=_number(page_size, "每页条数", "bad_page_size") or 0,
    )


Search = Annotated[SearchQuery, Depends(search_query)]


@router.get("/enterprises")
def enterprise_list(
    request: Request, identity: Annotated[Identity, Depends(_readers)], query: Search
) -> Response:
    past_end = False
    with store_of(request).transaction() as session:
        found = query.run(session, identity.scope, today(request))
        if found.total and query.page > found.pages:
            # A bookmark kept while the register shrank, a page typed by hand: the last page,
            # not 「没有符合条件的企业」 under a count of them. (The API answers no items, as a
            # program reading pages until an empty one expects.)
            query = replace(query, page=found.pages)
            if not is_htmx(request):
                return RedirectResponse(f"/enterprises?{query.link()}", status_code=303)
            found = query.run(session, identity.scope, today(request))
            past_end = True
        parks = areas(session, identity.scope)
    context = {
        "title": "企业",
        "query": query,
        "found": found,
        "parks": [a for a in parks if a.park is not None],
        "qualifications": list(QualificationKind),
        "fields": list(TechField),
        "sorts": SORT_LABELS,
        "export_cap": EXPORT_CAP,
    }
    template = "enterprise_rows.html" if is_htmx(request) else "enterprises.html"
    answer = render(request, template, context)
    if past_end:
        answer.headers["HX-Push-Url"] = f"/enterprises?{query.link()}"
    return answer


@router.get("/enterprises/export.xlsx")
def enterprise_export(
    request: Request, identity: Annotated[Identity, Depends(_readers)], query: Search
) -> Response:
    """Every page of the filter (up to ``EXPORT_CAP`` rows) through the one safe writer."""
    from techzone.io.output import write_table

    day = today(request)
    rows: list[list[Any]] = []
    with store_of(request).transaction() as session:
        page = 1
        while len(rows) < EXPORT_CAP:
            chunk = SearchQuery(**{**query.__dict__, "page": page, "page_size": MAX_PAGE_SIZE}).run(
                session, identity.scope, day
            )
            rows += [
                [
                    r.uscc,
                    r.name,
                    r.zone_name,
                    r.park_name,
                    r.registered_on,
                    r.industry_code,
                    r.tech_field_label,
                    "是" if r.above_scale else "否",
                ]
                for r in chunk.items
            ]
            if page >= chunk.pages:
                break
            page += 1

    def write(path: Path) -> None:
        write_table(
            path,
            "企业名单",
            EXPORT_HEADER,
            rows[:EXPORT_CAP],
            widths=[22, 36, 16, 16, 12, 10, 14, 8],
        )

    return workbook_download("企业名单.xlsx", write)


@router.get("/enterprises/{uscc}")
def enterprise_page(
    request: Request, identity: Annotated[Identity, Depends(_readers)], uscc: str
) -> Response:
    # The assessment, the next steps and the awards (nearly all of the dossier's work) arrive
    # after the page, each from its own route, so what the register holds is never held up.
    # Only reads, each seeing what was committed when it ran, as in a transaction at PostgreSQL's
    # READ COMMITTED: no BEGIN and COMMIT to wait for.
    with store_of(request).autocommit() as session:
        found = dossier_head(session, identity.scope, uscc, today(request))
    return render(
        request,
        "dossier.html",
        {"title": f"{found.identity.name}（一企一档）", "d": found},
    )


def _part(request: Request, template: str, part: str, name: str, **values: Any) -> Response:
    """One of the dossier's computed parts: a fragment for htmx, a page of its own otherwise."""
    return render(request, template, {"title": f"{name}（{part}）", "name": name, **values})


def _assess_many(asked: Sequence[tuple[Records, date]]) -> list[dict[str, Any] | Exception]:
    from techzone.rules.assess import assess_records_many

    return assess_records_many(rule_packs(), asked)


# One per worker process: the dossier assessments a worker is asked for at the same time are
# evaluated together, each as if alone (``rules.assess.assess_records_many``).
_ASSESSMENTS: Batcher[tuple[Records, date], dict[str, Any]] = Batcher(
    _assess_many, name="dossier-assessment"
)


def _calculate_many(
    asked: Sequence[tuple[Records, int, pl.DataFrame]],
) -> list[pl.DataFrame | Exception]:
    from techzone.awards.calculate import entitlements_many

    return entitlements_many(catalogue(), asked)


# Likewise the dossier's award calculations (``awards.calculate.entitlements_many``).
_CALCULATIONS: Batcher[tuple[Records, int, pl.DataFrame], pl.DataFrame] = Batcher(
    _calculate_many, name="dossier-awards"
)


@router.get("/enterprises/{uscc}/assessment")
def enterprise_assessment(
    request: Request, identity: Annotated[Identity, Depends(_readers)], uscc: str
) -> Response:
    with store_of(request).transaction() as session:
        found = dossier_assessment(
            session,
            identity.scope,
            uscc,
            today(request),
            packs=rule_packs(),
            assess=_ASSESSMENTS.answer,
        )
    return _part(
        request,
        "dossier_assessment.html",
        "资质评估",
        found.identity.name,
        assessment=found.assessment,
    )


@router.get("/enterprises/{uscc}/steps")
def enterprise_steps(
    request: Request, identity: Annotated[Identity, Depends(_readers)], uscc: str
) -> Response:
    with store_of(request).transaction() as session:
        found = dossier_steps(session, identity.scope, uscc, today(request), packs=rule_packs())
    return _part(
        request, "dossier_steps.html", "培育路径与计划", found.identity.name, steps=found.steps
    )


@router.get("/enterprises/{uscc}/awards")
def enterprise_awards(
    request: Request, identity: Annotated[Identity, Depends(_readers)], uscc: str
) -> Response:
    with store_of(request).transaction() as session:
        found = dossier_awards(
            session,
            identity.scope,
            uscc,
            today(request),
            catalogue=catalogue(),
            calculate=_CALCULATIONS.answer,
        )
    return _part(request, "dossier_awards.html", "奖补", found.identity.name, a=found)


@api.get(
    "/enterprises",
    summary="企业查询（筛选、排序、分页，仅限当前账号的范围）",
    response_model=Page[EnterpriseRow],
)
def enterprises_api(
    request: Request, identity: Annotated[Identity, Depends(_readers)], query: Search
) -> Page[EnterpriseRow]:
    # Only reads (see enterprise_page): no BEGIN and COMMIT to wait for.
    with store_of(request).autocommit() as session:
        return query.run(session, identity.scope, today(request))


@api.get("/enterprises/{uscc}", summary="一企一档", response_model=Dossier)
def enterprise_api(
    request: Request,
    identity: Annotated[Identity, Depends(_readers)],
    uscc: str,
    as_of: Annotated[date | None, Query(description="日期（默认今天）")] = None,
) -> Dossier:
    with store_of(request).transaction() as session:
        return dossier(
            session,
            identity.scope,
            uscc,
            as_of or today(request),
            packs=rule_packs(),
            catalogue=catalogue(),
        )
