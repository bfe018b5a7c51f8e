"""What the policy-side pages (周报, 政策清单, 预算, 园区) share: the packs and the catalogue loaded
once per process, years held to ``bounds``, files streamed from a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.bounds import OutOfBounds, working_year
from techzone.rules.loader import PackSet, load_packs
from techzone.web.api import ErrorOut
from techzone.web.errors import Unprocessable

# The error shape every route of these pages answers with, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (401, "未登录"),
        (403, "无权限"),
        (404, "不存在或不在查看范围内"),
        (422, "输入有误"),
    )
}

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@lru_cache(maxsize=1)
def packs() -> PackSet:
    return load_packs()


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue()


def checked_year(year: int, what: str = "年度") -> int:
    """A year a page works on, held to the same bounds as the command line's ``--year``."""
    try:
        return working_year(year, what)
    except OutOfBounds as error:
        raise Unprocessable(str(error), code="invalid_year") from error


def streamed(filename: str, write: Callable[[Path], None]) -> FileResponse:
    """The file ``write`` makes, sent from a temporary folder that is removed once sent (or at
    once if writing fails): nothing is left behind on the server."""
    folder = Path(tempfile.mkdtemp(prefix="techzone-web-"))
    path = folder / filename
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        filename=filename,
        media_type=MEDIA[path.suffix.lstrip(".")],
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
