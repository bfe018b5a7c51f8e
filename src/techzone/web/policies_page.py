"""政策清单: every policy clause with its text, parameters and their dated history, filtered by
payer or level, and one policy's page; the API twins. The same core as ``techzone policies``:
``awards.catalogue.Catalogue.listing`` and each policy's ``parameter_history``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.rules.policy import LEVEL_LABELS, PERIOD_LABELS, SUBJECT_LABELS
from techzone.web.api import API_V1
from techzone.web.auth import Identity, current_identity
from techzone.web.errors import NotFound
from techzone.web.policy_support import ERRORS, catalogue
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix=API_V1, tags=["政策清单"], responses=ERRORS)

Level = Literal["national", "province", "city", "district", "zone"]


class DatedValue(BaseModel):
    from_: str = Field(alias="from", description="生效日期")
    until: str | None = Field(description="被下一取值替代的日期（无则至今）")
    value: str = Field(description="取值（金额以万元计）")


class ParameterOut(BaseModel):
    name: str = Field(description="参数（规则包.参数名，改革方案用此名）")
    label: str = Field(description="参数名称")
    unit: str = Field(description="单位")
    cited: str = Field(description="出处")
    note: str | None = Field(description="说明")
    values: list[DatedValue] = Field(description="各时期取值")


class PolicyOut(BaseModel):
    id: str = Field(description="政策代码")
    title: str = Field(description="政策名称")
    document: str = Field(description="文件")
    cited: str = Field(description="出处（文件与条款）")
    clause_ref: str = Field(description="条款")
    clause_text: str = Field(description="条款原文")
    issuer: str = Field(description="发文单位")
    level: str = Field(description="政策层级")
    payer: str = Field(description="出资层级")
    category: str = Field(description="类别")
    kind: str = Field(description="类型（奖补、减免等）")
    amount_text: str = Field(description="金额（按文件原文）")
    effective_from: str = Field(description="起始日期")
    effective_to: str | None = Field(description="截止日期")
    jurisdiction: str = Field(description="适用范围")
    limit: dict[str, Any] | None = Field(description="上限：对象、期间、参数")
    stacking: dict[str, Any] | None = Field(description="叠加关系")
    review: str = Field(description="复核状态（approved 已复核，pending 待复核、不兑现）")
    parameters: list[ParameterOut] = Field(description="参数及其历史")


def _out(row: dict[str, Any]) -> PolicyOut:
    entry = catalogue().policies[row["id"]]
    return PolicyOut(
        id=row["id"],
        title=row["title"],
        document=row["document"],
        cited=row["cited"],
        clause_ref=row["clause"]["ref"],
        clause_text=row["clause"]["text"],
        issuer=row["issuer"],
        level=row["level"],
        payer=row["payer"],
        category=row["category"],
        kind=row["kind"],
        amount_text=row["amount"]["text"],
        effective_from=row["effective"]["from"],
        effective_to=row["effective"]["to"],
        jurisdiction=row["jurisdiction"],
        limit=row["limit"],
        stacking=row["stacking"],
        review=row["review"],
        parameters=[ParameterOut.model_validate(p) for p in entry.parameter_history()],
    )


def _listed(payer: Level | None, level: Level | None) -> list[PolicyOut]:
    return [_out(row) for row in catalogue().listing(payer=payer, level=level)]


def _one(policy_id: str) -> PolicyOut:
    found = catalogue().listing()
    row = next((r for r in found if r["id"] == policy_id), None)
    if row is None:
        raise NotFound("没有这项政策")
    return _out(row)


_Payer = Annotated[Level | None, Query(description="出资层级")]
_Level = Annotated[Level | None, Query(description="政策层级")]


@router.get("/policies")
def policies_page(
    request: Request,
    _: Annotated[Identity, Depends(current_identity)],
    payer: Annotated[str | None, Query(max_length=20)] = None,
    level: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    # An empty choice in the form means "all"; an unknown one is refused like the API's.
    chosen_payer = _level_or_none(payer, "出资层级")
    chosen_level = _level_or_none(level, "政策层级")
    context = {
        "title": "政策清单",
        "policies": _listed(chosen_payer, chosen_level),
        "levels": LEVEL_LABELS,
        "payer": chosen_payer or "",
        "level": chosen_level or "",
    }
    template = "policies_rows.html" if request.headers.get("HX-Request") else "policies.html"
    return render(request, template, context)


def _level_or_none(value: str | None, what: str) -> Level | None:
    from techzone.web.errors import Unprocessable

    if not value:
        return None
    if value not in LEVEL_LABELS:
        raise Unprocessable(f"{what}「{value}」无效", code="invalid_level")
    return value  # type: ignore[return-value]


@router.get("/policies/{policy_id}")
def policy_page(
    request: Request,
    _: Annotated[Identity, Depends(current_identity)],
    policy_id: str,
) -> Response:
    policy = _one(policy_id)
    return render(
        request,
        "policy.html",
        {
            "title": policy.title,
            "policy": policy,
            "subjects": SUBJECT_LABELS,
            "periods": PERIOD_LABELS,
        },
    )


@api_router.get("/policies", summary="政策清单（可按出资层级、政策层级筛选）")
def policies_api(
    _: Annotated[Identity, Depends(current_identity)],
    payer: _Payer = None,
    level: _Level = None,
) -> list[PolicyOut]:
    return _listed(payer, level)


@api_router.get("/policies/{policy_id}", summary="一项政策：条款、参数及其历史")
def policy_api(_: Annotated[Identity, Depends(current_identity)], policy_id: str) -> PolicyOut:
    return _one(policy_id)
