"""Award-event rows: a reference per event, and its 属性 spelled out from the small integers
drawn for it (what each integer means is set where events.py draws it)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from techzone.demo.generator.arrays import money, texts
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.events import KINDS, Events
from techzone.demo.generator.places import GANSU
from techzone.demo.generator.qualifications import hnte_number
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.demo.vocabulary import (
    BANKS_GANSU,
    BANKS_GUANGXI,
    INSTRUMENTS,
    OTHER_EVENTS,
    RELOCATION_ORIGINS,
    STANDARD_PREFIXES,
    TOPICS,
)
from techzone.io.sheets import AwardEventRow
from techzone.model.codes import EventKind

# The reference's prefix per kind (a pinyin abbreviation of the kind).
_PREFIX: Final = {
    EventKind.NATIONAL_KEY_PROJECT: "GJXM",
    EventKind.SCIENCE_PRIZE: "KJJ",
    EventKind.PATENT_PRIZE: "ZLJ",
    EventKind.KEY_TECH_BREAKTHROUGH: "JSTP",
    EventKind.INSTRUMENT_SHARED: "YQGX",
    EventKind.TECH_TRANSFER_DEAL: "JSHT",
    EventKind.FIRST_SET: "SDT",
    EventKind.COMPETITION_PRIZE: "CXDS",
    EventKind.STANDARD_LED: "BZ",
    EventKind.DRUG_APPROVAL: "YPPJ",
    EventKind.RESEARCH_ASSISTANT_HIRE: "KYZL",
    EventKind.PROFESSIONAL_TITLE: "ZC",
    EventKind.LOAN_INTEREST: "TX",
    EventKind.INNOVATION_CREDIT_LOAN: "JFD",
    EventKind.RELOCATION_IN: "QR",
    EventKind.GREEN_FACTORY: "LSGC",
    EventKind.WATER_SAVING: "JSQY",
    EventKind.SMART_FACTORY: "ZNGC",
    EventKind.DIGITAL_WORKSHOP: "SZCJ",
    EventKind.OTHER: "QT",
}


_SCIENCE_PRIZES: Final = ("科学技术进步奖", "技术发明奖", "自然科学奖")
_STANDARD_KINDS: Final = ("国际标准", "国家标准", "行业标准", "地方标准", "团体标准")
_DRUG_PERMITS: Final = (
    "药品注册证书",
    "医疗器械注册证（第二类）",
    "医疗器械注册证（第三类）",
    "兽药产品批准文号",
)
_LOAN_KINDS: Final = ("知识产权质押贷款", "科技型企业信用贷款", "创新积分贷", "高新技术企业贷")


def _event_attributes(
    kind: EventKind, a: list[int], extra: int, year: int, field: int, province: int
) -> dict[str, Any]:
    """The 属性 of an event, from the small integers drawn for it.

    Keys are Chinese, as officers type them. The two the rules read follow docs/profile.md:
    ``级别`` (国家级/省级 for prizes and other recognitions; 国际标准/国家标准/… for standards) and
    ``排名`` (the enterprise's rank among award winners or drafting units).
    """
    if kind is EventKind.NATIONAL_KEY_PROJECT:
        category = ("国家重点研发计划", "国家科技重大专项")[a[0]]
        return {
            "计划类别": category,
            "承担角色": ("牵头单位", "课题承担单位", "参与单位")[a[1]],
            # 措施5's cap is per project: the demo names each one (no draw, so nothing shifts).
            "项目": f"{year}年度{category}课题{extra}",
        }
    if kind is EventKind.SCIENCE_PRIZE:
        national = a[0] == 0
        grades = ("特等奖", "一等奖", "二等奖") if national else ("一等奖", "二等奖", "三等奖")
        grade = grades[
            0 if a[2] < (2 if national else 20) else 1 if a[2] < (22 if national else 60) else 2
        ]
        return {
            "级别": "国家级" if national else "省级",
            "奖种": _SCIENCE_PRIZES[a[1]],
            "等级": grade,
            # The enterprise's rank among the completing units (docs/profile.md: 排名).
            "排名": a[3] if national else 1 + a[3] % 3,
        }
    if kind is EventKind.PATENT_PRIZE:
        prize = ("中国专利奖", "中国外观设计奖", "省级专利奖")[a[0]]
        if a[0] < 2:
            grade = "金奖" if a[1] < 10 else "银奖" if a[1] < 30 else "优秀奖"
        else:
            grade = "一等奖" if a[1] < 20 else "二等奖" if a[1] < 50 else "三等奖"
        return {"奖项": prize, "级别": "省级" if a[0] == 2 else "国家级", "等级": grade}
    if kind in (
        EventKind.KEY_TECH_BREAKTHROUGH,
        EventKind.GREEN_FACTORY,
        EventKind.WATER_SAVING,
        EventKind.SMART_FACTORY,
        EventKind.DIGITAL_WORKSHOP,
    ):
        return {"级别": ("国家级", "省级", "市级")[a[0]]}
    if kind is EventKind.INSTRUMENT_SHARED:
        return {"仪器设备": INSTRUMENTS[a[0]], "共享平台": "白银市科技创新资源共享服务平台"}
    if kind is EventKind.TECH_TRANSFER_DEAL:
        return {
            "转化方式": ("转让", "许可", "合作实施", "作价投资")[a[0]],
            "技术来源": ("高等院校", "科研院所", "企业")[a[1]],
        }
    if kind is EventKind.FIRST_SET:
        category = {0: "首版次", 3: "首批次"}.get(field, "首台(套)")
        topics = TOPICS[field]
        product = (topics.software if field == 0 else topics.designs)[a[0] % 2]
        return {"类别": category, "产品": product}
    if kind is EventKind.COMPETITION_PRIZE:
        return {
            "大赛": ("中国创新创业大赛", "创客中国中小企业创新创业大赛")[a[0]],
            "级别": ("国家级", "省级", "市级")[a[1]],
            "名次": ("一等奖", "二等奖", "三等奖", "优秀奖")[a[2]],
        }
    if kind is EventKind.STANDARD_LED:
        category = _STANDARD_KINDS[a[0]]
        number = (
            f"ISO {10_000 + a[1]}:{year}",
            f"GB/T {10_000 + a[1]}-{year}",
            f"{STANDARD_PREFIXES[field]}/T {1000 + a[1] % 9000}-{year}",
            f"DB{province}/T {1000 + a[1] % 9000}-{year}",
            f"T/CAS {100 + a[1] % 900}-{year}",
        )[a[0]]
        # 排名: the enterprise's rank among the drafting units (1 = it led the drafting).
        return {"级别": category, "标准编号": number, "排名": a[2]}
    if kind is EventKind.DRUG_APPROVAL:
        return {"批件类型": _DRUG_PERMITS[a[0]]}
    if kind is EventKind.RESEARCH_ASSISTANT_HIRE:
        return {"人数": a[0], "月数": a[1], "月工资(元)": a[2] * 100}
    if kind is EventKind.PROFESSIONAL_TITLE:
        return {"级别": ("正高级", "副高级", "中级")[a[0]], "人数": a[1]}
    if kind is EventKind.LOAN_INTEREST:
        rate = a[1] * 5
        return {
            "贷款类型": _LOAN_KINDS[a[0]],
            "贷款金额(元)": extra,
            "年利率": f"{rate // 100}.{rate % 100:02d}%",
            "计息月数": a[2],
        }
    if kind is EventKind.INNOVATION_CREDIT_LOAN:
        banks = BANKS_GANSU if province == GANSU else BANKS_GUANGXI
        return {"发放银行": banks[a[0]], "期限(月)": (12, 24, 36)[a[1]]}
    if kind is EventKind.RELOCATION_IN:
        origin = RELOCATION_ORIGINS[a[0]][0]
        return {"迁出省份": origin, "原高企证书编号": hnte_number(a[1], a[3], a[2])}
    return {"说明": OTHER_EVENTS[a[0]]}


def event_rows(events: Events, enterprises: Enterprises) -> SheetRows[AwardEventRow]:
    def columns(start: int, stop: int) -> Columns:
        owners = events.enterprise[start:stop]
        kinds = [KINDS[index] for index in events.kind[start:stop].tolist()]
        days = [date.fromordinal(day) for day in events.occurred[start:stop].tolist()]
        described = zip(
            kinds,
            events.small[start:stop].tolist(),
            events.extra[start:stop].tolist(),
            days,
            enterprises.field[owners].tolist(),
            enterprises.province[owners].tolist(),
            strict=True,
        )
        return {
            "uscc": texts(enterprises.uscc[owners]),
            # Unique per enterprise (and across the demo): kind, year, position.
            "ref": [
                f"{_PREFIX[kind]}-{day.year}-{position + 1:07d}"
                for position, kind, day in zip(range(start, stop), kinds, days, strict=True)
            ],
            "kind": kinds,
            "occurred_on": days,
            "amount": [money(amount) for amount in events.amount[start:stop].tolist()],
            "attributes": [
                _event_attributes(kind, small, extra, day.year, field, province)
                for kind, small, extra, day, field, province in described
            ],
        }

    return SheetRows(AwardEventRow, len(events.kind), columns)
