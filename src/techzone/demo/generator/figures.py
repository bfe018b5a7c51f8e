"""Yearly figures: headcounts, income, R&D expense, profit and balance sheet, 2022–2025.

Every money amount is an exact number of fen, derived in integers so that identities hold to the
fen (销售收入 = 主营 + 其他, 总收入 = 收入总额 − 不征税收入, 净资产 = 资产 − 负债).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from techzone.demo.generator.arrays import F64, I64, MISSING, Ints, Usccs, fen, texts
from techzone.demo.generator.dates import FIGURE_YEARS, ordinal, years_of
from techzone.demo.generator.enterprises import Enterprises
from techzone.demo.generator.rows import Columns, SheetRows
from techzone.io.sheets import YearlyFiguresRow
from techzone.model.base import Hundredths

_FIGURE_COLUMNS: Final = tuple(YearlyFiguresRow.model_fields)[2:]
assert tuple(YearlyFiguresRow.model_fields)[:2] == ("uscc", "year")
_COLUMN: Final = {name: index for index, name in enumerate(_FIGURE_COLUMNS)}
# Groups of columns that go unknown together (a firm that did not report its headcount, …),
# chosen so the identities still hold: a derived total is unknown whenever a part is.
_MISSING_GROUPS: Final = (
    ("employees", "tech_staff", "rd_staff"),
    ("rd_staff",),
    ("domestic_rd_expense",),
    ("high_tech_income",),
    ("rd_expense_deduction",),
    ("other_business_income", "sales_revenue"),
    ("non_taxable_income", "total_income"),
    ("total_assets", "liabilities", "net_assets"),
    ("net_profit", "tax_paid"),
)


@dataclass
class Figures:
    enterprise: Ints
    year: Ints
    values: I64  # rows × columns, hundredths (fen, or hundredths of a person); MISSING = unknown


def draw_figures(rng: np.random.Generator, enterprises: Enterprises) -> Figures:
    count = enterprises.count
    years = np.array(FIGURE_YEARS, dtype=np.int64)
    registered = enterprises.registered
    registered_year = years_of(registered)
    exists = years[None, :] >= registered_year[:, None]
    # Registered in the last quarter of 2025: no closed year yet.
    exists[registered >= ordinal(2025, 10, 1), 3] = False
    # A few enterprises skipped a year's report: a gap in the middle of their series.
    first_column = np.clip(registered_year - years[0], 0, 3)
    gap = (exists.sum(axis=1) >= 3) & (rng.random(count) < 0.015)
    exists[np.flatnonzero(gap), first_column[gap] + 1] = False

    # First (partial) year: revenue for the months operated; headcounts are averages over the
    # months operated already (S-195 三(五)3), so they are not scaled.
    year_end = np.array([ordinal(int(y), 12, 31) for y in years], dtype=np.int64)
    fraction = np.where(
        years[None, :] == registered_year[:, None],
        np.clip((year_end[None, :] - registered[:, None] + 1) / 365, 0.02, 1.0),
        1.0,
    )

    def per_row(matrix: F64) -> F64:
        return matrix[exists]

    enterprise = np.broadcast_to(np.arange(count, dtype=np.int64)[:, None], (count, 4))[exists]
    year = np.broadcast_to(years[None, :], (count, 4))[exists]
    rows = len(enterprise)
    values = np.empty((rows, len(_FIGURE_COLUMNS)), dtype=np.int64)

    def put(name: str, column: npt.NDArray[Any]) -> None:
        values[:, _COLUMN[name]] = column

    def get(name: str) -> I64:
        # A view of a column already written: the figures are built from each other without
        # keeping a second copy of every column alive (a million enterprises, 3.4M rows).
        return values[:, _COLUMN[name]]

    def per_enterprise(column: F64) -> F64:
        return column[enterprise]

    put("employees", np.maximum(np.rint(per_row(enterprises.employees) * 100), 100))
    share = np.clip(
        per_enterprise(enterprises.tech_share) + rng.normal(0.0, 0.02, rows), 0.01, 0.98
    )
    put("tech_staff", np.minimum(np.rint(get("employees") * share), get("employees")))
    put(
        "rd_staff",
        np.minimum(np.rint(get("tech_staff") * rng.beta(5.0, 2.0, rows)), get("tech_staff")),
    )
    del share

    put("sales_revenue", fen(per_row(enterprises.sales * fraction)))
    sales = get("sales_revenue")
    put("other_business_income", fen(sales / 100 * rng.beta(1.2, 14.0, rows)))
    put("main_business_income", sales - get("other_business_income"))
    # 收入总额 = sales + other taxable income (investment income, 营业外收入, …) + 不征税收入
    # (earmarked government funds: about half the enterprises have some, small).
    put("total_income", sales + fen(sales / 100 * rng.beta(1.0, 40.0, rows)))
    total = get("total_income")
    put(
        "non_taxable_income",
        np.where(rng.random(rows) < 0.45, fen(sales / 100 * rng.beta(1.5, 80.0, rows)), 0),
    )
    put("gross_income", total + get("non_taxable_income"))
    high_tech_share = np.clip(
        per_enterprise(enterprises.high_tech_share) + rng.normal(0.0, 0.03, rows), 0.0, 1.0
    )
    put("high_tech_income", fen(total / 100 * high_tech_share))
    del high_tech_share
    intensity = per_enterprise(enterprises.rd_intensity) * np.exp(rng.normal(0.0, 0.12, rows))
    put("rd_expense", fen(sales / 100 * np.clip(intensity, 0.001, 0.6)))
    del intensity
    rd = get("rd_expense")
    # 加计扣除口径 is narrower (其他相关费用 ≤10%, no building depreciation): 78–100% of it.
    put("rd_expense_deduction", fen(rd / 100 * rng.uniform(0.78, 1.0, rows)))
    # 境内研发费用: usually all of it; 5% of enterprises commission much R&D abroad (< 60%).
    domestic_share = np.select(
        [rng.random(count) < 0.05, rng.random(count) < 0.65],
        [rng.uniform(0.35, 0.6, count), np.ones(count)],
        rng.uniform(0.75, 1.0, count),
    )
    put("domestic_rd_expense", np.minimum(fen(rd / 100 * per_enterprise(domestic_share)), rd))
    # Margin on 总收入: normal around 7% (+3% per unit of z), so some lose money.
    margin = np.clip(
        per_enterprise(rng.normal(0.07, 0.08, count) + 0.03 * enterprises.latent)
        + rng.normal(0.0, 0.04, rows),
        -0.9,
        0.45,
    )
    put("cost_and_expense", fen(total / 100 * (1 - margin)))
    del margin
    # Net profit: the pre-tax profit less corporate income tax on a profit (15% for an HNTE;
    # the demo uses 15% throughout), the whole loss otherwise.
    before_tax = total - get("cost_and_expense")
    put("net_profit", np.where(before_tax > 0, np.rint(before_tax * 0.85), before_tax))
    del before_tax
    put("tax_paid", fen(sales / 100 * rng.uniform(0.015, 0.06, rows)))
    put("total_assets", fen(per_row(enterprises.assets)))
    assets = get("total_assets")
    # Debt ratio Beta(3.2, 3.6) (mean ≈ 47%); 2% are insolvent (liabilities above assets).
    debt_ratio = per_enterprise(
        np.where(rng.random(count) < 0.02, rng.uniform(1.0, 1.3, count), rng.beta(3.2, 3.6, count))
    ) + rng.normal(0.0, 0.03, rows)
    put("liabilities", fen(assets / 100 * np.clip(debt_ratio, 0.02, 1.4)))
    del debt_ratio
    put("net_assets", assets - get("liabilities"))

    # About 3% of rows have a group of figures unknown.
    unknown = np.flatnonzero(rng.random(rows) < 0.03)
    group = rng.integers(0, len(_MISSING_GROUPS), len(unknown))
    for index, names in enumerate(_MISSING_GROUPS):
        selected = unknown[group == index]
        for name in names:
            values[selected, _COLUMN[name]] = MISSING
    return Figures(
        enterprise=enterprise.astype(np.int32), year=year.astype(np.int16), values=values
    )


def figure_rows(figures: Figures, uscc: Usccs) -> SheetRows[YearlyFiguresRow]:
    def columns(start: int, stop: int) -> Columns:
        block = figures.values[start:stop]
        built: Columns = {
            "uscc": texts(uscc[figures.enterprise[start:stop]]),
            "year": figures.year[start:stop].tolist(),
        }
        # Kept in hundredths, as drawn and as stored: Decimals only if the rows are built.
        for index, name in enumerate(_FIGURE_COLUMNS):
            column = block[:, index]
            values: list[int | None] = column.tolist()
            for position in np.flatnonzero(column == MISSING).tolist():
                values[position] = None
            built[name] = Hundredths(values)
        return built

    return SheetRows(YearlyFiguresRow, len(figures.year), columns)
