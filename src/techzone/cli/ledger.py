"""Commands for the payout ledger: record a payment, show an entitlement's history.

Thin, like ``cli.py``: each calls one function of ``techzone.awards.ledger``. ``register(app)``
adds the ``ledger`` sub-command to the main command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.exc import IntegrityError, OperationalError

from techzone.cli import console
from techzone.cli.support import fact_day_option, fail, money_option

# The ledger and the store are imported inside each command: start-up stays light.

ledger_app = typer.Typer(help="奖补台账：支付登记与历史 · The payout ledger: payments and history.")


@contextmanager
def recording_guard() -> Iterator[None]:
    """A second run writing the ledger at the same moment: say so, having written nothing."""
    try:
        yield
    except (IntegrityError, OperationalError) as error:
        # A unique key taken first by the other run, or its lock; any other error of the
        # database (a full disk, a value missing) is not the other run's and goes to the
        # top-level handler.
        from techzone.store.database import contended

        if not contended(error):
            raise
        raise fail("奖补台账正由另一次记录写入，本次未写入任何内容，请稍后重试") from error


@ledger_app.command("pay")
def pay(
    entitlement: Annotated[str, typer.Argument(help="应享编号 · entitlement id")],
    amount: Annotated[str, typer.Option("--amount", help="支付金额（元；追回为负） · yuan")],
    paid_on: Annotated[str, typer.Option("--date", help="支付日期 · date paid")],
    voucher: Annotated[str, typer.Option("--voucher", help="支付凭证号 · voucher number")],
    by: Annotated[str, typer.Option("--by", help="经办人 · who records it")],
    note: Annotated[str | None, typer.Option("--note", help="备注 · note")] = None,
) -> None:
    """登记支付（或追回）：金额、日期、凭证号 · Record a payment against its voucher."""
    from techzone.awards import ledger
    from techzone.fulfilment import clock
    from techzone.store import open_store

    money = money_option(amount, "支付金额")
    # A payment is a fact, read on the clock fulfilment uses (the ledger refuses a day after it).
    today = clock.today()
    day = fact_day_option(paid_on, "--date", today=today)
    with recording_guard(), open_store().transaction() as session:
        try:
            done = ledger.pay(
                session, entitlement.strip(), money, day, voucher, by, note, today=today
            )
        except ledger.LedgerError as error:
            raise fail(str(error)) from error
    console.out.print(done.message())


def _yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _show(entries: list[dict[str, Any]]) -> None:
    from techzone.awards.catalogue import load_catalogue

    # The policy by its title, never its catalogue id; the entitlement id stays on its own
    # line, as the thing to type after ledger pay.
    titles = {pid: entry.policy.title for pid, entry in load_catalogue().policies.items()}
    for entry in entries:
        paid = "未支付" if entry["paid"] is None else f"已付{_yuan(entry['paid'])}元"
        due = entry["to_settle"]
        settle = "" if not due else f"；待结算调整{_yuan(due)}元（正数补付，负数追回）"
        if entry.get("unpaid"):
            # Paid short by the finance office: the case still owes the rest (补拨 or closed).
            settle += f"；未付余额{_yuan(entry['unpaid'])}元（兑现案件中补拨或不再拨付）"
        title = titles.get(entry["policy"], "（政策已不在目录中）")
        console.out.print(
            f"[bold]{title}[/] · {entry['uscc']} · {entry['date']}"
            f"（{entry['year']}年，第{entry['version']}版）：{paid}{settle}"
        )
        console.plain(f"  应享编号（登记支付时填写）：{entry['id']}")
        table = Table(title_justify="left")
        for header in (
            "版本",
            "变动",
            "状态",
            "下限",
            "上限",
            "规划额",
            "调整",
            "时间",
            "记录人",
            "原因",
        ):
            table.add_column(header, overflow="fold")
        for v in entry["versions"]:
            table.add_row(
                str(v["version"]),
                v["change"],
                v["status"],
                _yuan(v["amount_min"]),
                _yuan(v["amount_max"]),
                _yuan(v["planned"]),
                _yuan(v["adjustment"]),
                f"{v['at']:%Y-%m-%d %H:%M}",
                v["by"],
                v["reason"] + (f"；{v['cap_note']}" if v["cap_note"] else ""),
            )
        console.out.print(table)
        for p in entry["payments"]:
            console.out.print(
                f"  支付 {p['paid_on']} {_yuan(p['amount'])}元 凭证 {p['voucher']}"
                f"（按第{p['version']}版，{p['by']} {p['at']:%Y-%m-%d} 登记）"
            )


@ledger_app.command("history")
def history(
    key: Annotated[str, typer.Argument(help="应享编号或统一社会信用代码 · id or USCC")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
) -> None:
    """台账历史：每一版本、谁、何时、为何，及支付 · Every version and payment."""
    from techzone.awards import ledger
    from techzone.store import open_store

    with open_store().transaction() as session:
        entries = ledger.history(session, key)
    if not entries:
        raise fail(f"台账中没有「{key.strip()}」的记录（应享编号或统一社会信用代码）")
    if as_json:
        typer.echo(json.dumps(entries, ensure_ascii=False, indent=2, default=str))
    else:
        _show(entries)


def register(app: typer.Typer) -> None:
    """Add the ``ledger`` commands to the main command line."""
    app.add_typer(ledger_app, name="ledger")
