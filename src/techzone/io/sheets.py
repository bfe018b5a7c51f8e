"""The workbook as officers see it: one sheet per record kind, Chinese column headers.

Each sheet is a Pydantic model whose field aliases are the column headers and whose
descriptions document the column; import, export, the template and its notes all derive
from these definitions, so a column is defined once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from techzone.cultivation.terms import document_term_end
from techzone.io.fields import (
    AS_LABEL,
    ColumnError,
    ColumnErrors,
    Day,
    EventAttributes,
    Exact,
    IndustryCode,
    Uscc,
    Year,
    YesNo,
    parsed_as,
)
from techzone.model.codes import (
    DeclarationSource,
    EventKind,
    IncidentKind,
    IpAcquisition,
    IpClass,
    IpKind,
    IpStatus,
    Level,
    ListingStatus,
    Ownership,
    PlatformKind,
    PlatformStatus,
    QualificationKind,
    QualificationStatus,
    TechField,
    ZoneEventKind,
    ZoneLevel,
)
from techzone.model.event import incident_ref

ZoneLevelCell = Annotated[ZoneLevel, parsed_as(ZoneLevel), AS_LABEL]
TechFieldCell = Annotated[TechField, parsed_as(TechField), AS_LABEL]
OwnershipCell = Annotated[Ownership, parsed_as(Ownership), AS_LABEL]
ListingCell = Annotated[ListingStatus, parsed_as(ListingStatus), AS_LABEL]
QualificationKindCell = Annotated[QualificationKind, parsed_as(QualificationKind), AS_LABEL]
LevelCell = Annotated[Level, parsed_as(Level), AS_LABEL]
QualificationStatusCell = Annotated[QualificationStatus, parsed_as(QualificationStatus), AS_LABEL]
IpKindCell = Annotated[IpKind, parsed_as(IpKind), AS_LABEL]
IpClassCell = Annotated[IpClass, parsed_as(IpClass), AS_LABEL]
IpAcquisitionCell = Annotated[IpAcquisition, parsed_as(IpAcquisition), AS_LABEL]
IpStatusCell = Annotated[IpStatus, parsed_as(IpStatus), AS_LABEL]
PlatformKindCell = Annotated[PlatformKind, parsed_as(PlatformKind), AS_LABEL]
EventKindCell = Annotated[EventKind, parsed_as(EventKind), AS_LABEL]
IncidentKindCell = Annotated[IncidentKind, parsed_as(IncidentKind), AS_LABEL]
ZoneEventKindCell = Annotated[ZoneEventKind, parsed_as(ZoneEventKind), AS_LABEL]
PlatformStatusCell = Annotated[PlatformStatus, parsed_as(PlatformStatus), AS_LABEL]
DeclarationSourceCell = Annotated[DeclarationSource, parsed_as(DeclarationSource), AS_LABEL]

NonNegative = Annotated[Exact, Field(ge=0)]


class Sheet(BaseModel):
    """A row of one sheet. ``key`` names the columns that identify a record (the upsert key)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    sheet_name: ClassVar[str]
    key: ClassVar[tuple[str, ...]]

    @model_validator(mode="before")
    @classmethod
    def _blanks_are_missing(cls, data: Any) -> Any:
        # Left out rather than None: a blank required cell is then "missing" (not parsed as the
        # text "None"), and a blank optional cell takes the field's default.
        if isinstance(data, dict):
            # Blank: None or text of spaces only. Tested in line, as every row of a file passes.
            return {
                name: value
                for name, value in data.items()
                if value is not None and not (isinstance(value, str) and not value.strip())
            }
        return data

    def key_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.key)

    @classmethod
    def headers(cls) -> list[str]:
        return [field.alias or name for name, field in cls.model_fields.items()]

    @classmethod
    def fields_carried(cls, headers: list[str]) -> frozenset[str]:
        """The fields a sheet with these column headers sets, derived fields included.

        Re-importing a sheet with only some columns updates those fields and leaves the others
        as stored; a derived field (销售收入 = 主营 + 其他) follows when all its parts are there.
        """
        by_header = {field.alias or name: name for name, field in cls.model_fields.items()}
        carried = {by_header[header] for header in headers if header in by_header}
        for derived, parts in DERIVED_FIELDS.get(cls.sheet_name, {}).items():
            if set(parts) <= carried:
                carried.add(derived)
        return frozenset(carried)


def column(header: str, description: str, **constraints: Any) -> Any:
    return Field(alias=header, description=description, **constraints)


def optional(header: str, description: str, **constraints: Any) -> Any:
    return Field(None, alias=header, description=description, **constraints)


class ZoneRow(Sheet):
    sheet_name = "高新区"
    key = ("code",)

    code: str = column("高新区代码", "本系统内的唯一代码，如 GS-BY", min_length=1, max_length=32)
    name: str = column("高新区名称", "如 白银高新区", min_length=1, max_length=100)
    level: ZoneLevelCell = column("级别", f"{'、'.join(ZoneLevel.labels())}")
    province: str = column("省份", "如 甘肃省", min_length=1, max_length=32)
    city: str = column("城市", "如 白银市", min_length=1, max_length=32)
    focus_industries: str | None = optional("主导产业", "以顿号分隔，如 循环化工、生物医药")


class ParkRow(Sheet):
    sheet_name = "园区"
    key = ("zone_code", "code")

    zone_code: str = column("高新区代码", "园区所属高新区的代码（见「高新区」表）")
    code: str = column("园区代码", "高新区内唯一，如 YD", min_length=1, max_length=32)
    name: str = column("园区名称", "如 银东工业园", min_length=1, max_length=100)


class EnterpriseRow(Sheet):
    sheet_name = "企业"
    key = ("uscc",)

    uscc: Uscc = column("统一社会信用代码", "18位，按GB 32100-2015校验")
    name: str = column("企业名称", "营业执照上的名称", min_length=1, max_length=200)
    zone_code: str = column("高新区代码", "见「高新区」表")
    park_code: str = column("园区代码", "见「园区」表")
    registered_on: Day = column("成立日期", "营业执照成立日期，YYYY-MM-DD")
    industry_code: IndustryCode | None = optional("行业代码", "GB/T 4754国民经济行业分类，如 C3985")
    tech_field: TechFieldCell | None = optional(
        "技术领域",
        "《国家重点支持的高新技术领域》八大领域之一，或核心技术不在其中时填“不属于八大领域”："
        f"{'、'.join(TechField.labels())}",
    )
    tech_subfield: str | None = optional("技术子领域", "领域下的子领域，照原文填写", max_length=100)
    ownership: OwnershipCell = column("所有制", f"{'、'.join(Ownership.labels())}")
    above_scale: YesNo = column("规上企业", "是否规模以上企业：是/否")
    listing: ListingCell = column("上市状态", f"{'、'.join(ListingStatus.labels())}")


class YearlyFiguresRow(Sheet):
    """One accounting year; headcounts and money as in 国科发火〔2016〕195号."""

    sheet_name = "年度数据"
    key = ("uscc", "year")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    year: Year = column("年度", "会计年度，如 2025")
    employees: NonNegative | None = optional(
        "职工总数", "全年月平均数：月平均数=(月初+月末)÷2，全年月平均数=Σ月平均数÷12"
    )
    tech_staff: NonNegative | None = optional("科技人员数", "全年月平均数，累计实际工作≥183天")
    rd_staff: NonNegative | None = optional("研发人员数", "全年月平均数")
    main_business_income: NonNegative | None = optional("主营业务收入(元)", "元，精确到分")
    other_business_income: NonNegative | None = optional("其他业务收入(元)", "元")
    sales_revenue: NonNegative | None = optional(
        "销售收入(元)", "=主营业务收入+其他业务收入；留空则自动相加"
    )
    gross_income: NonNegative | None = optional("收入总额(元)", "企业所得税申报表口径")
    non_taxable_income: NonNegative | None = optional("不征税收入(元)", "元")
    total_income: NonNegative | None = optional(
        "总收入(元)", "=收入总额−不征税收入；留空则自动相减"
    )
    high_tech_income: NonNegative | None = optional(
        "高新技术产品(服务)收入(元)", "含技术性收入；不得大于总收入"
    )
    rd_expense: NonNegative | None = optional("研发费用-高企口径(元)", "195号 三(六) 八类费用")
    rd_expense_deduction: NonNegative | None = optional(
        "研发费用-加计扣除口径(元)", "财税〔2015〕119号口径"
    )
    domestic_rd_expense: NonNegative | None = optional(
        "境内研发费用(元)", "不得大于研发费用-高企口径"
    )
    cost_and_expense: NonNegative | None = optional("成本费用总额(元)", "元")
    total_assets: NonNegative | None = optional("资产总额(元)", "年末数")
    liabilities: NonNegative | None = optional("负债总额(元)", "年末数")
    net_assets: Exact | None = optional("净资产(元)", "=资产总额−负债总额；留空则自动相减")
    net_profit: Exact | None = optional("净利润(元)", "可为负数")
    tax_paid: NonNegative | None = optional("纳税总额(元)", "元")

    @model_validator(mode="after")
    def _consistent(self) -> YearlyFiguresRow:
        # Every inconsistency of the row at once, so the officer fixes them in one pass.
        found: list[ColumnError] = []
        derived = {
            "sales_revenue": _sum(self.main_business_income, self.other_business_income),
            "total_income": _difference(self.gross_income, self.non_taxable_income),
            "net_assets": _difference(self.total_assets, self.liabilities),
        }
        for name, value in derived.items():
            given = getattr(self, name)
            if given is None and value is not None:
                object.__setattr__(self, name, value)
            elif given is not None and value is not None and given != value:
                header = _header(type(self), name)
                found.append(
                    ColumnError(header, f"{header} {given} 与其组成项之和/差 {value} 不一致")
                )
        for part, whole in (
            ("tech_staff", "employees"),
            ("rd_staff", "tech_staff"),
            ("rd_staff", "employees"),
            # 收入总额 includes 主营业务收入 and 其他业务收入 (企业所得税年度纳税申报表).
            ("sales_revenue", "gross_income"),
            # 总收入 = 收入总额 − 不征税收入 (国科发火〔2016〕195号 三(四)2): a part of 收入总额.
            ("non_taxable_income", "gross_income"),
            ("domestic_rd_expense", "rd_expense"),
            ("high_tech_income", "total_income"),
        ):
            found.extend(self._not_above(part, whole))
        if len(found) == 1:
            raise found[0]
        if found:
            raise ColumnErrors(found)
        return self

    def _not_above(self, part: str, whole: str) -> list[ColumnError]:
        part_value, whole_value = getattr(self, part), getattr(self, whole)
        if part_value is not None and whole_value is not None and part_value > whole_value:
            cls = type(self)
            header = _header(cls, part)
            return [
                ColumnError(
                    header,
                    f"{header}（{part_value}）不得大于{_header(cls, whole)}（{whole_value}）",
                )
            ]
        return []


class IntellectualPropertyRow(Sheet):
    sheet_name = "知识产权"
    key = ("uscc", "number")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    kind: IpKindCell = column("知识产权类型", f"{'、'.join(IpKind.labels())}")
    ip_class: IpClassCell | None = optional(
        "类别", "Ⅰ类/Ⅱ类，按195号 三(二)3由类型决定；留空自动填写"
    )
    number: str = column("编号", "专利号、登记号或证书号", min_length=1, max_length=64)
    title: str | None = optional("名称", "知识产权名称", max_length=200)
    granted_on: Day | None = optional("授权日期", "YYYY-MM-DD")
    acquisition: IpAcquisitionCell = column("获得方式", f"{'、'.join(IpAcquisition.labels())}")
    status: IpStatusCell = column("状态", f"{'、'.join(IpStatus.labels())}")
    used_for_hnte: YesNo = column("已用于高企申报", "Ⅱ类知识产权仅限使用一次：是/否")

    @model_validator(mode="after")
    def _class_follows_kind(self) -> IntellectualPropertyRow:
        expected = self.kind.ip_class
        if self.ip_class is None:
            object.__setattr__(self, "ip_class", expected)
        elif self.ip_class != expected:
            shown = expected.label if expected else "不计入（商标）"
            raise ColumnError("类别", f"{self.kind.label}应为{shown}，不是{self.ip_class.label}")
        return self


class QualificationRow(Sheet):
    sheet_name = "资质"
    key = ("uscc", "kind", "certificate_no")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    kind: QualificationKindCell = column("资质类型", f"{'、'.join(QualificationKind.labels())}")
    level: LevelCell = column("级别", f"{'、'.join(Level.labels())}")
    certificate_no: str = column("证书编号", "证书或入库登记编号", min_length=1, max_length=64)
    issued_on: Day = column("发证日期", "YYYY-MM-DD")
    expires_on: Day | None = optional(
        "有效期至",
        "YYYY-MM-DD；留空时按文件规定的有效期计（高新技术企业、创新型、专精特新、小巨人、单项冠军为发证日起三年），"
        "文件未规定有效期的为长期",
    )
    status: QualificationStatusCell = column("状态", f"{'、'.join(QualificationStatus.labels())}")
    revoked_on: Day | None = optional(
        "撤销日期", "状态为已撤销时填写撤销文件的日期，YYYY-MM-DD；不早于发证日期、不晚于今天"
    )

    @model_validator(mode="after")
    def _expires_after_issue(self) -> QualificationRow:
        if self.expires_on is None and self.status != QualificationStatus.NOT_PASSED:
            # A blank 有效期至 is not "for ever" where a document fixes the term (32号 第九条:
            # 自颁发证书之日起有效期为三年): the certificate lapses at the end of that term. An
            # application that did not pass has no certificate and so no term.
            object.__setattr__(self, "expires_on", document_term_end(self.kind, self.issued_on))
        if self.expires_on is not None and self.expires_on < self.issued_on:
            raise ColumnError(
                "有效期至", f"有效期至（{self.expires_on}）早于发证日期（{self.issued_on}）"
            )
        if self.revoked_on is not None:
            if self.status != QualificationStatus.REVOKED:
                raise ColumnError(
                    "撤销日期",
                    f"状态为{self.status.label}，不应填写撤销日期（撤销的资质状态为已撤销）",
                )
            _not_before(self.revoked_on, self.issued_on, "撤销日期", "发证日期")
            _not_future(self.revoked_on, "撤销日期")
        return self


class PlatformRow(Sheet):
    sheet_name = "研发平台"
    key = ("uscc", "kind", "name")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    kind: PlatformKindCell = column("平台类型", f"{'、'.join(PlatformKind.labels())}")
    level: LevelCell = column("级别", f"{'、'.join(Level.labels())}")
    name: str = column("平台名称", "认定文件上的名称", min_length=1, max_length=200)
    recognised_on: Day = column("认定日期", "YYYY-MM-DD")
    status: PlatformStatusCell = Field(
        PlatformStatus.IN_FORCE,
        alias="状态",
        description=f"{'、'.join(PlatformStatus.labels())}；留空为有效。已撤销、已过期的平台自状态日期起不再计入",
    )
    status_on: Day | None = optional(
        "状态日期", "撤销或到期的日期，YYYY-MM-DD；状态为有效时留空；不早于认定日期、不晚于今天"
    )

    @model_validator(mode="after")
    def _dated_status(self) -> PlatformRow:
        if self.status == PlatformStatus.IN_FORCE:
            if self.status_on is not None:
                raise ColumnError("状态日期", "状态为有效时不应填写状态日期")
            return self
        if self.status_on is None:
            raise ColumnError("状态日期", f"状态为{self.status.label}时须填写状态日期")
        _not_before(self.status_on, self.recognised_on, "状态日期", "认定日期")
        _not_future(self.status_on, "状态日期")
        return self


class AwardEventRow(Sheet):
    sheet_name = "奖补事件"
    key = ("uscc", "ref")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    ref: str = column("事件编号", "立项编号、合同号等，企业内唯一", min_length=1, max_length=64)
    kind: EventKindCell = column("事件类型", f"{'、'.join(EventKind.labels())}")
    occurred_on: Day = column("发生日期", "YYYY-MM-DD")
    amount: NonNegative | None = optional("金额(元)", "项目资金、购置金额、合同额、利息等")
    attributes: EventAttributes = Field(
        default_factory=dict,
        alias="属性",
        description='JSON对象，如 {"等级": "一等奖", "级别": "国家级"}',
    )


class IncidentRow(Sheet):
    sheet_name = "违规事件"
    key = ("uscc", "ref")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    ref: str | None = optional(
        "事件编号",
        "处罚决定书文号等，企业内唯一；留空（或旧文件没有此列）则按「事件类型-发生日期」编号，"
        "同一天同类的两起事件须各填编号",
        min_length=1,
        max_length=64,
    )
    kind: IncidentKindCell = column("事件类型", f"{'、'.join(IncidentKind.labels())}")
    occurred_on: Day = column("发生日期", "YYYY-MM-DD")
    description: str | None = optional("说明", "简要说明", max_length=500)

    @model_validator(mode="after")
    def _numbered(self) -> IncidentRow:
        if self.ref is None:
            object.__setattr__(self, "ref", incident_ref(self.kind, self.occurred_on))
        return self


class DeclarationRow(Sheet):
    """A dated declaration of an item no record holds; the items are those the rule packs
    declare (``techzone schema profile``), checked and normalised on import (io/declared.py)."""

    sheet_name = "企业声明"
    key = ("uscc", "item", "declared_on")

    uscc: Uscc = column("统一社会信用代码", "见「企业」表")
    item: str = column(
        "声明事项", "从下拉列表选择（各事项的含义见填表说明末尾）", min_length=1, max_length=64
    )
    value: str = column(
        "声明内容", "是/否、档次字母（如 B）或数字，按事项的要求填写", min_length=1, max_length=64
    )
    declared_on: Day = column(
        "声明日期",
        "企业作出声明或官员核实的日期，YYYY-MM-DD，不晚于今天；声明在当年12月31日前有效，"
        "其后或被更晚的声明取代",
    )
    source: DeclarationSourceCell = column(
        "来源", f"{'、'.join(DeclarationSource.labels())}：企业自行声明，或官员查询核实"
    )
    note: str | None = optional("说明", "核实方式、依据文件等", max_length=500)

    @model_validator(mode="after")
    def _not_ahead(self) -> DeclarationRow:
        _not_future(self.declared_on, "声明日期")
        return self


class ZoneEventRow(Sheet):
    """What happens to a zone, for the zone-level awards (甘肃 措施1、2、20; 柳州 (二十一))."""

    sheet_name = "高新区事件"
    key = ("zone_code", "ref")

    zone_code: str = column("高新区代码", "见「高新区」表", min_length=1, max_length=32)
    ref: str = column(
        "事件编号", "批复文号、评价通报文号等，高新区内唯一", min_length=1, max_length=64
    )
    kind: ZoneEventKindCell = column("事件类型", f"{'、'.join(ZoneEventKind.labels())}")
    occurred_on: Day = column("发生日期", "获批、认定或通报日期 YYYY-MM-DD")
    # 排名 and 上年排名 are held to whole places as enterprise events' counts are: the 柳州 rules
    # compare them (zones/statistics.py).
    attributes: EventAttributes = Field(
        default_factory=dict,
        alias="属性",
        description=(
            'JSON对象，如 {"排名": 30, "上年排名": 35}。事件类型为「年度评价结果」时，'
            "国家级高新区的「排名」按发生日期（通报日期）所在年度的全国综合排名、"
            "「上年排名」按上一年度的全国综合排名计入年度评价（名次升降按两者比较），"
            "均为不小于1的整数；同一高新区同一年度已用“录入指标值”录入全国综合排名的，"
            "以录入值为准，两者不一致时评价结果中提示核实"
        ),
    )


# The dates (and the year) a record states as facts, held to techzone.bounds on import (not in a
# profile, which may describe a what-if enterprise in years to come).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "企业": ("registered_on",),
    "年度数据": ("year",),
    "知识产权": ("granted_on",),
    "资质": ("issued_on",),
    "研发平台": ("recognised_on",),
    "奖补事件": ("occurred_on",),
    "违规事件": ("occurred_on",),
    "高新区事件": ("occurred_on",),
}

# Fields a sheet's validators fill in from other fields, by sheet name.
DERIVED_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "年度数据": {
        "sales_revenue": ("main_business_income", "other_business_income"),
        "total_income": ("gross_income", "non_taxable_income"),
        "net_assets": ("total_assets", "liabilities"),
    },
    "知识产权": {"ip_class": ("kind",)},
    "违规事件": {"ref": ("kind", "occurred_on")},
}

# In dependency order: a sheet refers only to sheets before it.
SHEETS: tuple[type[Sheet], ...] = (
    ZoneRow,
    ParkRow,
    EnterpriseRow,
    YearlyFiguresRow,
    IntellectualPropertyRow,
    QualificationRow,
    PlatformRow,
    AwardEventRow,
    IncidentRow,
    ZoneEventRow,
    DeclarationRow,
)
SHEET_BY_NAME: dict[str, type[Sheet]] = {sheet.sheet_name: sheet for sheet in SHEETS}


def _not_before(day: date, earliest: date, header: str, earliest_header: str) -> None:
    if day < earliest:
        raise ColumnError(header, f"{header}（{day}）早于{earliest_header}（{earliest}）")


def _not_future(day: date, header: str) -> None:
    today = date.today()
    if day > today:
        raise ColumnError(header, f"{header}（{day}）晚于今天（{today}），不能预先填写")


def _header(sheet: type[Sheet], name: str) -> str:
    return sheet.model_fields[name].alias or name


def _sum(*parts: Decimal | None) -> Decimal | None:
    if any(part is None for part in parts):
        return None
    return sum((part for part in parts if part is not None), Decimal(0))


def _difference(whole: Decimal | None, part: Decimal | None) -> Decimal | None:
    if whole is None or part is None:
        return None
    return whole - part
