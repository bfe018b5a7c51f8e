"""Receiving a file from a browser: size-limited, archive-checked, in a temporary folder.

A page that accepts a workbook calls ``received(upload)`` and hands the path to the same core
function the CLI calls; the folder is removed when the block ends.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request, UploadFile
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from techzone.io.archive import UnsafeArchive, check_archive
from techzone.web.errors import WebError, error_response

# Larger than any register a zone uploads (the 2,000-enterprise export is about 1 MB); the
# reverse proxy's client_max_body_size should match (docs/deployment.md). Chosen locally.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The whole request body: one upload and its form fields (``BodyLimit``).
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
WORKBOOK_SUFFIXES = (".xlsx", ".csv")
_CHUNK = 1024 * 1024
_OLD_WORKBOOKS = frozenset({".xls", ".et", ".ett", ".wps", ".xlsb", ".ods", ".numbers"})


class UploadTooLarge(WebError):
    status = 413
    code = "too_large"
    message = f"上传的文件超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB，已拒绝"


class UploadRejected(WebError):
    status = 422
    code = "upload_rejected"
    message = "上传的文件无法接受"


def _size(count: int) -> str:
    mib = 1024 * 1024
    return f"{count // mib}MB" if count >= mib else f"{max(count // 1024, 1)}KB"


@contextmanager
def received(
    upload: UploadFile,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES,
) -> Iterator[Path]:
    """The upload copied to a temporary file (its own name kept), checked; removed afterwards."""
    name = Path(upload.filename or "").name
    suffix = Path(name).suffix.lower()
    if not name or suffix not in suffixes:
        accepted = f"只接受{'、'.join(suffixes)}文件"
        if suffix in _OLD_WORKBOOKS and ".xlsx" in suffixes:
            # The .xls an office keeps, the .et WPS saves by default: what to do, not only no.
            accepted += "：请在Excel或WPS中「另存为」.xlsx 工作簿后再上传"
        raise UploadRejected(f"「{name}」：{accepted}" if name else accepted)
    folder = Path(tempfile.mkdtemp(prefix="techzone-upload-"))
    try:
        path = folder / name
        written = 0
        with path.open("wb") as out:
            while chunk := upload.file.read(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadTooLarge(f"上传的文件超过{_size(max_bytes)}，已拒绝")
                out.write(chunk)
        if written == 0:
            raise UploadRejected(f"上传的文件「{name}」是空的")
        try:
            check_archive(path)
        except UnsafeArchive as error:
            raise UploadRejected(f"「{name}」：{error}") from error
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class BodyLimit:
    """Refuses a request body past ``MAX_BODY_BYTES`` before anything reads it: at once when its
    declared length is larger, else as it streams in. Without it a form (the CSRF check parses
    it, for visitors too) is spooled to disk whatever its size before the upload's own limit.

    FastAPI's ``max_body_size`` would answer in English plain text; this answers like every
    other error (``UploadTooLarge``: 413, Chinese, JSON under /api/)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await error_response(Request(scope), UploadTooLarge())(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY_BYTES:
                    # An HTTPException: FastAPI turns any other error while reading a form
                    # into a 400; this one reaches the Chinese error handler as a 413.
                    raise HTTPException(413)
            return message

        await self.app(scope, counted, send)
