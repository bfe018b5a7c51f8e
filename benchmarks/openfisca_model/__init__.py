"""A small OpenFisca model of the rules techzone's side-by-side benchmark compares.

One entity, ``enterprise``. Its inputs are the columns of techzone's profile frame (money in
integer fen, staff as yearly averages) and, for the award formulas, the columns of one award
trigger (an event or a qualification gained). Formulas, written from the documents as the packs
read them:

* 高新技术企业认定 (国科发火〔2016〕32号 第十一条, 195号): the seven data-decidable conditions
  (一)–(六) and (八) — (五) is two tests, the R&D ratio by the latest year's sales bracket and the
  domestic share — and (七) the innovation score as the *range* the pack computes before experts
  judge: the items the experts score or the enterprise states (技术先进程度, 核心支持作用, 标准加分,
  成果转化, 研发组织管理) enter at their whole table range [0, max]; the data-decided ones
  (知识产权数量, 获得方式, the two growth rates) at their band's range.
* 科技型中小企业评价 (国科发政〔2017〕115号 第六条至第八条): exact points and the verdict, with
  the two declared conditions as boolean inputs.
* three award policies: 甘肃 措施10 (新认定高企一次性奖补20万元), 措施5 (国家重点项目资金≥300万元
  按10%奖励、最高300万元), 白银 政策清单 (技术转移机构促成科技成果转化每项10万元).

OpenFisca's ``float`` and ``int`` variables are 32-bit; money in fen exceeds both (2亿元 is
2×10¹⁰ fen), so numeric variables here are stored as 64-bit (``Int64Variable``,
``Float64Variable``). Ratios are rounded to 12 decimal places as the packs' ratio variables are,
so a ratio exactly at a threshold meets it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Array = np.ndarray[Any, Any]

FEN = 100
YEAR = DateUnit.YEAR

Enterprise = build_entity(
    key="enterprise",
    plural="enterprises",
    label="企业（或企业的一个奖补触发事项）",
    is_person=True,
)

# ---- parameters (the documents' numbers; money in fen) -------------------------------------
MIN_DAYS_REGISTERED = 365  # 195号 三(一)
TECH_FIELDS = np.array(["1", "2", "3", "4", "5", "6", "7", "8"], dtype=object)  # 第十一条(三)
TECH_STAFF_SHARE_MIN = 0.10  # 第十一条(四)
RD_RATIO_BRACKETS = ((50_000_000 * FEN, 0.05), (200_000_000 * FEN, 0.04))  # 第十一条(五)
RD_RATIO_ABOVE = 0.03
DOMESTIC_RD_SHARE_MIN = 0.60  # 第十一条(五)
HIGH_TECH_INCOME_SHARE_MIN = 0.60  # 第十一条(六)
HNTE_PASS_ABOVE = 70  # 195号 三(七)
IP_GROUP_CAP = 30
# Items experts judge or enterprises state, not declared: their whole table range.
JUDGED_UNDECLARED_MAX = 8 + 8 + 2 + 30 + 20  # 先进程度, 核心支持, 标准加分, 成果转化, 研发组织管理
SME_MAX_EMPLOYEES = 500  # 115号 第六条(二)
SME_MAX_SALES = 200_000_000 * FEN
SME_MAX_ASSETS = 200_000_000 * FEN
SME_PASS_AT_LEAST = 60  # 第六条(五)
NEW_HNTE_AWARD = 200_000 * FEN  # 甘肃 措施10
KEY_PROJECT_MIN_FUNDING = 3_000_000 * FEN  # 措施5
KEY_PROJECT_RATE = 0.10
KEY_PROJECT_CAP = 3_000_000 * FEN
TECH_TRANSFER_AWARD = 100_000 * FEN  # 白银 政策清单 (seed 000 第14段)
GANSU = "甘肃省"
BAIYIN_ZONE = "GS-BY"


class Int64Variable(Variable):
    value_type = int

    def __init__(self, baseline_variable: Any = None) -> None:
        super().__init__(baseline_variable)
        self.dtype = np.int64


class Float64Variable(Variable):
    value_type = float

    def __init__(self, baseline_variable: Any = None) -> None:
        super().__init__(baseline_variable)
        self.dtype = np.float64


def _ratio(numerator: Array, denominator: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        result: Array = np.round(numerator / denominator, 12)
    return result


def _bands(value: Array, bounds: tuple[float, ...], points: tuple[int, ...]) -> Array:
    """Points of the first band whose lower bound (含) the value reaches; the last entry is
    for values below every bound."""
    conditions = [value >= bound for bound in bounds]
    return np.select(conditions, points[:-1], default=points[-1])


def _growth(y1: Array, y2: Array, y3: Array) -> Array:
    """195号 三(七)4: ½×(y2/y1 + y3/y2) − 1; first year zero → the last two years only."""
    with np.errstate(divide="ignore", invalid="ignore"):
        two_years = y3 / y2 - 1
        three_years = (y2 / y1 + y3 / y2) / 2 - 1
    result: Array = np.round(np.where(y1 == 0, two_years, three_years), 12)
    return result


def _growth_points(y1: Array, y2: Array, y3: Array) -> tuple[Array, Array]:
    """(min, max) of a growth item: ≥35% A 9–10, ≥25% B 7–8, ≥15% C 5–6, ≥5% D 3–4, >0 E 1–2,
    otherwise F 0; a zero second year is F."""
    growth = _growth(y1, y2, y3)
    conditions = [
        y2 == 0,
        growth >= 0.35,
        growth >= 0.25,
        growth >= 0.15,
        growth >= 0.05,
        growth > 0,
    ]
    low = np.select(conditions, [0, 9, 7, 5, 3, 1], default=0)
    high = np.select(conditions, [0, 10, 8, 6, 4, 2], default=0)
    return low, high


# ---- inputs ---------------------------------------------------------------------------------
MONEY_INPUTS = (
    "sales_revenue_y1",
    "sales_revenue_y2",
    "sales_revenue_y3",
    "rd_expense_y1",
    "rd_expense_y2",
    "rd_expense_y3",
    "domestic_rd_expense_y1",
    "domestic_rd_expense_y2",
    "domestic_rd_expense_y3",
    "high_tech_income_y3",
    "total_income_y3",
    "net_assets_y1",
    "net_assets_y2",
    "net_assets_y3",
    "rd_expense_deduction_y3",
    "cost_and_expense_y3",
    "total_assets_y3",
    "event_amount",
)
COUNT_INPUTS = (
    "days_registered",
    "ip_class1_count",
    "ip_class2_count",
    "ip_class2_unused_count",
    "ip_own_count",
    "major_incidents_365d",
    "incidents_2y",
)
STAFF_INPUTS = ("employees_y3", "tech_staff_y3")
FLAG_INPUTS = (
    "resident",
    "holds_hnte",
    "national_prize_top3_5y",
    "provincial_rd_platform",
    "standard_led_top5_5y",
    "tech_sme_products_permitted",
    "tech_sme_not_on_abnormal_lists",
    "is_first_hnte_gain",
    "is_national_key_project",
    "is_tech_transfer_deal",
)
TEXT_INPUTS = ("tech_field", "province", "zone_code")


def _input(name: str, base: type[Variable], value_type: type | None = None) -> type[Variable]:
    attributes: dict[str, Any] = {
        "entity": Enterprise,
        "definition_period": YEAR,
        "label": name,
    }
    if value_type is not None:
        attributes["value_type"] = value_type
    if value_type is str:
        attributes["default_value"] = ""
    return type(name, (base,), attributes)


def _formula(
    name: str, base: type[Variable], function: Any, value_type: type | None = None
) -> type[Variable]:
    attributes: dict[str, Any] = {
        "entity": Enterprise,
        "definition_period": YEAR,
        "label": function.__doc__ or name,
        "formula": function,
    }
    if value_type is not None:
        attributes["value_type"] = value_type
    return type(name, (base,), attributes)


# ---- 高新技术企业 ----------------------------------------------------------------------------
def hnte_registered_one_year(e: Any, period: Any) -> Array:
    """(一) 注册成立一年以上"""
    result: Array = e("days_registered", period) >= MIN_DAYS_REGISTERED
    return result


def hnte_owns_core_ip(e: Any, period: Any) -> Array:
    """(二) 可用的有效知识产权（Ⅱ类仅限使用一次）至少1项"""
    result: Array = e("ip_class1_count", period) + e("ip_class2_unused_count", period) >= 1
    return result


def hnte_tech_field(e: Any, period: Any) -> Array:
    """(三) 属于《国家重点支持的高新技术领域》"""
    return np.isin(e("tech_field", period), TECH_FIELDS)


def hnte_tech_staff_share(e: Any, period: Any) -> Array:
    """(四) 科技人员占当年职工总数比例不低于10%"""
    share = _ratio(e("tech_staff_y3", period), e("employees_y3", period))
    result: Array = share >= TECH_STAFF_SHARE_MIN
    return result


def _three_years(e: Any, period: Any, figure: str) -> Array:
    result: Array = sum(e(f"{figure}_{year}", period) for year in ("y1", "y2", "y3"))
    return result


def hnte_rd_ratio(e: Any, period: Any) -> Array:
    """(五) 近三年研发费用占同期销售收入比例不低于按最近一年销售收入的分段比例"""
    sales_y3 = e("sales_revenue_y3", period)
    ratio = _ratio(_three_years(e, period, "rd_expense"), _three_years(e, period, "sales_revenue"))
    required = np.select(
        [sales_y3 <= bound for bound, _ in RD_RATIO_BRACKETS],
        [value for _, value in RD_RATIO_BRACKETS],
        default=RD_RATIO_ABOVE,
    )
    result: Array = ratio >= required
    return result


def hnte_domestic_rd_share(e: Any, period: Any) -> Array:
    """(五) 境内研发费用占全部研发费用比例不低于60%"""
    share = _ratio(
        _three_years(e, period, "domestic_rd_expense"), _three_years(e, period, "rd_expense")
    )
    result: Array = share >= DOMESTIC_RD_SHARE_MIN
    return result


def hnte_high_tech_income_share(e: Any, period: Any) -> Array:
    """(六) 近一年高新技术产品（服务）收入占同期总收入比例不低于60%"""
    share = _ratio(e("high_tech_income_y3", period), e("total_income_y3", period))
    result: Array = share >= HIGH_TECH_INCOME_SHARE_MIN
    return result


def hnte_no_major_incident(e: Any, period: Any) -> Array:
    """(八) 申请前一年内无重大安全、质量事故或严重环境违法"""
    result: Array = e("major_incidents_365d", period) == 0
    return result


def _ip_points(e: Any, period: Any) -> tuple[Array, Array]:
    class1 = e("ip_class1_count", period)
    unused = e("ip_class2_unused_count", period)
    quantity = [class1 >= 1, unused >= 5, unused >= 3, unused >= 1]
    quantity_low = np.select(quantity, [7, 5, 3, 1], default=0)
    quantity_high = np.select(quantity, [8, 6, 4, 2], default=0)
    acquisition = [e("ip_own_count", period) >= 1, class1 + unused >= 1]
    acquisition_low = np.select(acquisition, [1, 1], default=0)
    acquisition_high = np.select(acquisition, [6, 3], default=0)
    # 先进程度 [0, 8] + 核心支持 [0, 8] + 标准加分 [0, 2], then the group's cap of 30.
    low = np.minimum(quantity_low + acquisition_low, IP_GROUP_CAP)
    high = np.minimum(quantity_high + acquisition_high + 8 + 8 + 2, IP_GROUP_CAP)
    return low, high


def _growth_group(e: Any, period: Any) -> tuple[Array, Array]:
    net_low, net_high = _growth_points(
        *(e(f"net_assets_{year}", period) for year in ("y1", "y2", "y3"))
    )
    sales_low, sales_high = _growth_points(
        *(e(f"sales_revenue_{year}", period) for year in ("y1", "y2", "y3"))
    )
    return net_low + sales_low, net_high + sales_high


def hnte_innovation_score_min(e: Any, period: Any) -> Array:
    """(七) 企业创新能力评价：分数下限（专家评分项按0分）"""
    ip_low, _ = _ip_points(e, period)
    growth_low, _ = _growth_group(e, period)
    # 成果转化 [0, 30] and 研发组织管理 [0, 20] add nothing at the lower end.
    result: Array = ip_low + growth_low
    return result


def hnte_innovation_score_max(e: Any, period: Any) -> Array:
    """(七) 企业创新能力评价：分数上限（专家评分项按满分）"""
    _, ip_high = _ip_points(e, period)
    _, growth_high = _growth_group(e, period)
    result: Array = ip_high + 30 + 20 + growth_high
    return result


HNTE_CONDITIONS = (
    "hnte_registered_one_year",
    "hnte_owns_core_ip",
    "hnte_tech_field",
    "hnte_tech_staff_share",
    "hnte_rd_ratio",
    "hnte_domestic_rd_share",
    "hnte_high_tech_income_share",
    "hnte_no_major_incident",
)


def hnte_eligible(e: Any, period: Any) -> Array:
    """符合认定条件：八项条件均符合，且创新能力评价在分数下限即高于70分"""
    result: Array = e("hnte_innovation_score_min", period) > HNTE_PASS_ABOVE
    for name in HNTE_CONDITIONS:
        result = result & e(name, period)
    return result


def hnte_ineligible(e: Any, period: Any) -> Array:
    """不符合认定条件：任一条件不符合，或创新能力评价在分数上限仍不高于70分"""
    result: Array = e("hnte_innovation_score_max", period) <= HNTE_PASS_ABOVE
    for name in HNTE_CONDITIONS:
        result = result | ~e(name, period)
    return result


# ---- 科技型中小企业 --------------------------------------------------------------------------
def tech_sme_tech_staff_points(e: Any, period: Any) -> Array:
    """第七条1 科技人员指标"""
    share = _ratio(e("tech_staff_y3", period), e("employees_y3", period))
    return _bands(share, (0.30, 0.25, 0.20, 0.15, 0.10), (20, 16, 12, 8, 4, 0))


def tech_sme_rd_points(e: Any, period: Any) -> Array:
    """第七条2 研发投入指标：两项中较高者"""
    rd = e("rd_expense_deduction_y3", period)
    to_sales = _bands(
        _ratio(rd, e("sales_revenue_y3", period)),
        (0.06, 0.05, 0.04, 0.03, 0.02),
        (50, 40, 30, 20, 10, 0),
    )
    to_cost = _bands(
        _ratio(rd, e("cost_and_expense_y3", period)),
        (0.30, 0.25, 0.20, 0.15, 0.10),
        (50, 40, 30, 20, 10, 0),
    )
    return np.maximum(to_sales, to_cost)


def tech_sme_achievement_points(e: Any, period: Any) -> Array:
    """第七条3 科技成果指标"""
    class1 = e("ip_class1_count", period)
    class2 = e("ip_class2_count", period)
    return np.select(
        [class1 >= 1, class2 >= 4, class2 == 3, class2 == 2, class2 == 1],
        [30, 24, 18, 12, 6],
        default=0,
    )


def tech_sme_score(e: Any, period: Any) -> Array:
    """第七条 综合评价得分"""
    result: Array = (
        e("tech_sme_tech_staff_points", period)
        + e("tech_sme_rd_points", period)
        + e("tech_sme_achievement_points", period)
    )
    return result


def tech_sme_eligible(e: Any, period: Any) -> Array:
    """第六条(一)–(四)，且第六条(五)评分达标或第八条直接确认情形之一"""
    score_route = (e("tech_sme_score", period) >= SME_PASS_AT_LEAST) & (
        e("tech_sme_tech_staff_points", period) > 0
    )
    qualifies = (
        score_route
        | e("holds_hnte", period)
        | e("national_prize_top3_5y", period)
        | e("provincial_rd_platform", period)
        | e("standard_led_top5_5y", period)
    )
    result: Array = (
        e("resident", period)
        & (e("employees_y3", period) <= SME_MAX_EMPLOYEES)
        & (e("sales_revenue_y3", period) <= SME_MAX_SALES)
        & (e("total_assets_y3", period) <= SME_MAX_ASSETS)
        & e("tech_sme_products_permitted", period)
        & (e("incidents_2y", period) == 0)
        & e("tech_sme_not_on_abnormal_lists", period)
        & qualifies
    )
    return result


# ---- awards, per trigger (fen) -----------------------------------------------------------------
def award_new_hnte(e: Any, period: Any) -> Array:
    """甘肃 措施10：新认定（首次）高新技术企业一次性奖补20万元"""
    paid = e("is_first_hnte_gain", period) & (e("province", period) == GANSU)
    return np.where(paid, NEW_HNTE_AWARD, 0)


def award_national_key_project(e: Any, period: Any) -> Array:
    """甘肃 措施5：资金额度300万元以上在甘落地的国家重点项目，按10%奖励，最高300万元"""
    amount = e("event_amount", period)
    paid = (
        e("is_national_key_project", period)
        & (e("province", period) == GANSU)
        & (amount >= KEY_PROJECT_MIN_FUNDING)
    )
    award = np.round(np.minimum(amount * KEY_PROJECT_RATE, KEY_PROJECT_CAP))
    return np.where(paid, award, 0).astype(np.int64)


def award_tech_transfer(e: Any, period: Any) -> Array:
    """白银 政策清单：技术转移机构促成科技成果转化项目，每项10万元"""
    paid = e("is_tech_transfer_deal", period) & (e("zone_code", period) == BAIYIN_ZONE)
    return np.where(paid, TECH_TRANSFER_AWARD, 0)


BOOL_FORMULAS = (
    hnte_registered_one_year,
    hnte_owns_core_ip,
    hnte_tech_field,
    hnte_tech_staff_share,
    hnte_rd_ratio,
    hnte_domestic_rd_share,
    hnte_high_tech_income_share,
    hnte_no_major_incident,
    hnte_eligible,
    hnte_ineligible,
    tech_sme_eligible,
)
INT_FORMULAS = (
    hnte_innovation_score_min,
    hnte_innovation_score_max,
    tech_sme_tech_staff_points,
    tech_sme_rd_points,
    tech_sme_achievement_points,
    tech_sme_score,
    award_new_hnte,
    award_national_key_project,
    award_tech_transfer,
)


def tax_benefit_system() -> TaxBenefitSystem:
    """The model: the entity, every input and every formula."""
    system = TaxBenefitSystem([Enterprise])
    variables: list[type[Variable]] = []
    variables += [_input(name, Int64Variable, int) for name in MONEY_INPUTS + COUNT_INPUTS]
    variables += [_input(name, Float64Variable, float) for name in STAFF_INPUTS]
    variables += [_input(name, Variable, bool) for name in FLAG_INPUTS]
    variables += [_input(name, Variable, str) for name in TEXT_INPUTS]
    variables += [_formula(f.__name__, Variable, f, bool) for f in BOOL_FORMULAS]
    variables += [_formula(f.__name__, Int64Variable, f, int) for f in INT_FORMULAS]
    for variable in variables:
        system.add_variable(variable)
    return system
