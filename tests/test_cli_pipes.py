"""A file handed in through a pipe — a named pipe, or the shell's ``<(…)`` — is read as what
comes through it, within the size limit of an upload; a pipe no one writes to, or one that
never stops, is refused in Chinese. No command waits on one for ever."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from techzone.cli import app
from techzone.io import files
from tests.extract.test_accept import REVIEWED, drafted, fill

TEXT = "某市科技创新奖励办法\n第五条 对新认定的高新技术企业给予50万元奖励。\n"

runner = CliRunner()


def _writer(pipe: Path, content: bytes) -> threading.Thread:
    """A program writing into the pipe, as the shell's <(…) does."""

    def write() -> None:
        # Blocks until the command opens it to read; a command that stops reading closes it,
        # which the writer takes as a shell's writer does.
        with contextlib.suppress(BrokenPipeError), open(pipe, "wb") as handle:
            handle.write(content)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _within(seconds: float, pipe: Path, arguments: list[str]) -> Result:
    """The command's result, failing the test (and releasing the command) if it still waits
    after ``seconds``."""
    done: list[Result] = []
    thread = threading.Thread(target=lambda: done.append(runner.invoke(app, arguments)))
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        # Release a reader stuck on the pipe: a writer that comes and goes at once.
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(10)
        pytest.fail(f"the command still waited on the pipe after {seconds} s")
    return done[0]


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.5, raising=False)
    yield


def test_a_document_through_a_named_pipe_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "measures.txt"
    os.mkfifo(pipe)
    writer = _writer(pipe, TEXT.encode("utf-8"))
    result = _within(20, pipe, ["extract", str(pipe), "--json"])
    writer.join(5)
    assert result.exit_code == 0, result.output
    assert "500000" in result.output or "50万元" in result.output


def test_a_pipe_no_one_writes_to_is_refused_not_waited_on(tmp_path: Path, quick: None) -> None:
    pipe = tmp_path / "measures.txt"
    os.mkfifo(pipe)
    result = _within(15, pipe, ["extract", str(pipe)])
    assert result.exit_code == 1
    assert "是管道" in result.output and "没有读到内容" in result.output
    assert "Traceback" not in result.output


def test_a_pipe_that_gives_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "PIPE_LIMIT_BYTES", 1000, raising=False)
    pipe = tmp_path / "measures.txt"
    os.mkfifo(pipe)
    _writer(pipe, TEXT.encode("utf-8") * 200)
    result = _within(20, pipe, ["extract", str(pipe)])
    assert result.exit_code == 1 and "超过" in result.output and "管道" in result.output


def test_a_reviewed_draft_through_a_pipe_is_accepted(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    pipe = tmp_path / "draft-pipe.yaml"
    os.mkfifo(pipe)
    _writer(pipe, draft.read_bytes())
    out = tmp_path / "packs"
    result = _within(30, pipe, ["extract", "accept", str(pipe), str(review), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "采纳4处金额" in result.output


def test_a_review_table_through_a_silent_pipe_is_refused(tmp_path: Path, quick: None) -> None:
    draft, _ = drafted(tmp_path)
    pipe = tmp_path / "review-pipe.xlsx"
    os.mkfifo(pipe)
    result = _within(15, pipe, ["extract", "accept", str(draft), str(pipe), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "是管道" in result.output


def test_a_profile_through_a_silent_pipe_is_refused(tmp_path: Path, quick: None) -> None:
    pipe = tmp_path / "profile.json"
    os.mkfifo(pipe)
    result = _within(15, pipe, ["assess", "--profile", str(pipe)])
    assert result.exit_code != 0 and "是管道" in result.output
    assert "Traceback" not in result.output


def test_a_device_is_refused_not_read_for_ever() -> None:
    result = runner.invoke(app, ["assess", "--profile", "/dev/zero"])
    assert result.exit_code != 0 and "不是普通文件（是设备）" in result.output


def test_an_import_from_a_pipe_is_refused_at_once_saying_what_to_do(tmp_path: Path) -> None:
    """An import is checked and re-run from its file, its error report written beside it."""
    pipe = tmp_path / "enterprises.xlsx"
    os.mkfifo(pipe)
    result = _within(15, pipe, ["import", str(pipe)])
    assert result.exit_code == 1 and "请先保存为文件再导入" in result.output
