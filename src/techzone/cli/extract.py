"""``techzone extract FILE`` drafts a document's reward clauses; ``extract accept`` takes the
reviewed draft back as a pack. Thin: each command calls one function of ``techzone.extract``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from typer import _click
from typer.core import TyperGroup

from techzone.cli import console
from techzone.cli.support import fail

# The extraction layer is imported inside each command: start-up stays light.

READ = "read"


class _DocumentFirst(TyperGroup):
    """``extract FILE …`` stays the everyday form: anything not a sub-command is a document."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [READ, *args]
        return super().parse_args(ctx, args)


extract_app = typer.Typer(
    cls=_DocumentFirst,
    no_args_is_help=True,
    help="提取奖补条款（extract FILE），复核后载入（extract accept 草稿 复核表）"
    " · Extract reward clauses; take the reviewed draft back as a pack.",
)


@extract_app.command(READ)
def read(
    file: Annotated[
        Path,
        typer.Argument(help="政策文件 .txt、.md、.html、.docx 或文字版 .pdf · a policy document"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
    pack: Annotated[
        Path | None, typer.Option("--pack", help="草稿政策包 .yaml · draft policy pack")
    ] = None,
    review: Annotated[
        Path | None, typer.Option("--review", help="复核表 .xlsx · review table")
    ] = None,
) -> None:
    """提取奖补条款，生成待复核的政策包草稿 · Extract reward clauses into a draft pack."""
    from techzone.extract import UnreadableDocument, extract_file, write_draft_pack, write_review

    if pack is not None and pack.suffix.lower() not in (".yaml", ".yml"):
        raise fail("--pack 的后缀须为 .yaml")
    if review is not None and review.suffix.lower() != ".xlsx":
        raise fail("--review 的后缀须为 .xlsx")
    try:
        extraction = extract_file(file)
    except UnreadableDocument as error:
        raise fail(str(error)) from error
    notices = console.err if as_json else console.out
    if pack is not None:
        write_draft_pack(extraction, pack)
        notices.print(f"草稿政策包（全部待复核）：{pack}")
    if review is not None:
        write_review(extraction, review)
        notices.print(f"复核表：{review}")
    if as_json:
        typer.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
    elif pack is None and review is None:
        console.show_extraction(extraction)


@extract_app.command("accept")
def accept(
    draft: Annotated[Path, typer.Argument(help="草稿政策包 .yaml · the draft pack")],
    review: Annotated[Path, typer.Argument(help="填好的复核表 .xlsx · the filled review table")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="政策包目录（默认为系统的政策包目录） · packs folder"),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="替换同一编号的已有政策包 · replace the pack of that id"),
    ] = False,
) -> None:
    """按复核表核定草稿，写出可载入的政策包及其测试用例 · Accept a reviewed draft as a pack."""
    from techzone.extract.accept import AcceptRejected
    from techzone.extract.accept import accept as accept_review
    from techzone.rules.loader import PACKS_DIR

    if out is not None and not str(out).strip():
        raise fail("--out 不能为空：请写政策包目录，或不写此项（使用系统的政策包目录）")
    try:
        done = accept_review(draft, review, out or PACKS_DIR, replace=replace)
    except AcceptRejected as error:
        raise fail(str(error)) from error
    console.out.print(f"政策包：{done.pack_path}（采纳{done.kept}处金额，不采纳{done.dropped}处）")
    console.out.print(f"测试用例：{done.tests_path}（{len(done.cases['cases'])}个）")


def register(app: typer.Typer) -> None:
    """Add the ``extract`` commands to the main command line."""
    app.add_typer(extract_app, name="extract")
