"""Writing output files whole or not at all, and only where a file belongs.

Every file techzone produces goes through ``atomic_path``: the content is written to a
temporary file beside the target and renamed over it only when complete, so a failed write
leaves the officer's previous file as it was. A target that exists but is not a regular file
(a folder, a device such as /dev/null, a pipe) is refused rather than replaced, and every
failure is an ``OutputError`` whose message is one line of Chinese.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

REPLACED: ContextVar[list[Path] | None] = ContextVar("replaced", default=None)
"""Where a caller that tells the officer collects the earlier files ``atomic_path`` replaced
(the command line sets a list; the web, whose files are its own, sets none)."""


class OutputError(Exception):
    """An output file could not be written; the message is one line for the officer."""


_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "目标是文件夹",
    errno.EEXIST: "同名的文件已存在",
    errno.EFBIG: "文件超过系统允许的大小",
}


def reason(error: OSError) -> str:
    """An operating-system error as a short Chinese reason; the system's English words (its
    strerror) never reach the officer, the error number does for whoever supports them."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    if error.errno == errno.ENOENT:
        return "文件或文件夹不存在"
    return (
        f"操作系统拒绝了这次操作（错误号 {error.errno}）"
        if error.errno
        else "操作系统拒绝了这次操作"
    )


def system_error(error: BaseException) -> OSError | None:
    """The operating system's refusal inside a library's own error, if that is what it is.

    XlsxWriter raises ``FileCreateError`` from the ``OSError`` of a full disk, and openpyxl's
    writer (lxml) a ``SerialisationError`` whose message is the error's name (IO_ENOSPC)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno:
            return current
        named = str(current)
        if type(current).__name__ == "SerialisationError" and named.startswith("IO_E"):
            number = getattr(errno, named[3:], None)
            if isinstance(number, int):
                return OSError(number, named)
        for argument in getattr(current, "args", ()):
            if isinstance(argument, OSError) and argument.errno:
                return argument
        current = current.__cause__ or current.__context__
    return None


def read_reason(error: Exception) -> str:
    """Why a file handed in could not be read, as a short Chinese reason: the same words for a
    profile, a reform patch or a draft pack, never the library's English message."""
    import json

    if isinstance(error, InputRefused):
        return str(error)
    if isinstance(error, IsADirectoryError):
        return "这是一个文件夹，请给出文件名"
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    if isinstance(error, OSError):
        return reason(error)
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本文件"
    if isinstance(error, json.JSONDecodeError):
        return f"不是有效的 JSON（第{error.lineno}行第{error.colno}列有误）"
    return "文件内容无法识别"


def check_target(path: Path) -> None:
    """Refuse a target that exists and is not a regular file (a folder, a device, a pipe)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"无法写入「{path}」：{reason(error)}") from error
    if stat.S_ISDIR(mode):
        raise OutputError(f"无法写入「{path}」：这是一个文件夹，请给出文件名")
    if not stat.S_ISREG(mode):
        raise OutputError(f"无法写入「{path}」：这不是普通文件（是设备或管道），不会覆盖它")


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) for output, or say in Chinese why it cannot be."""
    if folder.is_dir():
        return
    if folder.exists():
        raise OutputError(f"无法写入文件夹「{folder}」：同名的文件已存在，它不是文件夹")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法创建文件夹「{folder}」：{reason(error)}") from error


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; it replaces ``path`` only if the block succeeds.

    An officer's existing report is never left truncated by a failed write. An ``OSError``
    inside the block (disk full, permission) becomes an ``OutputError``; anything else is
    re-raised once the temporary file is removed.
    """
    check_target(path)
    ensure_folder(path.parent)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent
        )
    except OSError as error:
        raise OutputError(f"无法在文件夹「{path.parent}」中写入文件：{reason(error)}") from error
    os.close(handle)
    # Said only of a file that was there: with none, 「原文件未改动」 sends the officer looking.
    kept = "原文件未改动" if path.exists() else "未生成文件"
    try:
        try:
            yield Path(temporary)
        except OSError as error:
            raise OutputError(f"写入「{path}」失败：{reason(error)}，{kept}") from error
        except Exception as error:
            refused = system_error(error)
            if refused is None:
                raise
            raise OutputError(f"写入「{path}」失败：{reason(refused)}，{kept}") from error
        # mkstemp makes the file private; a report is for sharing, so give it the usual mode.
        mask = os.umask(0)
        os.umask(mask)
        try:
            os.chmod(temporary, 0o666 & ~mask)
            # The target may have become a folder or device since the check above.
            check_target(path)
            try:
                os.replace(temporary, path)
            except PermissionError as error:
                if kept != "原文件未改动":
                    raise
                # Written beside it, refused only over it: on Windows, a workbook that Excel
                # or WPS holds open.
                raise OutputError(
                    f"写入「{path}」失败：该文件可能正在被其他程序（如Excel、WPS）打开，"
                    f"请关闭后重试；{kept}"
                ) from error
            replaced = REPLACED.get()
            if replaced is not None and kept == "原文件未改动":
                replaced.append(path)
        except OSError as error:
            raise OutputError(f"写入「{path}」失败：{reason(error)}，{kept}") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# A file handed in through a pipe (a named pipe, or the shell's ``<(…)``) is read as the bytes
# that come through it, as long as they keep coming and stay within what an upload through the
# web may hold; a writer that never comes, or never stops, is refused rather than waited for.
PIPE_LIMIT_BYTES = 20 * 1024 * 1024
PIPE_WAIT_SECONDS = 60.0
# A writer that never closes yet never falls silent that long (``tail -f`` of a log) would be
# read until the size limit, that is for ever: the whole reading has its own limit too.
PIPE_TOTAL_SECONDS = 600.0


class InputRefused(OSError):
    """A file handed in that is not read: a device, or a pipe silent too long or too large.
    ``str`` is the Chinese reason; an ``OSError`` so that every reader's handling of an
    unreadable file takes it as one."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@contextmanager
def readable(path: Path) -> Iterator[Path]:
    """``path`` itself when it is a regular file; for a pipe, a private copy of what came
    through it (same name, deleted afterwards). Never blocks on a pipe no one writes to."""
    # Missing, no permission: the OSError goes to each reader, which says so in its words.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            os.close(handle)
            handle = -1
            yield path
            return
        if not stat.S_ISFIFO(mode):
            raise InputRefused(f"「{path}」不是普通文件（是设备），不能读取；请给出文件")
        content = _drained(handle, path)
    finally:
        if handle >= 0:
            os.close(handle)
    with tempfile.TemporaryDirectory(prefix="techzone-pipe-") as folder:
        copy = Path(folder) / (path.name or "input")
        with atomic_path(copy) as temporary:
            temporary.write_bytes(content)
        yield copy


def _drained(handle: int, path: Path) -> bytes:
    """Everything a pipe gives until its writer closes it, within the limits above."""
    import select
    import time

    chunks: list[bytes] = []
    total = 0
    deadline = time.monotonic() + PIPE_TOTAL_SECONDS
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputRefused(
                f"「{path}」是管道，{PIPE_TOTAL_SECONDS / 60:g}分钟内没有传完，已停止读取；"
                "请先将内容保存为文件再给出文件名"
            )
        ready, _, _ = select.select([handle], [], [], min(PIPE_WAIT_SECONDS, left))
        if not ready and left <= PIPE_WAIT_SECONDS:
            continue  # the whole reading's limit, said above
        if not ready:
            raise InputRefused(
                f"「{path}」是管道，{PIPE_WAIT_SECONDS:g}秒内没有读到内容，已停止等待；"
                "请先将内容保存为文件再给出文件名"
            )
        try:
            chunk = os.read(handle, 1024 * 1024)
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > PIPE_LIMIT_BYTES:
            raise InputRefused(
                f"「{path}」是管道，传入的内容超过{PIPE_LIMIT_BYTES // (1024 * 1024)}MB，"
                "已停止读取；请先将内容保存为文件再给出文件名"
            )
        chunks.append(chunk)
