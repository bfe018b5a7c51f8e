"""Output files are written whole, with ordinary permissions, or not at all."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from techzone.io.files import OutputError, atomic_path


def test_a_written_file_has_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"report")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert target.read_bytes() == b"report"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    device = Path(os.devnull)
    before = device.stat()
    with pytest.raises(OutputError, match="不是普通文件"), atomic_path(device):
        pytest.fail("the block must not run")
    assert device.stat().st_ino == before.st_ino and stat.S_ISCHR(device.stat().st_mode)


def test_a_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "report.xlsx"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="不是普通文件"), atomic_path(pipe):
        pytest.fail("the block must not run")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "report.xlsx"
    folder.mkdir()
    (folder / "inside").write_text("kept")
    with pytest.raises(OutputError, match="文件夹"), atomic_path(folder):
        pytest.fail("the block must not run")
    assert (folder / "inside").read_text() == "kept"


def test_a_missing_parent_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "新建" / "下一级" / "report.xlsx"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"report")
    assert target.read_bytes() == b"report"


def test_a_parent_that_is_a_file_is_one_chinese_line(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError) as raised, atomic_path(blocker / "report.xlsx"):
        pytest.fail("the block must not run")
    assert "\n" not in str(raised.value) and "不是文件夹" in str(raised.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_one_chinese_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="没有写入权限"), atomic_path(folder / "r.xlsx"):
            pytest.fail("the block must not run")
    finally:
        folder.chmod(0o700)


def test_a_folder_the_system_refuses_is_one_chinese_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root (CI) no folder is unwritable, so the refusal the system gives is simulated.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as raised, atomic_path(tmp_path / "r.xlsx"):
        pytest.fail("the block must not run")
    assert str(raised.value) == f"无法在文件夹「{tmp_path}」中写入文件：没有写入权限"


def test_a_write_that_fails_midway_is_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match=r"磁盘空间不足.*原文件未改动"), atomic_path(target) as t:
        t.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_the_command_line_says_it_in_one_line_without_a_traceback(
    data_dir: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from techzone.cli import app

    # A workbook's name that is a device (a link to /dev/null): refused, never replaced. (A device's
    # own name, without .xlsx, is refused earlier for its suffix.)
    device = tmp_path / "模板.xlsx"
    device.symlink_to(os.devnull)
    result = CliRunner().invoke(app, ["template", "--out", str(device)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "已" not in result.output
    assert result.output.strip().count("\n") == 0 and "不是普通文件" in result.output
    folder = tmp_path / "out.xlsx"  # a bare name is refused earlier, for its suffix
    folder.mkdir()
    result = CliRunner().invoke(app, ["export", "--out", str(folder)])
    assert result.exit_code == 1 and "已导出" not in result.output
    assert "这是一个文件夹" in result.output


def test_a_pipe_that_trickles_for_ever_is_refused_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A writer that never closes but never falls silent for long (``tail -f`` of a log) is
    # as endless as one that never comes: the reading stops at a time limit, not at its end.
    import threading
    import time

    from techzone.io import files

    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.5)
    monkeypatch.setattr(files, "PIPE_TOTAL_SECONDS", 1.0, raising=False)
    pipe = tmp_path / "log.txt"
    os.mkfifo(pipe)
    stop = threading.Event()

    def trickle() -> None:
        with open(pipe, "wb", buffering=0) as handle:
            deadline = time.monotonic() + 5  # the test's own bound: then it closes
            while not stop.is_set() and time.monotonic() < deadline:
                try:
                    handle.write(b"x")
                except BrokenPipeError:
                    return
                time.sleep(0.1)

    writer = threading.Thread(target=trickle, daemon=True)
    writer.start()
    started = time.monotonic()
    try:
        with pytest.raises(files.InputRefused, match="管道"), files.readable(pipe):
            pass
    finally:
        stop.set()
        writer.join(10)
    assert time.monotonic() - started < 3


def test_a_library_that_wraps_the_full_disk_in_its_own_error_is_still_a_full_disk(
    tmp_path: Path,
) -> None:
    # XlsxWriter raises FileCreateError from the OSError; openpyxl (through lxml) a
    # SerialisationError named IO_ENOSPC. Neither is an OSError: both were internal errors.
    from lxml.etree import SerialisationError
    from xlsxwriter.exceptions import FileCreateError

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match=r"磁盘空间不足.*原文件未改动"), atomic_path(target):
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as error:
            raise FileCreateError(error) from None
    with pytest.raises(OutputError, match=r"磁盘空间不足.*原文件未改动"), atomic_path(target):
        raise SerialisationError("IO_ENOSPC")
    with pytest.raises(OutputError, match="文件超过系统允许的大小"), atomic_path(target):
        raise SerialisationError("IO_EFBIG")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_any_other_error_in_the_block_is_not_taken_for_the_disk(tmp_path: Path) -> None:
    with pytest.raises(KeyError), atomic_path(tmp_path / "r.xlsx"):
        raise KeyError("a defect")


def test_a_file_held_open_by_excel_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Windows a workbook open in Excel or WPS cannot be replaced (PermissionError): 「没有写入
    # 权限」 sent the officer to the administrator for a file they only had to close.
    target = tmp_path / "周报.xlsx"
    target.write_bytes(b"old")

    def held(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(OutputError) as refused, atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
    said = str(refused.value)
    assert "正在被其他程序" in said and "关闭" in said and "原文件未改动" in said, said
    assert target.read_bytes() == b"old"
