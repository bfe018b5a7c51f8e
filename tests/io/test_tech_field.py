"""The answer "outside the 8 fields" is offered, imported and stored like any field."""

from __future__ import annotations

from techzone.io.sheets import EnterpriseRow
from techzone.io.template import choices
from techzone.model.codes import SUPPORTED_TECH_FIELDS, TechField


def test_the_dropdown_offers_the_8_fields_and_outside_them() -> None:
    offered = choices(EnterpriseRow.model_fields["tech_field"])
    assert offered == [*(field.label for field in SUPPORTED_TECH_FIELDS), "不属于八大领域"]


def test_outside_the_8_fields_is_read_from_its_label_or_its_code() -> None:
    assert TechField.parse("不属于八大领域") is TechField.OUTSIDE
    assert TechField.parse("0") is TechField.OUTSIDE
    assert len(SUPPORTED_TECH_FIELDS) == 8 and TechField.OUTSIDE not in SUPPORTED_TECH_FIELDS
