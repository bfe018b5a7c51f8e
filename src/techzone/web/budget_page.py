"""预算 and 政策调整测算: the year's award budget (by policy, payer, park, industry, with next
year's forecast) and reforms — parameters edited as a reform, run beside the baseline, the cost
difference by park, industry and size; the API twins. The same core calls as ``techzone budget``
and ``techzone reform`` (``awards.budget.budget``, ``awards.reform.reform_from_json`` and
``compare``), over the caller's scope; the workbooks through ``awards.workbook``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.access import Role
from techzone.glossary import money
from techzone.io.fields import half_width
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, settings_of, store_of
from techzone.web.errors import Unprocessable
from techzone.web.policy_support import ERRORS, MEDIA, catalogue, checked_year, packs, streamed
from techzone.web.templating import render

if TYPE_CHECKING:
    import polars as pl

    from techzone.awards.budget import Budget
    from techzone.awards.calculate import Settings
    from techzone.awards.reform import Comparison
    from techzone.rules.frame import Records

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix=API_V1, tags=["预算与政策调整测算"], responses=ERRORS)

_admins = require_role(Role.PROVINCE, Role.ZONE)
_Share = Annotated[float, Query(ge=0, le=1, description="上限类奖补按上限的多少列入规划（0–1）")]
_Probability = Annotated[
    float, Query(ge=0, le=1, description="候选企业次年获认定的假设概率（0–1）")
]
_Year = Annotated[int | None, Query(ge=1900, le=9999, description="年度（默认上一年）")]
REFORM_ROWS = 3
# "（baiyin_policy_list.standard_cap）" after a parameter's name in the core's refusals.
DIMENSIONS = {"policy": "按政策", "payer": "按出资层级", "park": "按园区", "industry": "按技术领域"}
REFORM_DIMENSIONS = {"park": "按园区", "industry": "按技术领域", "size": "按规模"}


class TotalOut(BaseModel):
    name: str = Field(description="政策、出资层级、园区或领域")
    entitlements: int = Field(description="笔数")
    planned: int = Field(description="规划金额（分）")
    minimum: int = Field(description="下限合计（分）")
    maximum: int | None = Field(description="上限合计（分；不少于类无上限时为空）")
    pending: int = Field(description="因缺数据待定（分）")
    without_amount: int = Field(description="未定额笔数")
    planned_text: str = Field(description="规划金额（万元）")


class BudgetOut(BaseModel):
    year: int
    total: int = Field(description="规划合计（分）")
    total_text: str = Field(description="规划合计（万元）")
    assumption: str = Field(description="假设")
    forecast: str | None = Field(description="次年预测")
    by: dict[str, list[TotalOut]] = Field(
        description="按政策 policy、出资层级 payer、园区 park、领域 industry"
    )
    zone_awards: list[ZoneAwardOut] = Field(
        default_factory=list,
        description=(
            "高新区奖励（新获批国家高新区等）：本年度应拨付的（含上年度获批、下年度拨付的）"
            "及本年度获批、以后年度拨付的，另列出资与拨付时间，不计入合计"
        ),
    )
    zones_due: str | None = Field(
        None, description="本年度应拨付高新区奖励的笔数与下限合计（以后年度拨付的不计入）"
    )


class ZoneAwardOut(BaseModel):
    zone: str = Field(description="高新区")
    title: str = Field(description="政策")
    date: str = Field(description="事件日期")
    amount: str = Field(description="金额（如“不少于5,000.00万元”）")
    payer: str = Field(description="出资层级")
    window: str | None = Field(description="拨付时间（政策原文，如下年度）")
    approved_in: int = Field(description="获批年度（事件所在年度）")
    paid_in: int = Field(description="拨付年度：列入该年度预算")
    paid: str = Field(description="拨付（如“2025年拨付（2024年获批，下年度）”）")
    cited: str = Field(description="依据")
    pending: bool = Field(description="条件待定")


class DifferenceOut(BaseModel):
    name: str
    baseline: int = Field(description="基线（分）")
    reform: int = Field(description="改革后（分）")
    difference: int = Field(description="差额（分）")
    baseline_text: str
    reform_text: str
    difference_text: str


class ReformIn(BaseModel):
    """The same reform format ``techzone reform`` reads from a JSON file."""

    name: str | None = Field(None, max_length=200, description="方案名称")
    parameters: dict[str, Any] = Field(
        description='{"<规则包>.<参数>": {"生效日期": 取值}}，参数名见政策清单'
    )


class ReformOut(BaseModel):
    name: str
    year: int
    changes: list[str] = Field(description="改动（参数、生效日期、新值）")
    baseline: int = Field(description="基线合计（分）")
    reform: int = Field(description="改革后合计（分）")
    difference: int = Field(description="差额（分）")
    summary: str = Field(description="合计（万元）")
    capped: tuple[int, int] = Field(description="因上限核减的应享：基线、改革后")
    by: dict[str, list[DifferenceOut]] = Field(description="按园区 park、领域 industry、规模 size")
    affected: list[DifferenceOut] = Field(description="受影响企业（名称、差额）")


def _default_year(request: Request, year: int | None) -> int:
    return checked_year(year if year is not None else settings_of(request).clock().year - 1)


def _records(request: Request, identity: Identity) -> tuple[Records, pl.DataFrame]:
    from techzone.awards import ledger
    from techzone.rules.records import read_records

    with store_of(request).transaction() as session:
        records = read_records(session, scope=identity.scope)
        return records, ledger.recorded(session)


def _settings(share: float) -> Settings:
    from techzone.awards.calculate import Settings

    return Settings(share)


def _budget(
    request: Request, identity: Identity, year: int, share: float, probability: float
) -> Budget:
    from dataclasses import replace

    from techzone.awards.budget import budget

    records, held = _records(request, identity)
    found = budget(
        catalogue(), packs(), records, year, _settings(share), probability, recorded=held
    )
    return replace(found, zones=_zones_owed(request, identity, year, share))


def _zones_owed(
    request: Request, identity: Identity, year: int, share: float
) -> tuple[dict[str, Any], ...]:
    """What the zones in scope are owed for their own events (甘肃 措施1、2), as `budget` lists."""
    from techzone.awards.budget import zones_owed
    from techzone.awards.zone_awards import read_zone_events

    with store_of(request).transaction() as session:
        events = read_zone_events(session, scope=identity.scope)
    return zones_owed(catalogue(), events, year, _settings(share))


def _budget_out(result: Budget) -> BudgetOut:
    from techzone.awards.budget import zones_due

    by = {}
    for key in DIMENSIONS:
        frame = result.by[key]
        by[key] = [
            TotalOut(
                name=str(row[frame.columns[0]]),
                entitlements=row["entitlements"],
                planned=row["planned"] or 0,
                minimum=row["minimum"] or 0,
                maximum=row["maximum"],
                pending=row["pending"] or 0,
                without_amount=row["without_amount"],
                planned_text=money(row["planned"] or 0),
            )
            for row in frame.iter_rows(named=True)
        ]
    forecast = result.forecast
    return BudgetOut(
        year=result.year,
        total=result.total,
        total_text=money(result.total),
        assumption=result.settings.describe(),
        forecast=f"{forecast.describe()}：预计 {money(forecast.expected)}" if forecast else None,
        by=by,
        zone_awards=[
            ZoneAwardOut(
                zone=item["zone"],
                title=item["title"],
                date=str(item["date"]),
                amount=item["amount"]["text"],
                payer=item["payer"],
                window=item["window"],
                approved_in=item["approved_in"],
                paid_in=item["paid_in"],
                paid=item["paid"],
                cited=item["cited"],
                pending=item["status"] != "eligible",
            )
            for item in result.zones
        ],
        zones_due=zones_due(result.zones, result.year).describe() if result.zones else None,
    )


def _reform(request: Request, identity: Identity, data: Any, year: int, share: float) -> Comparison:
    from techzone.awards.reform import ReformRejected, compare, reform_from_json

    try:
        change = reform_from_json(data, catalogue())
    except ReformRejected as error:
        # People read each refusal by the parameter's name (the form chose it so); a program
        # that sent the patch finds the key it wrote in ``fields``.
        said = "；".join(refusal.said for refusal in error.refusals)
        fields = [
            {
                "field": f"parameters.{refusal.key}" if refusal.key else "parameters",
                "parameter": refusal.key,
                "label": refusal.label,
                "message": refusal.reason,
            }
            for refusal in error.refusals
        ]
        raise Unprocessable(said, code="reform_rejected", fields=fields) from error
    records, held = _records(request, identity)
    return compare(catalogue(), records, year, change, _settings(share), held)


def _difference(name: object, base: int, new: int) -> DifferenceOut:
    return DifferenceOut(
        name=str(name),
        baseline=base,
        reform=new,
        difference=new - base,
        baseline_text=money(base),
        reform_text=money(new),
        difference_text=money(new - base),
    )


def _reform_out(comparison: Comparison) -> ReformOut:
    baseline, reformed = comparison.totals
    by = {
        key: [
            _difference(row[key], row["baseline"], row["reform"])
            for row in comparison.by[key].iter_rows(named=True)
        ]
        for key in REFORM_DIMENSIONS
    }
    return ReformOut(
        name=comparison.reform.name,
        year=comparison.year,
        changes=comparison.reform.describe(),
        baseline=baseline,
        reform=reformed,
        difference=reformed - baseline,
        summary=(
            f"基线 {money(baseline)} → 改革后 {money(reformed)}，差额 {money(reformed - baseline)}"
        ),
        capped=comparison.capped,
        by=by,
        affected=[
            _difference(f"{row['enterprise']}（{row['uscc']}）", row["baseline"], row["reform"])
            for row in comparison.gainers.iter_rows(named=True)
        ],
    )


def _as_typed(value: Any, unit: str | None) -> str:
    """A parameter's current value in the unit the form reads its new value in: 元 (not the
    万元 tables show) and a ratio as a decimal, so the number beside the field is the one to
    change — 「现行 20.00万元」 invited 20 for 20万元, and 「现行 10%」 20 for 20%."""
    from decimal import Decimal

    from techzone.awards.catalogue import shown_value

    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
        if unit == "yuan":
            return f"{number.normalize():,f}元"
        if unit == "ratio":
            return f"{number.normalize():f}，即{shown_value(value, unit)}"
    return shown_value(value, unit)


def _choices() -> list[tuple[str, str]]:
    """The parameters a reform may change, as (reform name, what an officer reads)."""
    from techzone.awards.catalogue import UNIT_LABELS
    from techzone.awards.reform import reformable

    today = date.today()
    found = []
    for key, parameter in reformable(catalogue()).items():
        current = parameter.at(today)
        now = f"，现行 {_as_typed(current[1], parameter.unit)}" if current else ""
        unit = UNIT_LABELS.get(parameter.unit or "", "")
        found.append(
            (key, f"{parameter.label}（{unit}{now}）" if unit else f"{parameter.label}{now}")
        )
    return sorted(found, key=lambda item: item[1])


@router.get("/budget")
def budget_page(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    year: _Year = None,
    planning_share: _Share = 1.0,
    probability: _Probability = 0.5,
) -> Response:
    chosen = _default_year(request, year)
    result = _budget_out(_budget(request, identity, chosen, planning_share, probability))
    return render(
        request,
        "budget.html",
        {
            "title": "预算",
            "year": chosen,
            "share": planning_share,
            "probability": probability,
            "budget": result,
            "dimensions": DIMENSIONS,
            "choices": _choices(),
            "rows": range(REFORM_ROWS),
        },
    )


@router.get("/budget/download")
def budget_download(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    year: _Year = None,
    planning_share: _Share = 1.0,
    probability: _Probability = 0.5,
) -> Response:
    from techzone.awards.workbook import write_budget

    chosen = _default_year(request, year)
    result = _budget(request, identity, chosen, planning_share, probability)
    return streamed(f"奖补预算-{chosen}.xlsx", lambda path: write_budget(result, path))


def _form_patch(
    name: str, parameters: list[str], effective: list[str], values: list[str]
) -> dict[str, Any]:
    """The form's rows as the reform JSON ``techzone reform`` reads: each value as JSON where it
    is JSON (a number, a table), else the text as typed, for the core to refuse in Chinese."""
    import json

    patch: dict[str, dict[str, Any]] = {}
    unchosen = []
    for row, (key, day, typed) in enumerate(
        zip(parameters, effective, values, strict=False), start=1
    ):
        # Digits typed with a Chinese input method are full width (３００００).
        text = half_width(typed).strip()
        if not key and not text:
            continue
        if not key:
            unchosen.append(f"第{row}项：请选择要调整的参数（填了新值，参数仍为「不改」）")
            continue
        try:
            value: Any = json.loads(text)
        except (ValueError, RecursionError):
            value = text
        patch.setdefault(key, {})[day] = value
    if unchosen:
        raise Unprocessable("；".join(unchosen), code="reform_rejected")
    return {"name": name.strip() or "改革方案", "parameters": patch}


@router.post("/budget/reform")
def reform_page(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    year: Annotated[int, Form(ge=1900, le=9999)],
    name: Annotated[str, Form(max_length=200)] = "",
    parameter: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006
    effective: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006
    value: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006
    planning_share: Annotated[float, Form(ge=0, le=1)] = 1.0,
    output: Annotated[Literal["page", "xlsx"], Form()] = "page",
) -> Response:
    from techzone.awards.workbook import write_reform

    chosen = checked_year(year)
    try:
        data = _form_patch(name, parameter, effective, value)
        comparison = _reform(request, identity, data, chosen, planning_share)
    except Unprocessable as error:
        if output == "xlsx" or not request.headers.get("HX-Request"):
            raise
        # The refusal is the fragment, said in the page (static/htmx_errors.js swaps a 4xx).
        return render(request, "reform_result.html", {"refused": error.message}, status=422)
    if output == "xlsx":
        return streamed(f"政策调整测算-{chosen}.xlsx", lambda path: write_reform(comparison, path))
    context = {"result": _reform_out(comparison), "refused": None, "labels": REFORM_DIMENSIONS}
    if request.headers.get("HX-Request"):
        return render(request, "reform_result.html", context)
    return render(request, "reform.html", {"title": "政策调整测算", **context})


@api_router.get(
    "/budget",
    summary="奖补预算：按政策、出资层级、园区、领域，及次年预测（format=xlsx 下载工作簿）",
    response_model=BudgetOut,
    responses={200: {"content": {MEDIA["xlsx"]: {}}}},
)
def budget_api(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    year: _Year = None,
    planning_share: _Share = 1.0,
    probability: _Probability = 0.5,
    format: Annotated[Literal["json", "xlsx"], Query(description="输出格式")] = "json",
) -> Response | BudgetOut:
    if format == "xlsx":
        return budget_download(request, identity, year, planning_share, probability)
    chosen = _default_year(request, year)
    return _budget_out(_budget(request, identity, chosen, planning_share, probability))


@api_router.post(
    "/reform",
    summary="政策调整测算：改革方案与基线对比",
    response_model=ReformOut,
    responses={200: {"content": {MEDIA["xlsx"]: {}}}},
)
def reform_api(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    patch: ReformIn,
    year: _Year = None,
    planning_share: _Share = 1.0,
    format: Annotated[Literal["json", "xlsx"], Query(description="输出格式")] = "json",
) -> Response | ReformOut:
    from techzone.awards.workbook import write_reform

    chosen = _default_year(request, year)
    comparison = _reform(request, identity, patch.model_dump(), chosen, planning_share)
    if format == "xlsx":
        return streamed(f"政策调整测算-{chosen}.xlsx", lambda path: write_reform(comparison, path))
    return _reform_out(comparison)
