"""``techzone user add|list|disable|enable|reset``: the web application's accounts.

A password is read from a hidden prompt or, for scripts, the first line of standard input
(``--password-stdin``); ``--password`` on the command line exists for tests and demos only,
since a command line is visible to other users of the machine and kept in shell history.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from techzone.cli import console
from techzone.cli.support import fail

user_app = typer.Typer(
    help="网页应用账号：新建、列表、停用、启用、重置密码 · web application accounts",
    no_args_is_help=True,
)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="从标准输入第一行读取密码 · password from stdin"),
]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password",
        help="直接给出密码（仅用于测试和演示，会留在命令历史中） · for tests/demos only",
    ),
]
Reason = Annotated[str | None, typer.Option(help="原因（记入审计日志） · reason, audited")]


def register(app: typer.Typer) -> None:
    """Add the ``user`` commands to the main command line."""
    app.add_typer(user_app, name="user")


def _password(password: str | None, from_stdin: bool) -> str:
    if password is not None and from_stdin:
        raise fail("--password 与 --password-stdin 只能选一个", code=2)
    if password is not None:
        return password
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise fail("标准输入中没有密码")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise fail("请在终端中输入密码，或用 --password-stdin 从标准输入读取", code=2)
    entered: str = typer.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    return entered


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="用户名 · username")],
    role: Annotated[
        str,
        typer.Option(
            help="角色：省级管理员、高新区管理员、园区专员、责任单位联系人、企业用户（或其代码）"
        ),
    ],
    province: Annotated[str | None, typer.Option(help="省份（省级管理员）")] = None,
    zone: Annotated[str | None, typer.Option(help="高新区代码")] = None,
    park: Annotated[str | None, typer.Option(help="园区代码（园区专员）")] = None,
    uscc: Annotated[str | None, typer.Option(help="统一社会信用代码（企业用户）")] = None,
    unit: Annotated[str | None, typer.Option(help="责任单位（责任单位联系人）")] = None,
    password_stdin: PasswordStdin = False,
    password: PasswordOpt = None,
) -> None:
    """新建账号 · Create an account."""
    from techzone.accounts import AccountError, Binding, create_account, parse_role
    from techzone.audit import Actor
    from techzone.store import open_store

    try:
        chosen = parse_role(role)
    except AccountError as error:
        raise fail(str(error), code=2) from error
    secret = _password(password, password_stdin)
    binding = Binding(province=province, zone=zone, park=park, uscc=uscc, unit=unit)
    try:
        with open_store().transaction() as session:
            account = create_account(
                session, Actor.command_line(), username, secret, chosen, binding
            )
            name = account.username
    except AccountError as error:
        raise fail(str(error)) from error
    console.out.print(f"已新建账号「{name}」（{chosen.label}）。")


@user_app.command("list")
def list_() -> None:
    """列出账号 · List accounts."""
    from rich.table import Table

    from techzone.access import Role
    from techzone.accounts import describe_scope, list_accounts
    from techzone.accounts.service import (
        CHINA_TIME,
        account_state,
        address_locks,
        as_utc,
        now_utc,
    )
    from techzone.store import open_store

    now = now_utc()
    with open_store().transaction() as session:
        accounts = list_accounts(session)
        locks = address_locks(session, now)
        table = Table(title=f"账号（共{len(accounts)}个）", title_justify="left")
        for column in ("用户名", "角色", "范围", "状态", "创建时间"):
            # A narrow terminal wraps a cell rather than cutting 「2个地址已锁定至…」 short.
            table.add_column(column, overflow="fold")
        for account in accounts:
            table.add_row(
                account.username,
                Role(account.role).label,
                describe_scope(session, account),
                account_state(account, locks.get(account.id), now),
                as_utc(account.created_at).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M"),
            )
    console.out.print(table)


def _toggle(username: str, disabled: bool, reason: str | None) -> None:
    from techzone.accounts import AccountError, set_disabled
    from techzone.audit import Actor
    from techzone.store import open_store

    try:
        with open_store().transaction() as session:
            set_disabled(session, Actor.command_line(), username, disabled, reason)
    except AccountError as error:
        raise fail(str(error)) from error


@user_app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="用户名 · username")], reason: Reason = None
) -> None:
    """停用账号（立即退出其所有登录） · Disable an account and end its sessions."""
    _toggle(username, True, reason)
    console.out.print(f"已停用账号「{username.strip()}」。")


@user_app.command("enable")
def enable(
    username: Annotated[str, typer.Argument(help="用户名 · username")], reason: Reason = None
) -> None:
    """重新启用账号 · Enable a disabled account."""
    _toggle(username, False, reason)
    console.out.print(f"已启用账号「{username.strip()}」。")


@user_app.command("reset")
def reset(
    username: Annotated[str, typer.Argument(help="用户名 · username")],
    password_stdin: PasswordStdin = False,
    password: PasswordOpt = None,
    reason: Reason = None,
) -> None:
    """重置密码（同时解除锁定、退出其所有登录） · Reset a password."""
    from techzone.accounts import AccountError, reset_password
    from techzone.audit import Actor
    from techzone.store import open_store

    secret = _password(password, password_stdin)
    try:
        with open_store().transaction() as session:
            reset_password(session, Actor.command_line(), username, secret, reason)
    except AccountError as error:
        raise fail(str(error)) from error
    console.out.print(f"已重置账号「{username.strip()}」的密码。")
