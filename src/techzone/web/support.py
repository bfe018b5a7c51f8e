"""What the officers' pages share: the day they show, the rule packs, workbook downloads."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from techzone.audit import Actor
from techzone.web.auth import Identity, client_address, settings_of
from techzone.web.templating import templates

if TYPE_CHECKING:
    from techzone.awards.catalogue import Catalogue
    from techzone.rules.loader import PackSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(value: object) -> str:
    """A value in a page: whole numbers without ".0", ratios to six places, booleans in words."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.6g}"
    if value is None:
        return "未知"
    return str(value)


def figure(name: str) -> str:
    """A yearly figure's name as the import sheet's column header (金额 in yuan)."""
    from techzone.io.sheets import YearlyFiguresRow

    field = YearlyFiguresRow.model_fields.get(name)
    return field.alias if field is not None and field.alias else label_of(name)


def label_of(name: str) -> str:
    from techzone.glossary import label

    return label(str(name))


def _install_filters() -> None:
    from techzone.glossary import label, officer_text

    templates.env.filters.setdefault("label", lambda name: label(str(name)))
    templates.env.filters.setdefault("shown", shown)
    templates.env.filters.setdefault("figure", figure)
    templates.env.filters.setdefault("officer", lambda text: officer_text(str(text)))


def today(request: Request) -> date:
    """The day in China (the register's dates are China's), from the application's clock."""
    from techzone.accounts.service import CHINA_TIME

    return settings_of(request).clock().astimezone(CHINA_TIME).date()


def actor_of(request: Request, identity: Identity) -> Actor:
    return Actor(name=identity.username, source=client_address(request), role=identity.role.value)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


@lru_cache(maxsize=1)
def rule_packs() -> PackSet:
    """The rule packs, loaded once per worker (they are files shipped with the package)."""
    from techzone.rules.loader import load_packs

    return load_packs()


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    from techzone.awards.catalogue import load_catalogue

    return load_catalogue()


def workbook_download(name: str, write: Callable[[Path], object]) -> FileResponse:
    """``write(path)`` into a private temporary folder, sent as ``name``, removed once sent."""
    folder = Path(tempfile.mkdtemp(prefix="techzone-web-"))
    path = folder / "download.xlsx"
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        background=BackgroundTask(shutil.rmtree, folder, True),
    )


_install_filters()
