"""园区: zone indicators, targets and progress, the annual evaluation with its consequences and the
local choices it rests on; the API twins. The same core calls as ``techzone zones indicators``,
``zones targets`` and ``zones evaluate``, each with the caller's scope: a 省级管理员 sees the
zones of the province, a 高新区管理员 the own zone (another zone is "not found")."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from techzone.access import Role
from techzone.glossary import officer_text
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, settings_of, store_of
from techzone.web.errors import NotFound
from techzone.web.policy_support import ERRORS, checked_year
from techzone.web.templating import render

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from techzone.zones.indicators import ZoneIndicators

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix=API_V1, tags=["园区"], responses=ERRORS)

# Zone-wide figures: a park officer's, a department's or an enterprise's scope reaches no zone.
_admins = require_role(Role.PROVINCE, Role.ZONE)
_Year = Annotated[int | None, Query(ge=1900, le=9999, description="年度（默认上一年）")]


class IndicatorOut(BaseModel):
    code: str = Field(description="指标代码")
    label: str = Field(description="指标")
    value: float | None = Field(description="值（无数据为空）")
    unit: str = Field(description="单位")
    source: str = Field(description="来源：企业数据计算，或谁何时录入")
    cited: str = Field(description="依据")
    goal: str = Field("—", description="文件对本区此项的要求及是否达到（—：无此要求）")
    goal_met: bool | None = Field(None, description="是否达到文件要求（未知或无要求时为空）")


class ZoneIndicatorsOut(BaseModel):
    zone_code: str = Field(description="高新区代码")
    zone_name: str = Field(description="高新区")
    year: int = Field(description="年度")
    indicators: list[IndicatorOut]


class TargetOut(BaseModel):
    label: str = Field(description="目标")
    wanted: str = Field(description="要求")
    actual: float | None = Field(description="现值")
    basis: str | None = Field(description="取值来源")
    progress: float | None = Field(description="完成度（%）")
    band: tuple[float, float] | None = Field(description="到目标年的预测区间")
    status: str = Field(description="状态")
    cited: str = Field(description="依据")


class ZoneOut(ZoneIndicatorsOut):
    targets: list[TargetOut] = Field(description="目标进度与预测")
    findings: list[str] = Field(description="需要注意的情况（如主导产业数目）")


class ZonesOut(BaseModel):
    year: int
    zones: list[ZoneIndicatorsOut]
    findings: list[str] = Field(description="需要注意的情况")


class RankedOut(BaseModel):
    rank: int = Field(description="名次")
    ranked: int = Field(description="参评高新区数")
    zone_code: str
    zone_name: str
    composite: float = Field(description="综合得分")
    bonus: float = Field(description="其中加分")
    missing: list[str] = Field(description="缺少数据的指标")


class ConsequenceOut(BaseModel):
    zone_code: str
    zone_name: str
    outcome: str = Field(description="后果（奖励、通报约谈、取消资格等）")
    label: str = Field(description="规则")
    reason: str = Field(description="原因")
    clause: str = Field(description="依据")
    rests_on: list[str] = Field(description="该后果依据的参数（文件规定或本地选择）")


class SchemeOut(BaseModel):
    title: str = Field(description="评价办法")
    ranking: list[RankedOut]
    consequences: list[ConsequenceOut]
    basis: list[str] = Field(description="本评价依据的方法和参数（文件规定或本地选择）")
    notes: list[str] = Field(
        default_factory=list,
        description="需要核实的情况：缺少录入值、无法判断的规则；录入与导入不一致的排名",
    )


class EvaluationOut(BaseModel):
    year: int
    schemes: list[SchemeOut]
    findings: list[str]


def _year(request: Request, year: int | None) -> int:
    return checked_year(year if year is not None else settings_of(request).clock().year - 1)


def _indicators(row: ZoneIndicators) -> ZoneIndicatorsOut:
    from techzone.zones.catalogue import indicators as catalogue
    from techzone.zones.indicators import goal_text

    names = catalogue()
    listed = []
    for code, value in row.values.items():
        entry = row.entries.get(code)
        item = names[code]
        source = entry.said if entry else "企业数据计算"
        listed.append(
            IndicatorOut(
                code=code,
                label=item.label,
                value=value,
                unit=item.unit,
                source=source,
                cited=officer_text(item.clause.ref),
                goal=goal_text(row.goals.get(code)),
                goal_met=row.goals[code][1] if code in row.goals else None,
            )
        )
    return ZoneIndicatorsOut(
        zone_code=row.zone, zone_name=row.zone_name, year=row.year, indicators=listed
    )


def _zones(request: Request, identity: Identity, year: int) -> ZonesOut:
    from techzone.zones.indicators import zone_indicators
    from techzone.zones.lead_industries import stored_findings

    with store_of(request).transaction() as session:
        rows = zone_indicators(session, [year], scope=identity.scope)
        findings = stored_findings(session, [row.zone for row in rows])
    return ZonesOut(year=year, zones=[_indicators(row) for row in rows], findings=findings)


def _targets(
    session: Session, identity: Identity, zone_code: str, year: int, today: date
) -> list[TargetOut]:
    from techzone.zones.progress import target_status

    found = target_status(session, year, zone_code, scope=identity.scope, today=today)
    return [
        TargetOut(
            label=item.target.label,
            wanted=f"{item.target.when}{item.target.wanted}",
            actual=item.actual,
            basis=item.value.basis if item.value else None,
            progress=item.progress,
            band=item.projection.band if item.projection else None,
            status=item.status.label,
            cited=officer_text(item.target.clause.ref),
        )
        for item in found
    ]


def _zone(request: Request, identity: Identity, zone_code: str, year: int) -> ZoneOut:
    from techzone.rules.records import UnknownZone
    from techzone.zones.indicators import zone_indicators
    from techzone.zones.lead_industries import stored_findings

    if not zone_code.isprintable() or len(zone_code) > 40:
        # No zone code holds a control character (PostgreSQL refuses a NUL in a query).
        raise NotFound("没有这个高新区，或不在您的查看范围内")
    with store_of(request).transaction() as session:
        try:
            rows = zone_indicators(session, [year], zone_code, scope=identity.scope)
            today = settings_of(request).clock().date()
            targets = _targets(session, identity, zone_code, year, today)
        except UnknownZone as error:
            raise NotFound("没有这个高新区，或不在您的查看范围内") from error
        findings = stored_findings(session, [zone_code])
    (row,) = rows
    return ZoneOut(**_indicators(row).model_dump(), targets=targets, findings=findings)


def _evaluation(request: Request, identity: Identity, year: int) -> EvaluationOut:
    from techzone.rules.records import zone_names
    from techzone.zones.basis import rule_basis, scheme_basis
    from techzone.zones.catalogue import indicators as catalogue
    from techzone.zones.evaluation import annual_evaluation
    from techzone.zones.lead_industries import stored_findings
    from techzone.zones.workbook import OUTCOMES

    with store_of(request).transaction() as session:
        found = annual_evaluation(session, year, scope=identity.scope)
        names = zone_names(session)
        findings = stored_findings(session, [row.zone for row in found.indicators])
    labels, day = catalogue(), date(year, 12, 31)
    return EvaluationOut(
        year=year,
        findings=findings,
        schemes=[
            SchemeOut(
                title=result.scheme.title,
                ranking=[
                    RankedOut(
                        rank=row.rank,
                        ranked=row.ranked,
                        zone_code=row.zone,
                        zone_name=row.zone_name,
                        composite=round(row.composite, 2),
                        bonus=row.bonus,
                        missing=[labels[code].label for code in row.missing],
                    )
                    for row in result.ranking
                ],
                consequences=[
                    ConsequenceOut(
                        zone_code=c.zone,
                        zone_name=names.get(c.zone, c.zone),
                        outcome=OUTCOMES[c.outcome],
                        label=c.label,
                        reason=officer_text(c.reason),
                        clause=officer_text(c.clause),
                        rests_on=[
                            officer_text(choice.line)
                            for choice in rule_basis(result.scheme, c.rule, day)
                        ],
                    )
                    for c in result.consequences
                ],
                basis=[
                    officer_text(choice.line) for choice in scheme_basis(result.scheme, day, names)
                ],
                notes=[
                    f"{names.get(zone, zone)}{officer_text(note)}"
                    for zone, notes in result.notes.items()
                    for note in notes
                ],
            )
            for result in found.results
        ],
    )


@router.get("/zones")
def zones_page(
    request: Request, identity: Annotated[Identity, Depends(_admins)], year: _Year = None
) -> Response:
    chosen = _year(request, year)
    found = _zones(request, identity, chosen)
    return render(request, "zones.html", {"title": "园区", "year": chosen, "found": found})


@router.get("/zones/evaluation")
def evaluation_page(
    request: Request, identity: Annotated[Identity, Depends(_admins)], year: _Year = None
) -> Response:
    chosen = _year(request, year)
    found = _evaluation(request, identity, chosen)
    return render(
        request, "zones_evaluation.html", {"title": "年度评价", "year": chosen, "found": found}
    )


@router.get("/zones/{zone_code}")
def zone_page(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    zone_code: str,
    year: _Year = None,
) -> Response:
    chosen = _year(request, year)
    zone = _zone(request, identity, zone_code, chosen)
    return render(request, "zone.html", {"title": zone.zone_name, "year": chosen, "zone": zone})


@api_router.get("/zones", summary="可见的高新区及其年度指标")
def zones_api(
    request: Request, identity: Annotated[Identity, Depends(_admins)], year: _Year = None
) -> ZonesOut:
    return _zones(request, identity, _year(request, year))


@api_router.get("/zones/evaluation", summary="年度评价：排名、后果及其依据")
def evaluation_api(
    request: Request, identity: Annotated[Identity, Depends(_admins)], year: _Year = None
) -> EvaluationOut:
    return _evaluation(request, identity, _year(request, year))


@api_router.get("/zones/{zone_code}/indicators", summary="一个高新区的指标、目标进度与预测")
def zone_api(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    zone_code: str,
    year: _Year = None,
) -> ZoneOut:
    return _zone(request, identity, zone_code, _year(request, year))
