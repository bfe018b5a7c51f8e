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
    assert "不是有效的 JSON 文件" in result.output and "Traceback" not in result.output
