"""An enterprise's own sheets of the import template, read as the profile a self-assessment takes.

The file is read and each row checked exactly as an import reads and checks it (``io.reader``,
``importer.checked_row``); nothing is compared with or written to the register. The 企业 sheet
holds the one enterprise; its records' sheets (年度数据, 知识产权, 资质, 研发平台, 奖补事件,
违规事件, 企业声明) its facts. A sheet left out of the file is unknown, an empty one is none, as in
the profile file (``rules.profile``); 高新区 and 园区 rows, when given, name the enterprise's place.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from techzone.io.declared import Vocabulary
from techzone.io.importer import checked_row
from techzone.io.problems import Problem
from techzone.io.reader import read_file
from techzone.io.sheets import (
    AwardEventRow,
    DeclarationRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    ParkRow,
    PlatformRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneRow,
)
from techzone.rules.profile import Profile, ProfileError, parse_profile

_LISTS: dict[type[Sheet], str] = {
    IntellectualPropertyRow: "ip",
    QualificationRow: "qualifications",
    PlatformRow: "platforms",
    AwardEventRow: "events",
    IncidentRow: "incidents",
}
_READ: tuple[type[Sheet], ...] = (
    ZoneRow,
    ParkRow,
    EnterpriseRow,
    YearlyFiguresRow,
    *_LISTS,
    DeclarationRow,
)
_ENTERPRISE_FIELDS = (
    "uscc",
    "name",
    "registered_on",
    "industry_code",
    "tech_field",
    "ownership",
    "above_scale",
    "listing",
    "zone_code",
)


class ProfileFileRejected(ValueError):
    """The file cannot be read as one enterprise's profile; every problem, by sheet and row."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("；".join(str(p) for p in problems[:20]))
        self.problems = problems


def _problem(sheet: str, reason: str, row: int | None = None, column: str | None = None) -> Problem:
    return Problem(sheet=sheet, row=row, column=column, value="", reason=reason)


def _cells(row: Sheet, *leave_out: str) -> dict[str, Any]:
    """The row's values as typed in the template (labels, 是/否), for the profile's models."""
    dumped = row.model_dump(by_alias=True, exclude=set(leave_out))
    return {key: value for key, value in dumped.items() if value not in (None, "")}


def _declared(value: str) -> Any:
    """A stored declaration's text (是/否, a band, a number) as the profile's value."""
    if value in ("是", "否"):
        return value == "是"
    try:
        number = Decimal(value)
    except ArithmeticError:
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def read_profile_file(path: Path, declared: Vocabulary | None = None) -> Profile:
    """The profile in the enterprise's sheets of ``path``; ``ProfileFileRejected`` with every
    problem otherwise. ``declared`` (the packs' declarations) reads the 企业声明 sheet."""
    raw = read_file(path)
    problems = list(raw.problems)
    rows: dict[type[Sheet], list[tuple[int, Sheet]]] = {}
    for sheet in _READ:
        found = raw.sheets.get(sheet)
        if found is None:
            continue
        rows[sheet] = []
        for raw_row in found.rows:
            row, row_problems = checked_row(sheet, raw_row, found.headers, declared)
            problems.extend(row_problems)
            if row is not None:
                rows[sheet].append((raw_row.number, row))
    enterprises = rows.get(EnterpriseRow, [])
    name = EnterpriseRow.sheet_name
    if EnterpriseRow not in raw.sheets and EnterpriseRow not in raw.broken:
        problems.append(_problem(path.name, f"文件中没有「{name}」表（按导入模板填写一家企业）"))
    elif len(enterprises) > 1:
        problems.append(
            _problem(name, f"自评一次评一家企业：「{name}」表有{len(enterprises)}家，请只留一家")
        )
    elif not enterprises and not problems:
        problems.append(_problem(name, f"「{name}」表没有填写企业"))
    if problems:
        raise ProfileFileRejected(problems)
    enterprise = enterprises[0][1]
    assert isinstance(enterprise, EnterpriseRow)
    uscc = enterprise.uscc
    for sheet, found_rows in rows.items():
        if sheet in (ZoneRow, ParkRow, EnterpriseRow):
            continue
        header = sheet.model_fields["uscc"].alias or "uscc"
        problems.extend(
            _problem(sheet.sheet_name, f"不是「{name}」表的企业（{uscc}）", number, header)
            for number, row in found_rows
            if getattr(row, "uscc", None) != uscc
        )
    if problems:
        raise ProfileFileRejected(problems)
    try:
        return parse_profile(_profile_data(enterprise, rows))
    except ProfileError as error:  # the sheets were valid one by one: a fault in their sum
        raise ProfileFileRejected([_problem(path.name, p) for p in error.problems]) from error
    except (
        ValidationError
    ) as error:  # pragma: no cover - parse_profile turns these into ProfileError
        raise ProfileFileRejected([_problem(path.name, str(error))]) from error


def _profile_data(
    enterprise: EnterpriseRow, rows: dict[type[Sheet], list[tuple[int, Sheet]]]
) -> dict[str, Any]:
    data = {
        key: value
        for key, value in enterprise.model_dump(include=set(_ENTERPRISE_FIELDS)).items()
        if value is not None
    }
    # The profile takes the labels the template's cells hold for its coded fields.
    typed = _cells(enterprise)
    for field in ("tech_field", "ownership", "listing", "above_scale"):
        alias = EnterpriseRow.model_fields[field].alias or field
        if alias in typed:
            data[field] = typed[alias] if field != "above_scale" else enterprise.above_scale
    for _number, zone in rows.get(ZoneRow, []):
        if isinstance(zone, ZoneRow) and zone.code == enterprise.zone_code:
            data.update(province=zone.province, city=zone.city, zone_level=_cells(zone)["级别"])
    for _number, park in rows.get(ParkRow, []):
        if isinstance(park, ParkRow) and (park.zone_code, park.code) == (
            enterprise.zone_code,
            enterprise.park_code,
        ):
            data["park"] = park.name
    if YearlyFiguresRow in rows:
        data["figures"] = {
            str(row.year): _cells(row, "uscc", "year")  # type: ignore[attr-defined]
            for _number, row in rows[YearlyFiguresRow]
        }
    for sheet, key in _LISTS.items():
        if sheet in rows:
            data[key] = [_cells(row, "uscc") for _number, row in rows[sheet]]
    declarations = {
        row.item: _declared(row.value)
        for _number, row in sorted(
            rows.get(DeclarationRow, []),
            key=lambda item: item[1].declared_on,  # type: ignore[attr-defined]
        )
        if isinstance(row, DeclarationRow)
    }
    if declarations:
        data["declarations"] = declarations
    return data
