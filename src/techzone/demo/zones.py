"""The demo's zones and parks, as the seed documents name them.

Every zone and park below is cited to the seed file and clause that names it (seeds are in
``/work/shared/seeds/``; the README there lists them). Where a seed does not state a fact the
record needs (a zone's level, a park list), the comment says so and says where the value comes
from instead. Codes are this system's own: short, stable, never reused.

``weight`` is the demo generator's share of enterprises, not a fact from any document: the demo
is about 白银高新区 and 城关区, so most enterprises are placed there.
"""

from __future__ import annotations

from dataclasses import dataclass

from techzone.io.sheets import ParkRow, ZoneRow
from techzone.model.codes import ZoneLevel


@dataclass(frozen=True)
class DemoPark:
    code: str
    name: str
    # 6-digit 行政区划代码 (GB/T 2260) of the county the park lies in; it becomes the
    # registration-authority part of the park's synthetic 统一社会信用代码.
    region: str
    # Share of the zone's demo enterprises placed in this park (weights within a zone sum to 1).
    weight: float


@dataclass(frozen=True)
class DemoZone:
    code: str
    name: str
    level: ZoneLevel
    province: str
    city: str
    focus_industries: tuple[str, ...]
    parks: tuple[DemoPark, ...]
    # Share of all demo enterprises placed in this zone (weights over all zones sum to 1).
    weight: float
    # What enterprise names in this zone start with (白银…, 兰州…, 柳州…).
    name_prefix: str


def _single_park(zone_name: str, region: str) -> tuple[DemoPark, ...]:
    """A zone whose parks no seed names: one park carrying the zone's own name."""
    return (DemoPark("BQ", zone_name, region, 1.0),)


BAIYIN = DemoZone(
    code="GS-BY",
    name="白银高新区",
    # National: seed 000 is the Torch Center's (火炬中心) news item on 白银高新区, and the policy
    # list it announces calls the zone "白银国家自主创新示范区(国家高新区)" (reference copy
    # baiyin-policy-list-opening.txt, preamble); seed 002 is the plan for 兰白国家自主创新示范区.
    level=ZoneLevel.NATIONAL,
    province="甘肃省",
    city="白银市",
    # Seed 001 measure 13: "白银高新区重点发展循环化工、生物医药等产业". Measure 12 asks each zone
    # for 2–3 lead industries (主导产业), so these two are its lead industries. Seed 002 一(三)2's
    # "4+5+1" system (有色冶金、循环化工、陶瓷建材、农副产品深加工; 生物医药、新材料、先进装备制造、
    # 节能环保、现代服务业; 未来产业) is the plan's industrial system across 一区六园, ten
    # industries: recorded as the lead industries it would break measure 12 and spread the
    # concentration and incubator indicators over industries the zone does not lead in.
    focus_industries=("循环化工", "生物医药"),
    # Seed 002 一(三)1: 以白银高新区为核心, 示范引领银东工业园、白银西区经济开发区、
    # 白银平川经济开发区、白银刘川工业集中区、景泰工业集中区、会宁工业集中区 (一区六园).
    # The core is named "白银高新区核心区" in seed 002 三(一)2, 三(二)1–4.
    # Note: the 2025 policy list (reference baiyin-policy-list-opening.txt 第一条) scopes itself
    # to 白银高新区 "含银南工业园、银东工业园、有色金属新材料产业园" — a different cut of the same
    # area; the demo follows seed 002's 一区六园 as briefed.
    parks=(
        DemoPark("HX", "白银高新区核心区", "620402", 0.40),  # 白银区
        DemoPark("YD", "银东工业园", "620402", 0.18),  # 白银区
        DemoPark("XQ", "白银西区经济开发区", "620402", 0.12),  # 白银区
        DemoPark("PC", "白银平川经济开发区", "620403", 0.10),  # 平川区
        DemoPark("LC", "白银刘川工业集中区", "620421", 0.08),  # 靖远县 (刘川)
        DemoPark("JT", "景泰工业集中区", "620423", 0.06),  # 景泰县
        DemoPark("HN", "会宁工业集中区", "620422", 0.06),  # 会宁县
    ),
    weight=0.38,
    name_prefix="白银",
)

CHENGGUAN = DemoZone(
    code="LZ-CG",
    name="城关区",
    # Seed 003 (兰州市城关区梯度培育高新技术企业倍增行动方案) is a district plan: the
    # district science bureau runs the cultivation system without being a high-tech zone.
    level=ZoneLevel.DISTRICT,
    province="甘肃省",
    city="兰州市",
    # Seed 003 三(一)–(八): the clusters the district builds on the 8 technical fields
    # (数字信息、生物医药、新材料、先进装备制造、航空航天、新能源 产业集群; 现代服务业产业体系).
    focus_industries=(
        "数字信息",
        "生物医药",
        "新材料",
        "先进装备制造",
        "航空航天",
        "新能源",
        "现代服务业",
    ),
    parks=(
        # Most district enterprises sit in no named park; the catch-all carries the district's name.
        DemoPark("CG", "城关区", "620102", 0.45),
        # Seed 003 三(一): 依托兰州科技创新园、永新国信数据要素产业园、甘光信创产业园.
        DemoPark("KC", "兰州科技创新园", "620102", 0.12),
        DemoPark("YX", "永新国信数据要素产业园", "620102", 0.06),
        DemoPark("GG", "甘光信创产业园", "620102", 0.06),
        # Seed 003 三(六): 支持九州绿能循环产业园…发展建设.
        DemoPark("JZ", "九州绿能循环产业园", "620102", 0.06),
        # Seed 003 三(八): 依托…兰州文化创意产业园、兰州大学科技园、西北民族大学科技园.
        DemoPark("WC", "兰州文化创意产业园", "620102", 0.07),
        DemoPark("LD", "兰州大学科技园", "620102", 0.10),
        DemoPark("XM", "西北民族大学科技园", "620102", 0.08),
    ),
    weight=0.34,
    name_prefix="兰州",
)

LANZHOU = DemoZone(
    code="GS-LZ",
    name="兰州高新区",
    # National: seed 002 四(二) names "中关村科技园区、西安高新区、兰州高新区等国家高新区".
    level=ZoneLevel.NATIONAL,
    province="甘肃省",
    city="兰州市",
    # Seed 001 measure 13: "兰州高新区重点发展生物医药、新材料等产业".
    focus_industries=("生物医药", "新材料"),
    # No seed names its parks.
    parks=_single_park("兰州高新区", "620100"),
    weight=0.10,
    name_prefix="兰州",
)

# Seed 001 measure 13 names nine more Gansu zones with their focus industries. No seed states their
# level. Seed 001 speaks of 省级高新区 throughout (measures 2, 4, 10, 20), and of the national zones
# only 兰州 (seed 002 四(二)) and 白银 (above) are named; Gansu's national high-tech zones are
# 兰州 and 白银, so these nine are recorded as provincial. City is the prefecture-level city
# (民乐县 is in 张掖市, 玉门市 in 酒泉市, 陇西县 in 定西市, 庆城县 in 庆阳市).
_OTHER_GANSU: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    # (code, name, city, region, name prefix, focus industries — seed 001 measure 13)
    ("GS-JYG", "嘉峪关高新区", "嘉峪关市", "620200", "嘉峪关", ("有色金属冶炼加工", "装备制造")),
    ("GS-JC", "金昌高新区", "金昌市", "620300", "金昌", ("有色金属新材料", "新能源电池")),
    ("GS-ZY", "张掖高新区", "张掖市", "620700", "张掖", ("农副产品加工", "生物制药")),
    ("GS-PL", "平凉高新区", "平凉市", "620800", "平凉", ("智能制造", "农副产品加工")),
    ("GS-DX", "定西高新区", "定西市", "621100", "定西", ("新型环保建材", "装备制造")),
    ("GS-ML", "民乐高新区", "张掖市", "620722", "民乐", ("农副产品加工", "生物制药")),
    ("GS-YM", "玉门高新区", "酒泉市", "620981", "玉门", ("装备制造", "石油化工")),
    ("GS-LX", "陇西高新区", "定西市", "621122", "陇西", ("中医药", "铝冶炼及制品")),
    ("GS-QC", "庆城高新区", "庆阳市", "621021", "庆城", ("农副产品加工", "能源化工")),
)

OTHER_GANSU = tuple(
    DemoZone(
        code=code,
        name=name,
        level=ZoneLevel.PROVINCIAL,
        province="甘肃省",
        city=city,
        focus_industries=focus,
        parks=_single_park(name, region),
        weight=0.01,
        name_prefix=prefix,
    )
    for code, name, city, region, prefix, focus in _OTHER_GANSU
)

LIUZHOU = DemoZone(
    code="GX-LZ",
    # Seed 004 (一)(四), (二)(七), (三)(十四) call it "柳州国家高新区": national, stated.
    name="柳州高新区",
    level=ZoneLevel.NATIONAL,
    province="广西壮族自治区",
    city="柳州市",
    # Seed 004 (二)(七): 支持柳州国家高新区建设…新能源汽车产业集群.
    focus_industries=("新能源汽车",),
    # No seed names its parks.
    parks=_single_park("柳州高新区", "450200"),
    weight=0.06,
    name_prefix="柳州",
)

HEXI = DemoZone(
    code="GX-HX",
    name="河西柳州高新区",
    # Seed 004 (一)(四) and (二)(七) name "河西柳州高新区" without its level; seed 004 otherwise
    # distinguishes 国家高新区 from 自治区级高新区 (an autonomous region's provincial level), and
    # this zone is not called national, so it is recorded as provincial.
    level=ZoneLevel.PROVINCIAL,
    province="广西壮族自治区",
    city="柳州市",
    # Seed 004 (二)(七): 河西柳州高新区加快先进装备制造产业集聚.
    focus_industries=("先进装备制造",),
    parks=_single_park("河西柳州高新区", "450200"),
    weight=0.03,
    name_prefix="柳州",
)

# In a fixed order: the generator draws over this tuple, so its order is part of the demo's seed.
DEMO_ZONES: tuple[DemoZone, ...] = (BAIYIN, CHENGGUAN, LANZHOU, *OTHER_GANSU, LIUZHOU, HEXI)


def zone_rows() -> list[ZoneRow]:
    """The demo zones as rows of the 高新区 sheet, validated as an import would be."""
    return [
        ZoneRow.model_validate(
            {
                "高新区代码": zone.code,
                "高新区名称": zone.name,
                "级别": zone.level.label,
                "省份": zone.province,
                "城市": zone.city,
                "主导产业": "、".join(zone.focus_industries),
            }
        )
        for zone in DEMO_ZONES
    ]


def park_rows() -> list[ParkRow]:
    """The demo parks as rows of the 园区 sheet."""
    return [
        ParkRow.model_validate(
            {"高新区代码": zone.code, "园区代码": park.code, "园区名称": park.name}
        )
        for zone in DEMO_ZONES
        for park in zone.parks
    ]
