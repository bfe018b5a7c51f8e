"""Bounds and errors through the real command line: every mistake a user can type or hand in
ends as one Chinese line and a non-zero exit, never a traceback; a defect says where its log is."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techzone.cli import app
from techzone.cli import main as cli

runner = CliRunner()
NEXT_YEAR_PLUS_TEN = date.today().year + 11


def _one_chinese_line(args: list[str], fragment: str, code: int = 2) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("错误："), result.output
    assert fragment in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["summary", "--as-of", "0001-01-01"], "--as-of 0001-01-01超出可处理的范围"),
        (["summary", "--as-of", "1999-12-31"], "超出可处理的范围"),
        (["report", "weekly", "--week", "9999-W52"], "--week 9999超出"),
        (["budget", "--year", "3000"], "--year 3000超出"),
        (["budget", "--year", str(NEXT_YEAR_PLUS_TEN)], "超出可处理的范围"),
        (["awards", "--all", "--year", "0"], "--year 0超出"),
        (["calendar", "--year", "0"], "--year 0超出"),
        (["calendar", "--year", "1999"], "--year 1999超出"),
        (["zones", "evaluate", "--year", "3000"], "--year 3000超出"),
        (["zones", "indicators", "--year", "0"], "--year 0超出"),
        (["lists", "--date", "3000-01-01"], "--date 3000-01-01超出"),
        (["budget", "--year", "abc"], "--year 的值无效：应为整数"),
        (["summary", "--no-such-option"], "没有选项 --no-such-option"),
        (["no-such-command"], "没有这个命令"),
    ],
)
def test_a_year_or_date_out_of_bounds_is_one_chinese_line(
    data_dir: Path, args: list[str], fragment: str
) -> None:
    _one_chinese_line(args, fragment)


def test_the_rule_for_years_and_dates_is_in_the_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert "年度与日期" in result.output and "2000" in result.output


def test_the_edges_of_the_working_years_are_accepted(data_dir: Path) -> None:
    for year in ("2000", str(date.today().year + 10)):
        result = runner.invoke(app, ["calendar", "--year", year])
        assert result.exit_code == 0, result.output


def test_an_application_for_1900_or_dated_in_the_future_is_refused(data_dir: Path) -> None:
    base = ["apply", "91620400MA7AB1CD25", "--qualification", "高新技术企业"]
    base += ["--department", "区科技局", "--by", "张三"]
    _one_chinese_line([*base, "--year", "1900"], "--year 1900超出")
    _one_chinese_line([*base, "--year", "2026", "--on", "2099-01-01"], "--on 2099-01-01在未来")


@pytest.mark.parametrize("value", ["1e30", "-5", "true", "1e400"])
def test_an_impossible_reform_value_is_refused(data_dir: Path, tmp_path: Path, value: str) -> None:
    patch = tmp_path / "reform.json"
    patch.write_text(
        '{"parameters": {"baiyin_policy_list.breakthrough_cap": {"2025-01-01": ' + value + "}}}",
        encoding="utf-8",
    )
    _one_chinese_line(["reform", str(patch)], "改革方案有误", code=1)


def test_a_profile_nested_100000_levels_deep_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    for command in ("assess", "awards"):
        _one_chinese_line([command, "--profile", str(deep)], "嵌套层数过多", code=1)


def test_an_unexpected_error_says_where_its_traceback_is_logged(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("a defect")

    monkeypatch.setattr(cli, "_catalogue", broken)
    result = runner.invoke(app, ["policies"])
    assert result.exit_code == 70
    assert "程序内部出错（RuntimeError）" in result.output
    log = data_dir / "logs" / "errors.log"
    assert str(log) in result.output.replace("\n", "")
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a defect" in text


def test_a_closed_pipe_on_stdout_is_no_traceback(tmp_path: Path) -> None:
    # techzone policies | head -1: the reader goes away before techzone has written.
    command = f"{sys.executable} -m techzone.cli policies | head -c 1 >/dev/null"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr


def test_an_import_ends_with_new_changed_and_unchanged_counts(
    data_dir: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    exported = tmp_path / "export.xlsx"
    assert runner.invoke(app, ["export", "--out", str(exported)]).exit_code == 0
    again = runner.invoke(app, ["import", str(exported)])
    assert again.exit_code == 0, again.output
    assert "企业：20行（新增0条，修改0条，未变20条）" in again.output


def _english_in(line: str) -> list[str]:
    """English words in an error line once what the officer typed is taken out: option names,
    paths, and the command in the usage hint."""
    import re

    typed = re.sub(
        r"（用法见 [^）]*）|--[a-z][a-z-]*|/[\w./-]+|「[^」]*」|[^\s：]*\.(?:xlsx|json)", " ", line
    )
    return re.findall(r"\b[A-Za-z]*[a-z][A-Za-z_]*\b", typed)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["cases", "show", "abc"], "「案件编号」的值无效"),
        (["applications", "history", "abc"], "「申请编号」的值无效"),
        (["materials", "xyz"], "「资质」的值无效"),
        (["ladder"], "缺少必填参数「统一社会信用代码」"),
        (["assess", "--profile", "{folder}"], "这是一个文件夹"),
        (["assess", "--profile", "{text}"], "不是有效的 JSON（第1行第1列有误）"),
        (["reform", "{folder}"], "这是一个文件夹"),
        (["reform", "{text}"], "不是有效的 JSON（第1行第1列有误）"),
        (["template", "--out", "/proc/模板.xlsx"], "文件或文件夹不存在"),
        (["payments", "import", "{folder}"], "这是一个文件夹"),
        (["payments", "import", "{folder}/回单.xlsx"], "「回单.xlsx」：文件不存在"),
    ],
)
def test_a_refusal_names_what_the_officer_typed_not_the_code(
    data_dir: Path, tmp_path: Path, args: list[str], fragment: str
) -> None:
    # A directory handed in as a file, or a text file named .json: the refusal is in Chinese,
    # not Python's "Is a directory" or the JSON parser's "Expecting value: line 1 column 1".
    text = tmp_path / "画像.json"
    text.write_text("这不是 JSON", encoding="utf-8")
    args = [a.format(folder=tmp_path, text=text) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), result.output
    line = " ".join(result.output.split())
    assert fragment in line
    assert _english_in(line) == [], line


def test_a_zone_code_is_read_in_any_case_and_an_unknown_one_is_refused(data_dir: Path) -> None:
    assert runner.invoke(app, ["upkeep", "--zone", "GS-LZ"]).output.count("techzone import") == 1
    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    typed = runner.invoke(app, ["zones", "indicators", "--year", "2025", "--zone", " gs-lz "])
    assert typed.exit_code == 0, typed.output
    assert "兰州高新区（GS-LZ）" in typed.output
    # Before, these two listed every zone's duties and the default calendar's materials.
    for args in (
        ["upkeep", "--zone", "GS-XX"],
        ["materials", "little_giant", "--deadline", "2026-05-25", "--zone", "GS-XX"],
    ):
        _one_chinese_line(args, "没有代码为「GS-XX」的高新区", code=1)


@pytest.mark.parametrize("amount", ["1e400", "1e30", "nan", "-inf", "1.234"])
@pytest.mark.parametrize(
    "command",
    [
        ["ledger", "pay", "某项应享", "--date", "2026-03-01", "--voucher", "V1", "--by", "张三"],
        ["cases", "advance", "1", "approve"],
        ["funds", "set", "某政策", "--payer", "zone"],
    ],
)
def test_an_impossible_amount_is_one_chinese_line(
    data_dir: Path, command: list[str], amount: str
) -> None:
    # 1e400 is a finite Decimal that no ledger can hold: it failed inside as InvalidOperation.
    option = "--budget" if command[0] == "funds" else "--amount"
    result = runner.invoke(app, [*command, option, amount])
    assert result.exit_code == 1, result.output
    assert f"「{amount}」" in result.output and "程序内部出错" not in result.output


def test_actions_payers_and_groups_are_typed_in_chinese(data_dir: Path, tmp_path: Path) -> None:
    _one_chinese_line(["cases", "advance", "1", "办不了"], "可选：确认/提交（confirm）")
    _one_chinese_line(["funds", "status", "--by", "xyz"], "可选：政策（policy）")
    # The Chinese name is understood: the refusal is about the empty database, not the word.
    for args in (
        ["cases", "advance", "1", "确认"],
        ["payments", "export", "--payer", "高新区", "--out", str(tmp_path / "批次.xlsx")],
        ["funds", "set", "某政策", "--budget", "5", "--payer", "区县级"],
        ["funds", "status", "--by", "园区"],
    ):
        result = runner.invoke(app, args)
        assert "不存在，可选" not in result.output, (args, result.output)


@pytest.mark.parametrize(
    "command",
    [
        ["template"],
        ["summary"],
        ["awards", "--all"],
        ["budget"],
        ["reform", "改革方案.json"],
        ["demo", "--enterprises", "5"],
    ],
)
@pytest.mark.parametrize("name", ["明细.csv", "明细.txt", "明细"])
def test_a_workbook_is_not_written_under_another_suffix(
    data_dir: Path, tmp_path: Path, command: list[str], name: str
) -> None:
    # Excel's bytes in 明细.csv open as garbage; the officer is told before any work is done.
    target = tmp_path / name
    _one_chinese_line([*command, "--out", str(target)], "--out 的后缀须为 .xlsx", code=1)
    assert not target.exists()


def test_python_dash_m_techzone_runs_the_command_line(tmp_path: Path) -> None:
    # The brief and the officers' notes say python -m techzone; it said "cannot be directly
    # executed" in English.
    import os

    import techzone

    # The sources under test, wherever the interpreter's own installation points.
    sources = str(Path(techzone.__file__).parents[1])
    done = subprocess.run(
        [sys.executable, "-m", "techzone", "no-such-command"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": sources},
    )
    assert done.returncode == 2
    assert "没有这个命令" in done.stderr and "techzone --help" in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["applications", "history", "99999999999999999999"], "「申请编号」的值无效：超出"),
        (["applications", "history", "9223372036854775808"], "「申请编号」的值无效：超出"),
        (["cases", "show", "99999999999999999999"], "「案件编号」的值无效：超出"),
        (["demo", "--enterprises", "99999999999999999999"], "--enterprises 的值无效：超出"),
        (["demo", "--enterprises", "9223372036854775807"], "--enterprises 的值无效：超出"),
    ],
)
def test_a_number_past_what_can_be_held_is_out_of_range(
    data_dir: Path, args: list[str], fragment: str
) -> None:
    # Past a 64-bit integer the database raised OverflowError; numpy, asked for that many
    # enterprises, "array is too big".
    _one_chinese_line(args, fragment)


@pytest.mark.parametrize(
    "args",
    [
        ["calendar", "--zone", "GS-LZ", "--set", "第二批审核推荐=2026-08-20", "--by", "名" * 101],
        ["zones", "enter", "GS-LZ", "2025", "企业总数", "5", "--by", "名" * 101],
    ],
)
def test_text_longer_than_its_column_is_refused_before_the_database(
    data_dir: Path, args: list[str]
) -> None:
    # PostgreSQL answered a 101-character name with a DataError (an internal error, exit 70);
    # SQLite stored it whole. Both are now refused in one line.
    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    _one_chinese_line(args, "共101个字，此处最多100个字；未写入任何内容", code=1)


def _sha1(path: Path) -> str:
    import hashlib

    return hashlib.sha1(path.read_bytes()).hexdigest()


def _ready(data_dir: Path) -> Path:
    assert runner.invoke(app, ["holidays", "list"]).exit_code == 0
    return data_dir / "techzone.sqlite"


def test_a_file_that_is_no_database_is_one_line_and_left_alone(data_dir: Path) -> None:
    # It was an internal error (DatabaseError, exit 70) for what an officer can fix himself.
    data_dir.mkdir()
    database = data_dir / "techzone.sqlite"
    database.write_text("这是一份笔记，不是数据库", encoding="utf-8")
    before = _sha1(database)
    _one_chinese_line(["summary"], "不是 techzone 的数据库，或已损坏", code=1)
    assert _sha1(database) == before


def test_a_database_from_a_newer_techzone_is_refused_unchanged(data_dir: Path) -> None:
    import sqlite3

    database = _ready(data_dir)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.close()
    before = _sha1(database)
    _one_chinese_line(["summary"], "较新版本的 techzone", code=1)
    assert "0099_from_the_future" in runner.invoke(app, ["summary"]).output
    assert _sha1(database) == before


def test_a_locked_database_is_one_line_and_nothing_is_written(data_dir: Path) -> None:
    import sqlite3

    database = _ready(data_dir)
    before = _sha1(database)
    holder = sqlite3.connect(database, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["summary"], ["cases", "sync", "--year", "2025"], ["holidays", "list"]):
            result = runner.invoke(app, args)
            assert result.exit_code == 1, result.output
            assert "正被另一个程序使用" in result.output, result.output
            assert "Error" not in result.output and "程序内部出错" not in result.output
    finally:
        holder.rollback()
        holder.close()
    assert _sha1(database) == before


@pytest.mark.parametrize("where", ["database_is_a_folder", "data_folder_is_a_file"])
def test_a_database_path_that_cannot_be_used_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "database_is_a_folder":
        folder = tmp_path / "data"
        (folder / "techzone.sqlite").mkdir(parents=True)
    else:
        folder = tmp_path / "data.xlsx"
        folder.write_bytes(b"a workbook")
    monkeypatch.setenv("TECHZONE_DATA_DIR", str(folder))
    monkeypatch.delenv("TECHZONE_DATABASE_URL", raising=False)
    _one_chinese_line(["summary"], "无法", code=1)


def test_a_clash_with_another_ledger_writer_is_said_without_the_drivers_words() -> None:
    import sqlite3

    import typer
    from sqlalchemy.exc import IntegrityError, OperationalError

    from techzone.cli.ledger import recording_guard

    clashes = (
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")),
    )
    for clash in clashes:
        with pytest.raises(typer.Exit) as stopped, recording_guard():
            raise clash
        assert stopped.value.exit_code == 1
    # Not every error of the database is another writer: a full disk is not said to be one,
    # nor a value missing (a defect, to be logged).
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    with pytest.raises(OperationalError), recording_guard():
        raise full
    missing = IntegrityError("INSERT", {}, sqlite3.IntegrityError("NOT NULL constraint failed: x"))
    with pytest.raises(IntegrityError), recording_guard():
        raise missing


def test_the_ledger_clash_line_has_no_english(capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    import typer
    from sqlalchemy.exc import IntegrityError

    from techzone.cli.ledger import recording_guard

    with pytest.raises(typer.Exit), recording_guard():
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    said = capsys.readouterr().err
    assert "另一次记录" in said and "Error" not in said, said


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["summary", "--zone"], "--zone 后面缺少取值"),
        (["export", "--csv=yes", "--out", "导出"], "--csv 不带取值"),
        (["ledger"], "缺少子命令"),
        (["ledger", "pya"], "没有这个命令：pya（是否要输入 pay？）"),
        (["--version"], "没有选项 --version"),
        (["-x", "summary"], "没有选项 -x"),
        (["--help=x"], "--help 不带取值"),
    ],
)
def test_a_mistyped_command_line_is_said_in_chinese(
    data_dir: Path, args: list[str], fragment: str
) -> None:
    # Click's own English ("Option '--zone' requires an argument.", "Missing command.",
    # "Did you mean", a boxed "No such option" before any command ran) reached the officer.
    _one_chinese_line(args, fragment)
    output = runner.invoke(app, args).output
    for english in ("Option", "Missing", "Did you mean", "No such", "Usage", "Error"):
        assert english not in output, output


def test_a_case_state_is_typed_in_chinese_and_an_unknown_one_is_refused(data_dir: Path) -> None:
    # `cases list --state 待支付` showed an empty table without a word: only the code (to_pay)
    # was understood, and a state no case can have looked like a zone with no such cases.
    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    _one_chinese_line(["cases", "list", "--state", "不存在"], "可选：待确认/待申报（pending）")
    for typed in ("待支付", "to_pay", "TO_PAY", "待申报"):
        result = runner.invoke(app, ["cases", "list", "--state", typed, "--json"])
        assert result.exit_code == 0, (typed, result.output)


def test_an_output_file_a_single_assessment_does_not_write_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    # `assess <USCC> --out 评估.xlsx` printed the assessment and wrote no file, without a word.
    target = tmp_path / "评估.xlsx"
    _one_chinese_line(["assess", "91620100MA71234567", "--out", str(target)], "--all", code=1)
    assert not target.exists()


def test_a_qualification_is_understood_by_the_short_name_the_tables_show(data_dir: Path) -> None:
    # summary and the lists show 高企, 科小, 专精特新; typing them back was refused.
    for args in (
        ["materials", "高企", "91620100MA71234567"],
        ["compare", "91620100MA71234567", "高企", "科小"],
        ["applications", "list", "--qualification", "专精特新"],
    ):
        result = runner.invoke(app, args)
        assert "不在允许的取值中" not in result.output, (args, result.output)
    _one_chinese_line(["materials", "乱写", "91620100MA71234567"], "简称")


@pytest.mark.parametrize("name", ["公示.csv", "公示.xlsx", "公示"])
def test_a_notice_document_is_not_written_under_another_suffix(
    data_dir: Path, tmp_path: Path, name: str
) -> None:
    # Word's bytes under 公示.csv open as garbage; refused before the notice is published.
    target = tmp_path / name
    contact = ["--contact-unit", "科技局", "--contact-phone", "0931-1234567"]
    _one_chinese_line(
        ["notice", "publish", *contact, "--out", str(target)], "--out 的后缀须为 .docx", code=1
    )
    assert not target.exists()


def test_an_interruption_says_the_command_did_not_finish(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C ended the command without a word: the officer could not tell a finished export
    # from an interrupted one.
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_catalogue", interrupted)
    result = runner.invoke(app, ["policies"])
    assert result.exit_code == 130
    assert result.output.strip().splitlines() == ["错误：已中断（Ctrl-C），命令未完成"]


def test_a_librarys_logged_error_goes_to_the_log_not_the_terminal(tmp_path: Path) -> None:
    # Ctrl-C during an export made SQLAlchemy log "Error closing cursor" with a traceback, which
    # Python printed on the terminal above the Chinese line.
    import os

    script = (
        "import logging, techzone.cli.main\n"
        "try:\n    raise KeyboardInterrupt\n"
        "except KeyboardInterrupt:\n"
        "    logging.getLogger('sqlalchemy.engine.Engine').exception('Error closing cursor')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TECHZONE_DATA_DIR": str(tmp_path / "data")},
    )
    assert done.stderr == "" and done.stdout == "", done.stderr
    logged = (tmp_path / "data" / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "Error closing cursor" in logged and "KeyboardInterrupt" in logged


def test_an_interruption_a_library_wrapped_is_still_an_interruption(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pydantic, serialising an export's column, turned Ctrl-C into its own error: an internal
    # error (exit 70) and a traceback in the log for the officer's own keystroke.
    import os
    import signal

    def wrapped() -> None:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            sum(range(10**6))  # the handler runs between bytecodes
        except KeyboardInterrupt as error:
            raise ValueError("Error calling function `<lambda>`: KeyboardInterrupt") from error

    monkeypatch.setattr(cli, "_catalogue", wrapped)
    result = runner.invoke(app, ["policies"])
    assert result.exit_code == 130, result.output
    assert result.output.strip().splitlines() == ["错误：已中断（Ctrl-C），命令未完成"]
    assert not (data_dir / "logs" / "errors.log").exists()


def test_a_policy_no_case_can_have_is_refused_and_a_title_is_understood(data_dir: Path) -> None:
    # `cases list --policy 乱写` showed an empty table, as for a policy with no cases yet.
    from techzone.awards.catalogue import load_catalogue

    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    _one_chinese_line(["cases", "list", "--policy", "乱写"], "techzone policies")
    policy_id, entry = next(iter(load_catalogue().policies.items()))
    for typed in (policy_id, entry.policy.title):
        result = runner.invoke(app, ["cases", "list", "--policy", typed, "--json"])
        assert result.exit_code == 0, (typed, result.output)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # Typed in a Chinese input method's full-width mode.
        ("９１４５０２０００１ＭＪ１７Ｋ６Ｘ６", "全角"),
        ("91450200", "应为18位"),
    ],
)
def test_an_enterprise_not_found_says_what_is_wrong_with_the_code(
    data_dir: Path, typed: str, said: str
) -> None:
    # "No enterprise with code ９１４５…" left the officer searching for a registered company.
    assert runner.invoke(app, ["demo", "--enterprises", "20"]).exit_code == 0
    for command in ("assess", "ladder", "upkeep"):
        _one_chinese_line([command, typed], said, code=1)


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["summary", "--zone"], " summary --help）"),
        (["cases", "list", "--state"], " cases list --help）"),
        (["export", "--csv=yes", "--out", "导出"], " export --help）"),
    ],
)
def test_an_option_missing_its_value_points_to_its_own_command(
    data_dir: Path, args: list[str], where: str
) -> None:
    # Click's error had no context: the hint sent the officer to techzone --help.
    _one_chinese_line(args, where)


def test_serve_on_a_port_in_use_or_an_unknown_host_is_one_chinese_line(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # uvicorn started, said "ERROR: [Errno 98] … address already in use" in English and exited.
    import socket

    import uvicorn

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("uvicorn started")

    monkeypatch.setattr(uvicorn, "run", never)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _one_chinese_line(["serve", "--port", str(port)], f"端口 {port} 已被占用", code=1)
    _one_chinese_line(["serve", "--host", "nosuchhost.invalid"], "无法识别", code=1)


def test_a_negative_number_read_as_an_option_is_said_as_a_number(data_dir: Path) -> None:
    # "没有选项 -1" for a case number typed as -1: the officer typed no option.
    _one_chinese_line(["cases", "show", "-1"], "「-1」不是有效的编号")


def test_a_zone_code_pasted_by_mistake_is_not_echoed_whole() -> None:
    """A page of text typed as --zone came back whole in the one-line refusal."""
    from techzone.rules.records import UnknownZone

    pasted = "某" * 5000
    refused = UnknownZone(pasted)
    assert refused.code == pasted
    assert len(str(refused)) < 80 and "…" in str(refused)
    assert str(UnknownZone("GS-XX")) == "没有代码为「GS-XX」的高新区"


def test_a_record_that_already_exists_is_named_on_the_command_line(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that clashes on a key an officer gave (a path that forgot to look first) names
    what exists, as the web does; it is not an internal error with a log to send."""
    from sqlalchemy.orm import Session

    from techzone.model import Zone
    from techzone.store import open_store
    from techzone.zones import summary

    store = open_store()
    with store.transaction() as session:
        session.add(
            Zone(code="GS-DUP", name="已有", province="甘肃省", city="兰州市", level="national")
        )
    store.dispose()

    def twice(session: Session, *_: object) -> None:
        session.add(
            Zone(code="GS-DUP", name="又一个", province="甘肃省", city="兰州市", level="national")
        )
        session.flush()

    monkeypatch.setattr(summary, "summarise", twice)
    _one_chinese_line(["summary"], "代码为「GS-DUP」的高新区已存在", code=1)
    result = runner.invoke(app, ["summary"])
    assert "程序内部出错" not in result.output and "重试" not in result.output


@pytest.mark.parametrize("command", ["template", "export"])
def test_a_workbook_the_disk_cannot_hold_is_one_line_and_no_traceback(
    tmp_path: Path, command: str
) -> None:
    # A full disk, simulated by a file-size limit (EFBIG where the disk says ENOSPC): XlsxWriter
    # and openpyxl wrap the error in their own, which was an internal error, and the workbook's
    # unclosed zip printed "Exception ignored … Traceback" on the terminal when collected.
    import os
    import resource
    import signal

    data = tmp_path / "data"
    environment = {**os.environ, "TECHZONE_DATA_DIR": str(data)}
    environment.pop("TECHZONE_DATABASE_URL", None)
    if command == "export":
        subprocess.run(
            [sys.executable, "-m", "techzone", "demo", "--enterprises", "20"],
            env=environment,
            capture_output=True,
            check=True,
        )

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    target = tmp_path / "输出.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "techzone", command, "--out", str(target)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limited,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "Traceback" not in said and "Exception ignored" not in said, said
    assert said.strip().splitlines()[-1].startswith("错误：写入"), said
    assert "文件超过系统允许的大小" in said and "未生成文件" in said
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_an_internal_error_whose_log_cannot_be_written_is_still_one_line(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk that is full for the output is full for the error log too: the handler's own
    # write raised, and the officer saw Rich's boxed traceback of the logger.
    import tempfile

    from techzone.cli import support

    def broken() -> None:
        raise RuntimeError("a defect")

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(cli, "_catalogue", broken)
    monkeypatch.setattr(support, "error_log", lambda: blocked / "logs" / "errors.log")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(blocked))
    result = runner.invoke(app, ["policies"])
    assert result.exit_code == 70, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "程序内部出错（RuntimeError）" in lines[0], result.output
    assert "无法写入错误日志" in result.output


def test_a_number_typed_in_full_width_is_read_as_the_number(data_dir: Path) -> None:
    # A Chinese input method left in full-width mode: 「--year ２０２６」 was 「应为整数」.
    typed = runner.invoke(app, ["calendar", "--year", "２０２６"])
    plain = runner.invoke(app, ["calendar", "--year", "2026"])
    assert typed.exit_code == 0, typed.output
    assert typed.output == plain.output
    # Only a token that is a number: names keep their full-width characters.
    refused = runner.invoke(app, ["calendar", "--year", "２０２６年"])
    assert refused.exit_code == 2 and "应为整数" in refused.output


@pytest.mark.parametrize(
    "args",
    [
        ["budget", "--probability", "nan"],
        ["budget", "--planning-share", "nan"],
        ["budget", "--planning-share", "NaN"],
    ],
)
def test_a_share_that_is_no_number_is_refused(data_dir: Path, args: list[str]) -> None:
    # NaN < 0 and NaN > 1 are both false: a range checked that way would let it through, and
    # the budget multiply its planned amounts by it. click's range refuses it; kept so.
    _one_chinese_line(args, "超出允许的范围")
