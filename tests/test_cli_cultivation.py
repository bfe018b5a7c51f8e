"""The cultivation commands as an officer uses them, each mistake explained in Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli.cultivation import register
from techzone.cultivation.calendar import year_calendar
from techzone.demo.load import load_demo
from techzone.model.codes import QualificationKind
from techzone.store import open_store

runner = CliRunner()
app = typer.Typer()
register(app)


@pytest.fixture
def demo(data_dir: Path) -> Path:
    store = open_store()
    load_demo(store, enterprises=80, seed=3)
    store.dispose()
    return data_dir


def _first_listed(workbook: Path, sheet: str) -> str:
    rows = load_workbook(workbook)[sheet].iter_rows(values_only=True)
    return next(str(row[1]) for row in rows if row and row[0] == 1)


def test_help_names_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ladder", "lists", "calendar", "apply", "applications", "report"):
        assert command in result.output


def test_a_season_from_lists_to_the_weekly_report(demo: Path, tmp_path: Path) -> None:
    lists = tmp_path / "清单.xlsx"
    result = runner.invoke(
        app, ["lists", "--date", "2026-06-30", "--zone", "LZ-CG", "--out", str(lists)]
    )
    assert result.exit_code == 0, result.output
    assert "一、本年到期需重新认定的高新技术企业" in result.output
    uscc = _first_listed(lists, "规进高")

    ladder = runner.invoke(app, ["ladder", uscc, "--as-of", "2026-06-30"])
    assert ladder.exit_code == 0, ladder.output
    assert "下一步" in ladder.output

    opened = runner.invoke(
        app,
        [
            "apply",
            uscc,
            "--qualification",
            "高新技术企业",
            "--year",
            "2026",
            "--department",
            "区科技局",
            "--by",
            "张三",
            "--batch",
            "3",
            "--on",
            "2026-07-01",
        ],
    )
    assert opened.exit_code == 0, opened.output
    assert "申请编号 1" in opened.output
    moved = runner.invoke(
        app, ["applications", "advance", "1", "--to", "提交", "--by", "张三", "--on", "2026-09-01"]
    )
    assert moved.exit_code == 1 and "跳过了「辅导」" in moved.output
    moved = runner.invoke(
        app,
        [
            "applications",
            "advance",
            "1",
            "--to",
            "提交",
            "--by",
            "张三",
            "--on",
            "2026-09-01",
            "--reason",
            "辅导已在线下完成",
        ],
    )
    assert moved.exit_code == 0, moved.output
    back = runner.invoke(
        app, ["applications", "advance", "1", "--to", "辅导", "--by", "张三", "--on", "2026-09-02"]
    )
    assert back.exit_code == 1 and "须写明原因" in back.output
    history = runner.invoke(app, ["applications", "history", "1"])
    assert history.exit_code == 0 and "提交" in history.output
    listed = runner.invoke(app, ["applications", "list", "--year", "2026", "--status", "提交"])
    assert listed.exit_code == 0 and "共1件" in listed.output

    for suffix in (".docx", ".xlsx"):
        out = tmp_path / f"周报{suffix}"
        report = runner.invoke(
            app, ["report", "weekly", "--week", "2026-W36", "--zone", "LZ-CG", "--out", str(out)]
        )
        assert report.exit_code == 0, report.output
        assert out.exists()
    assert Document(str(tmp_path / "周报.docx")).paragraphs[0].text.startswith("城关区")


def test_calendar_shows_and_changes_a_districts_dates(demo: Path) -> None:
    shown = runner.invoke(
        app, ["calendar", "--year", "2026", "--zone", "LZ-CG", "--as-of", "2026-05-15"]
    )
    assert shown.exit_code == 0, shown.output
    assert "第二批审核推荐" in shown.output and "8月中旬" in shown.output
    # Whose dates they are: 白银's officers must not take them for 白银's own.
    assert "未经本区修改的日期按城关区方案" in " ".join(shown.output.split())
    changed = runner.invoke(
        app,
        [
            "calendar",
            "--year",
            "2026",
            "--zone",
            "LZ-CG",
            "--set",
            "batch_2=2026-08-20",
            "--by",
            "王五",
        ],
    )
    assert changed.exit_code == 0, changed.output
    assert "2026-08-20" in changed.output
    store = open_store()
    with store.transaction() as session:
        second = year_calendar(session, 2026, "LZ-CG").batch(QualificationKind.HNTE, 2)
    store.dispose()
    assert second is not None and second.change is not None
    assert (second.on, second.change.set_by) == (date(2026, 8, 20), "王五")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["lists", "--zone", "NOPE"], "没有代码为「NOPE」的高新区"),
        (["lists", "--out", "x.csv"], "后缀须为 .xlsx"),
        (
            ["calendar", "--year", "2026", "--set", "batch_2=2026-08-20", "--by", "王五"],
            "须指定 --zone",
        ),
        (
            [
                "calendar",
                "--year",
                "2026",
                "--zone",
                "LZ-CG",
                "--set",
                "第九批=2026-08-20",
                "--by",
                "王",
            ],
            "日历中没有「第九批」",
        ),
        (
            ["calendar", "--year", "2026", "--zone", "LZ-CG", "--set", "batch_2", "--by", "王"],
            "项目=YYYY-MM-DD",
        ),
        (["report", "weekly", "--week", "2026-47"], "不是ISO周"),
        (["report", "weekly", "--week", "2026-W47", "--out", "r.pdf"], "后缀须为 .docx 或 .xlsx"),
        (["ladder", "91620400000000000Q"], "没有统一社会信用代码为"),
        (["applications", "history", "42"], "没有编号为42的申请"),
        (
            [
                "apply",
                "91620400000000000Q",
                "--qualification",
                "高科技",  # 高企, the short name the tables show, is understood
                "--year",
                "2026",
                "--department",
                "d",
                "--by",
                "b",
            ],
            "不在允许的取值中",
        ),
    ],
)
def test_mistakes_are_explained_in_chinese(
    data_dir: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code != 0
    assert message in result.output
