"""What every command shares: failing in Chinese, reading a date option, loading the packs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from techzone import console
from techzone.io.fields import parse_date
from techzone.io.files import OutputError

if TYPE_CHECKING:
    from techzone.rules.loader import PackSet

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


class Commands(TyperGroup):
    """The command group: an output file that cannot be written is one Chinese line, exit 1."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except OutputError as error:
            console.err.print(f"[bold red]错误：[/]{escape(str(error))}")
            raise typer.Exit(1) from error


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
    # Imported here: the rules layer (Polars, sqlglot) is for the commands that use it.
    from techzone.rules.loader import PackError, load_packs

    try:
        return load_packs()
    except PackError as error:
        raise fail(str(error), code=2) from error
