"""申报材料清单: each item with its basis, what the register already holds, and the dated plan."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.cultivation.materials import listing, materials_file, materials_view, ready_by
from techzone.model.codes import QualificationKind as K
from techzone.rules.records import UnknownEnterprise
from techzone.store import Store
from tests.cultivation.factory import enterprise, figures, patent, uscc, write


def test_hnte_lists_the_eight_materials_of_32号_article_12_from_the_official_text() -> None:
    hnte = listing(K.HNTE)
    assert hnte is not None and hnte.confidence == "OFFICIAL-TEXT"
    refs = [item.basis.ref for item in hnte.items]
    assert refs == [f"国科发火〔2016〕32号 第十二条（一）{n}" for n in range(1, 9)]
    audit = next(item for item in hnte.items if item.id == "special_audit")
    assert audit.by == "intermediary" and (audit.held_in, audit.years) == ("figures", 3)
    assert "专项审计或鉴证报告" in audit.basis.text


def test_lists_resting_on_one_summary_or_one_province_say_so() -> None:
    for kind, found in materials_file().qualifications.items():
        assert found.items, kind
        assert all(item.basis.ref and item.basis.text for item in found.items)
        if found.confidence == "SINGLE":
            assert "第三方" in found.document + found.note or "第三方" in found.items[0].basis.ref
    for province_list in (K.INNOVATIVE_SME, K.SRDI_SME):
        provincial = listing(province_list)
        assert provincial is not None
        assert "广东" in provincial.document and "其他省份" in provincial.note


def test_a_qualification_no_document_lists_materials_for_has_none() -> None:
    assert listing(K.GAZELLE) is None and listing(K.PROVINCIAL_INNOVATIVE) is None


def test_each_item_is_dated_back_from_the_deadline_by_who_produces_it() -> None:
    hnte = listing(K.HNTE)
    assert hnte is not None
    by_id = {item.id: item for item in hnte.items}
    deadline = date(2026, 6, 30)
    assert ready_by(by_id["special_audit"], deadline) == date(2026, 5, 31)  # intermediary: 30
    assert ready_by(by_id["application_form"], deadline) == date(2026, 6, 23)  # enterprise: 7
    srdi = listing(K.SRDI_SME)
    assert srdi is not None
    social = next(item for item in srdi.items if item.id == "social_insurance")
    assert ready_by(social, deadline) == date(2026, 6, 15)  # another body's certificate: 15
    assert "本系统的选择" in materials_file().local_choice


@pytest.fixture
def firms(sqlite_store: Store) -> Store:
    write(
        sqlite_store,
        # 1: three accounting years before 2026 and a patent.
        enterprise(1),
        *(figures(1, year, **{"主营业务收入(元)": 1000000}) for year in (2023, 2024, 2025)),
        patent(1, "ZL202310000001", date(2023, 5, 1)),
        # 2: only the last two years, no IP.
        enterprise(2),
        *(figures(2, year, **{"主营业务收入(元)": 1000000}) for year in (2024, 2025)),
    )
    return sqlite_store


def test_the_register_says_what_it_holds_for_each_item(firms: Store) -> None:
    deadline = date(2026, 6, 30)
    with firms.transaction() as session:
        full = materials_view(session, K.HNTE, date(2026, 6, 1), uscc(1), deadline)
        short = materials_view(session, K.HNTE, date(2026, 6, 1), uscc(2), deadline)
    held = {line.item.id: line.held for line in full.lines}
    assert held["special_audit"] is True and held["ip_and_rd"] is True
    assert held["application_form"] is None  # the enterprise supplies it
    # Two years of three: the special audit's figures are missing; one year suffices for staff.
    held = {line.item.id: line.held for line in short.lines}
    assert held["special_audit"] is False and held["staff"] is True and held["ip_and_rd"] is False
    assert {line.item.id for line in short.missing_in_register} == {
        "ip_and_rd",
        "special_audit",
        "financial_reports",
        "tax_returns",
    }
    line = next(line for line in short.lines if line.item.id == "special_audit")
    assert line.register_text == "登记缺少：近3个会计年度的年度数据"
    assert line.ready_by == date(2026, 5, 31)


def test_an_unknown_enterprise_is_refused(firms: Store) -> None:
    with firms.transaction() as session, pytest.raises(UnknownEnterprise):
        materials_view(session, K.HNTE, date(2026, 6, 1), uscc(99))
