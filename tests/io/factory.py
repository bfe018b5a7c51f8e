"""Valid workbooks of N synthetic enterprises, as an officer would type them, for import tests.

Rows are plain dicts keyed by column header so a test can break one cell, drop a column or
add one before the workbook is written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select

from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import SHEETS
from techzone.model import Base
from techzone.store import Store

Row = dict[str, Any]
Book = dict[str, list[Row]]
"""Rows by sheet name, each row by column header."""

ZONES: list[Row] = [
    {
        "高新区代码": "GS-BY",
        "高新区名称": "白银高新区",
        "级别": "国家级",
        "省份": "甘肃省",
        "城市": "白银市",
        "主导产业": "循环化工、生物医药",
    },
    {
        "高新区代码": "GS-LZ",
        "高新区名称": "兰州高新区",
        "级别": "国家级",
        "省份": "甘肃省",
        "城市": "兰州市",
        "主导产业": None,
    },
]
ZONE_EVENTS: list[Row] = [
    {
        "高新区代码": "GS-BY",
        "事件编号": "甘科高〔2024〕3号",
        "事件类型": "年度评价结果",
        "发生日期": date(2024, 9, 1),
        "属性": '{"排名": 2}',
    },
    {
        "高新区代码": "GS-LZ",
        "事件编号": "国函〔1991〕12号",
        "事件类型": "新获批国家高新区",
        "发生日期": date(1991, 3, 6),
        "属性": None,
    },
]
PARKS: list[Row] = [
    {"高新区代码": "GS-BY", "园区代码": "YD", "园区名称": "银东工业园"},
    {"高新区代码": "GS-BY", "园区代码": "BY", "园区名称": "白银高新技术产业园"},
    {"高新区代码": "GS-LZ", "园区代码": "YT", "园区名称": "雁滩园区"},
    {"高新区代码": "GS-LZ", "园区代码": "01", "园区名称": "一号园区"},
]
_OWNERSHIP = ("民营", "国有", "混合所有制", "外资")
_TECH_FIELDS = ("电子信息", "生物与新医药", "新材料", "先进制造与自动化", None)
_IP_KINDS = ("发明专利", "实用新型专利", "软件著作权", "商标")


def uscc(number: int) -> str:
    return synthetic_uscc(number)


def enterprise(number: int) -> Row:
    park = PARKS[number % len(PARKS)]
    return {
        "统一社会信用代码": uscc(number),
        "企业名称": f"示例科技有限公司{number:05d}",
        "高新区代码": park["高新区代码"],
        "园区代码": park["园区代码"],
        "成立日期": date(2008 + number % 15, 1 + number % 12, 1 + number % 28),
        "行业代码": "C3985" if number % 3 else None,
        "技术领域": _TECH_FIELDS[number % len(_TECH_FIELDS)],
        "技术子领域": "新型电子元器件" if number % 5 == 0 else None,
        "所有制": _OWNERSHIP[number % len(_OWNERSHIP)],
        "规上企业": "是" if number % 4 == 0 else "否",
        "上市状态": "新三板" if number % 50 == 0 else "未上市",
    }


def yearly(number: int, year: int) -> Row:
    scale = Decimal(1000 + number)
    employees = Decimal(20 + number % 200) + Decimal("0.25")
    rd = scale * 1234 + Decimal("0.56")
    return {
        "统一社会信用代码": uscc(number),
        "年度": year,
        "职工总数": employees,
        "科技人员数": Decimal(int(employees) // 4) if number % 7 else None,
        # 研发人员 are among 科技人员: never more of them.
        "研发人员数": Decimal(min(number % 20, int(employees) // 4)),
        "主营业务收入(元)": scale * 10_000 + Decimal("0.10"),
        "其他业务收入(元)": scale * 100,
        "销售收入(元)": None,
        "收入总额(元)": scale * 12_000,
        "不征税收入(元)": Decimal(5000),
        "总收入(元)": None,
        "高新技术产品(服务)收入(元)": scale * 7_000,
        "研发费用-高企口径(元)": rd,
        "研发费用-加计扣除口径(元)": rd - 1000,
        "境内研发费用(元)": rd - 10,
        "成本费用总额(元)": scale * 9_000,
        "资产总额(元)": scale * 30_000,
        "负债总额(元)": scale * 12_000,
        "净资产(元)": None,
        "净利润(元)": -scale * 10 if number % 9 == 0 else scale * 900,
        "纳税总额(元)": scale * 300,
    }


def intellectual_property(number: int) -> Row:
    kind = _IP_KINDS[number % len(_IP_KINDS)]
    return {
        "统一社会信用代码": uscc(number),
        "知识产权类型": kind,
        "类别": "Ⅰ类" if kind == "发明专利" else None,
        "编号": f"ZL2021{number:06d}.X",
        "名称": f"一种示例装置{number}",
        "授权日期": date(2021, 1 + number % 12, 10),
        "获得方式": "自主研发" if number % 3 else "受让",
        "状态": "有效",
        "已用于高企申报": "否" if number % 2 else "是",
    }


def qualification(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "资质类型": "高新技术企业",
        "级别": "国家级",
        "证书编号": f"GR2023620{number:05d}",
        "发证日期": date(2023, 12, 1),
        "有效期至": date(2026, 11, 30),
        "状态": "有效",
    }


def tech_sme(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "资质类型": "科技型中小企业",
        "级别": "国家级",
        "证书编号": f"2024620400A{number:06d}",
        "发证日期": date(2024, 5, 20),
        "有效期至": None,
        "状态": "有效",
    }


def platform(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "平台类型": "企业技术中心",
        "级别": "省级",
        "平台名称": f"示例科技{number}省级企业技术中心",
        "认定日期": date(2022, 9, 1),
    }


def award_event(number: int) -> Row:
    prize = number % 2 == 0
    return {
        "统一社会信用代码": uscc(number),
        "事件编号": f"JS-{number:05d}",
        "事件类型": "科学技术奖" if prize else "技术转移转化项目",
        "发生日期": date(2024, 6, 18),
        "金额(元)": None if prize else Decimal(number * 1000) + Decimal("0.50"),
        "属性": '{"等级": "一等奖", "级别": "省级"}' if prize else None,
    }


def incident(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "事件类型": "严重环境违法行为",
        "发生日期": date(2024, 3, 1),
        "说明": "超标排放，已整改",
    }


def revoked(number: int) -> Row:
    return {
        **qualification(number),
        "证书编号": f"GR2021620{number:05d}",
        "发证日期": date(2021, 12, 1),
        "有效期至": date(2024, 11, 30),
        "状态": "已撤销",
        "撤销日期": date(2023, 6, 15),
    }


def expired_platform(number: int) -> Row:
    return {
        **platform(number),
        "平台类型": "科技企业孵化器",
        "平台名称": f"示例科技{number}孵化器",
        "状态": "已撤销",
        "状态日期": date(2024, 4, 1),
    }


def numbered_incident(number: int) -> Row:
    return {**incident(number), "事件编号": f"白环罚〔2024〕{number}号"}


def declaration(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "声明事项": "未列入经营异常名录和严重违法失信企业名单",
        "声明内容": "是",
        "声明日期": date(2025, 3, 20),
        "来源": "官员核实" if number % 2 else "企业声明",
        "说明": "已查询国家企业信用信息公示系统" if number % 2 else None,
    }


def band_declaration(number: int) -> Row:
    return {
        "统一社会信用代码": uscc(number),
        "声明事项": "技术的先进程度（自评档次）",
        "声明内容": "B",
        "声明日期": date(2025, 5, 8),
        "来源": "企业声明",
        "说明": None,
    }


def declared() -> Any:
    """The packs' declarations (loaded once): what the 企业声明 sheet's items are."""
    from techzone.rules.loader import load_packs

    return load_packs().declarations


def sample(enterprises: int, *, declarations: bool = False) -> Book:
    """A consistent book: 2 zones, 4 parks, ``enterprises`` enterprises and their records;
    with ``declarations``, the new columns and the 企业声明 sheet too (import with ``declared``)."""
    if declarations:
        return _with_declarations(sample(enterprises), enterprises)
    numbers = range(enterprises)
    return {
        "高新区": [dict(row) for row in ZONES],
        "园区": [dict(row) for row in PARKS],
        "企业": [enterprise(n) for n in numbers],
        "年度数据": [
            yearly(n, year) for n in numbers for year in (2024, 2025) if year == 2024 or n % 3 == 0
        ],
        "知识产权": [intellectual_property(n) for n in numbers if n % 2 == 0],
        "资质": [qualification(n) for n in numbers if n % 3 == 0]
        + [tech_sme(n) for n in numbers if n % 5 == 0],
        "研发平台": [platform(n) for n in numbers if n % 10 == 0],
        "奖补事件": [award_event(n) for n in numbers if n % 7 == 0],
        "违规事件": [incident(n) for n in numbers if n % 97 == 1],
        "高新区事件": [dict(row) for row in ZONE_EVENTS],
    }


def _with_declarations(book: Book, enterprises: int) -> Book:
    numbers = range(enterprises)
    book["资质"] += [revoked(n) for n in numbers if n % 11 == 0]
    book["研发平台"] += [expired_platform(n) for n in numbers if n % 13 == 0]
    book["违规事件"] += [numbered_incident(n) for n in numbers if n % 17 == 0]
    book["企业声明"] = [declaration(n) for n in numbers if n % 4 in (0, 1)] + [
        band_declaration(n) for n in numbers if n % 6 == 0
    ]
    return book


def headers_of(rows: Sequence[Row]) -> list[str]:
    """Every header the rows use, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write_xlsx(path: Path, book: Mapping[str, Sequence[Row]]) -> Path:
    """Write the book as an .xlsx workbook, one sheet per entry, headers from the rows."""
    workbook = Workbook(write_only=True)
    for name, rows in book.items():
        sheet = workbook.create_sheet(name)
        headers = headers_of(rows)
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(sheet, row.get(header)) for header in headers])
    workbook.save(path)
    return path


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # typed text, not a formula
        return cell
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, rows: Sequence[Row], encoding: str = "utf-8-sig") -> Path:
    headers = headers_of(rows)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([_text(row.get(header)) for header in headers] for row in rows)
    return path


def write_csv_folder(folder: Path, book: Mapping[str, Sequence[Row]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in book.items():
        write_csv(folder / f"{name}.csv", rows)
    return folder


Dump = dict[str, list[tuple[Any, ...]]]


def dump(store: Store) -> Dump:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    tables: Iterable[Any] = Base.metadata.sorted_tables
    with store.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in tables
        }


def sheet_names() -> list[str]:
    return [sheet.sheet_name for sheet in SHEETS]
