"""公示: approved cases published together for a period counted in working days.

The period is the one in force on the publication day for each case's policy (``fulfilment.yaml``);
a notice runs for the longest of its cases' periods, and every notice names who receives
objections and how (``objections.ObjectionContact``). An objection received within the period
holds its case until it is resolved: upheld, the case is not supported; not upheld, it goes back to
公示 (or, the period over, to payment). Closing a notice before its period has run is refused. The
public view holds the enterprise's name, the policy and the amount only, with the contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import clock, notify
from techzone.fulfilment.cases import get_case, list_cases, move, note, officer, scoped
from techzone.fulfilment.config import handling
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.objections import ObjectionContact
from techzone.fulfilment.states import State
from techzone.fulfilment.text import day, money
from techzone.fulfilment.workdays import work_calendar
from techzone.model import CaseHistory, FulfilmentCase, Notice, Objection

ENTITY = "公示"
OBJECTION_HOLD = "公示期内收到异议，待核实"
# The publication's history note begins with this and the notice's number (stores from before
# the amount was kept in the note's detail are read through it too).
_LISTED = "列入"


def publish(
    session: Session,
    scope: Scope,
    actor: Actor,
    published_on: date,
    *,
    contact: ObjectionContact | None,
    working_days: int | None = None,
    case_ids: list[int] | None = None,
    title: str | None = None,
    today: date | None = None,
) -> Notice:
    """Publish every approved case in ``scope`` (or those named) as one notice.

    ``published_on`` is never before the day it is recorded nor before any of its cases was
    approved: a notice dated back could be closed at once, its period having run on paper only.
    ``contact`` (``objections.contact``) is required: a notice must say who receives objections.
    """
    officer(scope, actor)
    if contact is None:
        raise FulfilmentError(
            "请填写异议受理单位和联系方式（电话、通信地址或电子邮箱至少一项）："
            "公示须写明公众向谁、如何反映异议；未作修改"
        )
    recorded = today or clock.today()
    if published_on < recorded:
        raise FulfilmentError(
            f"发布日期 {published_on} 早于今天（{recorded}），公示不能补登往日；未作修改"
        )
    if working_days is not None and not 1 <= working_days <= 60:
        raise FulfilmentError("公示期须为1到60个工作日")
    # Two notices at once would each count the notices so far and take the same number (the
    # second failing on it), or list a case twice: published one after the other.
    ledger.lock(session)
    if case_ids:
        cases = [get_case(session, scope, number) for number in case_ids]
        waiting = [c for c in cases if c.state != State.APPROVED]
        if waiting:
            raise FulfilmentError(f"案件 {waiting[0].id} 不是「审核通过待公示」，不能公示")
        for case in cases:
            approved_on = _approved_on(session, case)
            if approved_on is not None and published_on < approved_on:
                raise FulfilmentError(
                    f"发布日期 {published_on} 早于案件 {case.id} 的审核通过日期（{approved_on}）；"
                    "未作修改"
                )
    else:
        # Every case approved by the publication day; one approved later waits for the next
        # notice (its 公示 cannot begin before it was approved).
        cases = [
            case
            for case in list_cases(session, scope, state=State.APPROVED.value, limit=100_000)
            if (approved_on := _approved_on(session, case)) is None or approved_on <= published_on
        ]
    if not cases:
        raise FulfilmentError("没有审核通过待公示的案件")
    days = _period(cases, published_on, working_days)
    calendar = work_calendar(session)
    if not calendar.is_working_day(published_on):
        raise FulfilmentError(f"{published_on} 不是工作日，请在工作日发布公示")
    closes = calendar.add_working_days(published_on, days)
    count = session.scalar(select(func.count()).select_from(Notice)) or 0
    notice = Notice(
        number=f"公示〔{published_on.year}〕{count + 1}号",
        title=title or f"{published_on.year}年度政策兑现拟支持名单公示",
        published_on=published_on,
        closes_on=closes,
        working_days=days,
        state="open",
        created_by=actor.name,
        contact_unit=contact.unit,
        contact_person=contact.person or None,
        contact_phone=contact.phone or None,
        contact_address=contact.address or None,
        contact_email=contact.email or None,
    )
    session.add(notice)
    session.flush()
    for case in cases:
        case.notice_id = notice.id
        # The amount as published is kept with the listing: the notice shows it for good, and
        # a later rise is told from it (``shown_amount``).
        move(
            session,
            case,
            State.PUBLICISED,
            actor,
            "publicised",
            f"{_LISTED}{notice.number}，公示{days}个工作日（{published_on}至{closes}）",
            {"notice": notice.number, "amount": case.amount},
        )
        notify.case_changed(
            session,
            case,
            "publicised",
            f"已列入{notice.number}公示，公示期至{day(closes)}。",
        )
    audit.record(
        session,
        actor,
        "notice.publish",
        ENTITY,
        notice.number,
        after={
            "cases": [c.id for c in cases],
            "closes_on": closes,
            "working_days": days,
            "contact": contact.text,
        },
        zone=audit.one_zone(c.zone for c in cases),
    )
    return notice


def _period(cases: list[FulfilmentCase], published_on: date, asked: int | None) -> int:
    """The notice's period: the longest in force on ``published_on`` among its cases' policies
    (a shorter one would cut some policy's 公示 short); an officer's longer period stands, a
    shorter one is refused naming the policy it would cut short."""
    config = handling()
    periods = {case.policy_id: config.notice_period(case.policy_id, published_on) for case in cases}
    policy_id, longest = max(periods.items(), key=lambda item: (item[1].days, item[0]))
    if asked is None or asked >= longest.days:
        return longest.days if asked is None else asked
    from techzone.awards.catalogue import load_catalogue

    entry = load_catalogue().policies.get(policy_id)
    name = entry.policy.title if entry else policy_id
    if longest.policy_id is None:
        source = "按本区默认" + (f"（自{longest.since}起）" if longest.since else "")
    else:
        source = f"按该政策自{longest.since}起的规定"
    raise FulfilmentError(
        f"公示期不能短于所列政策的公示期：政策「{name}」{source}公示{longest.days}个工作日，"
        f"填写的{asked}个工作日过短；未作修改"
    )


def contact_of(notice: Notice) -> ObjectionContact | None:
    """The notice's contact for objections (None: published before one was kept)."""
    if not notice.contact_unit:
        return None
    return ObjectionContact(
        unit=notice.contact_unit,
        person=notice.contact_person or "",
        phone=notice.contact_phone or "",
        address=notice.contact_address or "",
        email=notice.contact_email or "",
    )


def _approved_on(session: Session, case: FulfilmentCase) -> date | None:
    """The day of the approval (or release) that made the case 审核通过待公示."""
    last = session.scalar(
        select(CaseHistory)
        .where(CaseHistory.case_id == case.id, CaseHistory.to_state == State.APPROVED.value)
        .order_by(CaseHistory.id.desc())
        .limit(1)
    )
    if last is None:
        return None
    on = (last.detail or {}).get("on")
    return date.fromisoformat(on) if isinstance(on, str) else last.at.date()


def listed_in(scope: Scope) -> ColumnElement[bool]:
    """Notices that list a case ``scope`` may see: one it stands on, or one it was published on
    before its amount was raised and it was published again."""
    return or_(
        scoped(select(FulfilmentCase.id), scope)
        .where(FulfilmentCase.notice_id == Notice.id)
        .exists(),
        scoped(
            select(CaseHistory.id).join(FulfilmentCase, FulfilmentCase.id == CaseHistory.case_id),
            scope,
        )
        .where(CaseHistory.action == "publicised", CaseHistory.note.like(_pattern(Notice.number)))
        .exists(),
    )


def _pattern(number: Any) -> Any:
    # Numbers are 公示〔年〕N号: no LIKE wildcards; the comma ends the number (1号 is not 11号).
    return literal(_LISTED).concat(number).concat("，%")


def _notice(session: Session, scope: Scope, number: str) -> Notice:
    """A notice by number if it lists a case ``scope`` may see; otherwise simply not found."""
    query = select(Notice).where(Notice.number == number.strip())
    if scope != Scope.everything():
        query = query.where(listed_in(scope))
    notice = session.scalar(query)
    if notice is None:
        raise FulfilmentError(f"没有公示「{number}」")
    return notice


# A case whose 公示 an objection may concern: in it, held, or on from it to payment (an objection
# of the period logged after closing is refused with what to do for a case in a batch or paid).
_OBJECTABLE = frozenset(
    {
        State.PUBLICISED,
        State.ON_HOLD,
        State.TO_PAY,
        State.IN_BATCH,
        State.PAID,
        State.RECOVERING,
        State.RECOVERED,
    }
)


def object_to(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    *,
    text: str,
    raised_by: str,
    received_on: date,
    today: date | None = None,
) -> Objection:
    """Log an objection received during 公示; the case is held until it is resolved (also one
    logged after the notice was closed, while its case waits for payment)."""
    officer(scope, actor)
    case = get_case(session, scope, case_id)
    notice = session.get(Notice, case.notice_id) if case.notice_id else None
    if notice is None or case.state not in _OBJECTABLE:
        raise FulfilmentError(f"案件 {case.id} 不在公示中，不能登记异议")
    if not notice.published_on <= received_on <= notice.closes_on:
        raise FulfilmentError(
            f"异议收到日期 {received_on} 不在公示期（{notice.published_on}至{notice.closes_on}）内"
        )
    if received_on > (today or clock.today()):
        raise FulfilmentError(f"异议收到日期 {received_on} 晚于今天")
    # An objection of the period's last days can reach the desk after the notice was closed:
    # a case still waiting for payment is held as in 公示; one whose money is on its way or
    # gone cannot be held from here, and passing the objection over would pay it unexamined.
    if case.state == State.IN_BATCH:
        raise FulfilmentError(
            f"案件 {case.id} 已在支付批次中，公示期内收到的异议须先核实：请与财政核实尚未支付后"
            "「撤出支付批次」，再登记异议；已支付的，异议经核实成立后「启动追回」；未作修改"
        )
    if case.state not in (State.PUBLICISED, State.ON_HOLD, State.TO_PAY):
        raise FulfilmentError(
            f"案件 {case.id} 已支付，不能再暂缓；公示期内收到的异议经核实成立的，请「启动追回」；"
            "未作修改"
        )
    text, raised_by = text.strip(), raised_by.strip()
    if not text or len(text) > 1000:
        raise FulfilmentError("请填写异议内容（最多1000个字）")
    objection = Objection(
        case_id=case.id,
        notice_id=notice.id,
        received_on=received_on,
        raised_by=(raised_by or "匿名")[:200],
        text=text,
    )
    session.add(objection)
    if case.state in (State.PUBLICISED, State.TO_PAY):
        late = "（公示结束后登记）" if case.state == State.TO_PAY else ""
        case.hold_reason = OBJECTION_HOLD
        move(session, case, State.ON_HOLD, actor, "objection", f"收到异议{late}：{text}")
    else:
        note(session, case, actor, "objection", f"又收到异议：{text}")
    return objection


def resolve(
    session: Session,
    scope: Scope,
    objection_id: int,
    actor: Actor,
    *,
    upheld: bool,
    resolution: str,
    on: date,
    today: date | None = None,
) -> FulfilmentCase:
    officer(scope, actor)
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise FulfilmentError(f"没有编号为 {objection_id} 的异议")
    case = get_case(session, scope, objection.case_id)
    if objection.resolved_on is not None:
        raise FulfilmentError(f"异议 {objection_id} 已于{objection.resolved_on}处理")
    if not resolution.strip():
        raise FulfilmentError("请写明异议核实结论")
    if on > (today or clock.today()):
        raise FulfilmentError(f"核实日期 {on} 晚于今天")
    if on < objection.received_on:
        raise FulfilmentError(f"核实日期 {on} 早于异议收到日期 {objection.received_on}")
    objection.resolved_on, objection.upheld = on, upheld
    objection.resolution = resolution.strip()[:500]
    if case.state == State.DECLINED:
        # Given up by the enterprise meanwhile: nothing is paid either way; the finding is kept.
        found = "成立" if upheld else "不成立"
        action = "objection_upheld" if upheld else "objection_dismissed"
        note(session, case, actor, action, f"异议{found}（企业已放弃）：{objection.resolution}")
        return case
    if upheld:
        case.hold_reason = None
        move(
            session,
            case,
            State.REJECTED,
            actor,
            "objection_upheld",
            f"异议成立，不予支持：{resolution.strip()}",
        )
        notify.case_changed(
            session, case, "rejected", f"公示期异议经核实成立，不予支持：{resolution}"
        )
        return case
    open_left = session.scalar(
        select(func.count())
        .select_from(Objection)
        .where(Objection.case_id == case.id, Objection.resolved_on.is_(None))
    )
    if open_left or case.hold_reason != OBJECTION_HOLD:
        # Other objections, or a hold of another kind (a recomputation, a revoked recognition)
        # that only a release — which checks the amount again — may lift.
        still = f"；仍暂缓：{case.hold_reason}" if not open_left else ""
        note(
            session,
            case,
            actor,
            "objection_dismissed",
            f"异议不成立：{resolution.strip()}{still}",
        )
        return case
    notice = session.get(Notice, objection.notice_id)
    assert notice is not None
    case.hold_reason = None
    back = State.PUBLICISED if notice.state == "open" else State.TO_PAY
    move(session, case, back, actor, "objection_dismissed", f"异议不成立：{resolution.strip()}")
    return case


def close(
    session: Session,
    scope: Scope,
    number: str,
    actor: Actor,
    on: date,
    *,
    today: date | None = None,
) -> list[int]:
    """End a notice whose period has run: its cases without objections go to payment.

    ``on`` is the day it is closed, never one still to come: a closing date typed ahead would
    send cases to payment before the public has had its full period to object.
    """
    officer(scope, actor)
    notice = _notice(session, scope, number)
    outside = session.scalar(
        select(func.count())
        .select_from(FulfilmentCase)
        .where(FulfilmentCase.notice_id == notice.id)
        .where(FulfilmentCase.id.not_in(scoped(select(FulfilmentCase.id), scope)))
    )
    if outside:
        # Closing ends the notice for every case on it: only a caller who sees them all may.
        raise FulfilmentError(f"{notice.number}列有您权限范围外的案件，须由上级管理员结束")
    if notice.state != "open":
        raise FulfilmentError(f"{notice.number}已结束")
    if on > (today or clock.today()):
        raise FulfilmentError(f"结束日期 {on} 晚于今天，公示须实际期满后方可结束")
    if on <= notice.closes_on:
        raise FulfilmentError(f"{notice.number}公示期至{notice.closes_on}，期满后方可结束")
    notice.state = "closed"
    moved = []
    zones = set()
    query = scoped(select(FulfilmentCase), scope).where(FulfilmentCase.notice_id == notice.id)
    for case in session.scalars(query):
        zones.add(case.zone)
        if case.state == State.PUBLICISED:
            move(
                session,
                case,
                State.TO_PAY,
                actor,
                "notice_closed",
                f"{notice.number}公示期满无异议，转支付",
            )
            moved.append(case.id)
    audit.record(
        session,
        actor,
        "notice.close",
        ENTITY,
        notice.number,
        after={"to_pay": moved},
        zone=audit.one_zone(zones),
    )
    return moved


WITHDRAWN_TEXT = "经核实不予支持，已撤回"
REPUBLISHED_TEXT = "金额调整，另行公示"
LOWERED_TEXT = "经核实金额调减"
DECLINED_TEXT = "企业自愿放弃，不予拨付"


@dataclass(frozen=True)
class PublicRow:
    name: str
    policy: str
    amount: Decimal
    # What became of it since publication, in the public's words (None: it stands).
    status: str | None = None
    # Withdrawn from the list (not supported after an objection): shown, never summed.
    withdrawn: bool = False


@dataclass(frozen=True)
class PublicNotice:
    number: str
    title: str
    published_on: date
    closes_on: date
    working_days: int
    rows: list[PublicRow]
    # Who receives objections (None only on a notice published before it was kept).
    contact: ObjectionContact | None = None

    @property
    def objections_to(self) -> str:
        """The sentence telling the public where to object."""
        if self.contact is None:
            return "公示期内如有异议，请以书面形式向发布单位反映。"
        return (
            f"公示期内如有异议，请以书面形式向{self.contact.unit}反映，反映情况须实事求是，"
            "并提供本人联系方式。"
        )

    @property
    def standing(self) -> list[PublicRow]:
        return [row for row in self.rows if not row.withdrawn]

    @property
    def total(self) -> Decimal:
        """The sum of the rows still proposed for support."""
        return sum((row.amount for row in self.standing), Decimal(0))

    @property
    def aside(self) -> str:
        """The rows not summed, by what became of them (empty when every row stands)."""
        counts: dict[str, int] = {}
        for row in self.rows:
            if row.withdrawn:
                counts[row.status or WITHDRAWN_TEXT] = (
                    counts.get(row.status or WITHDRAWN_TEXT, 0) + 1
                )
        if not counts:
            return ""
        return "另有" + "；".join(f"{n}项{text}" for text, n in counts.items()) + "，不计入合计。"


def _public_status(case: FulfilmentCase, notice: Notice, shown: Decimal) -> tuple[str | None, bool]:
    """A published row stays on the list (the public saw it), marked with what became of it:
    a notice that silently lost a row, or kept it as if still proposed, would not be honest.
    The amount is never restated: a changed one is published by a notice of its own."""
    if case.state == State.REJECTED:
        return WITHDRAWN_TEXT, True
    if case.state == State.DECLINED:
        return DECLINED_TEXT, True
    if case.notice_id != notice.id:
        # Raised after this notice: it no longer stands here at the amount shown.
        return REPUBLISHED_TEXT, True
    if case.state == State.ON_HOLD:
        return ("异议核实中" if case.hold_reason == OBJECTION_HOLD else "暂缓，待核实"), False
    if case.amount is not None and case.amount < shown:
        return LOWERED_TEXT, False
    return None, False


def _published(session: Session, case: FulfilmentCase, number: str) -> CaseHistory | None:
    return session.scalar(
        select(CaseHistory)
        .where(
            CaseHistory.case_id == case.id,
            CaseHistory.action == "publicised",
            CaseHistory.note.like(_pattern(literal(number))),
        )
        .order_by(CaseHistory.id.desc())
        .limit(1)
    )


def _amount_in(row: CaseHistory | None) -> Decimal | None:
    kept = (row.detail or {}).get("amount") if row is not None else None
    return Decimal(kept) if isinstance(kept, str) else None


def shown_amount(session: Session, case: FulfilmentCase) -> Decimal | None:
    """The amount the case's notice published (None: on no notice). A store from before the
    amount was kept with the listing has only the case's own amount to go by."""
    notice = session.get(Notice, case.notice_id) if case.notice_id else None
    if notice is None:
        return None
    kept = _amount_in(_published(session, case, notice.number))
    return kept if kept is not None else case.amount


def public_notice(
    session: Session,
    scope: Scope,
    number: str,
    catalogue: Catalogue | None = None,
    today: date | None = None,
) -> PublicNotice:
    """What the public page shows: enterprise name, policy and amount as published; nothing
    private, and no amount the public was not shown."""
    from techzone.awards.catalogue import load_catalogue

    catalogue = catalogue or load_catalogue()
    notice = _notice(session, scope, number)
    if today is not None and notice.published_on > today:
        # Published for a later day: not public before it.
        raise FulfilmentError(f"没有公示「{number}」")
    listings = scoped(
        select(CaseHistory, FulfilmentCase).join(
            FulfilmentCase, FulfilmentCase.id == CaseHistory.case_id
        ),
        scope,
    ).where(
        CaseHistory.action == "publicised", CaseHistory.note.like(_pattern(literal(notice.number)))
    )
    kept: dict[int, tuple[FulfilmentCase, Decimal | None]] = {}
    for listing, case in session.execute(listings.order_by(CaseHistory.id)):
        kept[case.id] = (case, _amount_in(listing))
    standing = scoped(select(FulfilmentCase), scope).where(FulfilmentCase.notice_id == notice.id)
    for case in session.scalars(standing):
        kept.setdefault(case.id, (case, None))
    rows = []
    for case_id in sorted(kept):
        case, amount = kept[case_id]
        shown = amount if amount is not None else case.amount or Decimal(0)
        entry = catalogue.policies.get(case.policy_id)
        status, withdrawn = _public_status(case, notice, shown)
        rows.append(
            PublicRow(
                case.name,
                entry.policy.title if entry else case.policy_id,
                shown,
                status,
                withdrawn,
            )
        )
    return PublicNotice(
        notice.number,
        notice.title,
        notice.published_on,
        notice.closes_on,
        notice.working_days,
        rows,
        contact_of(notice),
    )


def write_notice_document(notice: PublicNotice, path: Path, issuer: str) -> None:
    """The notice as .docx in the GB/T 9704 layout the weekly report uses."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from techzone.cultivation.documents import (
        BODY_FONT,
        SIZE_2,
        TITLE_FONT,
        _body_style,
        _page,
        _page_numbers,
        _paragraph,
        _table,
    )
    from techzone.cultivation.report_tables import chinese_date
    from techzone.io.files import atomic_path

    document = Document()
    _body_style(document)
    section = document.sections[0]
    _page(section)
    _page_numbers(document, section)
    _paragraph(document, notice.title, TITLE_FONT, SIZE_2, centred=True)
    _paragraph(document, notice.number, BODY_FONT, centred=True)
    _paragraph(
        document,
        f"根据政策兑现有关规定，现将拟支持名单予以公示，公示期为{notice.working_days}个工作日"
        # Counted from the day after publication (民法典第201条): "from … to …" alone would read
        # as six working days to anyone counting the first day.
        f"（自{chinese_date(notice.published_on)}发布次日起计算，至{chinese_date(notice.closes_on)}止）。"
        + notice.objections_to,
        BODY_FONT,
        indent=True,
    )
    header = ["序号", "企业名称", "支持政策", "金额（元）"]
    marked = any(row.status for row in notice.rows)
    rows: list[list[Any]] = [
        [
            str(i),
            row.name,
            row.policy,
            f"{row.amount:,.2f}",
            *([row.status or ""] if marked else []),
        ]
        for i, row in enumerate(notice.rows, start=1)
    ]
    _table(document, header + (["备注"] if marked else []), rows)
    _paragraph(
        document,
        f"合计{len(notice.standing)}项，{money(notice.total)}。{notice.aside}",
        BODY_FONT,
        indent=True,
    )
    if notice.contact is not None:
        _paragraph(document, f"{notice.contact.text}。", BODY_FONT, indent=True)
    for line in (issuer, chinese_date(notice.published_on)):
        _paragraph(document, line, BODY_FONT).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    with atomic_path(path) as temporary:
        document.save(str(temporary))
