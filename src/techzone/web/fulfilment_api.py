"""/api/v1 for policy fulfilment: the same core calls as the pages, JSON in and out.

A refusal of the core is 422 ``{"error": {"code": "refused", "message": …}}``; an action the case
is not at (or not the caller's role's) is 409 ``conflict``; a case outside the scope is 404.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from techzone.access import Role
from techzone.fulfilment import worklist
from techzone.fulfilment.objections import ObjectionContact
from techzone.fulfilment.states import State
from techzone.model import FulfilmentCase
from techzone.web.api import API_V1, ERRORS, ErrorOut, RecordId
from techzone.web.auth import Identity, current_identity, require_role, require_writer
from techzone.web.fulfilment_office import (
    PaymentRecorder,
    export_file,
    import_sheet,
    notice_rows,
    public_view,
)
from techzone.web.fulfilment_pages import (
    actor_of,
    case_row,
    checked_case,
    followed_up,
    read_material,
    recovery_opened,
    released,
    repayment_recorded,
    rest_closed,
    run,
    today,
)

RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {"model": ErrorOut, "description": "案件当前状态下，您的角色不能进行此操作"},
    422: {"model": ErrorOut, "description": "请求被拒绝（原因见 message），未作任何修改"},
}
router = APIRouter(prefix=API_V1, tags=["政策兑现"], responses=RESPONSES)


class CaseOut(BaseModel):
    id: int = Field(description="案件编号")
    policy_id: str = Field(description="政策代码")
    policy: str = Field(description="政策名称")
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="企业名称")
    park: str | None = Field(description="园区")
    payer: str = Field(description="出资层级代码")
    payer_label: str = Field(description="出资层级")
    year: int = Field(description="年度")
    track: str = Field(description="auto 免申即享 / apply 申报")
    track_label: str = Field(description="兑现方式")
    track_reason: str = Field(description="为何免申即享或须申报")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态")
    step: str | None = Field(description="审核中时所在审核步骤")
    amount_min: Decimal | None = Field(description="应享金额下限（元）")
    amount_max: Decimal | None = Field(description="应享金额上限（元）")
    amount: Decimal | None = Field(description="核定金额（元）")
    deadline: date | None = Field(description="办理期限")
    hold_reason: str | None = Field(description="暂缓原因")
    unpaid: Decimal | None = Field(
        None, description="未付余额（元）：财政少付、尚未拨付的部分，可补拨或不再拨付"
    )
    topup: Decimal | None = Field(None, description="补拨金额（元）：已列入或待列入支付批次")
    actions: list[str] = Field(description="您的角色现在可进行的操作")


class HistoryOut(BaseModel):
    at: str = Field(description="时间（北京时间）")
    actor: str = Field(description="办理人")
    note: str = Field(description="说明")
    to_state: str | None = Field(description="新状态代码")


class CaseDetail(CaseOut):
    bank_name: str | None = Field(description="开户银行")
    bank_account: str | None = Field(description="银行账号")
    chain: list[str] = Field(description="审核链")
    history: list[HistoryOut] = Field(description="全部办理记录")
    materials: list[dict[str, Any]] = Field(description="已上传材料")


class Confirmation(BaseModel):
    bank_name: str = Field(max_length=200, description="开户银行")
    bank_account: str = Field(max_length=60, description="银行账号（8到30位数字）")
    consent: bool = Field(description="同意兑现承诺")


class Reason(BaseModel):
    reason: str = Field(max_length=500, description="原因或需补充的内容")


class Approval(BaseModel):
    amount: Decimal | None = Field(None, description="核定金额（元，“最高…”的政策必填）")
    reason: str | None = Field(None, max_length=500, description="依据")


class Release(BaseModel):
    reason: str = Field(max_length=500, description="核实结论（必填）")
    amount: Decimal | None = Field(
        None, description="核定金额（元）；不填即保留已核定金额，须在台账最新测算范围内"
    )


class Recovery(BaseModel):
    reason: str = Field(max_length=300, description="追回原因（必填，如：资格被撤销）")
    amount: Decimal | None = Field(None, description="追回金额（元）；不填即已支付的全部金额")


class FollowUp(BaseModel):
    reason: str = Field(max_length=300, description="补拨原因（必填，如：资金到位）")
    amount: Decimal | None = Field(None, description="补拨金额（元）；不填即全部未付余额")


class Repayment(BaseModel):
    amount: Decimal = Field(description="本次退回金额（元）")
    paid_on: date = Field(description="到账日期")
    voucher: str = Field(max_length=100, description="凭证号")


class Done(BaseModel):
    message: str = Field(description="结果说明")
    case: CaseOut | None = Field(None, description="办理后的案件")


class ContactIn(BaseModel):
    # Bounded loosely here: the core's own limits refuse with a sentence saying which.
    unit: str = Field("", max_length=1000, description="异议受理单位（必填）")
    person: str = Field("", max_length=1000, description="联系人")
    phone: str = Field("", max_length=1000, description="联系电话")
    address: str = Field("", max_length=1000, description="通信地址")
    email: str = Field("", max_length=1000, description="电子邮箱（电话、地址、邮箱至少一项）")


class ContactOut(BaseModel):
    unit: str = Field(description="异议受理单位")
    person: str = Field("", description="联系人")
    phone: str = Field("", description="联系电话")
    address: str = Field("", description="通信地址")
    email: str = Field("", description="电子邮箱")

    @classmethod
    def of(cls, contact: ObjectionContact | None) -> ContactOut | None:
        return None if contact is None else cls(**asdict(contact))


class NoticeOut(BaseModel):
    number: str = Field(description="公示编号")
    title: str = Field(description="标题")
    published_on: date = Field(description="发布日期")
    closes_on: date = Field(description="公示期满日期")
    working_days: int = Field(description="公示期（工作日）")
    open: bool = Field(description="是否公示中")
    contact: ContactOut | None = Field(None, description="异议受理（此前发布的公示可能未写明）")


class PublicRowOut(BaseModel):
    name: str = Field(description="企业名称")
    policy: str = Field(description="支持政策")
    amount: Decimal = Field(description="金额（元）")
    status: str | None = Field(None, description="公示后的变化（如：经核实不予支持，已撤回）")
    withdrawn: bool = Field(False, description="已撤回，不计入合计")


class PublicNoticeOut(BaseModel):
    number: str
    title: str
    published_on: date
    closes_on: date
    working_days: int
    rows: list[PublicRowOut]
    contact: ContactOut | None = Field(None, description="异议受理")


class Publication(BaseModel):
    case_ids: list[int] | None = Field(None, description="公示的案件（默认全部审核通过待公示的）")
    working_days: int | None = Field(
        None,
        ge=1,
        le=60,
        description="公示期（工作日）；默认取所列政策当日有效公示期的最长者，只能延长",
    )
    title: str | None = Field(None, max_length=200, description="标题")
    contact: ContactIn | None = Field(None, description="异议受理单位和联系方式（必填）")


class Export(BaseModel):
    payer: str = Field(max_length=16, description="出资层级代码：province/city/district/zone")


class PoolOut(BaseModel):
    key: str
    year: int
    payer: str
    budget: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    warning: bool


def _out(case: FulfilmentCase, identity: Identity) -> CaseOut:
    return CaseOut(**case_row(case, identity))


@router.get("/cases", summary="兑现案件（按角色可见范围）", response_model=list[CaseOut])
def list_cases_api(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    state: Annotated[State | None, Query()] = None,
    policy: Annotated[str | None, Query(max_length=120)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    mine: Annotated[bool, Query(description="只列待我办理的")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[CaseOut]:
    from techzone.fulfilment.cases import list_cases

    def read(session: Session) -> list[CaseOut]:
        if mine:
            found = worklist.waiting_for(session, identity.scope, limit=limit, offset=offset)
        else:
            found = list_cases(
                session,
                identity.scope,
                state=state.value if state else None,
                policy=policy,
                year=year,
                limit=limit,
                offset=offset,
            )
        return [_out(case, identity) for case in found]

    return run(request, read)


@router.get("/cases/{case_id}", summary="一个兑现案件及其办理记录", response_model=CaseDetail)
def case_api(
    request: Request, identity: Annotated[Identity, Depends(current_identity)], case_id: RecordId
) -> CaseDetail:
    from techzone.fulfilment.cases import history
    from techzone.web.fulfilment_pages import china

    def read(session: Session) -> CaseDetail:
        case = checked_case(session, identity, case_id)
        return CaseDetail(
            **case_row(case, identity),
            bank_name=case.bank_name,
            bank_account=case.bank_account,
            chain=worklist.chain_names(case),
            history=[
                HistoryOut(at=china(h.at), actor=h.actor, note=h.note or "", to_state=h.to_state)
                for h in history(session, identity.scope, case_id)
            ],
            materials=[
                {"name": m.name, "kind": m.kind, "size": m.size, "sha256": m.sha256}
                for m in worklist.materials_of(session, identity.scope, case_id)
            ],
        )

    return run(request, read)


Writer = Annotated[Identity, Depends(require_writer)]


def _act(request: Request, identity: Identity, case_id: RecordId, action: str, work: Any) -> Done:
    def both(session: Session) -> Done:
        case = checked_case(session, identity, case_id, action)
        message = work(session, case)
        session.flush()
        return Done(message=message, case=_out(case, identity))

    return run(request, both)


@router.post("/cases/{case_id}/confirm", summary="企业确认收款账户并同意兑现", response_model=Done)
def confirm_api(request: Request, identity: Writer, case_id: RecordId, body: Confirmation) -> Done:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.confirm(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            bank_name=body.bank_name,
            bank_account=body.bank_account,
            consent=body.consent,
        )
        return "已提交，进入审核"

    return _act(request, identity, case_id, worklist.CONFIRM, work)


@router.post("/cases/{case_id}/decline", summary="企业放弃", response_model=Done)
def decline_api(request: Request, identity: Writer, case_id: RecordId, body: Reason) -> Done:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.decline(session, identity.scope, case.id, actor_of(request, identity), body.reason)
        return "已登记放弃"

    return _act(request, identity, case_id, worklist.DECLINE, work)


@router.post("/cases/{case_id}/approve", summary="本步审核通过", response_model=Done)
def approve_api(request: Request, identity: Writer, case_id: RecordId, body: Approval) -> Done:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        return review.approve(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            today(request),
            amount=body.amount,
            reason=body.reason,
            catalogue=worklist.catalogue(),
        ).message()

    return _act(request, identity, case_id, worklist.APPROVE, work)


@router.post("/cases/{case_id}/return", summary="退回补充", response_model=Done)
def return_api(request: Request, identity: Writer, case_id: RecordId, body: Reason) -> Done:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.return_case(
            session, identity.scope, case.id, actor_of(request, identity), body.reason
        )
        return "已退回企业补充"

    return _act(request, identity, case_id, worklist.RETURN, work)


@router.post("/cases/{case_id}/reject", summary="不予支持", response_model=Done)
def reject_api(request: Request, identity: Writer, case_id: RecordId, body: Reason) -> Done:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.reject(session, identity.scope, case.id, actor_of(request, identity), body.reason)
        return "已不予支持"

    return _act(request, identity, case_id, worklist.REJECT, work)


@router.post("/cases/{case_id}/release", summary="解除暂缓（高新区管理员）", response_model=Done)
def release_api(request: Request, identity: Writer, case_id: RecordId, body: Release) -> Done:
    def work(session: Session, case: FulfilmentCase) -> str:
        return released(session, request, identity, case, body.reason, body.amount)

    return _act(request, identity, case_id, worklist.RELEASE, work)


@router.post("/cases/{case_id}/recover", summary="对已支付案件启动追回", response_model=Done)
def recover_api(request: Request, identity: Writer, case_id: RecordId, body: Recovery) -> Done:
    def work(session: Session, case: FulfilmentCase) -> str:
        return recovery_opened(session, request, identity, case, body.reason, body.amount)

    return _act(request, identity, case_id, worklist.RECOVER, work)


@router.post("/cases/{case_id}/repay", summary="登记追回中案件的退回资金", response_model=Done)
def repay_api(request: Request, identity: Writer, case_id: RecordId, body: Repayment) -> Done:
    def work(session: Session, case: FulfilmentCase) -> str:
        return repayment_recorded(
            session, request, identity, case, body.amount, body.paid_on, body.voucher
        )

    return _act(request, identity, case_id, worklist.REPAY, work)


@router.post(
    "/cases/{case_id}/follow-up",
    summary="补拨：少付案件的未付余额列入下一支付批次（高新区管理员）",
    response_model=Done,
)
def follow_up_api(request: Request, identity: Writer, case_id: RecordId, body: FollowUp) -> Done:
    def work(session: Session, case: FulfilmentCase) -> str:
        return followed_up(session, request, identity, case, body.reason, body.amount)

    return _act(request, identity, case_id, worklist.FOLLOW_UP, work)


@router.post(
    "/cases/{case_id}/close-rest",
    summary="余额不再拨付：结清少付案件的未付余额（高新区管理员）",
    response_model=Done,
)
def close_rest_api(request: Request, identity: Writer, case_id: RecordId, body: Reason) -> Done:
    def work(session: Session, case: FulfilmentCase) -> str:
        return rest_closed(session, request, identity, case, body.reason)

    return _act(request, identity, case_id, worklist.CLOSE_REST, work)


@router.post("/cases/{case_id}/materials", summary="上传申报材料", response_model=Done)
def materials_api(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    file: UploadFile,
    label: Annotated[str, Form(max_length=200)],
) -> Done:
    from techzone.fulfilment import materials

    content, filename = read_material(file)

    def work(session: Session, case: FulfilmentCase) -> str:
        materials.upload(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            filename,
            content,
            label=label,
        )
        return f"已上传「{label.strip()}」"

    return _act(request, identity, case_id, worklist.UPLOAD, work)


_officers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK, Role.UNIT)
_office_writers = require_role(Role.ZONE, Role.PARK)


@router.get("/notices", summary="公示批次", response_model=list[NoticeOut])
def notices_api(
    request: Request, identity: Annotated[Identity, Depends(_officers)]
) -> list[NoticeOut]:
    rows = run(request, lambda session: notice_rows(session, identity.scope))
    return [NoticeOut(**{**row, "contact": ContactOut.of(row["contact"])}) for row in rows]


@router.post("/notices", summary="发布公示（今日，按工作日计）", response_model=NoticeOut)
def publish_api(
    request: Request,
    identity: Annotated[Identity, Depends(_office_writers)],
    body: Publication,
) -> NoticeOut:
    from techzone.fulfilment import publicity
    from techzone.fulfilment.objections import contact

    def work(session: Session) -> NoticeOut:
        notice = publicity.publish(
            session,
            identity.scope,
            actor_of(request, identity),
            today(request),
            contact=None if body.contact is None else contact(**body.contact.model_dump()),
            working_days=body.working_days,
            case_ids=body.case_ids,
            title=body.title,
            today=today(request),
        )
        return NoticeOut(
            number=notice.number,
            title=notice.title,
            published_on=notice.published_on,
            closes_on=notice.closes_on,
            working_days=notice.working_days,
            open=notice.state == "open",
            contact=ContactOut.of(publicity.contact_of(notice)),
        )

    return run(request, work)


@router.get(
    "/notices/{number}/public",
    summary="公示名单（公开，无需登录）",
    response_model=PublicNoticeOut,
)
def public_notice_api(request: Request, number: str) -> PublicNoticeOut:
    notice = public_view(request, number)
    return PublicNoticeOut(
        number=notice.number,
        title=notice.title,
        published_on=notice.published_on,
        closes_on=notice.closes_on,
        working_days=notice.working_days,
        contact=ContactOut.of(notice.contact),
        rows=[
            PublicRowOut(
                name=r.name,
                policy=r.policy,
                amount=r.amount,
                status=r.status,
                withdrawn=r.withdrawn,
            )
            for r in notice.rows
        ],
    )


@router.post(
    "/payments/export",
    summary="导出一个出资层级的支付批次（.xlsx）",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "支付批次"}},
)
def export_api(
    request: Request, identity: Annotated[Identity, Depends(_office_writers)], body: Export
) -> Response:
    return export_file(request, identity, body.payer)


class Settled(BaseModel):
    message: str


@router.post("/payments/import", summary="导入财政回单（全部无误才登记）", response_model=Settled)
def import_api(
    request: Request,
    identity: PaymentRecorder,
    file: UploadFile,
    overpaid: Annotated[
        bool,
        Form(
            description="已与财政核实：重新测算调低的案件已按批准金额或高于调低后应享的金额支付；按实付金额登记并对多付部分启动追回"
        ),
    ] = False,
    underpaid: Annotated[
        bool,
        Form(
            description="已与财政核实：回单所列实付金额少于批准金额（或补拨金额）；"
            "按实付金额登记，未付余额记入案件（须写明 reason）"
        ),
    ] = False,
    reason: Annotated[
        str,
        Form(max_length=300, description="少付原因（与 underpaid 同用，如：资金不足按比例核减）"),
    ] = "",
) -> Settled:
    return Settled(
        message=import_sheet(
            request, identity, file, overpaid=overpaid, underpaid=underpaid, reason=reason
        )
    )


@router.get("/funds", summary="资金池：预算、已承诺、已支付", response_model=list[PoolOut])
def funds_api(
    request: Request,
    identity: Annotated[Identity, Depends(require_role(Role.PROVINCE, Role.ZONE))],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[PoolOut]:
    from techzone.fulfilment import funds

    found = run(
        request, lambda session: funds.status(session, identity.scope, year or today(request).year)
    )
    return [PoolOut(**asdict(pool)) for pool in found]
