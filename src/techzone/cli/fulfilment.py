"""Commands for policy fulfilment (政策兑现): cases, 公示, payment batches and fund pools.

Thin: each command opens one transaction, calls one function of ``techzone.fulfilment`` with the
command line's scope (the officer at the machine) and its actor, and prints what it returns. A
refused request is one Chinese line and nothing written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from techzone.cli import console
from techzone.cli.support import (
    LARGEST_NUMBER,
    ZoneOpt,
    day_option,
    fact_day_option,
    fail,
    money_option,
    require_data,
    year_option,
)
from techzone.rules.policy import LEVEL_LABELS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from techzone.access import Scope
    from techzone.audit import Actor

cases_app = typer.Typer(help="政策兑现案件：匹配、查看、办理 · Fulfilment cases.")
notice_app = typer.Typer(help="公示：发布、异议、结束 · Public notice of approved cases.")
payments_app = typer.Typer(help="支付批次：导出、回单导入 · Payment batches.")
funds_app = typer.Typer(help="资金池：预算、承诺、支付 · Fund pools.")
holidays_app = typer.Typer(
    help="节假日安排：节假日库未收录的年度，按国务院办公厅通知录入 · Holiday arrangements.",
    no_args_is_help=True,
)

ACTIONS = {
    "confirm": "确认/提交",
    "decline": "放弃",
    # The help says 通过、退回: the short words are accepted too.
    "approve": "审核通过/通过",
    "return": "退回补充/退回",
    "reject": "不予支持",
    "release": "解除暂缓",
}


def _choice(text: str, choices: dict[str, str], what: str) -> str:
    """The code for what the officer typed: the code itself or its Chinese name (确认, 提交,
    高新区, 区县级), in any case; a refusal lists the Chinese names first."""
    typed = text.strip()
    for code, names in choices.items():
        if typed.lower() == code or typed in (names, *names.split("/")):
            return code
    shown = "、".join(f"{names}（{code}）" for code, names in choices.items())
    raise fail(f"{what}「{typed}」不存在，可选：{shown}", code=2)


@contextmanager
def _session(zone: str | None = None) -> Iterator[tuple[Session, Scope, Actor]]:
    from techzone.access import Scope
    from techzone.audit import Actor
    from techzone.cli.ledger import recording_guard
    from techzone.fulfilment.errors import FulfilmentError
    from techzone.io.files import OutputError
    from techzone.store import open_store

    scope = Scope(zone=zone.strip()) if zone else Scope.everything()
    try:
        with recording_guard(), open_store().transaction() as session:
            yield session, scope, Actor.command_line()
    except (FulfilmentError, OutputError) as error:
        raise fail(str(error)) from error


def _money(text: str | None, option: str) -> Decimal | None:
    return None if text is None else money_option(text, option)


def _titles() -> dict[str, str]:
    """Policy titles for what officers read (never the catalogue's ids)."""
    from techzone.awards.catalogue import load_catalogue

    return {pid: entry.policy.title for pid, entry in load_catalogue().policies.items()}


def _policy(typed: str, titles: dict[str, str]) -> str:
    """The policy's id for what was typed: its id or its exact title; a policy no case can have
    is refused rather than shown as an empty table."""
    if typed in titles:
        return typed
    named = [pid for pid, title in titles.items() if title == typed]
    if len(named) == 1:
        return named[0]
    if named:
        raise fail(f"有{len(named)}条政策名为「{typed}」，请改用政策编号：{'、'.join(named)}")
    raise fail(
        f"没有政策「{typed}」（政策名称见 techzone policies，编号见 techzone policies --json）",
        code=2,
    )


def _yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


@cases_app.command("sync")
def sync(
    year: Annotated[int, year_option("应享所在年度 · year of the entitlements")] = 2025,
    zone: ZoneOpt = None,
    as_of: Annotated[str | None, typer.Option("--date", help="匹配日期 · match date")] = None,
) -> None:
    """匹配：把应享（同 awards --record）记入台账并建兑现案件，可重复运行 · Match cases."""
    from techzone.fulfilment.cases import sync_cases

    day = day_option(as_of, "--date")
    with _session(zone) as (session, scope, actor):
        # Nothing to match in an empty database: say what to load, not "0 new cases".
        require_data(session)
        done = sync_cases(session, scope, day, actor, year=year)
    console.out.print(done.message())


@cases_app.command("list")
def list_(
    zone: ZoneOpt = None,
    state: Annotated[
        str | None, typer.Option(help="状态，如 待支付、公示中（或其代码） · state")
    ] = None,
    policy: Annotated[str | None, typer.Option(help="政策编号 · policy id")] = None,
    year: Annotated[int | None, year_option("年度 · year")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
) -> None:
    """案件清单 · List cases."""
    from techzone.fulfilment.cases import list_cases
    from techzone.fulfilment.states import LABELS, TRACK_LABELS, State

    titles = _titles()
    if state is not None:
        state = _choice(state, {code.value: label for code, label in LABELS.items()}, "状态")
    if policy is not None:
        policy = _policy(policy.strip(), titles)
    with _session(zone) as (session, scope, _):
        found = list_cases(session, scope, state=state, policy=policy, year=year, limit=100_000)
        rows: list[dict[str, Any]] = [
            {
                "id": c.id,
                "enterprise": c.name,
                "uscc": c.uscc,
                "policy": titles.get(c.policy_id, c.policy_id),
                "track": TRACK_LABELS[c.track],
                "payer": LEVEL_LABELS.get(c.payer, c.payer),
                "state": State(c.state).label,
                "amount": c.amount,
                "range": [c.amount_min, c.amount_max],
                "deadline": c.deadline,
            }
            for c in found
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=f"兑现案件（共{len(rows)}件）", title_justify="left")
    for header in ("编号", "企业", "政策", "方式", "状态", "金额（元）", "应享范围（元）", "期限"):
        table.add_column(header, overflow="fold")
    for r in rows:
        low, high = r["range"]
        table.add_row(
            str(r["id"]),
            r["enterprise"],
            r["policy"],
            r["track"],
            r["state"],
            _yuan(r["amount"]),
            f"{_yuan(low)}–{_yuan(high)}",
            str(r["deadline"] or "—"),
        )
    console.out.print(table)


@cases_app.command("show")
def show(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
) -> None:
    """案件详情与全部历史 · A case and its whole history."""
    from techzone.fulfilment.cases import get_case, history
    from techzone.fulfilment.states import TRACK_LABELS, State

    titles = _titles()
    with _session() as (session, scope, _):
        case = get_case(session, scope, case_id)
        shown: dict[str, Any] = {
            "id": case.id,
            "entitlement": case.entitlement_id,
            "enterprise": case.name,
            "uscc": case.uscc,
            "policy": titles.get(case.policy_id, case.policy_id),
            "track": TRACK_LABELS[case.track],
            "why": case.track_reason,
            "state": State(case.state).label,
            "amount": case.amount,
            "range": [case.amount_min, case.amount_max],
            "hold": case.hold_reason,
            "history": [
                {"at": h.at, "by": h.actor, "action": h.action, "note": h.note}
                for h in history(session, scope, case_id)
            ],
        }
    if as_json:
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=2, default=str))
        return
    lines = [
        f"案件 {shown['id']}  {shown['enterprise']}（{shown['uscc']}）  {shown['policy']}",
        f"方式：{shown['track']}（{shown['why']}）",
        f"状态：{shown['state']}  金额："
        + ("未定" if shown["amount"] is None else f"{shown['amount']:,.2f}元"),
    ]
    if shown["hold"]:
        lines.append(f"暂缓原因：{shown['hold']}")
    console.out.print("\n".join(lines), markup=False, highlight=False)
    table = Table(title="办理历史", title_justify="left")
    for header in ("时间", "办理人", "事项"):
        table.add_column(header, overflow="fold")
    for h in shown["history"]:
        table.add_row(f"{h['at']:%Y-%m-%d %H:%M}", h["by"], h["note"] or "")
    console.out.print(table)


@cases_app.command("advance")
def advance(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    action: Annotated[
        str,
        typer.Argument(
            help="办理事项：确认、放弃、审核通过、退回补充、不予支持、解除暂缓（或其代码）"
        ),
    ],
    amount: Annotated[str | None, typer.Option(help="审定金额（元） · amount fixed")] = None,
    reason: Annotated[str | None, typer.Option(help="理由/依据 · reason")] = None,
    bank: Annotated[str | None, typer.Option(help="开户银行 · bank")] = None,
    account: Annotated[str | None, typer.Option(help="银行账号 · account")] = None,
    as_of: Annotated[str | None, typer.Option("--date", help="办理日期 · date")] = None,
) -> None:
    """办理一步：确认、放弃、通过、退回、不予支持、解除暂缓 · Take a case one step on."""
    from techzone.fulfilment import review
    from techzone.fulfilment.states import State

    action = _choice(action, ACTIONS, "办理事项")
    day = fact_day_option(as_of, "--date")
    money = _money(amount, "--amount")
    with _session() as (session, scope, actor):
        if action == "confirm":
            review.confirm(
                session,
                scope,
                case_id,
                actor,
                bank_name=bank or "",
                bank_account=account or "",
                consent=True,
            )
            message = f"案件 {case_id} 已确认，转入审核"
        elif action == "decline":
            review.decline(session, scope, case_id, actor, reason or "")
            message = f"案件 {case_id} 已登记放弃"
        elif action == "approve":
            message = review.approve(
                session, scope, case_id, actor, day, amount=money, reason=reason
            ).message()
        elif action == "release":
            state = review.release(
                session, scope, case_id, actor, day, reason=reason or "", amount=money
            ).state
            message = f"案件 {case_id} 已解除暂缓，现为「{State(state).label}」"
        elif action == "return":
            review.return_case(session, scope, case_id, actor, reason or "")
            message = f"案件 {case_id} 已退回补充"
        else:
            review.reject(session, scope, case_id, actor, reason or "")
            message = f"案件 {case_id} 不予支持"
    console.out.print(message)


@cases_app.command("recover")
def recover(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    reason: Annotated[str, typer.Option(help="追回原因（如：资格被撤销） · why")],
    amount: Annotated[
        str | None, typer.Option(help="追回金额（元），不填即已支付且尚未退回的全部 · amount")
    ] = None,
) -> None:
    """对已支付（或已追回部分、尚有资金未退回）的案件启动追回，并通知企业 · Open a recovery."""
    from techzone.fulfilment import recovery

    money = _money(amount, "--amount")
    with _session() as (session, scope, actor):
        case = recovery.open_recovery(session, scope, case_id, actor, reason=reason, amount=money)
        message = f"案件 {case_id} {recovery.opened_message(session, case)}"
    console.out.print(message)


@cases_app.command("repay")
def repay(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    amount: Annotated[str, typer.Option(help="本次退回金额（元） · amount returned")],
    voucher: Annotated[str, typer.Option(help="凭证号 · voucher")],
    on: Annotated[str, typer.Option("--date", help="到账日期 · date received")],
) -> None:
    """登记追回中案件的退回资金（可分次） · Record money returned on a case under recovery."""
    from techzone.fulfilment import clock, recovery

    money = money_option(amount, "--amount")
    day = fact_day_option(on, "--date", today=clock.today())
    with _session() as (session, scope, actor):
        case = recovery.record_repayment(
            session, scope, case_id, actor, amount=money, on=day, voucher=voucher
        )
        message = f"案件 {case_id} {recovery.repaid_message(case, money)}"
    console.out.print(message)


@cases_app.command("notify")
def notify_(
    zone: ZoneOpt = None,
    as_of: Annotated[str | None, typer.Option("--date", help="日期 · date")] = None,
) -> None:
    """期限提醒并发送未发出的通知邮件（TECHZONE_SMTP_HOST 等） · Reminders and e-mail."""
    from techzone.fulfilment import notify

    day = day_option(as_of, "--date")
    with _session(zone) as (session, scope, _):
        reminded = notify.send_reminders(session, scope, day)
        settings = notify.MailSettings.from_env()
        sent, failed = notify.send_mail(session, settings)
    mail = (
        "未配置邮件服务器（TECHZONE_SMTP_HOST），通知只在收件箱"
        if settings is None
        else f"发送邮件{sent}封，失败{failed}封（下次重试）"
    )
    console.out.print(f"新增期限提醒{reminded}条；{mail}")


@notice_app.command("publish")
def publish(
    zone: ZoneOpt = None,
    as_of: Annotated[str | None, typer.Option("--date", help="发布日期 · date")] = None,
    days: Annotated[
        int | None,
        typer.Option(help="公示期（工作日），默认按所列政策的规定，只能延长 · working days"),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="公示文件 .docx · the notice")] = None,
    issuer: Annotated[str, typer.Option(help="发布单位 · issuer")] = "高新区管委会",
    contact_unit: Annotated[
        str | None, typer.Option(help="异议受理单位（必填） · who receives objections")
    ] = None,
    contact_person: Annotated[str | None, typer.Option(help="联系人 · contact person")] = None,
    contact_phone: Annotated[str | None, typer.Option(help="联系电话 · telephone")] = None,
    contact_address: Annotated[str | None, typer.Option(help="通信地址 · postal address")] = None,
    contact_email: Annotated[str | None, typer.Option(help="电子邮箱 · e-mail")] = None,
) -> None:
    """发布公示：审核通过的案件一批公示，写明异议受理单位和联系方式 · Publish approved cases."""
    from techzone.fulfilment import publicity
    from techzone.fulfilment.errors import FulfilmentError
    from techzone.fulfilment.objections import contact

    day = day_option(as_of, "--date")
    if out is not None and out.suffix.lower() != ".docx":
        # Checked before publishing: Word's bytes under 公示.csv would open as garbage.
        raise fail("--out 的后缀须为 .docx")
    try:
        objections = contact(
            contact_unit, contact_person, contact_phone, contact_address, contact_email
        )
    except FulfilmentError as error:
        raise fail(str(error)) from error
    with _session(zone) as (session, scope, actor):
        notice = publicity.publish(
            session, scope, actor, day, contact=objections, working_days=days
        )
        shown = publicity.public_notice(session, scope, notice.number)
        if out is not None:
            publicity.write_notice_document(shown, out, issuer)
    console.out.print(
        f"已发布{shown.number}：{len(shown.rows)}件，公示期{shown.working_days}个工作日，"
        f"至{shown.closes_on}；{objections.text}" + (f"；公示文件：{out}" if out else "")
    )


@notice_app.command("object")
def object_(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    text: Annotated[str, typer.Option(help="异议内容 · the objection")],
    by: Annotated[str, typer.Option("--by", help="异议人 · raised by")] = "匿名",
    as_of: Annotated[str | None, typer.Option("--date", help="收到日期 · received")] = None,
) -> None:
    """登记公示期异议（案件暂缓） · Log an objection; the case is held."""
    from techzone.fulfilment import publicity

    day = fact_day_option(as_of, "--date")
    with _session() as (session, scope, actor):
        found = publicity.object_to(
            session, scope, case_id, actor, text=text, raised_by=by, received_on=day
        )
        number = found.id
    console.out.print(f"已登记异议 {number}，案件 {case_id} 暂缓")


@notice_app.command("resolve")
def resolve(
    objection: Annotated[
        int, typer.Argument(help="异议编号 · objection number", max=LARGEST_NUMBER)
    ],
    upheld: Annotated[bool, typer.Option("--upheld/--dismissed", help="异议成立/不成立")],
    reason: Annotated[str, typer.Option(help="核实结论 · finding")],
    as_of: Annotated[str | None, typer.Option("--date", help="日期 · date")] = None,
) -> None:
    """处理异议 · Resolve an objection."""
    from techzone.fulfilment import publicity
    from techzone.fulfilment.states import State

    day = fact_day_option(as_of, "--date")
    with _session() as (session, scope, actor):
        case = publicity.resolve(
            session, scope, objection, actor, upheld=upheld, resolution=reason, on=day
        )
        state = State(case.state).label
    console.out.print(f"异议 {objection} 已处理；案件 {case.id} 现为「{state}」")


@notice_app.command("close")
def close(
    number: Annotated[str, typer.Argument(help="公示编号 · notice number")],
    as_of: Annotated[str | None, typer.Option("--date", help="结束日期 · date")] = None,
) -> None:
    """结束公示：期满无异议的案件转支付 · Close a notice whose period has run."""
    from techzone.fulfilment import publicity

    day = day_option(as_of, "--date")
    with _session() as (session, scope, actor):
        moved = publicity.close(session, scope, number, actor, day)
    console.out.print(f"{number}已结束，{len(moved)}件转入待支付")


@payments_app.command("export")
def export(
    payer: Annotated[str, typer.Option(help="出资层级：省级、市级、区县级、高新区（或其代码）")],
    out: Annotated[Path, typer.Option(help="支付批次 .xlsx · workbook")],
    zone: ZoneOpt = None,
) -> None:
    """导出支付批次（企业、信用代码、账户、金额到分、政策、文号） · Export a payment batch."""
    from techzone.fulfilment import payments

    level = _choice(payer, LEVEL_LABELS, "出资层级")
    # Held in a transaction of their own: an export that then finds nothing left keeps them held.
    with _session(zone) as (session, scope, actor):
        payments.batch_path(out)
        held = payments.recheck_waiting(session, scope, actor, level)
        told = payments.left_out(session, held) if held else None
    if told:
        console.out.print(told)
    with _session(zone) as (session, scope, actor):
        batch = payments.export_batch(session, scope, actor, level, out)
        shown = f"支付批次{batch.number}：{batch.cases}件，合计{batch.total:,.2f}元 → {out}"
    console.out.print(shown)


@payments_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="财政回单 .xlsx · the returned sheet")],
    overpaid: Annotated[
        bool,
        typer.Option(
            "--overpaid",
            help="已与财政核实：列入批次后台账重新测算调低的案件已按批准金额或高于调低后应享的金额支付；按实付登记，"
            "多付部分随即启动追回 · paid the approved amount after a lower recomputation",
        ),
    ] = False,
    underpaid: Annotated[
        bool,
        typer.Option(
            "--underpaid",
            help="已与财政核实：回单所列实付金额少于批准金额（或补拨金额）；按实付登记，"
            "未付余额记入案件，可补拨或不再拨付（须同时写明 --reason） · paid short",
        ),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(help="少付原因（如：资金不足按比例核减），与 --underpaid 同用 · why"),
    ] = None,
) -> None:
    """导入财政回单（支付日期、凭证号），全部无误才登记 · Record the returned sheet."""
    from techzone.fulfilment import payments

    with _session() as (session, scope, actor):
        done = payments.import_payments(
            session, scope, actor, path, overpaid=overpaid, underpaid=underpaid, reason=reason
        )
    console.out.print(done.message())


@payments_app.command("pay")
def pay(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    voucher: Annotated[str, typer.Option(help="凭证号 · voucher")],
    on: Annotated[str, typer.Option("--date", help="支付日期 · date paid")],
    amount: Annotated[
        str | None,
        typer.Option(help="实付金额（元），不填即批准金额（补拨即补拨金额） · amount paid"),
    ] = None,
    underpaid: Annotated[
        bool,
        typer.Option(
            "--underpaid",
            help="已与财政核实：实付少于批准金额（或补拨金额）；未付余额记入案件（须写明 --reason）"
            " · paid short",
        ),
    ] = False,
    reason: Annotated[str | None, typer.Option(help="少付原因 · why paid short")] = None,
    overpaid: Annotated[
        bool,
        typer.Option(
            "--overpaid",
            help="已与财政核实：台账重新测算调低后仍按批准金额或高于应享的金额支付；多付部分随即启动追回"
            " · paid above the newest computation",
        ),
    ] = False,
) -> None:
    """登记支付批次中一个案件（或其补拨）的支付 · Record one case's payment by hand."""
    from techzone.fulfilment import clock, payments

    money = _money(amount, "--amount")
    day = fact_day_option(on, "--date", today=clock.today())
    with _session() as (session, scope, actor):
        case = payments.record_payment(
            session,
            scope,
            case_id,
            actor,
            day,
            voucher,
            amount=money,
            overpaid=overpaid,
            underpaid=underpaid,
            reason=reason,
        )
        message = f"案件 {case_id} {payments.paid_message(session, case)}"
    console.out.print(message)


@payments_app.command("follow-up")
def follow_up(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    reason: Annotated[str, typer.Option(help="补拨原因（如：资金到位） · why")],
    amount: Annotated[
        str | None, typer.Option(help="补拨金额（元），不填即全部未付余额 · amount")
    ] = None,
) -> None:
    """补拨：少付案件的未付余额列入下一支付批次 · Send a case's unpaid rest to the next batch."""
    from techzone.fulfilment import payments

    money = _money(amount, "--amount")
    with _session() as (session, scope, actor):
        case = payments.follow_up(session, scope, case_id, actor, reason=reason, amount=money)
        message = (
            f"案件 {case_id} 补拨{case.topup:,.2f}元，待列入支付批次"
            f"（未付余额{case.unpaid:,.2f}元）"
        )
    console.out.print(message)


@payments_app.command("close-rest")
def close_rest(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    reason: Annotated[str, typer.Option(help="余额不再拨付的原因 · why")],
) -> None:
    """余额不再拨付：结清少付案件的未付余额 · Close a case's unpaid rest."""
    from techzone.fulfilment import payments

    with _session() as (session, scope, actor):
        payments.close_rest(session, scope, case_id, actor, reason=reason)
    console.out.print(f"案件 {case_id} 未付余额不再拨付")


@payments_app.command("withdraw")
def withdraw(
    case_id: Annotated[int, typer.Argument(help="案件编号 · case number", max=LARGEST_NUMBER)],
    reason: Annotated[str, typer.Option(help="原因 · why")],
    not_paid: Annotated[
        bool, typer.Option("--not-paid", help="已与财政核实此笔尚未支付 · not paid yet")
    ] = False,
) -> None:
    """撤出支付批次（财政尚未支付），暂缓待复核 · Take a case out of its batch."""
    from techzone.fulfilment import payments

    with _session() as (session, scope, actor):
        case = payments.withdraw(session, scope, case_id, actor, reason=reason, not_paid=not_paid)
        rest = case.unpaid if case.state == "paid" else None
    if rest is not None:
        console.out.print(
            f"案件 {case_id} 的补拨已撤出支付批次；未付余额{rest:,.2f}元仍待补拨或不再拨付"
        )
    else:
        console.out.print(
            f"案件 {case_id} 已撤出支付批次，暂缓待复核；复核解除暂缓后再列入支付批次"
        )


@funds_app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="政策编号或政策组 · policy or group")],
    budget: Annotated[str, typer.Option(help="预算（元） · budget")],
    payer: Annotated[
        str, typer.Option(help="出资层级：国家、省级、市级、区县级、高新区（或其代码）")
    ],
    owner: Annotated[
        str | None,
        typer.Option(help="出资单位：高新区代码（zone、district）、省份或城市名称 · who pays"),
    ] = None,
    year: Annotated[int, year_option("奖补年度 · award year")] = 2026,
    warn: Annotated[int, typer.Option(help="预警比例（%） · warn at")] = 90,
    reason: Annotated[str | None, typer.Option(help="原因 · why")] = None,
) -> None:
    """设置或调增资金池预算（记入审计） · Set a fund pool's budget."""
    from techzone.fulfilment import funds

    money = _money(budget, "--budget")
    assert money is not None
    payer = _choice(payer, LEVEL_LABELS, "出资层级")
    with _session() as (session, scope, actor):
        funds.set_pool(
            session,
            scope,
            actor,
            key,
            year,
            payer,
            money,
            owner=owner,
            warn_percent=warn,
            reason=reason,
        )
    shown = _titles().get(key.strip(), key.strip())
    console.out.print(f"资金池「{shown}」{year}年预算已设为{money:,.2f}元")


@funds_app.command("status")
def status(
    year: Annotated[int, year_option("奖补年度 · award year")] = 2026,
    zone: ZoneOpt = None,
    by: Annotated[
        str | None, typer.Option(help="分组：政策、出资层级、园区、月份（或其代码）")
    ] = None,
) -> None:
    """预算、已承诺、已支付 · Budget vs committed vs paid."""
    from techzone.fulfilment import funds

    by = None if by is None else _choice(by, funds.BREAKDOWNS, "分组")
    with _session(zone) as (session, scope, _):
        pools = funds.status(session, scope, year)
        grouped = funds.breakdown(session, scope, year, by) if by else []
    table = Table(title=f"{year}年资金池", title_justify="left")
    for header in (
        "资金池",
        "出资",
        "预算（元）",
        "已承诺（元）",
        "已支付（元）",
        "余额（元）",
        "",
    ):
        table.add_column(header, overflow="fold")
    # A pool of one policy is named by its title; a group keeps the name the config gives it.
    titles = _titles()
    for p in pools:
        table.add_row(
            titles.get(p.key, p.key),
            f"{LEVEL_LABELS.get(p.payer, p.payer)} {p.owner or '未注明'}",
            _yuan(p.budget),
            _yuan(p.committed),
            _yuan(p.paid),
            _yuan(p.remaining),
            "即将用尽" if p.warning else "",
        )
    console.out.print(table)
    if grouped:
        detail = Table(title=f"按{funds.BREAKDOWNS[by or 'policy']}", title_justify="left")
        for header in ("分组", "已承诺（元）", "已支付（元）"):
            detail.add_column(header, overflow="fold")
        for row in grouped:
            group = titles.get(row["group"], row["group"])
            detail.add_row(group, _yuan(row["committed"]), _yuan(row["paid"]))
        console.out.print(detail)


@holidays_app.command("add")
def holidays_add(
    notice: Annotated[
        Path, typer.Argument(help="通知全文（.txt/.docx/.html/.pdf） · the notice's text")
    ],
    year: Annotated[int | None, year_option("年度（通知标题中有则不必给） · year")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="更正已录入的年度 · replace an entered year")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="只读出并核对，不录入 · read and check only")
    ] = False,
) -> None:
    """录入一年的节假日安排（公示期、办理期限按工作日计算） · Enter a year's arrangement."""
    from techzone.extract.read import UnreadableDocument, read_document
    from techzone.fulfilment import holidays
    from techzone.fulfilment.errors import FulfilmentError

    try:
        text = read_document(notice).text
    except UnreadableDocument as error:
        raise fail(f"无法读取通知「{notice}」：{error.reason}") from error
    try:
        arrangement = holidays.read_notice(text, year)
    except FulfilmentError as error:
        raise fail(str(error)) from error
    table = Table(title=f"{arrangement.year}年节假日安排（读自通知）", title_justify="left")
    for header in ("节日", "放假", "调休上班"):
        table.add_column(header, overflow="fold")
    for holiday in arrangement.holidays:
        table.add_row(
            holiday.name,
            _days(holiday.off),
            "、".join(f"{d.month}月{d.day}日" for d in holiday.work) or "—",
        )
    console.out.print(table)
    if check:
        console.out.print("已核对，未录入（去掉 --check 即录入）")
        return
    with _session() as (session, scope, actor):
        settled = holidays.record(session, scope, actor, arrangement, text, replace=replace)
    console.out.print(holidays.recorded_message(arrangement, settled))


def _days(days: tuple[Any, ...]) -> str:
    first, last = days[0], days[-1]
    if first == last:
        return f"{first.month}月{first.day}日"
    return f"{first.month}月{first.day}日至{last.month}月{last.day}日（{len(days)}天）"


@holidays_app.command("list")
def holidays_list() -> None:
    """节假日库收录的年度和已录入的年度 · Years known and entered."""
    from techzone.fulfilment import holidays

    known = holidays.known_years()
    console.out.print(f"节假日库收录：{known.start}—{known.stop - 1}年")
    with _session() as (session, _, _actor):
        rows = list(holidays.entered(session).values())
        shown = [
            (r.year, len(r.days_off), len(r.workdays), r.entered_by, f"{r.entered_at:%Y-%m-%d}")
            for r in rows
        ]
    if not shown:
        console.out.print("尚未录入其他年度")
        return
    table = Table(title="已录入的年度", title_justify="left")
    for header in ("年度", "放假天数", "调休上班天数", "录入人", "录入日期"):
        table.add_column(header)
    for year_, off, work, by, on in shown:
        table.add_row(str(year_), str(off), str(work), by, on)
    console.out.print(table)


@holidays_app.command("remove")
def holidays_remove(
    year: Annotated[int, typer.Argument(help="年度 · year", min=2000, max=2100)],
) -> None:
    """删除录错的年度（公示、期限已按它计算的不变） · Remove an entered year."""
    from techzone.fulfilment import holidays

    with _session() as (session, _, actor):
        holidays.remove(session, actor, year)
    console.out.print(f"已删除{year}年的节假日安排")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
    app.add_typer(notice_app, name="notice")
    app.add_typer(payments_app, name="payments")
    app.add_typer(funds_app, name="funds")
    app.add_typer(holidays_app, name="holidays")
