"""What the officers' pages share: the day they show, the rule packs, workbook downloads."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache, lru_cache
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
    """A value in a page: whole numbers without ".0", ratios to six places, booleans in words;
    never in exponent notation (6.03199e+07 is no way to show 60,319,900 元)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"
        if abs(value) >= 1_000:
            return f"{value:,.2f}"
        return f"{value:.6f}".rstrip("0").rstrip(".")
    if value is None:
        return "未知"
    return str(value)


# The word after a number in each unit a pack names (rules.pack.Unit); a ratio is a percentage.
_UNIT_WORDS = {"yuan": "元", "days": "天", "years": "年", "persons": "人", "points": "分"}


@cache
def pack_terms() -> dict[str, tuple[str, str | None]]:
    """Every name an explanation shows with its Chinese label and unit: the inputs the records
    give (``rules.inputs``) and each pack's variables, parameters, declarations and score totals.
    The trace keeps the names (the CLI's format); the page shows the words."""
    from techzone.rules.inputs import CORE_INPUTS

    terms: dict[str, tuple[str, str | None]] = {
        name: (item.label, item.unit) for name, item in CORE_INPUTS.items()
    }
    for loaded in rule_packs().packs:
        pack = loaded.pack
        for table in (pack.variables, pack.parameters, pack.declarations):
            for name, item in table.items():
                terms.setdefault(name, (item.label, item.unit))
        for name, score in pack.scores.items():
            parts = {name: score.label, **{g: group.label for g, group in score.groups.items()}}
            parts.update({i: item.label for i, item in score.items.items()})
            for part, label in parts.items():
                terms.setdefault(f"{part}_min", (f"{label}（至少）", "points"))
                terms.setdefault(f"{part}_max", (f"{label}（至多）", "points"))
    return terms


def term(name: str) -> str:
    """A name an explanation shows, as officers read it."""
    found = pack_terms().get(str(name))
    return found[0] if found is not None else label_of(name)


def measured(value: object, name: str) -> str:
    """``value`` of the explanation's ``name`` with its unit: 元, a percentage, 人, 天 …"""
    found = pack_terms().get(str(name))
    unit = found[1] if found is not None else None
    if isinstance(value, str):
        # A coded value (上市状态 "unlisted", a technical field) by its Chinese name.
        return label_of(value)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return shown(value)
    if unit == "ratio":
        return f"{shown(round(value * 100, 4))}%"
    return shown(value) + _UNIT_WORDS.get(unit or "", "")


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
    templates.env.filters.setdefault("term", term)
    templates.env.filters.setdefault("measured", measured)
    templates.env.filters.setdefault("china", china_time)


def china_time(at: datetime | None) -> str:
    """A stored UTC time stamp (naive, as the ledger keeps them) as officers read it: Beijing."""
    from techzone.accounts.service import CHINA_TIME

    if at is None:
        return "—"
    return at.replace(tzinfo=UTC).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


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
