"""首页: the dashboard of the caller's scope (``registry.dashboard``), its targets loaded apart.

The figures come at once; the zones' targets (seconds for a large zone: four years of records)
arrive in an htmx fragment, so the page is never held up by them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from techzone.registry.dashboard import Dashboard, ZoneTargets, dashboard, zone_targets
from techzone.web.api import API_V1
from techzone.web.auth import Identity, current_identity, store_of
from techzone.web.support import today
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix=API_V1, tags=["首页"])

LEVELS = {
    "register": "全部高新区",
    "province": "全省各高新区",
    "zone": "本高新区各园区",
    "park": "本园区",
    "enterprise": "本企业所在园区",
    "unit": "本单位承办的申报",
}


def _area_names(board: Dashboard) -> dict[str, str]:
    return {
        (a.zone if a.park is None else f"{a.zone}/{a.park}"): (a.park_name or a.zone_name)
        for a in board.areas
    }


def _charts(board: Dashboard) -> dict[str, Any]:
    """What the page's charts draw (static/dashboard.js), from the figures as they are."""
    batches = sorted({a.batch for a in board.applications}, key=lambda b: (b is None, b or 0))
    statuses = list(dict.fromkeys(a.status_label for a in board.applications))
    counts = {(a.batch, a.status_label): a.count for a in board.applications}
    return {
        "funnel": {
            "title": "梯度培育漏斗（持有有效资格的企业数）",
            "labels": [step.label for step in board.funnel],
            "values": [step.total for step in board.funnel],
        },
        "expiring": {
            "title": "即将到期的资格证书",
            "labels": [f"{w.days}天内" for w in board.expiring],
            "values": [w.total for w in board.expiring],
        },
        "awards": {
            "title": f"{board.as_of.year}年应兑现奖励（按出资层级，万元）",
            "labels": [p.payer for p in board.awards],
            "series": [
                {"name": "已列入计划", "values": [str(p.planned / 10000) for p in board.awards]},
                {"name": "已拨付", "values": [str(p.paid / 10000) for p in board.awards]},
            ],
        },
        "applications": {
            "title": f"{board.as_of.year}年申报（按批次与状态）",
            "labels": ["未分批" if b is None else f"第{b}批" for b in batches],
            "series": [
                {"name": status, "values": [counts.get((b, status), 0) for b in batches]}
                for status in statuses
            ],
        },
    }


@router.get("/")
def home(request: Request, identity: Annotated[Identity, Depends(current_identity)]) -> Response:
    day = today(request)
    with store_of(request).transaction() as session:
        board = dashboard(session, identity.scope, day, targets=False)
    return render(
        request,
        "dashboard.html",
        {
            "title": "首页",
            "board": board,
            "level": LEVELS.get(board.level, board.level),
            "areas": _area_names(board),
            "charts": _charts(board),
            "with_targets": board.level in ("register", "province", "zone"),
        },
    )


def _target_charts(zones: list[ZoneTargets]) -> list[dict[str, Any]]:
    charts = []
    for zone in zones:
        for target in zone.targets:
            if not target.history:
                continue  # nothing to draw; the table says the value is unknown
            years = sorted(target.history)
            charts.append(
                {
                    "id": f"target-{zone.zone}-{target.id}",
                    "title": f"{zone.zone_name}：{target.label}（{target.wanted}，{target.when}）",
                    "years": [str(y) for y in years],
                    "values": [target.history[y] for y in years],
                    "projection": None
                    if target.projection_year is None
                    else {
                        "year": str(target.projection_year),
                        "low": target.projection_low,
                        "high": target.projection_high,
                    },
                }
            )
    return charts


@router.get("/dashboard/targets")
def targets_fragment(
    request: Request, identity: Annotated[Identity, Depends(current_identity)]
) -> Response:
    """The targets' fragment (htmx); a visit without htmx gets the same fragment on a page."""
    with store_of(request).transaction() as session:
        zones = zone_targets(session, identity.scope, today(request))
    return render(
        request,
        "dashboard_targets.html",
        {"title": "目标进度", "zones": zones, "charts": _target_charts(zones)},
    )


@api.get("/dashboard", summary="首页统计（按当前账号的范围）", response_model=Dashboard)
def dashboard_api(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    as_of: Annotated[date | None, Query(description="统计日期（默认今天）")] = None,
    targets: Annotated[bool, Query(description="是否计算目标进度（大的高新区需数秒）")] = True,
) -> Dashboard:
    with store_of(request).transaction() as session:
        return dashboard(session, identity.scope, as_of or today(request), targets=targets)
