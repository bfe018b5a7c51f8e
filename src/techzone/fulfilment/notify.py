"""Notices to enterprises: a row in the enterprise's inbox, and an e-mail where it gave an address.

Each notice is written once per case and kind (matched, approved, paid, a reminder for one
deadline), so re-running a step never sends it twice. E-mail goes out through Python's
``smtplib`` to the server configured in the environment (``MailSettings.from_env``); a failure is
kept on the row, to be sent again, and never undoes the change that caused the notice.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.awards.catalogue import CataloguedPolicy
from techzone.fulfilment.clock import now as _now
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import TRACK_LABELS, State
from techzone.fulfilment.text import day, money
from techzone.glossary import citation
from techzone.model import Contact, FulfilmentCase, InboxMessage

SMTP_HOST_ENV = "TECHZONE_SMTP_HOST"
SMTP_PORT_ENV = "TECHZONE_SMTP_PORT"
SMTP_SENDER_ENV = "TECHZONE_SMTP_SENDER"
SMTP_USER_ENV = "TECHZONE_SMTP_USER"
SMTP_PASSWORD_ENV = "TECHZONE_SMTP_PASSWORD"
SMTP_STARTTLS_ENV = "TECHZONE_SMTP_STARTTLS"


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int = 25
    sender: str = "techzone@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls) -> MailSettings | None:
        """From ``TECHZONE_SMTP_*``; None when no host is set (notices stay in the inbox)."""
        host = os.environ.get(SMTP_HOST_ENV, "").strip()
        if not host:
            return None
        try:
            port = int(os.environ.get(SMTP_PORT_ENV, "25"))
        except ValueError as error:
            raise FulfilmentError(f"{SMTP_PORT_ENV} 须为端口号") from error
        return cls(
            host=host,
            port=port,
            sender=os.environ.get(SMTP_SENDER_ENV, "techzone@localhost"),
            user=os.environ.get(SMTP_USER_ENV) or None,
            password=os.environ.get(SMTP_PASSWORD_ENV) or None,
            starttls=os.environ.get(SMTP_STARTTLS_ENV, "").lower() in ("1", "true", "yes"),
        )


def post(
    session: Session, case: FulfilmentCase, kind: str, subject: str, body: str
) -> InboxMessage | None:
    """One notice per case and kind; None if it was already written."""
    session.flush()
    exists = session.scalar(
        select(InboxMessage.id).where(InboxMessage.case_id == case.id, InboxMessage.kind == kind)
    )
    if exists is not None:
        return None
    contact = session.get(Contact, case.uscc)
    message = InboxMessage(
        uscc=case.uscc,
        case_id=case.id,
        kind=kind,
        at=_now(),
        subject=subject[:200],
        body=body,
        email_to=contact.email if contact else None,
    )
    session.add(message)
    return message


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    # Read once per process: a notice names its policy, and the packs do not change under it.
    from techzone.awards.catalogue import load_catalogue

    return {pid: entry.policy.title for pid, entry in load_catalogue().policies.items()}


def _policy(case: FulfilmentCase) -> str:
    return _titles().get(case.policy_id, case.policy_id)


def case_matched(session: Session, case: FulfilmentCase, entry: CataloguedPolicy) -> None:
    policy = entry.policy
    track = TRACK_LABELS[case.track]
    if case.track == "auto":
        todo = "请核对并确认收款账户、同意兑现（无需提交申报材料）"
        amount = money(case.amount_max)
    else:
        todo = "请按要求提交申报材料并确认收款账户"
        amount = policy.amount.text
    deadline = day(case.deadline) if case.deadline else "—"
    post(
        session,
        case,
        "matched",
        f"【{track}】{policy.title}",
        f"{case.name}：\n您可享受{citation(entry.source.pack.document.title, policy.clause.ref)}"
        f"「{policy.title}」。\n金额：{amount}\n办理方式：{track}（{case.track_reason}）\n"
        f"请于{deadline}前办理：{todo}。\n案件编号：{case.id}",
    )


def case_changed(session: Session, case: FulfilmentCase, kind: str, text: str) -> None:
    subjects = {
        "approved": "审核通过",
        "returned": "退回补充",
        "rejected": "不予支持",
        "publicised": "进入公示",
        "paid": "已支付",
        "recovery": "追回通知",
        "recovery_raised": "追回通知",
    }
    key = {
        "returned": f"returned:{case.updated_at:%Y%m%d%H%M%S%f}",
        # A recovery asked again for a larger sum is a notice of its own, not the first repeated.
        "recovery_raised": f"recovery:{case.recovery_amount}",
    }.get(kind, kind)
    post(
        session,
        case,
        key,
        f"【{subjects.get(kind, kind)}】{_policy(case)}",
        f"{case.name}：\n案件编号 {case.id}「{_policy(case)}」：{text}",
    )


def set_contact(session: Session, scope: Scope, uscc: str, email: str) -> None:
    """Where an enterprise's notices are e-mailed (an enterprise sets only its own)."""
    uscc, email = uscc.strip().upper(), email.strip()
    if scope.uscc is not None and scope.uscc != uscc:
        raise FulfilmentError("只能设置本企业的通知邮箱")
    if "@" not in email or len(email) > 200 or any(c.isspace() for c in email):
        raise FulfilmentError(f"邮箱地址「{email}」格式不正确")
    contact = session.get(Contact, uscc)
    if contact is None:
        session.add(Contact(uscc=uscc, email=email, updated_at=_now()))
    else:
        contact.email, contact.updated_at = email, _now()


def inbox(
    session: Session, scope: Scope, *, unread: bool = False, limit: int = 200
) -> list[InboxMessage]:
    """The notices ``scope`` may read, newest first."""
    query = select(InboxMessage).join(FulfilmentCase, FulfilmentCase.id == InboxMessage.case_id)
    from techzone.fulfilment.cases import scoped

    query = scoped(query, scope)
    if unread:
        query = query.where(InboxMessage.read_at.is_(None))
    return list(session.scalars(query.order_by(InboxMessage.id.desc()).limit(limit)))


def mark_read(session: Session, scope: Scope, message_id: int) -> None:
    for message in inbox(session, scope, limit=100_000):
        if message.id == message_id:
            message.read_at = message.read_at or _now()
            return
    raise FulfilmentError(f"没有编号为 {message_id} 的通知")


def send_mail(session: Session, settings: MailSettings | None) -> tuple[int, int]:
    """E-mail every notice not yet sent; (sent, failed). Without settings nothing is sent."""
    if settings is None:
        return 0, 0
    pending: Sequence[InboxMessage] = list(
        session.scalars(
            select(InboxMessage)
            .where(InboxMessage.email_to.is_not(None), InboxMessage.emailed_at.is_(None))
            .order_by(InboxMessage.id)
        )
    )
    if not pending:
        return 0, 0
    sent = failed = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for message in pending:
                mail = EmailMessage()
                mail["From"] = formataddr(("高新区政策兑现", settings.sender))
                mail["To"] = message.email_to or ""
                mail["Subject"] = message.subject
                mail["Message-ID"] = make_msgid(domain=settings.sender.split("@")[-1])
                mail.set_content(message.body)
                try:
                    smtp.send_message(mail)
                except smtplib.SMTPException as error:
                    message.email_error = f"发送失败：{error}"[:300]
                    failed += 1
                else:
                    message.emailed_at, message.email_error = _now(), None
                    sent += 1
    except (OSError, smtplib.SMTPException) as error:
        for message in pending:
            if message.emailed_at is None:
                message.email_error = f"无法连接邮件服务器：{error}"[:300]
        return sent, len(pending) - sent
    return sent, failed


def send_reminders(session: Session, scope: Scope, as_of: date) -> int:
    """A reminder for each case waiting on its enterprise whose deadline is near; once each."""
    from techzone.fulfilment.cases import scoped
    from techzone.fulfilment.config import handling
    from techzone.fulfilment.workdays import work_calendar

    days = handling().reminder_working_days
    query = scoped(select(FulfilmentCase), scope).where(
        FulfilmentCase.state.in_([State.PENDING.value, State.RETURNED.value]),
        FulfilmentCase.deadline.is_not(None),
        FulfilmentCase.deadline >= as_of,
    )
    written = 0
    calendar = work_calendar(session)
    for case in session.scalars(query):
        assert case.deadline is not None
        if calendar.working_days_between(as_of, case.deadline) > days:
            continue
        posted = post(
            session,
            case,
            f"reminder:{case.deadline.isoformat()}",
            f"【办理提醒】{_policy(case)}",
            f"{case.name}：\n案件编号 {case.id}「{_policy(case)}」"
            f"请于{day(case.deadline)}前确认或申报，逾期视为未办理。",
        )
        written += posted is not None
    return written
