"""What every command shares: failing in Chinese, reading a date option, loading the packs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import console
from techzone.io.fields import parse_date
from techzone.model import Enterprise
from techzone.rules.loader import PackError, PackSet, load_packs

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="日期 YYYY-MM-DD（默认今天） · as-of date (default: today)"),
]
ZoneOpt = Annotated[
    str | None, typer.Option("--zone", help="只看一个高新区（代码） · one zone only, by code")
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    console.err.print(f"[bold red]错误：[/]{message}")
    return typer.Exit(code)


def day_option(text: str | None, option: str = "--as-of") -> date:
    """A date option as typed (2026-06-30, 2026/6/30, 2026年6月30日); today when left out."""
    if text is None:
        return date.today()
    try:
        return parse_date(text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from error


def rule_packs() -> PackSet:
    """Every qualification pack, or exit 2 naming the broken file and rule."""
    try:
        return load_packs()
    except PackError as error:
        raise fail(str(error), code=2) from error


def has_data(session: Session) -> bool:
    """Whether the database holds any enterprise."""
    return session.scalar(select(Enterprise.id).limit(1)) is not None


def require_data(session: Session) -> None:
    """Stop with what to do when the database holds no enterprise yet, rather than print empty
    tables an officer cannot tell from a zone with nothing to report."""
    if not has_data(session):
        raise fail(console.EMPTY_DATABASE)
