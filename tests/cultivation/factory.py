"""A small crafted district for cultivation tests: rows typed as an officer would, written through
the one write path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, select

from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import (
    EnterpriseRow,
    IntellectualPropertyRow,
    ParkRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneRow,
)
from techzone.io.writer import write_rows
from techzone.model import Base
from techzone.store import Store

ZONE = "LZ-CG"


def uscc(number: int) -> str:
    return synthetic_uscc(number, "620102")


def zone() -> ZoneRow:
    return ZoneRow.model_validate(
        {
            "高新区代码": ZONE,
            "高新区名称": "城关区",
            "级别": "县区",
            "省份": "甘肃省",
            "城市": "兰州市",
        }
    )


def park() -> ParkRow:
    return ParkRow.model_validate({"高新区代码": ZONE, "园区代码": "CG", "园区名称": "城关区"})


def enterprise(
    number: int,
    registered: date = date(2015, 1, 1),
    above_scale: bool = False,
    ownership: str = "民营",
    industry: str | None = None,
) -> EnterpriseRow:
    return EnterpriseRow.model_validate(
        {
            "统一社会信用代码": uscc(number),
            "企业名称": f"城关示例企业{number:03d}",
            "高新区代码": ZONE,
            "园区代码": "CG",
            "成立日期": registered,
            "行业代码": industry,
            "技术领域": "电子信息",
            "所有制": ownership,
            "规上企业": "是" if above_scale else "否",
            "上市状态": "未上市",
        }
    )


def qualification(
    number: int,
    kind: str,
    certificate: str,
    issued: date,
    expires: date | None,
    status: str = "有效",
    level: str = "国家级",
    revoked_on: date | None = None,
) -> QualificationRow:
    return QualificationRow.model_validate(
        {
            "统一社会信用代码": uscc(number),
            "资质类型": kind,
            "级别": level,
            "证书编号": certificate,
            "发证日期": issued,
            "有效期至": expires,
            "状态": status,
            "撤销日期": revoked_on,
        }
    )


def figures(number: int, year: int, **values: Any) -> YearlyFiguresRow:
    return YearlyFiguresRow.model_validate(
        {"统一社会信用代码": uscc(number), "年度": year, **values}
    )


def write(store: Store, *rows: Sheet) -> None:
    """The zone, its park and ``rows`` (grouped by sheet) in one transaction."""
    grouped: dict[type[Sheet], list[Any]] = {ZoneRow: [zone()], ParkRow: [park()]}
    for row in rows:
        grouped.setdefault(type(row), []).append(row)
    with store.transaction() as session:
        write_rows(session, grouped)


def snapshot(store: Store, tables: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the named tables, ids included, in id order."""
    with store.transaction() as session:
        result = {}
        for name in tables:
            table = Base.metadata.tables[name]
            assert isinstance(table, Table)
            result[name] = [tuple(r) for r in session.execute(select(table).order_by(table.c.id))]
        return result


def patent(number: int, serial: str, granted: date) -> IntellectualPropertyRow:
    return IntellectualPropertyRow.model_validate(
        {
            "统一社会信用代码": uscc(number),
            "知识产权类型": "发明专利",
            "编号": serial,
            "授权日期": granted,
            "获得方式": "自主研发",
            "状态": "有效",
            "已用于高企申报": "否",
        }
    )
