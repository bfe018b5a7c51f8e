"""`assess --next`: the next question of a self-assessment, at the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from techzone.cli import app

runner = CliRunner()


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"registered_on": "2019-05-10", "resident": True}), "utf-8")
    return path


def test_next_names_one_question_with_its_unit_and_why(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["assess", "--profile", str(_profile(tmp_path)), "--next", "--as-of", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert "下一个问题：" in result.output and "为什么问这一项：" in result.output
    assert "尚待判定的资质：" in result.output


def test_next_as_json_gives_the_question_for_programs(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "assess",
            "--profile",
            str(_profile(tmp_path)),
            "--next",
            "--json",
            "--as-of",
            "2026-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["as_of"] == "2026-06-30"
    assert body["question"]["id"] and body["question"]["why"]
    assert body["question"]["open_verdicts"] >= len(body["question"]["waiting"]) > 0


def test_next_is_for_one_enterprise(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--all", "--next"])
    assert result.exit_code == 1
    assert "--next 用于一家企业" in result.output


def test_next_for_an_unreadable_profile_is_one_chinese_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    result = runner.invoke(app, ["assess", "--profile", str(bad), "--next"])
    assert result.exit_code == 1
    assert "不是有效的 JSON（第1行第2列有误）" in result.output and "Traceback" not in result.output


def test_materials_lists_32号_article_12_dated_back_from_the_calendar_batch(
    data_dir: Path,
) -> None:
    result = runner.invoke(app, ["materials", "hnte", "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    # The first batch (seed 003: 6月底) is 2026-06-30; the intermediary's reports 30 days before.
    assert "批次截止 2026-06-30" in result.output and "2026-05-31" in result.output
    assert "官方原文" in result.output and "本系统的选择" in result.output


def test_materials_without_a_batch_asks_for_a_deadline(data_dir: Path) -> None:
    result = runner.invoke(app, ["materials", "制造业单项冠军企业", "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "用 --deadline 指定截止日期" in result.output
    dated = runner.invoke(
        app, ["materials", "mfg_champion", "--deadline", "2026-10-27", "--as-of", "2026-06-01"]
    )
    assert "2026-09-27" in dated.output and "单一第三方来源" in dated.output


def test_materials_for_an_unknown_qualification_or_enterprise_is_one_chinese_line(
    data_dir: Path,
) -> None:
    wrong = runner.invoke(app, ["materials", "不存在的资质"])
    assert wrong.exit_code == 2 and "不在允许的取值中" in wrong.output
    assert runner.invoke(app, ["demo", "--enterprises", "20", "--seed", "3"]).exit_code == 0
    unknown = runner.invoke(app, ["materials", "hnte", "91620102MA00000000"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output


def test_upkeep_lists_what_is_due_and_one_enterprise_s_duties(data_dir: Path) -> None:
    empty = runner.invoke(app, ["upkeep"])
    assert empty.exit_code == 1 and "Traceback" not in empty.output
    assert runner.invoke(app, ["demo", "--enterprises", "40", "--seed", "3"]).exit_code == 0
    listed = runner.invoke(app, ["upkeep", "--as-of", "2026-05-10"])
    assert listed.exit_code == 0, listed.output
    assert "保持资质：近期须办事项" in listed.output and "项资质须办理或即将到期" in listed.output
    assert "高新技术企业" in listed.output
    unknown = runner.invoke(app, ["upkeep", "91620102MA00000000"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output


def test_compare_puts_two_qualifications_side_by_side(data_dir: Path) -> None:
    import sqlite3

    assert runner.invoke(app, ["demo", "--enterprises", "20", "--seed", "3"]).exit_code == 0
    with sqlite3.connect(data_dir / "techzone.sqlite") as connection:
        (uscc,) = connection.execute("SELECT uscc FROM enterprise ORDER BY id LIMIT 1").fetchone()
    result = runner.invoke(
        app, ["compare", uscc, "hnte", "专精特新中小企业", "--as-of", "2026-06-01"]
    )
    assert result.exit_code == 0, result.output
    assert "资质比较" in result.output and "评估结论" in result.output
    assert "下一个申报截止" in result.output and "2026-06-30" in result.output
    one = runner.invoke(app, ["compare", uscc, "hnte"])
    assert one.exit_code == 1 and "两到三项不同的资质" in one.output


def test_onsite_shows_the_situations_for_one_enterprise_and_says_its_source(
    data_dir: Path,
) -> None:
    import sqlite3

    assert runner.invoke(app, ["demo", "--enterprises", "20", "--seed", "3"]).exit_code == 0
    with sqlite3.connect(data_dir / "techzone.sqlite") as connection:
        (uscc,) = connection.execute("SELECT uscc FROM enterprise ORDER BY id LIMIT 1").fetchone()
    result = runner.invoke(app, ["onsite", uscc, "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "实地核查风险" in result.output and "工企业函〔2026〕160号" in result.output
    listed = runner.invoke(app, ["onsite", "--year", "2026"])
    assert listed.exit_code == 0 and "触发实地核查情形的" in listed.output
