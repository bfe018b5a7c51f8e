"""Code lists: every closed set of values a record may take, with its Chinese label.

Records store the stable English code; people see and type the Chinese label. Sources are named
per list so an officer can check a list against its document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self, cast


class CodedEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label and parse from either form."""

    _labels: ClassVar[dict[str, str]]
    # Code and label → member: parsing is one lookup, and every coded cell imported is parsed.
    _by_text: ClassVar[dict[str, CodedEnum]]

    @property
    def label(self) -> str:
        return type(self)._labels[str(self)]

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member named by its code (``hnte``) or its Chinese label (``高新技术企业``)."""
        cleaned = text.strip()
        member = cls._by_text.get(cleaned)
        if member is not None:
            return cast(Self, member)
        raise ValueError(f"「{cleaned}」不在允许的取值中：{'、'.join(cls.labels())}")

    @classmethod
    def codes(cls) -> dict[str, str]:
        """Every code and every label → its code: what ``parse`` takes, as a plain mapping."""
        return {text: str(member) for text, member in cls._by_text.items()}

    @classmethod
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


def _labelled(enum_cls: type[CodedEnum], labels: dict[str, str]) -> None:
    missing = {m.value for m in enum_cls} ^ set(labels)
    if missing:
        raise RuntimeError(f"{enum_cls.__name__}: labels out of step with members: {missing}")
    enum_cls._labels = labels
    by_text: dict[str, CodedEnum] = {}
    for member in enum_cls:
        # setdefault: where a label equals another member's code, the earlier member wins.
        by_text.setdefault(member.value, member)
        by_text.setdefault(labels[member.value], member)
    enum_cls._by_text = by_text


class ZoneLevel(CodedEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    # A district science bureau (e.g. 城关区) runs the same cultivation system without being a zone.
    DISTRICT = "district"


_labelled(ZoneLevel, {"national": "国家级", "provincial": "省级", "district": "县区"})


class TechField(CodedEnum):
    """The 8 fields of 《国家重点支持的高新技术领域》 (国科发火〔2016〕32号 附件), and the answer
    that the core technology lies outside them (32号 第十一条(三) then not met)."""

    ELECTRONIC_INFORMATION = "1"
    BIO_MEDICINE = "2"
    AEROSPACE = "3"
    NEW_MATERIALS = "4"
    HIGH_TECH_SERVICES = "5"
    NEW_ENERGY = "6"
    RESOURCES_ENVIRONMENT = "7"
    ADVANCED_MANUFACTURING = "8"
    OUTSIDE = "0"


_labelled(
    TechField,
    {
        "1": "电子信息",
        "2": "生物与新医药",
        "3": "航空航天",
        "4": "新材料",
        "5": "高技术服务",
        "6": "新能源与节能",
        "7": "资源与环境",
        "8": "先进制造与自动化",
        "0": "不属于八大领域",
    },
)

SUPPORTED_TECH_FIELDS = tuple(field for field in TechField if field is not TechField.OUTSIDE)
"""The 8 fields themselves, in the document's order."""


class Ownership(CodedEnum):
    PRIVATE = "private"
    STATE = "state"
    COLLECTIVE = "collective"
    FOREIGN = "foreign"
    HMT = "hmt"
    MIXED = "mixed"
    OTHER = "other"


_labelled(
    Ownership,
    {
        "private": "民营",
        "state": "国有",
        "collective": "集体",
        "foreign": "外资",
        "hmt": "港澳台资",
        "mixed": "混合所有制",
        "other": "其他",
    },
)


class ListingStatus(CodedEnum):
    UNLISTED = "unlisted"
    NEEQ = "neeq"
    BSE = "bse"
    STAR = "star"
    CHINEXT = "chinext"
    MAIN_BOARD = "main_board"
    OVERSEAS = "overseas"


_labelled(
    ListingStatus,
    {
        "unlisted": "未上市",
        "neeq": "新三板",
        "bse": "北交所",
        "star": "科创板",
        "chinext": "创业板",
        "main_board": "主板",
        "overseas": "境外上市",
    },
)


class QualificationKind(CodedEnum):
    """The tiers of the cultivation ladders (seeds 001, 002, 004; glossary in STYLE.md)."""

    TECH_SME = "tech_sme"
    PROVINCIAL_INNOVATIVE = "provincial_innovative"
    HNTE = "hnte"
    TECH_LEADER = "tech_leader"
    INNOVATIVE_SME = "innovative_sme"
    SRDI_SME = "srdi_sme"
    LITTLE_GIANT = "little_giant"
    KEY_LITTLE_GIANT = "key_little_giant"
    MFG_CHAMPION = "mfg_champion"
    GAZELLE = "gazelle"
    UNICORN = "unicorn"


_labelled(
    QualificationKind,
    {
        "tech_sme": "科技型中小企业",
        "provincial_innovative": "省级科技创新型企业",
        "hnte": "高新技术企业",
        "tech_leader": "科技领军企业",
        "innovative_sme": "创新型中小企业",
        "srdi_sme": "专精特新中小企业",
        "little_giant": "专精特新小巨人企业",
        "key_little_giant": "重点小巨人企业",
        "mfg_champion": "制造业单项冠军企业",
        "gazelle": "瞪羚企业",
        "unicorn": "独角兽企业",
    },
)


class Level(CodedEnum):
    """The level of government that recognises a qualification or platform."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    DISTRICT = "district"


_labelled(Level, {"national": "国家级", "provincial": "省级", "city": "市级", "district": "区县级"})


class QualificationStatus(CodedEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_PASSED = "not_passed"


_labelled(
    QualificationStatus,
    {"valid": "有效", "expired": "已过期", "revoked": "已撤销", "not_passed": "未通过"},
)


class IpClass(CodedEnum):
    """IP classes for HNTE scoring (国科发火〔2016〕195号 三(二)3)."""

    I = "I"  # noqa: E741 — the document's own name for the class
    II = "II"


_labelled(IpClass, {"I": "Ⅰ类", "II": "Ⅱ类"})


class IpKind(CodedEnum):
    INVENTION_PATENT = "invention_patent"
    DEFENSE_PATENT = "defense_patent"
    PLANT_VARIETY = "plant_variety"
    CROP_VARIETY = "crop_variety"
    NEW_DRUG = "new_drug"
    TCM_PROTECTED = "tcm_protected"
    IC_LAYOUT = "ic_layout"
    UTILITY_MODEL = "utility_model"
    DESIGN_PATENT = "design_patent"
    SOFTWARE_COPYRIGHT = "software_copyright"
    OTHER_II = "other_ii"
    TRADEMARK = "trademark"

    @property
    def ip_class(self) -> IpClass | None:
        """The class 195号 assigns; trademarks are excluded from HNTE IP ("不含商标")."""
        return _IP_CLASS_OF_KIND[self]


_labelled(
    IpKind,
    {
        "invention_patent": "发明专利",
        "defense_patent": "国防专利",
        "plant_variety": "植物新品种",
        "crop_variety": "国家级农作物品种",
        "new_drug": "国家新药",
        "tcm_protected": "国家一级中药保护品种",
        "ic_layout": "集成电路布图设计专有权",
        "utility_model": "实用新型专利",
        "design_patent": "外观设计专利",
        "software_copyright": "软件著作权",
        "other_ii": "其他Ⅱ类知识产权",
        "trademark": "商标",
    },
)

_IP_CLASS_OF_KIND: dict[IpKind, IpClass | None] = {
    IpKind.INVENTION_PATENT: IpClass.I,
    IpKind.DEFENSE_PATENT: IpClass.I,
    IpKind.PLANT_VARIETY: IpClass.I,
    IpKind.CROP_VARIETY: IpClass.I,
    IpKind.NEW_DRUG: IpClass.I,
    IpKind.TCM_PROTECTED: IpClass.I,
    IpKind.IC_LAYOUT: IpClass.I,
    IpKind.UTILITY_MODEL: IpClass.II,
    IpKind.DESIGN_PATENT: IpClass.II,
    IpKind.SOFTWARE_COPYRIGHT: IpClass.II,
    IpKind.OTHER_II: IpClass.II,
    IpKind.TRADEMARK: None,
}


# 国科发政〔2017〕115号 第九条(五) names Ⅱ类 as 实用新型专利、外观设计专利、软件著作权 and nothing
# more, unlike 195号's "等": 其他Ⅱ类 counts for HNTE, not for the tech-SME score.
TECH_SME_CLASS_II = frozenset(
    {IpKind.UTILITY_MODEL, IpKind.DESIGN_PATENT, IpKind.SOFTWARE_COPYRIGHT}
)


class IpAcquisition(CodedEnum):
    """获得方式 (S-32 第十一条(二): 自主研发、受让、受赠、并购)."""

    OWN = "own"
    TRANSFERRED = "transferred"
    GIFTED = "gifted"
    MERGED = "merged"


_labelled(
    IpAcquisition,
    {"own": "自主研发", "transferred": "受让", "gifted": "受赠", "merged": "并购"},
)


class IpStatus(CodedEnum):
    VALID = "valid"
    LAPSED = "lapsed"
    INVALIDATED = "invalidated"


_labelled(IpStatus, {"valid": "有效", "lapsed": "已失效", "invalidated": "已宣告无效"})


class PlatformKind(CodedEnum):
    """R&D and incubation platforms named in seeds 000–002."""

    KEY_LAB = "key_lab"
    TECH_INNOVATION_CENTER = "tech_innovation_center"
    ENGINEERING_RESEARCH_CENTER = "engineering_research_center"
    ENTERPRISE_TECH_CENTER = "enterprise_tech_center"
    INDUSTRIAL_DESIGN_CENTER = "industrial_design_center"
    NEW_RD_INSTITUTION = "new_rd_institution"
    ACADEMICIAN_WORKSTATION = "academician_workstation"
    POSTDOC_STATION = "postdoc_station"
    INCUBATOR = "incubator"
    MAKER_SPACE = "maker_space"
    INTL_COOPERATION_BASE = "intl_cooperation_base"
    OVERSEAS_RD_CENTER = "overseas_rd_center"
    OTHER = "other"


_labelled(
    PlatformKind,
    {
        "key_lab": "重点实验室",
        "tech_innovation_center": "技术创新中心",
        "engineering_research_center": "工程研究中心",
        "enterprise_tech_center": "企业技术中心",
        "industrial_design_center": "工业设计中心",
        "new_rd_institution": "新型研发机构",
        "academician_workstation": "院士专家工作站",
        "postdoc_station": "博士后科研工作站",
        "incubator": "科技企业孵化器",
        "maker_space": "众创空间",
        "intl_cooperation_base": "国际科技合作基地",
        "overseas_rd_center": "境外研发孵化机构",
        "other": "其他平台",
    },
)


class EventKind(CodedEnum):
    """Things that happen to an enterprise and may trigger an award (seeds 000, 001, 003)."""

    NATIONAL_KEY_PROJECT = "national_key_project"
    SCIENCE_PRIZE = "science_prize"
    PATENT_PRIZE = "patent_prize"
    KEY_TECH_BREAKTHROUGH = "key_tech_breakthrough"
    INSTRUMENT_SHARED = "instrument_shared"
    TECH_TRANSFER_DEAL = "tech_transfer_deal"
    FIRST_SET = "first_set"
    COMPETITION_PRIZE = "competition_prize"
    STANDARD_LED = "standard_led"
    DRUG_APPROVAL = "drug_approval"
    RESEARCH_ASSISTANT_HIRE = "research_assistant_hire"
    PROFESSIONAL_TITLE = "professional_title"
    LOAN_INTEREST = "loan_interest"
    INNOVATION_CREDIT_LOAN = "innovation_credit_loan"
    RELOCATION_IN = "relocation_in"
    # Seed 000 第12段: "开展绿色工厂、节水型企业、智能工厂、数字化车间认定,对首次获得相关
    # 资质认定的企业给予最高50万元奖励" — titles other departments recognise, recorded as events.
    GREEN_FACTORY = "green_factory"
    WATER_SAVING = "water_saving"
    SMART_FACTORY = "smart_factory"
    DIGITAL_WORKSHOP = "digital_workshop"
    OTHER = "other"


_labelled(
    EventKind,
    {
        "national_key_project": "国家科技重大专项/重点研发计划项目",
        "science_prize": "科学技术奖",
        "patent_prize": "专利奖",
        "key_tech_breakthrough": "重大技术突破",
        "instrument_shared": "新增仪器设备纳入共享平台",
        "tech_transfer_deal": "技术转移转化项目",
        "first_set": "首台(套)/首批次/首版次",
        "competition_prize": "创新创业大赛获奖",
        "standard_led": "主持制定标准",
        "drug_approval": "药品批件/注册证",
        "research_assistant_hire": "科研助理岗位聘用",
        "professional_title": "取得专业技术职称",
        "loan_interest": "贷款贴息",
        "innovation_credit_loan": "创新积分贷发放",
        "relocation_in": "整体迁入",
        "green_factory": "绿色工厂认定",
        "water_saving": "节水型企业认定",
        "smart_factory": "智能工厂认定",
        "digital_workshop": "数字化车间认定",
        "other": "其他事件",
    },
)


class ZoneEventKind(CodedEnum):
    """Things that happen to a zone and that zone-level awards pay for (seeds 001, 004)."""

    NEW_NATIONAL_ZONE = "new_national_zone"
    NEW_PROVINCIAL_ZONE = "new_provincial_zone"
    EVALUATED = "zone_evaluated"
    RANKING_UPGRADE = "zone_ranking_upgrade"


_labelled(
    ZoneEventKind,
    {
        "new_national_zone": "新获批国家高新区",
        "new_provincial_zone": "新认定省级高新区",
        "zone_evaluated": "年度评价结果",
        "zone_ranking_upgrade": "进位升级",
    },
)


class IncidentKind(CodedEnum):
    """Incidents that bar recognition (S-32 第十一条(八)) or mark serious dishonesty."""

    MAJOR_SAFETY = "major_safety"
    MAJOR_QUALITY = "major_quality"
    SERIOUS_ENVIRONMENTAL = "serious_environmental"
    SERIOUS_DISHONESTY = "serious_dishonesty"
    # 2号文附件3说明 and 工信厅企业函〔2026〕117号 (via S-PT, [SINGLE]) name data fraud
    # apart from the rest.
    DATA_FRAUD = "data_fraud"


_labelled(
    IncidentKind,
    {
        "major_safety": "重大安全事故",
        "major_quality": "重大质量事故",
        "serious_environmental": "严重环境违法行为",
        "serious_dishonesty": "严重失信行为",
        "data_fraud": "数据造假",
    },
)


class DeclarationSource(CodedEnum):
    """Who stands behind a declaration: the enterprise's own statement, or an officer who checked
    it (e.g. against 国家企业信用信息公示系统)."""

    ENTERPRISE = "enterprise"
    OFFICER = "officer"


_labelled(DeclarationSource, {"enterprise": "企业声明", "officer": "官员核实"})


class PlatformStatus(CodedEnum):
    """Whether a platform's recognition stands: revoked or expired ones no longer count."""

    IN_FORCE = "in_force"
    REVOKED = "revoked"
    EXPIRED = "expired"


_labelled(PlatformStatus, {"in_force": "有效", "revoked": "已撤销", "expired": "已过期"})
