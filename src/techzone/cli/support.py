"""What every command shares: failing in Chinese, reading year and date options, loading the packs,
and the top-level handler that keeps Python tracebacks away from the user.

Every mistake a user can type or hand in ends as one line ``错误：…`` on stderr and a non-zero exit
(1 for a refused input, 2 for a mistyped command line or a broken pack). Anything else is a defect
in techzone: its traceback goes to ``<data directory>/logs/errors.log`` and the user is told where.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from techzone.bounds import (
    FIRST_WORKING_YEAR,
    YEARS_AHEAD,
    OutOfBounds,
    fact_date,
    fact_year,
    working_date,
    working_year,
)
from techzone.cli import console
from techzone.config import data_dir
from techzone.io.fields import parse_date
from techzone.io.files import REPLACED, OutputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from techzone.rules.loader import PackSet

# The largest record number the databases hold (a signed 64-bit integer): a larger one typed
# as an application or case number is refused as out of range, not sent to the database.
LARGEST_NUMBER = 2**63 - 1
WORKING_RANGE = f"{FIRST_WORKING_YEAR}年至今后{YEARS_AHEAD}年"
INTERNAL_ERROR_EXIT = 70  # EX_SOFTWARE: a defect, not the user's mistake


class UserError(Exception):
    """A mistake in what the user typed or handed in; ``str`` is the one Chinese line to show."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def error_line(message: str) -> None:
    """``错误：message`` on stderr as one line, the message never read as rich markup."""
    line = Text("错误：", style="bold red")
    line.append(" ".join(message.splitlines()))
    console.err.print(line, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    error_line(message)
    return typer.Exit(code)


def _checked(check: Any, value: Any, option: str) -> Any:
    try:
        return check(value, option)
    except OutOfBounds as error:
        raise UserError(str(error), code=2) from error


def checked_year(value: int | None, option: str = "--year") -> int | None:
    """A year a command works on (see :mod:`techzone.bounds`), or a :class:`UserError`."""
    return None if value is None else int(_checked(working_year, value, f"{option} "))


def checked_fact_year(value: int, option: str = "年度") -> int:
    """A year a statement of fact belongs to: not after the current year."""
    return int(_checked(fact_year, value, f"{option} "))


def _year_callback(value: int | None) -> int | None:
    return checked_year(value)


def year_option(help: str, *names: str) -> Any:
    """A ``--year`` option held to the one rule for years."""
    return typer.Option(
        *names, help=f"{help}（{WORKING_RANGE}）", callback=_year_callback, show_default=True
    )


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=f"日期 YYYY-MM-DD（默认今天；{WORKING_RANGE}） · as-of date (default: today)",
    ),
]


def _zone_callback(value: str | None) -> str | None:
    """The zone code as stored, whatever its case (gs-lz is GS-LZ), or a refusal naming it: a
    code no zone has would otherwise show every zone, or none, without a word."""
    if value is None:
        return None
    from sqlalchemy import func, select

    from techzone.model import Zone
    from techzone.store import open_store

    typed = value.strip()
    with open_store().transaction() as session:
        codes = list(
            session.scalars(select(Zone.code).where(func.upper(Zone.code) == typed.upper()))
        )
        loaded = has_data(session)
    if typed in codes or not loaded:  # an empty database: each command says what to load
        return typed
    if len(codes) == 1:
        return codes[0]
    # fail, not UserError: the sub-apps run on their own in tests, outside the handler.
    raise fail(f"没有代码为「{typed}」的高新区")


zone_code_as_stored = _zone_callback
"""The same reading for a zone code given as an argument (``zones enter gs-by …``)."""

ZoneOpt = Annotated[
    str | None,
    typer.Option(
        "--zone",
        help="只看一个高新区（代码） · one zone only, by code",
        callback=_zone_callback,
    ),
]


def _parsed(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise UserError(f"{option} {error}", code=2) from error


def day_option(text: str | None, option: str = "--as-of") -> date:
    """A date a command works on, as typed (2026-06-30, 2026/6/30, 2026年6月30日); today when
    left out; refused outside the one rule for dates."""
    if text is None:
        return date.today()
    day: date = _checked(working_date, _parsed(text, option), f"{option} ")
    return day


def fact_day_option(text: str | None, option: str, today: date | None = None) -> date:
    """A date something happened on (an application's change, a certificate's issue): today when
    left out; not before 1949 nor more than 30 days ahead (of ``today``, the machine's date
    unless the caller works on another clock)."""
    if text is None:
        return today or date.today()
    day: date = _checked(
        lambda value, what: fact_date(value, what, today=today), _parsed(text, option), f"{option} "
    )
    return day


def xlsx_out(value: Path | None) -> Path | None:
    """An ``--out`` that must name a workbook: a .csv, .txt or bare name would get Excel's
    bytes under a name that opens as something else, so it is refused before any work."""
    if value is not None and value.suffix.lower() != ".xlsx":
        raise fail("--out 的后缀须为 .xlsx")
    return value


def money_option(text: str, what: str) -> Decimal:
    """An amount in yuan as typed (1,234.50 or -500): exact to the fen and within what the
    ledger can hold, or one line naming ``what`` (1e400 and 1e30 are typing mistakes)."""
    from techzone.io.fields import parse_decimal

    try:
        return parse_decimal(text)
    except ValueError as error:
        raise fail(f"{what}{error}") from error


def rule_packs() -> PackSet:
    """Every qualification pack, or exit 2 naming the broken file and rule."""
    # Imported here: the rules layer (Polars, sqlglot) is for the commands that use it.
    from techzone.rules.loader import PackError, load_packs

    try:
        return load_packs()
    except PackError as error:
        raise fail(str(error), code=2) from error


# ---------------------------------------------------------------------------- the top-level handler

_CLICK_HINTS = (
    ("valid integer", "应为整数"),
    ("valid float", "应为数字"),
    ("valid number", "应为数字"),
    ("in the range", "超出允许的范围"),
    ("greater than", "超出允许的范围"),
    ("less than", "超出允许的范围"),
    ("is not one of", "不是可选的值"),
)


def _named(param: Any, hint: Any) -> str:
    """How the officer knows a parameter: an option as typed (--year); a positional argument by
    the Chinese part of its help (案件编号), not the Python name it has in the code (case_id)."""
    if param is None:
        return str(hint or "")
    if getattr(param, "param_type_name", "") == "argument":
        chinese = str(getattr(param, "help", None) or "").split(" · ")[0].strip()
        return f"「{chinese}」" if chinese else "参数"
    return str(param.opts[0]) if param.opts else str(hint or "")


def _usage_line(error: click_errors.UsageError, typed: str = "techzone") -> str:
    """Click's English usage errors, said in Chinese; ``typed``: the command as far as it was
    typed, for the errors Click raises without knowing which command it was reading."""
    command = error.ctx.command_path if error.ctx is not None else typed
    where = f"（用法见 {command} --help）"
    if isinstance(error, click_errors.MissingParameter):
        name = _named(error.param, error.param_hint)
        return f"缺少必填参数{' ' if name.startswith('-') else ''}{name}{where}"
    if isinstance(error, click_errors.BadParameter):
        hint = _named(error.param, error.param_hint)
        message = next(
            (chinese for english, chinese in _CLICK_HINTS if english in error.message),
            error.message,
        )
        return f"{hint or '参数'}{' ' if hint.startswith('-') else ''}的值无效：{message}{where}"
    if isinstance(error, click_errors.NoSuchOption):
        if error.option_name[1:].replace(".", "", 1).isdigit():
            # Click reads -1 as an option where it expected a number: no option was meant.
            return f"「{error.option_name}」不是有效的编号或数值：不能为负数{where}"
        return f"没有选项 {error.option_name}{where}"
    if isinstance(error, click_errors.BadOptionUsage):
        if "does not take a value" in error.message:
            return f"{error.option_name} 不带取值（去掉「=」及其后的内容）{where}"
        if "requires" in error.message:
            return f"{error.option_name} 后面缺少取值{where}"
    if "No such command" in error.message:
        typed = _quoted(error.message)
        meant = ", ".join(_quoted(part) for part in error.message.split("Did you mean")[1:])
        guess = f"（是否要输入 {meant.rstrip('?')}？）" if meant else ""
        return f"没有这个命令：{typed}{guess}{where}"
    if "Missing command" in error.message:
        return f"缺少子命令{where}"
    if "Got unexpected extra argument" in error.message:
        return f"多余的参数：{error.message.split('(')[-1].rstrip(')')}{where}"
    # Click's English stays out of the officer's sight; the usage hint says what is possible.
    return f"命令行有误{where}"


def _quoted(message: str) -> str:
    """The first 'quoted' word of Click's message (the command typed, or the one meant)."""
    parts = message.split("'")
    return parts[1] if len(parts) > 2 else message


def error_log() -> Path:
    return data_dir() / "logs" / "errors.log"


def _logged(error: BaseException) -> Path | None:
    """Append the traceback of ``error`` to the error log and return its path; ``None`` when
    no log can be written (a full disk is full for the log too)."""
    import tempfile

    text = "".join(traceback.format_exception(error))
    entry = f"--- {datetime.now().isoformat(timespec='seconds')} {' '.join(sys.argv)}\n{text}\n"
    # No writable data directory: the temporary folder still tells the tale.
    for path in (error_log(), Path(tempfile.gettempdir()) / "techzone-errors.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry)
        except OSError:
            continue
        return path
    return None


def _command_typed(ctx: Any, words: list[str]) -> str:
    """The command path the words name (techzone cases list), as far as they name commands."""
    command, path = ctx.command, [ctx.command_path]
    for word in words:
        commands = getattr(command, "commands", None)
        if not commands or word not in commands:
            break
        command = commands[word]
        path.append(word)
    return " ".join(path)


class _Interrupts:
    """Whether Ctrl-C came during the command: a library may turn the KeyboardInterrupt into an
    error of its own (pydantic's serialisation error), which is still the officer's keystroke."""

    seen = False


def _note_interrupt(signum: int, frame: Any) -> None:
    _Interrupts.seen = True
    signal.default_int_handler(signum, frame)


@contextmanager
def _noting_interrupts() -> Iterator[None]:
    _Interrupts.seen = False
    noting = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    previous = signal.signal(signal.SIGINT, _note_interrupt) if noting else None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


_FULL_WIDTH_NUMBER = re.compile(r"[0-9０-９.．,，+＋\-－]*[０-９．，＋－][0-9０-９.．,，+＋\-－]*")


def _half_width_number(arg: str) -> str:
    if _FULL_WIDTH_NUMBER.fullmatch(arg) and any(c.isdigit() for c in arg):
        return unicodedata.normalize("NFKC", arg)
    return arg


class HandledGroup(TyperGroup):
    """The main command group: every command runs inside the top-level handler.

    ``user_errors()`` are the exceptions the core raises for bad input (named by ``cli.py``): each
    becomes one Chinese line and exit 1, wherever the command forgot to catch it.
    """

    def user_errors(self) -> tuple[type[Exception], ...]:
        """The core's exceptions for bad input (a subclass names them, imported lazily)."""
        return ()

    def make_context(self, info_name: Any, args: list[str], *rest: Any, **kwargs: Any) -> Any:
        # A number typed with a Chinese input method in full-width mode (--year ２０２６) is
        # the number; Click refused it as 应为整数. Only whole tokens that are numbers: names
        # and codes keep what was typed (a full-width USCC is told so where it is checked).
        args = [_half_width_number(arg) for arg in args]
        # The group's own options (techzone --version) are read before invoke: Click's boxed
        # English "No such option" would reach the officer.
        try:
            return super().make_context(info_name, args, *rest, **kwargs)
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as error:
            raise fail(_usage_line(error), 2) from None

    def invoke(self, ctx: Any) -> Any:
        with _noting_interrupts():
            return self._handled(ctx)

    def _handled(self, ctx: Any) -> Any:
        typed = _command_typed(ctx, [*ctx._protected_args, *ctx.args])
        replaced: list[Path] = []
        collecting = REPLACED.set(replaced)
        try:
            done = super().invoke(ctx)
            _say_replaced(replaced)
            return done
        except UserError as error:
            raise fail(str(error), error.code) from None
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as error:
            raise fail(_usage_line(error, typed), 2) from None
        except KeyboardInterrupt:
            # Said, so that an interrupted export is not taken for a finished one; whatever was
            # being written was written whole or not at all.
            raise fail("已中断（Ctrl-C），命令未完成", 130) from None
        except (typer.TyperException, typer.Exit, typer.Abort, BrokenPipeError):
            raise  # Typer's own handling: exit codes, a reader that closed the pipe
        except OutOfBounds as error:
            raise fail(str(error), 2) from None
        except OutputError as error:  # an output file that cannot be written: one line, exit 1
            raise fail(str(error)) from None
        except RecursionError as error:
            # Only hand-crafted input nests this deep (a JSON file of 100,000 levels).
            raise fail("输入的数据嵌套层数过多，无法处理") from error
        except Exception as error:
            if _Interrupts.seen:  # Ctrl-C that a library wrapped in its own error (pydantic)
                raise fail("已中断（Ctrl-C），命令未完成", 130) from None
            if isinstance(error, self.user_errors()):
                raise fail(str(error)) from None
            # A database that cannot be used (locked by another program, not a database, from
            # a newer techzone) is the officer's to put right, not a defect to log.
            from techzone.store.database import StoreUnavailable, unavailable_reason

            if isinstance(error, StoreUnavailable):
                raise fail(str(error)) from None
            why = unavailable_reason(error)
            if why is not None:
                raise fail(f"数据库{why}；命令未完成") from None
            clash = _clash(error)
            if clash is not None:
                raise fail(clash) from None
            path = _logged(error)
            if path is None:
                raise fail(
                    f"程序内部出错（{type(error).__name__}），未完成；详细信息无法写入错误日志"
                    "（磁盘可能已满或没有写入权限），请联系系统管理员",
                    INTERNAL_ERROR_EXIT,
                ) from None
            raise fail(
                f"程序内部出错（{type(error).__name__}），未完成。详细信息已写入 {path}，"
                "请将该文件发给系统管理员",
                INTERNAL_ERROR_EXIT,
            ) from None
        finally:
            REPLACED.reset(collecting)


def _say_replaced(replaced: list[Path]) -> None:
    """Name the officer's earlier files a command replaced (whole, never half): one line, or
    one for a folder's set of files (an export to CSV)."""
    from techzone.cli import console

    folders = {path.parent for path in replaced}
    if len(replaced) > 1 and len(folders) == 1:
        console.err.print(
            f"已替换文件夹「{replaced[0].parent}」中原有的同名文件（{len(replaced)}个）",
            markup=False,
        )
        return
    for path in replaced:
        console.err.print(f"已替换原有的同名文件：{path}", markup=False)


def _clash(error: Exception) -> str | None:
    """What the web says of a write the database refused for meeting another record: the record
    that already exists, named, or another writer at that moment, to be retried."""
    from sqlalchemy.exc import DBAPIError

    from techzone.store.clashes import duplicate
    from techzone.store.database import CONTENDED_MESSAGE, contended, create_store_engine

    if not isinstance(error, DBAPIError):
        return None
    from techzone.config import database_url

    engine = create_store_engine(database_url())
    try:
        existing = duplicate(error, engine)
    finally:
        engine.dispose()
    if existing is not None:
        return existing
    return CONTENDED_MESSAGE if contended(error) else None


def has_data(session: Session) -> bool:
    """Whether the database holds any enterprise."""
    from sqlalchemy import select

    from techzone.model import Enterprise

    return session.scalar(select(Enterprise.id).limit(1)) is not None


def require_data(session: Session) -> None:
    """Stop with what to do when the database holds no enterprise yet, rather than print empty
    tables an officer cannot tell from a zone with nothing to report."""
    if not has_data(session):
        raise fail(console.EMPTY_DATABASE)
