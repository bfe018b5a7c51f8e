"""What an enterprise declares that no record holds: not on the abnormal lists, no prohibited
products, the self-assessed bands of the HNTE expert items, …

Each declaration names an item a rule pack declares (``declarations:`` in ``packs/``), carries
the value as the officer typed it (normalised: 是/否, a band letter, a number), the day it was
made and who stands behind it. Which declarations count on an assessment date is decided in
``rules/frame.py`` (see ``docs/profile.md``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code
from techzone.model.codes import DeclarationSource

if TYPE_CHECKING:
    from techzone.model.enterprise import Enterprise


class Declaration(Base):
    __tablename__ = "declaration"
    # A later declaration of the same item replaces an earlier one; both are kept.
    __table_args__ = (UniqueConstraint("enterprise_id", "item", "declared_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    # The pack's name of the item (tech_sme_not_on_abnormal_lists), stable across label changes.
    item: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(64))
    declared_on: Mapped[date] = mapped_column(Date)
    source: Mapped[DeclarationSource] = mapped_column(Code(DeclarationSource))
    note: Mapped[str | None] = mapped_column(String(500))

    enterprise: Mapped[Enterprise] = relationship(back_populates="declarations")
