"""Applications through the year: open, advance, list, and the history of every change.

The rules, each checked before anything is written, so a refused change leaves the database and
the history exactly as they were:

* one application per enterprise, qualification and year;
* an enterprise whose qualification of that kind was revoked cannot apply for it in the same year
  (国科发火〔2016〕195号 五(六)3, qualification-criteria.md §1.5): revoked in that year by its
  撤销日期 (``revoked_on``); a revoked certificate recorded without that date counts as revoked in
  every year its term covers, as nothing says which;
* the stages are followed in order, 摸排 → 辅导 → 提交 → 推荐 → 公示 → 认定, one step at a time;
  未通过 may follow any stage from 提交 on (the review can end there). Skipping a stage or going
  back needs a reason, which the history keeps; 认定 and 未通过 end an application; a change is
  dated no earlier than the one before it;
* a batch must be one of the calendar's batches for the qualification in that year and zone;
  choosing a batch (or submitting in one) after its deadline is allowed but warned about;
* 认定 needs the certificate number and issue date. It writes the qualification record (level and
  term from ``ladder.yaml``: HNTE valid three years, to the day before the third anniversary of
  issue) and one award event, ``APP-<id>-RECOGNISED``, for the award calculator to pay from. No
  event kind names a recognition, so the event is of kind 其他事件 (``other``); its attributes say
  what was recognised and whether it is a first recognition (首次认定) or a re-recognition
  (重新认定).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access.queries import where, with_owner
from techzone.access.scope import Scope
from techzone.cultivation.calendar import year_calendar
from techzone.cultivation.ladder import terms
from techzone.cultivation.tasks import unit_names
from techzone.model import (
    Application,
    ApplicationChange,
    ApplicationStatus,
    AwardEvent,
    Enterprise,
    Park,
    Qualification,
    Zone,
)
from techzone.model.codes import EventKind, QualificationKind, QualificationStatus
from techzone.rules.records import UnknownZone


class ApplicationRejected(ValueError):
    """A change the rules refuse, with the reason in Chinese; nothing was written."""


@dataclass(frozen=True)
class Recognition:
    certificate_no: str
    issued_on: date


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    uscc: str
    enterprise: str
    zone: str
    qualification: QualificationKind
    year: int
    batch: int | None
    status: ApplicationStatus
    department: str
    contact: str | None
    opened_on: date
    last_changed_on: date


def recognition_ref(application_id: int) -> str:
    return f"APP-{application_id}-RECOGNISED"


def _enterprise(session: Session, uscc: str) -> tuple[Enterprise, str]:
    row = session.execute(
        select(Enterprise, Zone.code)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(Enterprise.uscc == uscc)
    ).one_or_none()
    if row is None:
        raise ApplicationRejected(f"数据库中没有统一社会信用代码为「{uscc}」的企业")
    return row[0], row[1]


def _zone_of(session: Session, enterprise_id: int) -> str:
    return session.execute(
        select(Zone.code)
        .join(Park, Park.zone_id == Zone.id)
        .join(Enterprise, Enterprise.park_id == Park.id)
        .where(Enterprise.id == enterprise_id)
    ).scalar_one()


def _check_batch(
    session: Session, kind: QualificationKind, year: int, zone: str, batch: int | None
) -> None:
    if batch is None:
        return
    batches = year_calendar(session, year, zone).batches(kind)
    if not batches:
        raise ApplicationRejected(f"{year}年日历中没有{kind.label}的申报批次，不能指定批次")
    if all(deadline.batch != batch for deadline in batches):
        offered = "、".join(str(d.batch) for d in batches)
        raise ApplicationRejected(f"{year}年{kind.label}没有第{batch}批（可选：{offered}）")


def _revoked_in(
    session: Session, enterprise_id: int, kind: QualificationKind, year: int
) -> str | None:
    """The number of a certificate of ``kind`` revoked in ``year``: by its 撤销日期, or, where
    none is recorded, one whose term covers a day of the year."""
    for q in session.scalars(
        select(Qualification).where(
            Qualification.enterprise_id == enterprise_id,
            Qualification.kind == kind,
            Qualification.status == QualificationStatus.REVOKED,
        )
    ):
        if q.revoked_on is not None:
            if q.revoked_on.year == year:
                return q.certificate_no
            continue
        starts_by_year_end = q.issued_on <= date(year, 12, 31)
        runs_into_year = q.expires_on is None or q.expires_on >= date(year, 1, 1)
        if starts_by_year_end and runs_into_year:
            return q.certificate_no
    return None


# The stages in order; 未通过 ends the way from any stage once the application is submitted.
_ORDER = (
    ApplicationStatus.SCREENING,
    ApplicationStatus.COACHING,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.PUBLICISED,
    ApplicationStatus.RECOGNISED,
)


def skipped(current: ApplicationStatus, to: ApplicationStatus) -> list[ApplicationStatus]:
    """The stages a forward move from ``current`` to ``to`` leaves out (none for the next one)."""
    if to == ApplicationStatus.REJECTED:
        submitted = _ORDER.index(ApplicationStatus.SUBMITTED)
        return list(_ORDER[_ORDER.index(current) + 1 : submitted + 1])
    if to.rank <= current.rank:
        return []
    return list(_ORDER[_ORDER.index(current) + 1 : _ORDER.index(to)])


def late_batch(
    session: Session, kind: QualificationKind, year: int, zone: str, batch: int | None, on: date
) -> str | None:
    """A warning when ``on`` is after the deadline of ``batch`` (None when in time or no batch)."""
    if batch is None:
        return None
    deadline = year_calendar(session, year, zone).batch(kind, batch)
    if deadline is None or on <= deadline.on:
        return None
    return (
        f"注意：{year}年{kind.label}第{batch}批的截止日期是{deadline.on}，"
        f"{on}已过截止日期（{deadline.clause.ref}）"
    )


def _required(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ApplicationRejected(f"请写明{what}")
    return cleaned


def open_application(
    session: Session,
    uscc: str,
    qualification: QualificationKind,
    year: int,
    department: str,
    by: str,
    on: date,
    contact: str | None = None,
    batch: int | None = None,
    warnings: list[str] | None = None,
) -> Application:
    """Open an application at 摸排, with its first history entry. A batch chosen after its
    deadline adds a warning to ``warnings``."""
    enterprise, zone = _enterprise(session, uscc)
    department = _required(department, "责任单位（--department）")
    by = _required(by, "经办人（--by）")
    existing = session.scalar(
        select(Application.id).where(
            Application.enterprise_id == enterprise.id,
            Application.qualification == qualification,
            Application.year == year,
        )
    )
    if existing is not None:
        raise ApplicationRejected(
            f"{enterprise.name}已有{year}年{qualification.label}申请（编号{existing}）；"
            "同一企业同一资质每年只能申报一次"
        )
    revoked = _revoked_in(session, enterprise.id, qualification, year)
    if revoked is not None:
        raise ApplicationRejected(
            f"{enterprise.name}的{qualification.label}资格（证书{revoked}）已被撤销，"
            f"有效期覆盖{year}年；被取消资格的企业当年不得再次申请（国科发火〔2016〕195号 五(六)3）"
        )
    _check_batch(session, qualification, year, zone, batch)
    late = late_batch(session, qualification, year, zone, batch, on)
    if late is not None and warnings is not None:
        warnings.append(late)
    application = Application(
        enterprise_id=enterprise.id,
        qualification=qualification,
        year=year,
        batch=batch,
        status=ApplicationStatus.SCREENING,
        department=department,
        contact=(contact or "").strip() or None,
        opened_on=on,
    )
    application.changes.append(
        ApplicationChange(
            changed_on=on,
            from_status=None,
            to_status=ApplicationStatus.SCREENING,
            batch=batch,
            changed_by=by,
            reason="建档",
        )
    )
    session.add(application)
    session.flush()
    return application


class ApplicationNotFound(ApplicationRejected):
    """No application of that number, or none the caller's scope admits (the same answer)."""


def _get(session: Session, application_id: int, scope: Scope | None = None) -> Application:
    if scope is None:
        application = session.get(Application, application_id)
    else:
        query = where(
            with_owner(
                select(Application)
                .join(Enterprise, Application.enterprise_id == Enterprise.id)
                .where(Application.id == application_id)
            ),
            scope,
        )
        if scope.unit is not None:
            query = query.where(Application.department.in_(unit_names(scope.unit)))
        application = session.scalars(query).one_or_none()
    if application is None:
        beyond = "" if scope is None else "，或不在您的查看范围内"
        raise ApplicationNotFound(f"没有编号为{application_id}的申请{beyond}")
    return application


def advance(
    session: Session,
    application_id: int,
    to: ApplicationStatus,
    by: str,
    on: date,
    reason: str | None = None,
    batch: int | None = None,
    recognition: Recognition | None = None,
    warnings: list[str] | None = None,
    *,
    scope: Scope | None = None,
    actor: audit.Actor | None = None,
) -> Application:
    """Move an application to ``to`` (and optionally to another batch), or refuse and write
    nothing. Moving into a batch, or submitting in one, after its deadline adds a warning to
    ``warnings``. ``scope``: the caller's (an application outside it is ``ApplicationNotFound``);
    ``actor``: who acts, for the audit log, written in the same session as the change."""
    application = _get(session, application_id, scope)
    by = _required(by, "经办人（--by）")
    reason = (reason or "").strip() or None
    current, old_batch = application.status, application.batch
    new_batch = old_batch if batch is None else batch
    if current.is_final:
        raise ApplicationRejected(
            f"申请{application.id}的状态为「{current.label}」，已结束，不能再变更"
        )
    if to == current and new_batch == application.batch:
        raise ApplicationRejected(f"申请{application.id}已处于「{current.label}」，没有变化")
    if to.rank < current.rank and reason is None:
        raise ApplicationRejected(f"从「{current.label}」退回「{to.label}」须写明原因（--reason）")
    left_out = skipped(current, to)
    if left_out and reason is None:
        names = "、".join(f"「{stage.label}」" for stage in left_out)
        raise ApplicationRejected(
            f"从「{current.label}」到「{to.label}」跳过了{names}；"
            "各阶段应依次推进，跳过须写明原因（--reason）"
        )
    last = application.changes[-1].changed_on
    if on < last:
        raise ApplicationRejected(f"变更日期{on}早于上一次变更（{last}）")
    kind = application.qualification
    zone = _zone_of(session, application.enterprise_id)
    _check_batch(session, kind, application.year, zone, batch)
    entering = batch is not None and batch != application.batch
    submitting = to == ApplicationStatus.SUBMITTED and current.rank < to.rank
    if warnings is not None and (entering or submitting):
        late = late_batch(session, kind, application.year, zone, new_batch, on)
        if late is not None:
            warnings.append(late)
    records: list[Qualification | AwardEvent] = []
    if to == ApplicationStatus.RECOGNISED:
        records = _recognise(session, application, recognition, on)

    application.status = to
    application.batch = new_batch
    application.changes.append(
        ApplicationChange(
            changed_on=on,
            from_status=current,
            to_status=to,
            batch=new_batch,
            changed_by=by,
            reason=reason,
        )
    )
    session.add_all(records)
    if actor is not None:
        audit.record(
            session,
            actor,
            "application.advance",
            "application",
            str(application.id),
            before={"status": current, "batch": old_batch},
            after={"status": to, "batch": new_batch, "changed_on": on},
            reason=reason,
            zone=zone,
        )
    session.flush()
    return application


def _recognise(
    session: Session, application: Application, recognition: Recognition | None, on: date
) -> list[Qualification | AwardEvent]:
    """The qualification record and the award event a recognition writes (checked, not added)."""
    kind = application.qualification
    if recognition is None or not recognition.certificate_no.strip():
        raise ApplicationRejected("认定须给出证书编号（--certificate-no）和发证日期（--issued-on）")
    number = recognition.certificate_no.strip()
    issued = recognition.issued_on
    if issued > on:
        raise ApplicationRejected(f"发证日期{issued}晚于登记认定的日期{on}")
    if issued < application.opened_on:
        raise ApplicationRejected(f"发证日期{issued}早于申请建档日期{application.opened_on}")
    earlier = session.scalars(
        select(Qualification).where(
            Qualification.enterprise_id == application.enterprise_id,
            Qualification.kind == kind,
        )
    ).all()
    if any(q.certificate_no == number for q in earlier):
        raise ApplicationRejected(f"该企业已有编号为{number}的{kind.label}记录")
    ref = recognition_ref(application.id)
    if session.scalar(
        select(AwardEvent.id).where(
            AwardEvent.enterprise_id == application.enterprise_id, AwardEvent.ref == ref
        )
    ):
        raise ApplicationRejected(f"奖补事件{ref}已存在")
    again = any(
        q.status != QualificationStatus.NOT_PASSED and q.issued_on < issued for q in earlier
    )
    term = terms(kind)
    qualification = Qualification(
        enterprise_id=application.enterprise_id,
        kind=kind,
        level=term.level,
        certificate_no=number,
        issued_on=issued,
        expires_on=term.expires(issued),
        status=QualificationStatus.VALID,
    )
    event = AwardEvent(
        enterprise_id=application.enterprise_id,
        ref=ref,
        kind=EventKind.OTHER,
        occurred_on=issued,
        amount=None,
        attributes={
            "事件": "资质认定",
            "资质": kind.label,
            "资质代码": kind.value,
            "认定类型": "重新认定" if again else "首次认定",
            "证书编号": number,
            "申请编号": application.id,
            "年度": application.year,
            "批次": application.batch,
        },
    )
    return [qualification, event]


# --------------------------------------------------------------------------------------------
# Reading.


def status_on(changes: list[ApplicationChange], day: date) -> ApplicationStatus | None:
    """The status an application had at the end of ``day`` (None before it was opened)."""
    status = None
    for change in changes:
        if change.changed_on <= day:
            status = change.to_status
    return status


def batch_on(changes: list[ApplicationChange], day: date) -> int | None:
    batch = None
    for change in changes:
        if change.changed_on <= day:
            batch = change.batch
    return batch


def find_applications(
    session: Session,
    year: int | None = None,
    zone: str | None = None,
    status: ApplicationStatus | None = None,
    department: str | None = None,
    qualification: QualificationKind | None = None,
    batch: int | None = None,
    *,
    scope: Scope | None = None,
) -> list[ApplicationRecord]:
    """Applications matching every filter given, by year, zone, enterprise and qualification,
    within the caller's ``scope`` (applied in the query)."""
    query = (
        select(Application, Enterprise.uscc, Enterprise.name, Zone.code)
        .join(Enterprise, Application.enterprise_id == Enterprise.id)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .order_by(Application.year, Zone.code, Enterprise.uscc, Application.qualification)
    )
    if zone is not None:
        if session.scalar(select(Zone.id).where(Zone.code == zone)) is None:
            raise UnknownZone(zone)
        query = query.where(Zone.code == zone)
    if scope is not None:
        query = where(query, scope)
        if scope.unit is not None:
            query = query.where(Application.department.in_(unit_names(scope.unit)))
    if year is not None:
        query = query.where(Application.year == year)
    if status is not None:
        query = query.where(Application.status == status)
    if department is not None:
        query = query.where(Application.department.in_(unit_names(department)))
    if qualification is not None:
        query = query.where(Application.qualification == qualification)
    if batch is not None:
        query = query.where(Application.batch == batch)
    return [
        ApplicationRecord(
            a.id,
            uscc,
            name,
            code,
            a.qualification,
            a.year,
            a.batch,
            a.status,
            a.department,
            a.contact,
            a.opened_on,
            a.changes[-1].changed_on,
        )
        for a, uscc, name, code in session.execute(query)
    ]


def application_history(session: Session, application_id: int) -> list[ApplicationChange]:
    return list(_get(session, application_id).changes)
