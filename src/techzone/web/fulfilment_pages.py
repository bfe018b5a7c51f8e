"""政策兑现 pages: the cases by role, a case's page with its history, the enterprise's inbox, and
the actions on a case (confirm, decline, materials, approve, return, reject, objection, payment).

Every route hands the caller's scope and an audit actor to one fulfilment core call inside one
transaction; the core writes the case history and the audit log, and its refusals come back to
the page in Chinese with nothing written.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from techzone.access import Role
from techzone.accounts.service import CHINA_TIME
from techzone.audit import Actor
from techzone.fulfilment import worklist
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import TRACK_LABELS, State
from techzone.model import FulfilmentCase
from techzone.rules.policy import LEVEL_LABELS
from techzone.web.api import RecordId
from techzone.web.auth import (
    Identity,
    client_address,
    current_identity,
    require_role,
    require_writer,
    settings_of,
    store_of,
)
from techzone.web.errors import NotFound, WebError, without_options
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)

T = TypeVar("T")
PAGE_SIZE = 100


class Refused(WebError):
    """The core refused the request (a cap, a pool, a state, a bad field): nothing was written."""

    status = 422
    code = "refused"
    message = "请求未被受理"


class Conflict(WebError):
    """The case is not where this action can be taken (already moved on, or not this role's)."""

    status = 409
    code = "conflict"
    message = "案件当前状态下不能进行此操作"


def actor_of(request: Request, identity: Identity) -> Actor:
    return Actor(name=identity.username, source=client_address(request), role=identity.role.value)


def today(request: Request) -> date:
    """The working date, in China (the clock is UTC)."""
    return settings_of(request).clock().astimezone(CHINA_TIME).date()


def run(request: Request, work: Callable[[Session], T]) -> T:
    """One core call in one transaction; a refusal rolls it back and becomes ``Refused``."""
    try:
        with store_of(request).transaction() as session:
            return work(session)
    except FulfilmentError as error:
        raise Refused(without_options(str(error))) from error


def checked_case(
    session: Session, identity: Identity, case_id: RecordId, action: str | None = None
) -> FulfilmentCase:
    """The case if the caller may see it (404 otherwise) and, for ``action``, may take it now."""
    from techzone.fulfilment.cases import get_case

    try:
        case = get_case(session, identity.scope, case_id)
    except FulfilmentError as error:
        raise NotFound() from error
    if action is not None and action not in worklist.actions(case, identity.scope):
        raise Conflict(
            f"案件 {case.id} 当前为「{State(case.state).label}」，"
            f"您不能进行「{worklist.ACTION_LABELS[action]}」"
        )
    return case


def parse_amount(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    from techzone.io.fields import number_text

    try:  # full-width digits read, a unit or currency sign said, as everywhere amounts are typed
        return Decimal(number_text(text))
    except ValueError as error:
        raise Refused(str(error)) from error
    except InvalidOperation as error:
        raise Refused(f"金额「{text.strip()}」须为数字（元，最多两位小数）") from error


def case_row(case: FulfilmentCase, identity: Identity) -> dict[str, Any]:
    """What lists and the API show of a case (no bank account: that is on the case page)."""
    return {
        "id": case.id,
        "policy_id": case.policy_id,
        "policy": worklist.policy_title(case.policy_id),
        "uscc": case.uscc,
        "name": case.name,
        "park": case.park,
        "payer": case.payer,
        "payer_label": LEVEL_LABELS.get(case.payer, case.payer),
        "year": case.year,
        "track": case.track,
        "track_label": TRACK_LABELS.get(case.track, case.track),
        "track_reason": case.track_reason,
        "state": case.state,
        "state_label": State(case.state).label,
        "step": worklist.step_name(case),
        "amount_min": case.amount_min,
        "amount_max": case.amount_max,
        "amount": case.amount,
        "deadline": case.deadline,
        "hold_reason": case.hold_reason,
        "unpaid": case.unpaid,
        "topup": case.topup,
        "topup_in_batch": case.topup is not None and case.batch_id is not None,
        "actions": worklist.actions(case, identity.scope),
    }


def china(at: datetime) -> str:
    """A stored UTC time stamp as officers read it (Beijing time)."""
    return at.replace(tzinfo=UTC).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def yuan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}"


@router.get("/fulfilment")
def cases_page(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    state: Annotated[str | None, Query(max_length=20)] = None,
    policy: Annotated[str | None, Query(max_length=120)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    mine: Annotated[bool, Query()] = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    # An unknown state code filters nothing rather than failing: it came from a hand-edited URL.
    state = state if state in {s.value for s in State} else None
    policy = policy or None

    def read(session: Session) -> dict[str, Any]:
        offset = (page - 1) * PAGE_SIZE
        if mine:
            found = worklist.waiting_for(
                session, identity.scope, limit=PAGE_SIZE + 1, offset=offset
            )
        else:
            from techzone.fulfilment.cases import list_cases

            found = list_cases(
                session,
                identity.scope,
                state=state,
                policy=policy,
                year=year,
                limit=PAGE_SIZE + 1,
                offset=offset,
            )
        return {
            "rows": [case_row(case, identity) for case in found[:PAGE_SIZE]],
            "has_next": len(found) > PAGE_SIZE,
            "policies": worklist.policies_in(session, identity.scope),
        }

    context = run(request, read)
    return render(
        request,
        "fulfilment_cases.html",
        {
            "title": "政策兑现",
            **context,
            "states": [(s.value, s.label) for s in State],
            "state": state,
            "policy": policy,
            "year": year,
            "mine": mine,
            "page": page,
            "yuan": yuan,
        },
    )


def _case_context(session: Session, identity: Identity, case_id: RecordId) -> dict[str, Any]:
    from techzone.fulfilment.cases import history

    case = checked_case(session, identity, case_id)
    rows = history(session, identity.scope, case_id)
    return {
        "case": case_row(case, identity),
        "bank_name": case.bank_name,
        "bank_account": case.bank_account,
        "amount_reason": case.amount_reason,
        "paid_on": case.paid_on,
        "voucher": case.voucher,
        "recovery_amount": case.recovery_amount,
        "recovery_reason": case.recovery_reason,
        "chain": worklist.chain_names(case),
        "at_step": case.step if case.state == State.IN_REVIEW else None,
        "history": [
            {
                "at": china(row.at),
                "actor": row.actor,
                "from": State(row.from_state).label if row.from_state else "—",
                "to": State(row.to_state).label if row.to_state else "—",
                "note": row.note or "",
            }
            for row in rows
        ],
        "materials": [
            {
                "name": m.name,
                "kind": m.kind.upper(),
                "size": m.size,
                "sha256": m.sha256,
                "at": china(m.uploaded_at),
                "by": m.uploaded_by,
                "on_behalf": m.on_behalf,
            }
            for m in worklist.materials_of(session, identity.scope, case_id)
        ],
        "objections": [
            {"id": o.id, "received_on": o.received_on, "raised_by": o.raised_by, "text": o.text}
            for o in worklist.open_objections(session, identity.scope, case_id)
        ],
    }


def case_page(
    request: Request,
    identity: Identity,
    case_id: RecordId,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    from techzone.fulfilment.materials import EXTENSIONS, MAX_BYTES

    context = run(request, lambda session: _case_context(session, identity, case_id))
    return render(
        request,
        "fulfilment_case.html",
        {
            "title": f"兑现案件 {case_id}",
            **context,
            "error": error,
            "done": done,
            "yuan": yuan,
            "labels": worklist.ACTION_LABELS,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "accept": ",".join(EXTENSIONS),
            "today": today(request),
        },
        status=status,
    )


@router.get("/fulfilment/cases/{case_id}")
def case_view(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    case_id: RecordId,
    done: Annotated[str | None, Query(max_length=300)] = None,
    seal: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    shown = done if done is not None and seal == sealed(identity, done) else None
    return case_page(request, identity, case_id, done=shown)


def sealed(identity: Identity, message: str) -> str:
    """A mark that this session's own action wrote ``message`` into the address it was sent
    to: a confirmation in a link from anyone else (「已核准，请将…汇至…」, in the system's
    voice) is not shown. Keyed by the session's CSRF token, which no other page can read."""
    key = identity.csrf_token.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


def _act(
    request: Request,
    identity: Identity,
    case_id: RecordId,
    action: str,
    work: Callable[[Session, FulfilmentCase], str],
) -> Response:
    """Check the case and the action, run the core call, and come back to the case's page."""
    try:

        def both(session: Session) -> str:
            return work(session, checked_case(session, identity, case_id, action))

        message = run(request, both)
    except (Refused, Conflict) as error:
        return case_page(request, identity, case_id, error=error.message, status=error.status)
    seal = sealed(identity, message)
    return RedirectResponse(
        f"/fulfilment/cases/{case_id}?done={quote(message)}&seal={seal}", status_code=303
    )


Writer = Annotated[Identity, Depends(require_writer)]


@router.post("/fulfilment/cases/{case_id}/confirm")
def confirm_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    bank_name: Annotated[str, Form(max_length=200)] = "",
    bank_account: Annotated[str, Form(max_length=60)] = "",
    consent: Annotated[bool, Form()] = False,
) -> Response:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.confirm(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            bank_name=bank_name,
            bank_account=bank_account,
            consent=consent,
        )
        return "已提交，进入审核"

    return _act(request, identity, case_id, worklist.CONFIRM, work)


@router.post("/fulfilment/cases/{case_id}/decline")
def decline_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.decline(session, identity.scope, case.id, actor_of(request, identity), reason)
        return "已登记放弃"

    return _act(request, identity, case_id, worklist.DECLINE, work)


@router.post("/fulfilment/cases/{case_id}/materials")
def materials_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    file: UploadFile,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        content, filename = read_material(file)
    except WebError as error:
        return case_page(request, identity, case_id, error=error.message, status=error.status)

    def work(session: Session, case: FulfilmentCase) -> str:
        from techzone.fulfilment import materials

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


def read_material(file: UploadFile) -> tuple[bytes, str]:
    """The upload's bytes, read under the core's size limit (the type is the core's to check)."""
    from techzone.fulfilment.materials import EXTENSIONS, MAX_BYTES
    from techzone.web.uploads import received

    with received(file, max_bytes=MAX_BYTES, suffixes=tuple(EXTENSIONS)) as path:
        return path.read_bytes(), path.name


@router.post("/fulfilment/cases/{case_id}/approve")
def approve_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    amount: Annotated[str, Form(max_length=30)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    from techzone.fulfilment import review

    fixed = None
    try:
        fixed = parse_amount(amount)
    except Refused as error:
        return case_page(request, identity, case_id, error=error.message, status=422)

    def work(session: Session, case: FulfilmentCase) -> str:
        done = review.approve(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            today(request),
            amount=fixed,
            reason=reason or None,
            catalogue=worklist.catalogue(),
        )
        return done.message()

    return _act(request, identity, case_id, worklist.APPROVE, work)


@router.post("/fulfilment/cases/{case_id}/return")
def return_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.return_case(session, identity.scope, case.id, actor_of(request, identity), reason)
        return "已退回企业补充"

    return _act(request, identity, case_id, worklist.RETURN, work)


@router.post("/fulfilment/cases/{case_id}/reject")
def reject_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    from techzone.fulfilment import review

    def work(session: Session, case: FulfilmentCase) -> str:
        review.reject(session, identity.scope, case.id, actor_of(request, identity), reason)
        return "已不予支持"

    return _act(request, identity, case_id, worklist.REJECT, work)


@router.post("/fulfilment/cases/{case_id}/object")
def object_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    text: Annotated[str, Form(max_length=1000)] = "",
    raised_by: Annotated[str, Form(max_length=200)] = "",
    received_on: Annotated[date | None, Form()] = None,
) -> Response:
    from techzone.fulfilment import publicity

    def work(session: Session, case: FulfilmentCase) -> str:
        publicity.object_to(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            text=text,
            raised_by=raised_by,
            received_on=received_on or today(request),
            today=today(request),
        )
        return "已登记异议，案件暂缓"

    return _act(request, identity, case_id, worklist.OBJECT, work)


@router.post("/fulfilment/objections/{objection_id}/resolve")
def resolve_page(
    request: Request,
    identity: Writer,
    objection_id: RecordId,
    case_id: Annotated[int, Form()],
    upheld: Annotated[bool, Form()] = False,
    resolution: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    from techzone.fulfilment import publicity

    def work(session: Session, case: FulfilmentCase) -> str:
        waiting = worklist.open_objections(session, identity.scope, case.id)
        if objection_id not in {o.id for o in waiting}:
            raise NotFound()
        publicity.resolve(
            session,
            identity.scope,
            objection_id,
            actor_of(request, identity),
            upheld=upheld,
            resolution=resolution,
            on=today(request),
            today=today(request),
        )
        return "异议已处理"

    return _act(request, identity, case_id, worklist.OBJECT, work)


@router.post("/fulfilment/cases/{case_id}/pay")
def pay_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    paid_on: Annotated[date, Form()],
    voucher: Annotated[str, Form(max_length=100)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
    overpaid: Annotated[bool, Form()] = False,
    underpaid: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    from techzone.fulfilment import payments

    def work(session: Session, case: FulfilmentCase) -> str:
        payments.record_payment(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            paid_on,
            voucher,
            today=today(request),
            amount=parse_amount(amount),
            overpaid=overpaid,
            underpaid=underpaid,
            reason=reason,
        )
        return payments.paid_message(session, case)

    return _act(request, identity, case_id, worklist.PAY, work)


def followed_up(
    session: Session,
    request: Request,
    identity: Identity,
    case: FulfilmentCase,
    reason: str,
    amount: Decimal | None,
) -> str:
    """Send the rest to a later batch (the page's and the API's call alike)."""
    from techzone.fulfilment import payments

    done = payments.follow_up(
        session, identity.scope, case.id, actor_of(request, identity), reason=reason, amount=amount
    )
    return f"补拨{yuan(done.topup)}元待列入支付批次（未付余额{yuan(done.unpaid)}元）"


def rest_closed(
    session: Session, request: Request, identity: Identity, case: FulfilmentCase, reason: str
) -> str:
    """Close the rest (the page's and the API's call alike)."""
    from techzone.fulfilment import payments

    owed = case.unpaid
    payments.close_rest(
        session, identity.scope, case.id, actor_of(request, identity), reason=reason
    )
    return f"未付余额{yuan(owed)}元不再拨付"


@router.post("/fulfilment/cases/{case_id}/follow-up")
def follow_up_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=300)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    def work(session: Session, case: FulfilmentCase, money: Decimal | None) -> str:
        return followed_up(session, request, identity, case, reason, money)

    return _act_on_amount(request, identity, case_id, amount, worklist.FOLLOW_UP, work)


@router.post("/fulfilment/cases/{case_id}/close-rest")
def close_rest_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    def work(session: Session, case: FulfilmentCase) -> str:
        return rest_closed(session, request, identity, case, reason)

    return _act(request, identity, case_id, worklist.CLOSE_REST, work)


@router.post("/fulfilment/cases/{case_id}/unbatch")
def unbatch_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=300)] = "",
    not_paid: Annotated[bool, Form()] = False,
) -> Response:
    from techzone.fulfilment import payments

    def work(session: Session, case: FulfilmentCase) -> str:
        payments.withdraw(
            session,
            identity.scope,
            case.id,
            actor_of(request, identity),
            reason=reason,
            not_paid=not_paid,
        )
        if case.state == State.PAID:
            return f"补拨已撤出支付批次；未付余额{yuan(case.unpaid)}元仍待补拨或不再拨付"
        return "已撤出支付批次，待复核"

    return _act(request, identity, case_id, worklist.PAY, work)


def released(
    session: Session,
    request: Request,
    identity: Identity,
    case: FulfilmentCase,
    reason: str,
    amount: Decimal | None,
) -> str:
    """Lift a hold (the page's and the API's call alike) and say where the case went."""
    from techzone.fulfilment import review

    done = review.release(
        session,
        identity.scope,
        case.id,
        actor_of(request, identity),
        today(request),
        reason=reason,
        amount=amount,
        catalogue=worklist.catalogue(),
    )
    return f"已解除暂缓，案件现为「{State(done.state).label}」"


def recovery_opened(
    session: Session,
    request: Request,
    identity: Identity,
    case: FulfilmentCase,
    reason: str,
    amount: Decimal | None,
) -> str:
    from techzone.fulfilment import recovery

    done = recovery.open_recovery(
        session, identity.scope, case.id, actor_of(request, identity), reason=reason, amount=amount
    )
    return recovery.opened_message(session, done)


def repayment_recorded(
    session: Session,
    request: Request,
    identity: Identity,
    case: FulfilmentCase,
    amount: Decimal | None,
    on: date,
    voucher: str,
) -> str:
    from techzone.fulfilment import recovery

    if amount is None:
        raise FulfilmentError("请填写退回金额（元）")
    if not voucher.strip():
        # The ledger's own sentence names the command line's option.
        raise FulfilmentError("请填写凭证号")
    done = recovery.record_repayment(
        session,
        identity.scope,
        case.id,
        actor_of(request, identity),
        amount=amount,
        on=on,
        voucher=voucher,
        today=today(request),
    )
    return recovery.repaid_message(done, amount)


def _act_on_amount(
    request: Request,
    identity: Identity,
    case_id: RecordId,
    typed: str,
    action: str,
    work: Callable[[Session, FulfilmentCase, Decimal | None], str],
) -> Response:
    """``_act`` for a form with an amount: a number that is no number is refused first."""
    try:
        amount = parse_amount(typed)
    except Refused as error:
        return case_page(request, identity, case_id, error=error.message, status=422)
    return _act(
        request, identity, case_id, action, lambda session, case: work(session, case, amount)
    )


@router.post("/fulfilment/cases/{case_id}/release")
def release_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=500)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    def work(session: Session, case: FulfilmentCase, fixed: Decimal | None) -> str:
        return released(session, request, identity, case, reason, fixed)

    return _act_on_amount(request, identity, case_id, amount, worklist.RELEASE, work)


@router.post("/fulfilment/cases/{case_id}/recover")
def recover_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    reason: Annotated[str, Form(max_length=300)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    def work(session: Session, case: FulfilmentCase, due: Decimal | None) -> str:
        return recovery_opened(session, request, identity, case, reason, due)

    return _act_on_amount(request, identity, case_id, amount, worklist.RECOVER, work)


@router.post("/fulfilment/cases/{case_id}/repay")
def repay_page(
    request: Request,
    identity: Writer,
    case_id: RecordId,
    paid_on: Annotated[date, Form()],
    amount: Annotated[str, Form(max_length=30)] = "",
    voucher: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    def work(session: Session, case: FulfilmentCase, returned: Decimal | None) -> str:
        return repayment_recorded(session, request, identity, case, returned, paid_on, voucher)

    return _act_on_amount(request, identity, case_id, amount, worklist.REPAY, work)


# The inbox holds the notices to an enterprise: its own account's page (menu: 收件箱).
_enterprise = require_role(Role.ENTERPRISE)


@router.get("/fulfilment/inbox")
def inbox_page(
    request: Request,
    identity: Annotated[Identity, Depends(_enterprise)],
) -> Response:
    from techzone.fulfilment import notify
    from techzone.fulfilment.cases import list_cases

    def read(session: Session) -> dict[str, Any]:
        return {
            "messages": [
                {
                    "id": m.id,
                    "case_id": m.case_id,
                    "subject": m.subject,
                    "body": m.body,
                    "at": china(m.at),
                    "read": m.read_at is not None,
                }
                for m in notify.inbox(session, identity.scope)
            ],
            "rows": [
                case_row(case, identity)
                for case in list_cases(session, identity.scope, limit=PAGE_SIZE)
            ],
        }

    return render(
        request, "fulfilment_inbox.html", {"title": "收件箱", **run(request, read), "yuan": yuan}
    )


@router.post("/fulfilment/inbox/{message_id}/read")
def mark_read_page(
    request: Request, identity: Annotated[Identity, Depends(_enterprise)], message_id: RecordId
) -> Response:
    from techzone.fulfilment import notify

    try:
        run(request, lambda session: notify.mark_read(session, identity.scope, message_id))
    except Refused as error:
        raise NotFound() from error
    return RedirectResponse("/fulfilment/inbox", status_code=303)


__all__ = ["router"]
