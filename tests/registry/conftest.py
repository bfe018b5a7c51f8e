"""A small register over two provinces for the registry reads: zone GS-A (parks P1, P2) and GS-B
(park P1, the same park code in another zone) in 甘肃省, zone SX-C (park P1) in 陕西省."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from techzone.access import Scope
from techzone.cultivation.applications import open_application
from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import EnterpriseRow, ParkRow, QualificationRow, Sheet, ZoneRow
from techzone.io.writer import write_rows
from techzone.model.codes import QualificationKind
from techzone.rules.loader import PackSet, load_packs
from techzone.store import Store

AS_OF = date(2026, 6, 30)

# number → (zone, park, name)
FIRMS = {
    1: ("GS-A", "P1", "甲园示例科技有限公司"),
    2: ("GS-A", "P2", "乙园示例材料有限公司"),
    3: ("GS-B", "P1", "另区示例科技有限公司"),
    4: ("SX-C", "P1", "外省示例科技有限公司"),
    5: ("GS-A", "P1", "甲园百分%示例_有限公司"),
}
ZONES = {
    "GS-A": ("甲高新区", "甘肃省"),
    "GS-B": ("乙高新区", "甘肃省"),
    "SX-C": ("丙高新区", "陕西省"),
}
PARKS = {
    ("GS-A", "P1"): "甲一园",
    ("GS-A", "P2"): "甲二园",
    ("GS-B", "P1"): "乙一园",
    ("SX-C", "P1"): "丙一园",
}

PARK = Scope(zone="GS-A", park="P1")
ZONE = Scope(zone="GS-A")
PROVINCE = Scope(province="甘肃省")


def uscc(number: int) -> str:
    return synthetic_uscc(number, "620102")


def _zone(code: str) -> ZoneRow:
    name, province = ZONES[code]
    return ZoneRow.model_validate(
        {"高新区代码": code, "高新区名称": name, "级别": "省级", "省份": province, "城市": "某市"}
    )


def _park(zone: str, code: str) -> ParkRow:
    return ParkRow.model_validate(
        {"高新区代码": zone, "园区代码": code, "园区名称": PARKS[(zone, code)]}
    )


def _enterprise(number: int) -> EnterpriseRow:
    zone, park, name = FIRMS[number]
    return EnterpriseRow.model_validate(
        {
            "统一社会信用代码": uscc(number),
            "企业名称": name,
            "高新区代码": zone,
            "园区代码": park,
            "成立日期": date(2015, 1, number),
            "技术领域": "电子信息" if number != 2 else "新材料",
            "所有制": "民营",
            "规上企业": "是" if number == 1 else "否",
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
) -> QualificationRow:
    return QualificationRow.model_validate(
        {
            "统一社会信用代码": uscc(number),
            "资质类型": kind,
            "级别": "国家级",
            "证书编号": certificate,
            "发证日期": issued,
            "有效期至": expires,
            "状态": status,
        }
    )


# Each HNTE expires a set number of days after AS_OF: the window edges of the expiry filter.
EXPIRES_IN = {1: 30, 3: 31, 4: 0, 5: -1}


def write(store: Store, *extra: Sheet) -> None:
    grouped: dict[type[Sheet], list[Any]] = {
        ZoneRow: [_zone(code) for code in ZONES],
        ParkRow: [_park(zone, park) for zone, park in PARKS],
        EnterpriseRow: [_enterprise(n) for n in FIRMS],
        QualificationRow: [
            qualification(
                n, "高新技术企业", f"GR{n}", AS_OF - timedelta(days=1000), AS_OF + timedelta(days=d)
            )
            for n, d in EXPIRES_IN.items()
        ]
        + [
            qualification(2, "科技型中小企业", "TS2", date(2026, 3, 1), date(2026, 12, 31)),
            qualification(1, "科技型中小企业", "TS1", date(2026, 3, 1), date(2026, 12, 31)),
        ],
    }
    for row in extra:
        grouped.setdefault(type(row), []).append(row)
    with store.transaction() as session:
        write_rows(session, grouped)
        for n in (1, 3, 4):
            open_application(
                session, uscc(n), QualificationKind.HNTE, 2026, "科技局", "测试", date(2026, 3, 2)
            )


@dataclass
class Register:
    store: Store


@pytest.fixture
def register(store: Store) -> Store:
    write(store)
    return store


@pytest.fixture(scope="session")
def packs() -> PackSet:
    return load_packs()
