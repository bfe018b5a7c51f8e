"""审计: the audit log for administrators, a page at a time, and its export to .xlsx."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from techzone.access import Role
from techzone.accounts.audit_view import all_visible, visible_entries
from techzone.accounts.service import CHINA_TIME, as_utc
from techzone.model import AuditEntry
from techzone.rules.policy import LEVEL_LABELS
from techzone.web.auth import Identity, require_role, store_of
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50

# What officers read for the stable action codes; a code not listed is shown as it is stored.
ACTIONS = {
    "account.create": "创建账号",
    "account.register": "企业注册账号",
    "account.verify": "核准企业注册",
    "account.refuse": "不予核准企业注册",
    "application.advance": "推进申报阶段",
    "records.import": "导入数据",
    "records.change": "导入时修改记录",
    "account.disable": "停用账号",
    "account.enable": "启用账号",
    "account.reset_password": "重置密码",
    "account.lock": "账号锁定",
    "account.login": "登录",
    "account.login_failed": "登录失败",
    # 政策兑现 (fulfilment): a case's every change is ``case.<step>``.
    "case.matched": "匹配兑现案件",
    "case.deadline": "确定办理期限",
    "case.recomputed": "重新测算应享金额",
    "case.suspected_duplicate": "标记疑似重复录入",
    "case.confirmed": "企业确认兑现",
    "case.declined": "企业放弃兑现",
    "case.material": "上传申报材料",
    "case.step_approved": "审核步骤通过",
    "case.approved": "审核通过",
    "case.returned": "退回补充材料",
    "case.rejected": "不予支持",
    "case.held": "案件暂缓",
    "case.owed_back": "提示同一奖补资金待追回",
    "case.released": "解除暂缓",
    "case.withdrawn": "应享撤销",
    "case.publicised": "列入公示",
    "case.objection": "登记公示异议",
    "case.objection_upheld": "公示异议成立",
    "case.objection_dismissed": "公示异议不成立",
    "case.notice_closed": "公示期满转支付",
    "case.batched": "列入支付批次",
    "case.paid": "登记支付",
    "case.unbatched": "撤出支付批次",
    "case.recovery": "启动追回",
    "case.repayment": "登记追回款项",
    "case.overpaid": "登记重新测算调低后的超额支付",
    "case.follow_up": "补拨未付余额",
    "case.paid_rest": "登记补拨支付",
    "case.rest_closed": "未付余额不再拨付",
    "calendar.set": "修改本区培育日历日期",
    "calendar.reset": "恢复培育日历默认日期",
    "case.recovered": "追回完毕",
    "notice.publish": "发布公示",
    "notice.close": "结束公示",
    "batch.export": "导出支付批次",
    "pool.set": "设置资金池预算",
    "holidays.record": "录入节假日安排",
    "holidays.remove": "删除节假日安排",
}
ENTITIES = {
    "account": "账号",
    "holiday_arrangement": "节假日安排",
    "application": "申报",
    "file": "导入文件",
    "calendar": "培育日历（高新区|年度|事项）",
}

_admins = require_role(Role.PROVINCE, Role.ZONE)

HEADER = (
    "时间（北京时间）",
    "操作人",
    "角色",
    "来源",
    "操作",
    "对象",
    "标识",
    "变更前",
    "变更后",
    "原因",
)


# What officers read for the fields an entry's before/after holds; others show their stored key.
FIELDS = {
    "username": "用户名",
    "role": "角色",
    "province": "省份",
    "zone": "高新区",
    "park": "园区",
    "uscc": "统一社会信用代码",
    "unit": "责任单位",
    "disabled": "已停用",
    "locked_until": "锁定至",
    "address": "登录地址",
    # An application's status change (cultivation.applications).
    "status": "状态",
    "batch": "批次",
    "changed_on": "变更日期",
    "reason": "原因",
    # A zone's own calendar date (cultivation.calendar).
    "on": "日期",
    "set_by": "修改人",
    # A case paid short (fulfilment.payments): the rest still owed and its follow-up.
    "unpaid": "未付余额",
    "topup": "补拨金额",
    "topups": "补拨案件",
    # A case as fulfilment snapshots it (fulfilment.cases.snapshot).
    "state": "办理状态",
    "step": "审核步骤",
    "amount": "核定金额",
    "amount_min": "应享最低",
    "amount_max": "应享最高",
    "hold_reason": "暂缓原因",
    # Batches, notices and fund pools.
    "cases": "案件",
    "total": "合计",
    "payer": "出资层级",
    "closes_on": "公示截止日",
    "working_days": "公示期（工作日）",
    "contact": "异议联系方式",
    "to_pay": "转为待支付的案件",
    "budget": "预算",
    "committed": "已承诺",
    "warn_percent": "预警比例（%）",
    "verification": "核验状态",
    # A workbook's import, per sheet.
    "rows": "行数",
    "changes": "变更",
}
_VERIFICATION = {"pending": "待审核", "refused": "未通过"}
_ROLE_LABELS = {role.value: role.label for role in Role}


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "role" and isinstance(value, str):
        return _ROLE_LABELS.get(value, value)
    if key == "status" and isinstance(value, str):
        from techzone.glossary import label

        return label(value)
    if key == "state" and isinstance(value, str):
        from techzone.fulfilment.states import State

        return State(value).label if value in State._value2member_map_ else value
    if key == "payer" and isinstance(value, str):
        return LEVEL_LABELS.get(value, value)
    if key == "verification" and isinstance(value, str):
        return _VERIFICATION.get(value, value)
    if isinstance(value, dict):
        # Nested (a workbook's sheets): each field in officers' words too.
        return "（" + _values(value) + "）"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _values(values: dict[str, Any] | None) -> str:
    """「用户名：wang；角色：园区专员」: the fields that have a value, in officers' words."""
    if values is None:
        return ""
    return "；".join(
        f"{FIELDS.get(key, key)}：{_value(key, value)}"
        for key, value in values.items()
        if value is not None
    )


def _key(entry: AuditEntry) -> str:
    """The record's key in officers' words: a fund pool's (``政策|年度|出资层级|出资方``) or an
    entitlement's names its policy by title and its payer by level, never by their codes."""
    from techzone.fulfilment.worklist import policy_title

    parts = (entry.entity_key or "").split("|")
    return "｜".join(LEVEL_LABELS.get(part) or policy_title(part) for part in parts)


def _row(entry: AuditEntry) -> list[str]:
    return [
        as_utc(entry.at).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S"),
        entry.actor,
        _ROLE_LABELS.get(entry.role or "", entry.role or ""),
        entry.source,
        ACTIONS.get(entry.action, entry.action),
        ENTITIES.get(entry.entity, entry.entity),
        _key(entry),
        _values(entry.before),
        _values(entry.after),
        entry.reason or "",
    ]


@router.get("/audit")
def audit_list(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    with store_of(request).transaction() as session:
        found = visible_entries(
            session, identity.scope, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
        )
        rows = [_row(entry) for entry in found[:PAGE_SIZE]]
    context = {
        "title": "审计日志",
        "header": HEADER,
        "rows": rows,
        "page": page,
        "has_next": len(found) > PAGE_SIZE,
    }
    template = "audit_rows.html" if request.headers.get("HX-Request") else "audit.html"
    return render(request, template, context)


@router.get("/audit/export.xlsx")
def audit_export(request: Request, identity: Annotated[Identity, Depends(_admins)]) -> Response:
    from techzone.io.output import write_table

    folder = Path(tempfile.mkdtemp(prefix="techzone-audit-"))
    path = folder / "审计日志.xlsx"
    with store_of(request).transaction() as session:
        write_table(
            path,
            "审计日志",
            HEADER,
            (_row(entry) for entry in all_visible(session, identity.scope)),
            widths=[20, 16, 14, 16, 12, 8, 24, 40, 40, 24],
        )
    return FileResponse(
        path,
        filename="审计日志.xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    for item in folder.iterdir():
        item.unlink(missing_ok=True)
    folder.rmdir()
