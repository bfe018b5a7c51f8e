"""The inputs rules may read: the columns of the profile frame, one row per enterprise on a date.

Built from the records (``rules/frame.py``). Money is integer fen so that sums are exact and a
ratio equal to a threshold compares equal to it; explanations show it in yuan.

Years follow 国科发火〔2016〕195号 三(一): the "近三个会计年度" are the three accounting years
before the application year, called ``_y1`` (earliest), ``_y2``, ``_y3`` (the year before the
application: "当年"、"最近一年"、"近一年"). A year before the enterprise was registered counts
as zero ("实际经营期不满三年的按实际经营时间计算"); a year it existed but did not report is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from techzone.model.codes import QualificationKind
from techzone.rules.pack import Unit

if TYPE_CHECKING:
    import polars as pl

YEARS = ("y1", "y2", "y3")

# Yearly figures, in the names of the import sheet (io/sheets.py YearlyFiguresRow).
MONEY_FIGURES = (
    "main_business_income",
    "other_business_income",
    "sales_revenue",
    "gross_income",
    "non_taxable_income",
    "total_income",
    "high_tech_income",
    "rd_expense",
    "rd_expense_deduction",
    "domestic_rd_expense",
    "cost_and_expense",
    "total_assets",
    "liabilities",
    "net_assets",
    "net_profit",
    "tax_paid",
)
STAFF_FIGURES = ("employees", "tech_staff", "rd_staff")


@dataclass(frozen=True)
class Input:
    name: str
    type_name: str
    """The Polars type's name: the names and labels are read by commands that never run a rule
    (import, the glossary) and need not load Polars (docs/performance.md)."""
    unit: Unit | None
    label: str

    @property
    def dtype(self) -> pl.DataType:
        return polars_type(self.type_name)


@cache
def polars_type(name: str) -> pl.DataType:
    """The Polars type named ``name`` (``"Int64"``)."""
    import polars as pl

    dtype: pl.DataType = getattr(pl, name)()
    return dtype


def _figure_label(name: str) -> str:
    return _FIGURE_LABELS[name]


_FIGURE_LABELS = {
    "main_business_income": "主营业务收入",
    "other_business_income": "其他业务收入",
    "sales_revenue": "销售收入",
    "gross_income": "收入总额",
    "non_taxable_income": "不征税收入",
    "total_income": "总收入",
    "high_tech_income": "高新技术产品(服务)收入",
    "rd_expense": "研发费用(高企口径)",
    "rd_expense_deduction": "研发费用(加计扣除口径)",
    "domestic_rd_expense": "境内研发费用",
    "cost_and_expense": "成本费用总额",
    "total_assets": "资产总额",
    "liabilities": "负债总额",
    "net_assets": "净资产",
    "net_profit": "净利润",
    "tax_paid": "纳税总额",
    "employees": "职工总数",
    "tech_staff": "科技人员数",
    "rd_staff": "研发人员数",
}
_YEAR_LABELS = {"y1": "第一年", "y2": "第二年", "y3": "第三年(近一年)"}


def _core() -> list[Input]:
    inputs = [
        Input("days_registered", "Int64", "days", "注册成立天数（至评价日）"),
        Input("is_review", "Boolean", "flag", "按复核评价（而非新申请）；由评估请求给出"),
        Input("operating_years", "Int64", "years", "近三个会计年度中已成立的年数"),
        # Whole years run out before the evaluation day (rules.frame._years_exceeded).
        Input("registered_years_exceeded", "Int64", "years", "注册成立年限（按周年对应日计）"),
        Input("resident", "Boolean", "flag", "中国境内注册的居民企业"),
        Input("tech_field", "String", None, "技术领域（八大领域代码1–8；0 不属于八大领域）"),
        Input("industry_code", "String", None, "行业代码（GB/T 4754）"),
        Input("ownership", "String", None, "所有制"),
        Input("above_scale", "Boolean", "flag", "规模以上企业"),
        Input("listing", "String", None, "上市状态"),
        Input("zone_code", "String", None, "所在高新区（或县区）代码"),
        Input("province", "String", None, "所在省份（如 甘肃省）"),
        Input("city", "String", None, "所在城市（如 白银市）"),
        Input(
            "zone_level",
            "String",
            None,
            "所在区域的级别：national 国家高新区、provincial 省级高新区、district 不是高新区的县区",
        ),
        Input("park", "String", None, "所在园区名称（政策适用范围按园区列明时用）"),
        Input("ip_class1_count", "Int64", "count", "有效Ⅰ类知识产权数"),
        Input("ip_class2_count", "Int64", "count", "有效Ⅱ类知识产权数"),
        Input(
            "ip_class2_listed_count",
            "Int64",
            "count",
            "有效的实用新型专利、外观设计专利、软件著作权数（115号所列Ⅱ类，不含其他Ⅱ类）",
        ),
        Input(
            "ip_class2_innovative_count",
            "Int64",
            "count",
            "有效Ⅱ类知识产权数（63号口径：软件著作权，及授权后维持超过2年的实用新型、外观设计专利）",
        ),
        Input(
            "ip_class2_unused_own_count",
            "Int64",
            "count",
            "自主研发且未用于高企申报的有效Ⅱ类知识产权数",
        ),
        Input("ip_class2_unused_count", "Int64", "count", "未用于高企申报的有效Ⅱ类知识产权数"),
        Input("ip_own_count", "Int64", "count", "自主研发的有效Ⅰ、Ⅱ类知识产权数"),
        Input("ip_class1_own_count", "Int64", "count", "自主研发的有效Ⅰ类知识产权数"),
        Input(
            "rd_platform_level",
            "Int64",
            None,
            "研发机构最高级别（3国家级 2省级 1市级 0其他/无）",
        ),
        Input("provincial_rd_platform", "Boolean", "flag", "拥有经认定的省部级以上研发机构"),
        Input(
            "major_incidents_365d",
            "Int64",
            "count",
            "评价日前365天内重大安全、质量事故或严重环境违法",
        ),
        Input("incidents_2y", "Int64", "count", "上年初至评价日的重大事故、严重环境违法或严重失信"),
        Input(
            "incidents_3y",
            "Int64",
            "count",
            "评价日前三年内（含当日）的重大安全、质量、环境事故、严重失信或数据造假",
        ),
        Input("national_prize_top3_5y", "Boolean", "flag", "近五年国家级科技奖励且获奖单位前三"),
        Input("science_prize_3y", "Boolean", "flag", "近三年获国家级或省级科技奖励"),
        Input(
            "science_prize_ranked_3y",
            "Boolean",
            "flag",
            "近三年省级（前三）或国家级（前五）科技奖励的获奖单位排名（登记）",
        ),
        Input(
            "standard_led_top5_5y",
            "Boolean",
            "flag",
            "近五年主导制定国际、国家或行业标准（前五）",
        ),
    ]
    inputs.append(
        Input(
            "hnte_cancelled_this_year",
            "Boolean",
            "flag",
            "评价日所在年度内（至评价日）被取消高新技术企业资格",
        )
    )
    inputs.append(
        Input(
            "hnte_revoked_later",
            "Boolean",
            "flag",
            "评价日持有的高新技术企业资格此后被取消",
        )
    )
    for kind in QualificationKind:
        inputs.append(
            Input(f"holds_{kind.value}", "Boolean", "flag", f"评价日持有有效的{kind.label}资质")
        )
    inputs.append(
        Input(
            "holds_srdi_sme_provincial",
            "Boolean",
            "flag",
            "评价日持有省级以上认定的有效专精特新中小企业资质",
        )
    )
    for year in YEARS:
        for name in MONEY_FIGURES:
            inputs.append(
                Input(
                    f"{name}_{year}",
                    "Int64",
                    "yuan",
                    f"{_figure_label(name)}（{_YEAR_LABELS[year]}）",
                )
            )
        for name in STAFF_FIGURES:
            inputs.append(
                Input(
                    f"{name}_{year}",
                    "Float64",
                    "persons",
                    f"{_figure_label(name)}（{_YEAR_LABELS[year]}，全年月平均数）",
                )
            )
    return inputs


CORE_INPUTS: dict[str, Input] = {item.name: item for item in _core()}

# How each kind of declared input is held in the frame.
DECLARED_TYPES: dict[str, str] = {
    "band": "String",
    "number": "Float64",
    "boolean": "Boolean",
    "money": "Int64",
}


def declared_dtypes() -> dict[str, pl.DataType]:
    """How each kind of declared input is held in the frame, as Polars types."""
    return {kind: polars_type(name) for kind, name in DECLARED_TYPES.items()}
