"""Commands for qualifications as officers apply them: the next question of a self-assessment.

Thin like the other command modules: each calls one core function (``techzone.cultivation``) and
renders what it returns. ``assess --next`` comes here from the main ``assess`` command.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from techzone.cli import console
from techzone.cli.support import fail, require_data
from techzone.rules.loader import PackSet


def show_next(
    packs: PackSet,
    day: date,
    uscc: str | None,
    profile: Path | None,
    review: bool,
    as_json: bool,
) -> None:
    """``assess --next``: the one question that settles the most undecided verdicts."""
    from techzone.awards.catalogue import load_catalogue
    from techzone.cultivation.questions import (
        next_question_for_enterprise,
        next_question_for_profile,
    )
    from techzone.rules.profile import ProfileError, read_profile
    from techzone.rules.records import UnknownEnterprise
    from techzone.store import open_store

    catalogue = load_catalogue()
    if profile is not None:
        try:
            question = next_question_for_profile(
                packs, read_profile(profile), day, review=review, catalogue=catalogue
            )
        except ProfileError as error:
            raise fail(str(error)) from error
    else:
        assert uscc is not None
        with open_store().transaction() as session:
            try:
                question = next_question_for_enterprise(
                    session, packs, uscc.strip().upper(), day, review=review, catalogue=catalogue
                )
            except UnknownEnterprise as error:
                raise fail(str(error)) from error
            require_data(session)
    if as_json:
        typer.echo(
            json.dumps(
                {"as_of": day.isoformat(), "question": question and question.as_dict()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if question is None:
        console.out.print("各项资质均已判定（或只待专家评分），无需再提问。")
        return
    unit = f"（{question.unit}）" if question.unit else ""
    console.out.print(f"[bold]下一个问题：{question.label}{unit}[/bold]")
    if question.hint:
        console.out.print(f"填写说明：{question.hint}")
    console.out.print(f"为什么问这一项：{question.why}")
    console.out.print(f"尚待判定的资质：{question.open_verdicts}项")
