"""The profile file: one enterprise's records as JSON, for a single assessment.

It is the enterprise's own data in the import sheets' field names (English), nested:
enterprise facts, ``figures`` by accounting year, lists of IP, qualifications, platforms,
events and incidents, and ``declarations`` (self-assessed items no record holds). Every part is
validated by the same models as an import. A list left out is unknown; an empty list is none.
``techzone schema profile`` prints the JSON Schema; ``docs/profile.md`` documents it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from techzone.bounds import OutOfBounds, fact_date, fact_year
from techzone.io.declared import NOT_WHOLE, above
from techzone.io.fields import LARGEST_AMOUNT, Day, IndustryCode, Uscc, YesNo
from techzone.io.files import read_reason, readable
from techzone.io.messages import reason
from techzone.io.sheets import (
    FACT_FIELDS,
    AwardEventRow,
    IncidentRow,
    IntellectualPropertyRow,
    ListingCell,
    OwnershipCell,
    PlatformRow,
    QualificationRow,
    TechFieldCell,
    YearlyFiguresRow,
    ZoneLevelCell,
)
from techzone.model.base import FEN_PER_YUAN
from techzone.model.codes import DeclarationSource
from techzone.rules.frame import (
    DECLARED_SCHEMA,
    ENTERPRISE_SCHEMA,
    EVENT_SCHEMA,
    FIGURES_SCHEMA,
    INCIDENT_SCHEMA,
    IP_SCHEMA,
    LISTS,
    PLATFORM_SCHEMA,
    QUALIFICATION_SCHEMA,
    YES,
    Records,
)
from techzone.rules.inputs import MONEY_FIGURES, STAFF_FIGURES
from techzone.rules.pack import Declaration

PROFILE_ID = "PROFILE"


class ProfileError(ValueError):
    """A profile that cannot be read; each problem names its field path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("企业画像文件有误：\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


class Figures(YearlyFiguresRow):
    uscc: Uscc | None = None  # type: ignore[assignment]
    year: int | None = None  # type: ignore[assignment]


class IpItem(IntellectualPropertyRow):
    uscc: Uscc | None = None  # type: ignore[assignment]


class QualificationItem(QualificationRow):
    uscc: Uscc | None = None  # type: ignore[assignment]


class PlatformItem(PlatformRow):
    uscc: Uscc | None = None  # type: ignore[assignment]


class EventItem(AwardEventRow):
    uscc: Uscc | None = None  # type: ignore[assignment]


class IncidentItem(IncidentRow):
    uscc: Uscc | None = None  # type: ignore[assignment]


class Profile(BaseModel):
    """One enterprise, as of the assessment date. Anything left out is unknown, never zero."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    uscc: Uscc | None = Field(None, description="统一社会信用代码")
    name: str | None = Field(None, description="企业名称")
    registered_on: Day | None = Field(None, description="成立日期 YYYY-MM-DD")
    resident: bool | None = Field(None, description="中国境内（不含港澳台）注册的居民企业")
    tech_field: TechFieldCell | None = Field(
        None, description="技术领域（八大领域名称或代码1–8；不属于八大领域的写“不属于八大领域”或0）"
    )
    industry_code: IndustryCode | None = Field(None, description="GB/T 4754 行业代码")
    ownership: OwnershipCell | None = Field(None, description="所有制")
    above_scale: YesNo | None = Field(None, description="规模以上企业")
    listing: ListingCell | None = Field(None, description="上市状态")
    zone_code: str | None = Field(
        None, description="所在高新区或县区的代码（如 GS-BY），决定适用哪些地方政策"
    )
    province: str | None = Field(None, description="所在省份（如 甘肃省）")
    city: str | None = Field(None, description="所在城市（如 白银市）")
    zone_level: ZoneLevelCell | None = Field(
        None, description="所在区域级别（国家级、省级高新区，或县区）；按高新区适用的政策读它"
    )
    park: str | None = Field(None, description="所在园区名称；政策按园区列明适用范围时读它")
    figures: dict[int, Figures] | None = Field(
        None, description='年度数据，按会计年度，如 {"2025": {…}}'
    )
    ip: list[IpItem] | None = Field(None, description="知识产权；省略为未知，[] 为没有")
    qualifications: list[QualificationItem] | None = Field(None, description="资质")
    platforms: list[PlatformItem] | None = Field(None, description="研发平台")
    events: list[EventItem] | None = Field(None, description="奖补事件")
    incidents: list[IncidentItem] | None = Field(None, description="违规事件")
    declarations: dict[str, Any] = Field(
        default_factory=dict, description="自评与声明事项（见规则包）"
    )


def _path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location)


def parse_profile(data: Any) -> Profile:
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            column, text = reason(detail)
            path = _path(detail["loc"][:-1]) if detail["loc"] else ""
            where = ".".join(part for part in (path, column or "") if part) or "（整个文件）"
            problems.append(f"{where}：{text}")
        raise ProfileError(problems) from error
    return profile


def facts_out_of_bounds(
    profile: Profile, today: date | None = None
) -> list[tuple[tuple[int | str, ...], str]]:
    """The import's rule for facts (techzone.bounds), by the profile's paths: a founding day,
    accounting year, grant or incident after today is a typing mistake, and assessed as if true it
    would let a firm founded next year or a patent granted next year count today. The
    self-assessment, dated today, refuses them; ``parse_profile`` does not, because a profile
    file may also be a what-if assessed on a later ``--as-of`` (the policy packs' golden cases
    follow a certificate into 2028). ``today``: the
    caller's day (the web's clock), else the machine's."""
    problems: list[tuple[tuple[int | str, ...], str]] = []

    def check(loc: tuple[int | str, ...], value: Any) -> None:
        try:
            if isinstance(value, int):
                fact_year(value, "", today)
            else:
                fact_date(value, "", today)
        except OutOfBounds as error:
            problems.append((loc, str(error)))

    if profile.registered_on is not None:
        check(("registered_on",), profile.registered_on)
    for year in profile.figures or {}:
        check(("figures", year), year)
    lists: tuple[tuple[str, list[Any] | None], ...] = (
        ("ip", profile.ip),
        ("qualifications", profile.qualifications),
        ("platforms", profile.platforms),
        ("events", profile.events),
        ("incidents", profile.incidents),
    )
    for name, items in lists:
        for index, item in enumerate(items or ()):
            for field in FACT_FIELDS.get(item.sheet_name, ()):
                value = getattr(item, field)
                if value is not None:
                    check((name, index, field), value)
    return problems


def read_profile(path: Path) -> Profile:
    try:
        with readable(path) as local:
            data = json.loads(local.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ProfileError([f"文件不存在：{path}"]) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProfileError([f"不是企业画像文件：{read_reason(error)}"]) from error
    except RecursionError as error:
        raise ProfileError(["JSON 嵌套层数过多，不是企业画像文件"]) from error
    except OSError as error:
        raise ProfileError([f"无法读取文件：{path}（{read_reason(error)}）"]) from error
    try:
        return parse_profile(data)
    except RecursionError as error:
        raise ProfileError(["JSON 嵌套层数过多，不是企业画像文件"]) from error


def _fen(value: Any) -> int | None:
    return None if value is None else int(value * FEN_PER_YUAN)


def _declarations(profile: Profile, uscc: str, declared: Mapping[str, Declaration]) -> pl.DataFrame:
    """The profile's declarations as stored ones are held (``DECLARED_SCHEMA``): the enterprise's
    own, made for the assessment the file is read for (no date)."""
    problems = []
    rows: list[tuple[Any, ...]] = []
    for name, value in profile.declarations.items():
        declaration = declared.get(name)
        if declaration is None:
            problems.append(f"declarations.{name}：未知的声明事项（见 techzone schema profile）")
            continue
        if value is None:
            continue
        text, wrong = _declared_text(declaration, value)
        if wrong:
            problems.append(f"declarations.{name}：{wrong}")
        else:
            rows.append((uscc, name, text, None, DeclarationSource.ENTERPRISE.value))
    if problems:
        raise ProfileError(problems)
    return _rows(DECLARED_SCHEMA, rows)


_LARGEST_COUNT = 2**63 - 1


def _declared_text(declaration: Declaration, value: Any) -> tuple[str, str | None]:
    """The value as a stored declaration holds it, or why it cannot be."""
    if declaration.type == "boolean":
        if not isinstance(value, bool):
            return "", "应为 true 或 false"
        return (YES if value else "否"), None
    if declaration.type == "band":
        band = str(value).strip().upper()
        if band not in (declaration.bands or []):
            return "", f"档次应为 {'、'.join(declaration.bands or [])} 之一"
        return band, None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "", "应为数字"
    # Past what is held (an amount in fen, a count in a 64-bit integer): 1e400 or 10^20 would
    # fail as an internal error in the assessment instead.
    largest = LARGEST_AMOUNT if declaration.type == "money" else _LARGEST_COUNT
    if abs(value) > largest:
        return "", f"「{value:g}」超出可以记录的数值范围"
    if value < 0:
        return "", "不能为负数"
    if declaration.maximum is not None and value > declaration.maximum:
        return "", above(declaration, declaration.maximum)
    exact = Decimal(str(value))
    if declaration.type == "money" and exact != exact.quantize(Decimal("0.01")):
        return "", "金额最多两位小数"
    if declaration.unit == "count" and exact != exact.to_integral_value():
        return "", NOT_WHOLE
    return str(exact), None


def profile_records(profile: Profile, declared: Mapping[str, Declaration]) -> Records:
    """The profile as record tables, ready for ``build_frame``."""
    uscc = profile.uscc or PROFILE_ID
    enterprise = {
        "uscc": uscc,
        "name": profile.name,
        "registered_on": profile.registered_on,
        "resident": profile.resident,
        "tech_field": profile.tech_field.value if profile.tech_field else None,
        "industry_code": profile.industry_code,
        "ownership": profile.ownership.value if profile.ownership else None,
        "above_scale": profile.above_scale,
        "listing": profile.listing.value if profile.listing else None,
        "zone_code": profile.zone_code,
        "province": profile.province,
        "city": profile.city,
        "zone_level": profile.zone_level.value if profile.zone_level else None,
        "park": profile.park,
    }
    figures = [
        {
            "uscc": uscc,
            "year": year,
            **{name: _fen(getattr(f, name)) for name in MONEY_FIGURES},
            **{
                name: None if getattr(f, name) is None else float(getattr(f, name))
                for name in STAFF_FIGURES
            },
        }
        for year, f in (profile.figures or {}).items()
    ]
    unknown = frozenset(name for name in LISTS if getattr(profile, name) is None)
    return Records(
        enterprises=pl.DataFrame([enterprise], schema=ENTERPRISE_SCHEMA),
        figures=pl.DataFrame(figures, schema=FIGURES_SCHEMA) if figures else _empty(FIGURES_SCHEMA),
        ip=_rows(
            IP_SCHEMA,
            [
                (
                    uscc,
                    i.kind.value,
                    i.ip_class.value if i.ip_class else None,
                    i.granted_on,
                    i.acquisition.value,
                    i.status.value,
                    i.used_for_hnte,
                )
                for i in profile.ip or []
            ],
        ),
        qualifications=_rows(
            QUALIFICATION_SCHEMA,
            [
                (
                    uscc,
                    q.kind.value,
                    q.level.value,
                    q.issued_on,
                    q.expires_on,
                    q.status.value,
                    q.revoked_on,
                )
                for q in profile.qualifications or []
            ],
        ),
        platforms=_rows(
            PLATFORM_SCHEMA,
            [
                (
                    uscc,
                    p.name,
                    p.kind.value,
                    p.level.value,
                    p.recognised_on,
                    p.status.value,
                    p.status_on,
                )
                for p in profile.platforms or []
            ],
        ),
        events=_rows(
            EVENT_SCHEMA,
            [
                (
                    uscc,
                    e.ref,
                    e.kind.value,
                    e.occurred_on,
                    _fen(e.amount),
                    json.dumps(e.attributes, ensure_ascii=False),
                )
                for e in profile.events or []
            ],
        ),
        incidents=_rows(
            INCIDENT_SCHEMA, [(uscc, i.kind.value, i.occurred_on) for i in profile.incidents or []]
        ),
        declarations=_declarations(profile, uscc, declared),
        unknown=unknown,
    )


def _rows(schema: Mapping[str, pl.DataType], rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    if not rows:
        return _empty(schema)
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def _empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """A new empty frame: most lists of a profile are empty, and building an empty frame takes
    Polars some 40 µs where clearing a kept one takes under 1 µs."""
    return _empty_like(tuple(schema.items())).clear()


@lru_cache(maxsize=16)
def _empty_like(schema: tuple[tuple[str, pl.DataType], ...]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


def profile_schema(declared: Mapping[str, Declaration]) -> dict[str, Any]:
    """The JSON Schema of the profile file, with every pack's declarations spelled out."""
    schema = Profile.model_json_schema(by_alias=False)
    properties = {}
    for name, declaration in sorted(declared.items()):
        entry: dict[str, Any] = {"description": f"{declaration.label}：{declaration.description}"}
        if declaration.type == "boolean":
            entry["type"] = "boolean"
        elif declaration.type == "band":
            entry["enum"] = declaration.bands or []
        else:
            entry["type"] = "number"
            entry["minimum"] = 0
            if declaration.maximum is not None:
                entry["maximum"] = declaration.maximum
        properties[name] = entry
    schema["properties"]["declarations"] = {
        "type": "object",
        "description": "自评与声明事项；省略为未知",
        "properties": properties,
        "additionalProperties": False,
    }
    schema["title"] = "techzone 企业画像 (profile)"
    return schema
