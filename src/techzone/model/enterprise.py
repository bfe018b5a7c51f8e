"""Enterprises and their yearly figures (the accounting-year values the rules read)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code, Headcount, Money
from techzone.model.codes import ListingStatus, Ownership, TechField

if TYPE_CHECKING:
    from techzone.model.declaration import Declaration
    from techzone.model.event import AwardEvent, Incident
    from techzone.model.holding import IntellectualProperty, Platform, Qualification
    from techzone.model.zone import Park


class Enterprise(Base):
    __tablename__ = "enterprise"
    # The search's sort orders, each ending in the unique USCC and carrying the park, so a page
    # sorted by name or founding date walks the index and stops at the page's end (0009).
    __table_args__ = (
        Index("ix_enterprise_name_order", "name", "uscc", "park_id"),
        Index("ix_enterprise_registered_order", "registered_on", "uscc", "park_id"),
        # A search within a zone or park whose text matches few rows reads only the scope's rows
        # through this index, name included, rather than the whole register's (0013).
        Index("ix_enterprise_park_name", "park_id", "name", "uscc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    park_id: Mapped[int] = mapped_column(ForeignKey("park.id"), index=True)
    registered_on: Mapped[date] = mapped_column(Date)
    # GB/T 4754 国民经济行业分类 code, e.g. "C3985".
    industry_code: Mapped[str | None] = mapped_column(String(8))
    tech_field: Mapped[TechField | None] = mapped_column(Code(TechField))
    tech_subfield: Mapped[str | None] = mapped_column(String(100))
    ownership: Mapped[Ownership] = mapped_column(Code(Ownership))
    above_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    listing: Mapped[ListingStatus] = mapped_column(
        Code(ListingStatus), default=ListingStatus.UNLISTED
    )

    park: Mapped[Park] = relationship(back_populates="enterprises")
    figures: Mapped[list[YearlyFigures]] = relationship(
        back_populates="enterprise", order_by="YearlyFigures.year"
    )
    ip_items: Mapped[list[IntellectualProperty]] = relationship(back_populates="enterprise")
    qualifications: Mapped[list[Qualification]] = relationship(back_populates="enterprise")
    platforms: Mapped[list[Platform]] = relationship(back_populates="enterprise")
    events: Mapped[list[AwardEvent]] = relationship(back_populates="enterprise")
    incidents: Mapped[list[Incident]] = relationship(back_populates="enterprise")
    declarations: Mapped[list[Declaration]] = relationship(back_populates="enterprise")


class YearlyFigures(Base):
    """One accounting year of an enterprise, in the calibers of 国科发火〔2016〕195号.

    Every figure may be unknown (NULL): the rules report unknown, never zero, for a gap.
    """

    __tablename__ = "yearly_figures"
    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    year: Mapped[int] = mapped_column(Integer)
    # 职工总数 and 科技人员 as 全年月平均数 (195号 三(五)).
    employees: Mapped[Decimal | None] = mapped_column(Headcount)
    tech_staff: Mapped[Decimal | None] = mapped_column(Headcount)
    rd_staff: Mapped[Decimal | None] = mapped_column(Headcount)
    # 销售收入 = 主营业务收入 + 其他业务收入 (195号 三(六)5).
    main_business_income: Mapped[Decimal | None] = mapped_column(Money)
    other_business_income: Mapped[Decimal | None] = mapped_column(Money)
    sales_revenue: Mapped[Decimal | None] = mapped_column(Money)
    # 总收入 = 收入总额 − 不征税收入 (195号 三(四)2); we keep both parts.
    gross_income: Mapped[Decimal | None] = mapped_column(Money)
    non_taxable_income: Mapped[Decimal | None] = mapped_column(Money)
    total_income: Mapped[Decimal | None] = mapped_column(Money)
    high_tech_income: Mapped[Decimal | None] = mapped_column(Money)
    rd_expense: Mapped[Decimal | None] = mapped_column(Money)
    rd_expense_deduction: Mapped[Decimal | None] = mapped_column(Money)
    domestic_rd_expense: Mapped[Decimal | None] = mapped_column(Money)
    cost_and_expense: Mapped[Decimal | None] = mapped_column(Money)
    total_assets: Mapped[Decimal | None] = mapped_column(Money)
    liabilities: Mapped[Decimal | None] = mapped_column(Money)
    net_assets: Mapped[Decimal | None] = mapped_column(Money)
    net_profit: Mapped[Decimal | None] = mapped_column(Money)
    tax_paid: Mapped[Decimal | None] = mapped_column(Money)

    enterprise: Mapped[Enterprise] = relationship(back_populates="figures")
