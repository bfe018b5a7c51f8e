"""政策兑现, the officers' side: 公示 (publish, close, the .docx, the public page without login),
payment batches (export per payer, the finance office's sheet back), fund pools, and the
measures (兑现率, 兑现时长) with an htmx partial the dashboard can include.

Each route is one fulfilment core call with the caller's scope, in one transaction.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from techzone.access import Role, Scope
from techzone.fulfilment import worklist
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.rules.policy import LEVEL_LABELS
from techzone.web.auth import Identity, current_identity, require_role, store_of
from techzone.web.errors import Forbidden, NotFound, WebError, without_options
from techzone.web.fulfilment_pages import (
    Conflict,
    Refused,
    actor_of,
    parse_amount,
    run,
    today,
    yuan,
)
from techzone.web.templating import render

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_officers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK, Role.UNIT)
# 公示 and payment batches are published and exported by the zone and park officers.
_office_writers = require_role(Role.ZONE, Role.PARK)
# What the finance office paid is recorded by the zone's administrator, as 登记支付 by hand is
# (``worklist.actions``): the returned sheet records the same payments, and with them a recovery
# of what was paid beyond a lowered award or a rest left owed, both the zone's too.
_payment_recorders = require_role(Role.ZONE)
PaymentRecorder = Annotated[Identity, Depends(_payment_recorders)]
_payment_readers = require_role(Role.PROVINCE, Role.ZONE, Role.PARK)
_admins = require_role(Role.PROVINCE, Role.ZONE)
Officer = Annotated[Identity, Depends(_officers)]
OfficeWriter = Annotated[Identity, Depends(_office_writers)]


CONTACT_FIELDS = (
    "contact_unit",
    "contact_person",
    "contact_phone",
    "contact_address",
    "contact_email",
)


def notice_rows(session: Session, scope: Scope) -> list[dict[str, Any]]:
    from techzone.fulfilment.publicity import contact_of

    return [
        {
            "number": n.number,
            "title": n.title,
            "published_on": n.published_on,
            "closes_on": n.closes_on,
            "working_days": n.working_days,
            "open": n.state == "open",
            "contact": contact_of(n),
        }
        for n in worklist.notices_in(session, scope)
    ]


def _notices_page(
    request: Request,
    identity: Identity,
    *,
    error: str | None = None,
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> Response:
    from techzone.fulfilment.cases import list_cases

    def read(session: Session) -> dict[str, Any]:
        waiting = list_cases(session, identity.scope, state=State.APPROVED.value, limit=1000)
        notices = notice_rows(session, identity.scope)
        # The form starts from the contact of the caller's newest notice (the office usually
        # keeps one); what the officer typed comes back after a refusal.
        last = next((n["contact"] for n in notices if n["contact"] is not None), None)
        form = typed or {
            name: getattr(last, name.removeprefix("contact_"), "") if last else ""
            for name in CONTACT_FIELDS
        }
        return {
            "notices": notices,
            "form": form,
            "waiting": [
                {
                    "id": c.id,
                    "name": c.name,
                    "policy": worklist.policy_title(c.policy_id),
                    "amount": c.amount,
                }
                for c in waiting
            ],
        }

    return render(
        request,
        "fulfilment_notices.html",
        {
            "title": "公示",
            **run(request, read),
            "error": error,
            "yuan": yuan,
            "writes": identity.role in (Role.ZONE, Role.PARK),
        },
        status=status,
    )


@router.get("/fulfilment/notices")
def notices_page(request: Request, identity: Officer) -> Response:
    return _notices_page(request, identity)


@router.post("/fulfilment/notices")
def publish_page(
    request: Request,
    identity: OfficeWriter,
    working_days: Annotated[int | None, Form(ge=1, le=60)] = None,
    title: Annotated[str, Form(max_length=200)] = "",
    contact_unit: Annotated[str, Form(max_length=1000)] = "",
    contact_person: Annotated[str, Form(max_length=1000)] = "",
    contact_phone: Annotated[str, Form(max_length=1000)] = "",
    contact_address: Annotated[str, Form(max_length=1000)] = "",
    contact_email: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    from techzone.fulfilment import publicity
    from techzone.fulfilment.objections import contact

    typed = dict(
        zip(
            CONTACT_FIELDS,
            (contact_unit, contact_person, contact_phone, contact_address, contact_email),
            strict=True,
        )
    )

    def work(session: Session) -> str:
        return publicity.publish(
            session,
            identity.scope,
            actor_of(request, identity),
            today(request),
            contact=contact(*typed.values()),
            working_days=working_days,
            title=title.strip() or None,
            today=today(request),
        ).number

    try:
        number = run(request, work)
    except Refused as error:
        return _notices_page(request, identity, error=error.message, status=422, typed=typed)
    return RedirectResponse(f"/public/notices/{number}", status_code=303)


@router.post("/fulfilment/notices/{number}/close")
def close_page(request: Request, identity: OfficeWriter, number: str) -> Response:
    from techzone.fulfilment import publicity

    try:
        run(request, lambda session: _close(session, identity, request, number, publicity))
    except Refused as error:
        return _notices_page(request, identity, error=error.message, status=422)
    return RedirectResponse("/fulfilment/notices", status_code=303)


def _close(
    session: Session, identity: Identity, request: Request, number: str, publicity: Any
) -> list[int]:
    if number not in {n.number for n in worklist.notices_in(session, identity.scope)}:
        raise NotFound()
    day = today(request)
    # The web's day is also what "not ahead of today" is judged against, as in the other routes.
    moved: list[int] = publicity.close(
        session, identity.scope, number, actor_of(request, identity), day, today=day
    )
    return moved


@router.get("/fulfilment/notices/{number}.docx")
def notice_document(request: Request, identity: Officer, number: str) -> Response:
    from techzone.fulfilment import publicity

    def read(session: Session) -> Any:
        if number not in {n.number for n in worklist.notices_in(session, identity.scope)}:
            raise NotFound()
        return publicity.public_notice(
            session, identity.scope, number, catalogue=worklist.catalogue()
        )

    notice = run(request, read)
    folder = Path(tempfile.mkdtemp(prefix="techzone-notice-"))
    path = folder / "公示.docx"
    publicity.write_notice_document(notice, path, identity.reach)
    return FileResponse(
        path,
        filename=f"{number}.docx",
        media_type=DOCX,
        background=BackgroundTask(shutil.rmtree, folder, True),
    )


def public_view(request: Request, number: str) -> Any:
    """A notice as anyone may read it: names, policies, amounts (``publicity.public_notice``)."""
    from techzone.fulfilment import publicity

    try:
        with store_of(request).transaction() as session:
            return publicity.public_notice(
                session,
                Scope.everything(),
                number,
                catalogue=worklist.catalogue(),
                today=today(request),
            )
    except FulfilmentError as error:
        raise NotFound() from error


@router.get("/public/notices/{number}")
def public_notice_page(request: Request, number: str) -> Response:
    notice = public_view(request, number)
    total = notice.total
    return render(
        request,
        "fulfilment_public.html",
        {"title": notice.title, "notice": notice, "total": total, "yuan": yuan},
    )


@contextmanager
def _temporary(name: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="techzone-pay-"))
    try:
        yield folder / name
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _payments_page(
    request: Request,
    identity: Identity,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    from techzone.fulfilment.cases import list_cases

    def read(session: Session) -> dict[str, Any]:
        from sqlalchemy import select

        from techzone.fulfilment.cases import scoped
        from techzone.model import FulfilmentCase

        def row(c: FulfilmentCase, amount: Decimal | None, follow_up: bool) -> dict[str, Any]:
            name = f"{c.name}（补拨未付余额）" if follow_up else c.name
            return {
                "id": c.id,
                "name": name,
                "payer": LEVEL_LABELS.get(c.payer, c.payer),
                "amount": amount,
            }

        # Follow-ups (补拨) of a rest paid short: in a paid case, waiting for or in a batch.
        follow_ups = list(
            session.scalars(
                scoped(select(FulfilmentCase), identity.scope)
                .where(
                    FulfilmentCase.state == State.PAID.value,
                    FulfilmentCase.topup.is_not(None),
                )
                .order_by(FulfilmentCase.id)
                .limit(1000)
            )
        )
        waiting = list_cases(session, identity.scope, state=State.TO_PAY.value, limit=1000)
        batched = list_cases(session, identity.scope, state=State.IN_BATCH.value, limit=1000)
        return {
            "to_pay": [row(c, c.amount, False) for c in waiting]
            + [row(c, c.topup, True) for c in follow_ups if c.batch_id is None],
            "in_batch": [row(c, c.amount, False) for c in batched]
            + [row(c, c.topup, True) for c in follow_ups if c.batch_id is not None],
        }

    return render(
        request,
        "fulfilment_payments.html",
        {
            "title": "支付",
            **run(request, read),
            "payers": list(LEVEL_LABELS.items()),
            "error": error,
            "done": done,
            "yuan": yuan,
            "writes": identity.role in (Role.ZONE, Role.PARK),
            "records_payments": identity.role is Role.ZONE,
        },
        status=status,
    )


@router.get("/fulfilment/payments")
def payments_page(
    request: Request,
    identity: Annotated[Identity, Depends(_payment_readers)],
) -> Response:
    # No confirmation from the address: the import says its own on the page it answers with,
    # and one in a link would speak in the system's voice for whoever wrote the link.
    return _payments_page(request, identity)


def export_file(request: Request, identity: Identity, payer: str) -> FileResponse:
    """One batch for ``payer`` as .xlsx; the batch exists only if the file was written."""
    from techzone.fulfilment import payments

    # Cases the ledger was recomputed for since their approval are held first, in a transaction
    # of their own, and the officer told: the batch then goes out without them.
    def recheck(session: Session) -> str | None:
        held = payments.recheck_waiting(
            session,
            identity.scope,
            actor_of(request, identity),
            payer,
            catalogue=worklist.catalogue(),
        )
        return payments.left_out(session, held) if held else None

    told = run(request, recheck)
    if told:
        raise Conflict(f"{told}；请再次导出其余待支付案件")
    with _temporary("支付批次.xlsx") as path:
        number = run(
            request,
            lambda session: (
                payments.export_batch(
                    session,
                    identity.scope,
                    actor_of(request, identity),
                    payer,
                    path,
                    catalogue=worklist.catalogue(),
                ).number
            ),
        )
    return FileResponse(
        path,
        filename=f"{number}.xlsx",
        media_type=XLSX,
        background=BackgroundTask(shutil.rmtree, path.parent, True),
    )


@router.post("/fulfilment/payments/export")
def export_page(
    request: Request, identity: OfficeWriter, payer: Annotated[str, Form(max_length=16)] = ""
) -> Response:
    try:
        return export_file(request, identity, payer)
    except (Refused, Conflict) as error:
        return _payments_page(request, identity, error=error.message, status=error.status)


def import_sheet(
    request: Request,
    identity: Identity,
    file: UploadFile,
    *,
    overpaid: bool = False,
    underpaid: bool = False,
    reason: str = "",
) -> str:
    from techzone.fulfilment import payments
    from techzone.web.uploads import received

    with received(file, suffixes=(".xlsx",)) as path:
        return run(
            request,
            lambda session: payments.import_payments(
                session,
                identity.scope,
                actor_of(request, identity),
                path,
                today=today(request),
                overpaid=overpaid,
                underpaid=underpaid,
                reason=reason,
            ).message(),
        )


@router.post("/fulfilment/payments/import")
def import_page(
    request: Request,
    identity: PaymentRecorder,
    file: UploadFile,
    overpaid: Annotated[bool, Form()] = False,
    underpaid: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    try:
        message = import_sheet(
            request, identity, file, overpaid=overpaid, underpaid=underpaid, reason=reason
        )
    except WebError as error:
        return _payments_page(request, identity, error=error.message, status=error.status)
    return _payments_page(request, identity, done=message)


def _funds_page(
    request: Request,
    identity: Identity,
    year: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    from techzone.fulfilment import funds

    def read(session: Session) -> dict[str, Any]:
        return {
            "pools": funds.status(session, identity.scope, year),
            "breakdowns": [
                (label, funds.breakdown(session, identity.scope, year, by))
                for by, label in funds.BREAKDOWNS.items()
            ],
        }

    return render(
        request,
        "fulfilment_funds.html",
        {
            "title": "资金池",
            **run(request, read),
            "year": year,
            # A zone administrator sets only the pools its own zone pays (funds.ZONE_PAID).
            "payers": [
                (code, LEVEL_LABELS[code]) for code in LEVEL_LABELS if code in funds.ZONE_PAID
            ],
            "payer_labels": LEVEL_LABELS,
            # A pool is keyed by a policy id (or a group's name): shown by the policy's title,
            # and the form offers the zone-paid policies by title to choose from.
            "pool_title": worklist.policy_title,
            "policies": _zone_paid_policies(),
            "error": error,
            "yuan": yuan,
            "writes": identity.role is Role.ZONE,
        },
        status=status,
    )


def _zone_paid_policies() -> list[tuple[str, str]]:
    from techzone.fulfilment import funds

    found = worklist.catalogue().policies.items()
    paid = [(key, e.policy.title) for key, e in found if e.policy.payer in funds.ZONE_PAID]
    return sorted(paid, key=lambda item: item[1])


def _pool_key(typed: str) -> str:
    """The policy whose title the form offered (the officer picks or types the title); anything
    else — a policy code, a group of fulfilment.yaml — goes to the core as typed, to be judged."""
    text = typed.strip()
    named = [key for key, title in _zone_paid_policies() if title == text]
    return named[0] if len(named) == 1 else text


Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/fulfilment/funds")
def funds_page(
    request: Request, identity: Annotated[Identity, Depends(_admins)], year: Year = None
) -> Response:
    return _funds_page(request, identity, year or today(request).year)


@router.post("/fulfilment/funds")
def set_pool_page(
    request: Request,
    identity: Annotated[Identity, Depends(require_role(Role.ZONE))],
    key: Annotated[str, Form(max_length=120)],
    year: Annotated[int, Form(ge=2000, le=2100)],
    payer: Annotated[str, Form(max_length=16)],
    budget: Annotated[str, Form(max_length=30)],
    reason: Annotated[str, Form(max_length=500)] = "",
    warn_percent: Annotated[int, Form(ge=1, le=100)] = 90,
) -> Response:
    from techzone.fulfilment import funds

    try:
        amount = parse_amount(budget)
        if amount is None:
            raise Refused("请填写预算金额")
        if not reason.strip():
            raise Refused("设置或调整资金池须写明原因")
        run(
            request,
            lambda session: funds.set_pool(
                session,
                identity.scope,
                actor_of(request, identity),
                _pool_key(key),
                year,
                payer,
                amount,
                warn_percent=warn_percent,
                reason=reason.strip(),
            ),
        )
    except Refused as error:
        return _funds_page(request, identity, year, error=error.message, status=422)
    return RedirectResponse(f"/fulfilment/funds?year={year}", status_code=303)


def measures_context(request: Request, identity: Identity, year: int | None) -> dict[str, Any]:
    from techzone.fulfilment import measures

    found = run(request, lambda session: measures.measures(session, identity.scope, year=year))

    def figures(measure: measures.Measure) -> dict[str, Any]:
        return {
            "entitled": measure.entitled,
            "paid": measure.paid,
            "rate": None if measure.rate is None else f"{measure.rate:.1%}",
            "amount_rate": None if measure.amount_rate is None else f"{measure.amount_rate:.1%}",
            "entitled_amount": measure.entitled_amount,
            "paid_amount": measure.paid_amount,
            "median": measure.median_days,
            "p90": measure.p90_days,
        }

    return {
        "total": figures(found.total),
        "parks": [
            {"zone": zone, "park": park, **figures(m)}
            for (zone, park), m in sorted(found.parks.items())
        ],
        "by_state": sorted(found.total.by_state.items()),
        "by_policy": [
            (worklist.policy_title(pid), count)
            for pid, count in sorted(found.total.by_policy.items())
        ],
        "year": year,
        "yuan": yuan,
    }


@router.get("/fulfilment/measures")
def measures_page(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    year: Year = None,
) -> Response:
    context = measures_context(request, identity, year)
    return render(request, "fulfilment_measures.html", {"title": "兑现率与兑现时长", **context})


@router.get("/fulfilment/measures/partial")
def measures_partial(
    request: Request,
    identity: Annotated[Identity, Depends(current_identity)],
    year: Year = None,
) -> Response:
    """The figures alone, for the dashboard to load with ``hx-get``."""
    context = measures_context(request, identity, year)
    return render(request, "fulfilment_measures_partial.html", context)


__all__ = ["router"]


def _holidays_page(
    request: Request,
    identity: Identity,
    *,
    text: str = "",
    read: Any = None,
    done: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    from techzone.fulfilment import holidays

    known = holidays.known_years()

    def rows(session: Session) -> tuple[list[dict[str, Any]], str | None]:
        return [
            {
                "year": row.year,
                "days_off": len(row.days_off),
                "workdays": len(row.workdays),
                "entered_by": row.entered_by,
                "entered_on": f"{row.entered_at:%Y-%m-%d}",
            }
            for row in holidays.entered(session).values()
        ], holidays.refusal(session, identity.scope)

    entered, refused = run(request, rows)
    return render(
        request,
        "fulfilment_holidays.html",
        {
            "title": "节假日安排",
            "known": (known.start, known.stop - 1),
            "entered": entered,
            "text": text,
            "read": read,
            "done": done,
            "error": error,
            # Shared by every zone: entered by the 省级管理员 over them all (holidays.refusal).
            "writes": refused is None,
            "refused": refused,
        },
        status=status,
    )


@router.get("/fulfilment/holidays")
def holidays_page(request: Request, identity: Annotated[Identity, Depends(_admins)]) -> Response:
    return _holidays_page(request, identity)


@router.post("/fulfilment/holidays")
def enter_holidays(
    request: Request,
    identity: Annotated[Identity, Depends(_admins)],
    notice: Annotated[str, Form(max_length=20_000)],
    action: Annotated[str, Form(max_length=10)] = "check",
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Read the pasted notice and show it (核对, any administrator: it writes nothing), or enter
    it (录入, the 省级管理员 over every zone: holidays.refusal): the CLI's `holidays add`."""
    from techzone.fulfilment import holidays

    if action == "enter" and identity.role is not Role.PROVINCE:
        # The arrangement dates every zone's deadlines: no zone's administrator changes it.
        raise Forbidden("节假日安排各高新区共用，由省级管理员录入")

    try:
        arrangement = holidays.read_notice(notice)
    except FulfilmentError as error:
        return _holidays_page(
            request, identity, text=notice, error=without_options(str(error)), status=422
        )
    if action != "enter":
        return _holidays_page(request, identity, text=notice, read=arrangement)
    try:
        settled = run(
            request,
            lambda session: holidays.record(
                session,
                identity.scope,
                actor_of(request, identity),
                arrangement,
                notice,
                replace=replace,
            ),
        )
    except Refused as error:
        return _holidays_page(
            request, identity, text=notice, read=arrangement, error=error.message, status=422
        )
    done = holidays.recorded_message(arrangement, settled)
    return _holidays_page(request, identity, done=done)
