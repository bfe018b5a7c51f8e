"""The synthetic demo world: deterministic, valid row by row, rich enough to exercise the rules."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import pytest

from techzone.demo.generator import (
    DEMO_AS_OF,
    DEMO_YEAR,
    DemoData,
    SheetRows,
    generate,
    row_maker,
)
from techzone.demo.generator import rows as generator_rows
from techzone.demo.zones import DEMO_ZONES
from techzone.io.sheets import (
    SHEETS,
    AwardEventRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneEventRow,
)
from techzone.model.codes import (
    EventKind,
    IncidentKind,
    IpClass,
    Level,
    Ownership,
    QualificationKind,
    QualificationStatus,
)

Rows = dict[type[Sheet], list[Sheet]]


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate()


@pytest.fixture(scope="module")
def rows(demo: DemoData) -> Rows:
    return {sheet: list(demo[sheet]) for sheet in SHEETS}


def _enterprises(rows: Rows) -> list[EnterpriseRow]:
    return [row for row in rows[EnterpriseRow] if isinstance(row, EnterpriseRow)]


def _figures(rows: Rows) -> list[YearlyFiguresRow]:
    return [row for row in rows[YearlyFiguresRow] if isinstance(row, YearlyFiguresRow)]


def _qualifications(rows: Rows) -> list[QualificationRow]:
    return [row for row in rows[QualificationRow] if isinstance(row, QualificationRow)]


def _hnte_certificates(rows: Rows) -> list[QualificationRow]:
    return [
        row
        for row in _qualifications(rows)
        if row.kind is QualificationKind.HNTE and row.status is not QualificationStatus.NOT_PASSED
    ]


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows() -> None:
    first = generate(300, seed=5)
    again = generate(300, seed=5)
    other = generate(300, seed=6)
    for sheet in SHEETS:
        assert list(first[sheet]) == list(again[sheet]), sheet.sheet_name
    assert list(first[EnterpriseRow]) != list(other[EnterpriseRow])
    assert list(first[YearlyFiguresRow]) != list(other[YearlyFiguresRow])


def test_rows_are_a_sequence(demo: DemoData, rows: Rows) -> None:
    figures = demo[YearlyFiguresRow]
    listed = rows[YearlyFiguresRow]
    assert len(figures) == len(listed)
    assert figures[0] == listed[0]
    assert figures[-1] == listed[-1]
    assert figures[100:105] == listed[100:105]
    assert figures[1:20:7] == listed[1:20:7]
    with pytest.raises(IndexError):
        figures[len(listed)]
    assert demo.counts() == {sheet.sheet_name: len(rows[sheet]) for sheet in SHEETS}
    assert list(demo) == list(SHEETS)


# --- validity ------------------------------------------------------------------------------


def _round_trip(sheet: type[Sheet], rows: Sequence[Sheet]) -> None:
    # Dumping applies the label serializers (民营, 是/否, JSON attributes) and validation
    # accepts labels, so this is the import path applied to what an export would write.
    for row in rows:
        assert sheet.model_validate(row.model_dump(by_alias=True)) == row, row


def test_a_sample_of_every_sheet_validates_at_the_default_size(rows: Rows) -> None:
    sample = random.Random(20260630)
    for sheet in SHEETS:
        chosen = rows[sheet]
        if len(chosen) > 300:
            chosen = sample.sample(chosen, 300)
        if sheet is ZoneEventRow:
            # The seeds date no zone's approval or evaluation: the demo invents none.
            assert not chosen
            continue
        assert chosen, sheet.sheet_name
        _round_trip(sheet, chosen)


def test_every_row_of_a_small_demo_validates() -> None:
    small = generate(150, seed=11)
    for sheet in SHEETS:
        _round_trip(sheet, list(small[sheet]))


def test_the_fast_row_maker_builds_what_model_construct_builds(rows: Rows) -> None:
    for sheet in SHEETS:
        if not rows[sheet]:  # 高新区事件: none in the demo
            continue
        row = rows[sheet][0]
        values = dict(row.__dict__)
        built = row_maker(sheet)(dict(values))
        constructed = sheet.model_construct(**values)
        assert built == constructed == row
        assert built.model_fields_set == constructed.model_fields_set
        assert list(built.__dict__) == list(constructed.__dict__)
        assert built.model_dump() == constructed.model_dump()


def test_natural_keys_are_unique(rows: Rows) -> None:
    # The writer upserts by these keys: a duplicate would silently merge two records.
    for sheet in SHEETS:
        keys = [row.key_values() for row in rows[sheet]]
        assert len(keys) == len(set(keys)), sheet.sheet_name


# --- what the demo must contain --------------------------------------------------------------


def test_every_event_and_incident_kind_appears(rows: Rows) -> None:
    events = {row.kind for row in rows[AwardEventRow] if isinstance(row, AwardEventRow)}
    incidents = {row.kind for row in rows[IncidentRow] if isinstance(row, IncidentRow)}
    assert events == set(EventKind)
    # Data fraud came after the demo's draws were fixed; drawing it would move every later draw.
    assert incidents == set(IncidentKind) - {IncidentKind.DATA_FRAUD}


def test_some_incidents_fall_within_the_last_365_days(rows: Rows) -> None:
    ages = [
        (DEMO_AS_OF - row.occurred_on).days
        for row in rows[IncidentRow]
        if isinstance(row, IncidentRow)
    ]
    assert any(age < 365 for age in ages)
    assert any(age >= 365 for age in ages)
    assert all(age >= 0 for age in ages)


def test_hnte_certificates_expire_in_every_year_2024_to_2028(rows: Rows) -> None:
    certificates = _hnte_certificates(rows)
    expiry_years = {row.expires_on.year for row in certificates if row.expires_on}
    assert set(range(2024, 2029)) <= expiry_years
    issue_years = {row.issued_on.year for row in certificates}
    assert set(range(2021, 2026)) <= issue_years
    for row in certificates:
        # Valid 3 years from the issue date (S-32 第九条).
        assert row.expires_on == row.issued_on.replace(year=row.issued_on.year + 3) - timedelta(1)
        assert row.level is Level.NATIONAL
        assert row.certificate_no.startswith(f"GR{row.issued_on.year}")
        assert len(row.certificate_no) == 14


def test_hnte_re_recognitions_lapses_and_failures(rows: Rows) -> None:
    by_enterprise: dict[str, list[QualificationRow]] = defaultdict(list)
    for row in _hnte_certificates(rows):
        by_enterprise[row.uscc].append(row)
    re_recognised = [held for held in by_enterprise.values() if len(held) > 1]
    assert re_recognised
    lapsed = [
        held
        for held in by_enterprise.values()
        if all(row.expires_on is not None and row.expires_on < DEMO_AS_OF for row in held)
    ]
    assert lapsed, "some HNTE lapsed without re-recognition"
    assert any(
        row.kind is QualificationKind.HNTE and row.status is QualificationStatus.NOT_PASSED
        for row in _qualifications(rows)
    )
    # Status follows the dates (or an incident revoked the certificate).
    for held in by_enterprise.values():
        for row in held:
            assert row.expires_on is not None
            if row.status is QualificationStatus.VALID:
                assert row.expires_on >= DEMO_AS_OF
            elif row.status is QualificationStatus.EXPIRED:
                assert row.expires_on < DEMO_AS_OF
            else:
                assert row.status is QualificationStatus.REVOKED


def test_hnte_holders_are_a_year_old_and_hold_ip(rows: Rows) -> None:
    registered = {row.uscc: row.registered_on for row in _enterprises(rows)}
    owners = {
        row.uscc
        for row in rows[IntellectualPropertyRow]
        if isinstance(row, IntellectualPropertyRow)
    }
    for row in _hnte_certificates(rows):
        if not row.certificate_no.startswith(f"GR{row.issued_on.year}{62}") and not (
            row.certificate_no.startswith(f"GR{row.issued_on.year}{45}")
        ):
            continue  # relocated in with another province's certificate
        assert (row.issued_on - registered[row.uscc]).days >= 365
        assert row.uscc in owners


def test_tech_sme_registrations_are_yearly(rows: Rows) -> None:
    registrations = [row for row in _qualifications(rows) if row.kind is QualificationKind.TECH_SME]
    assert registrations
    seen: set[tuple[str, int]] = set()
    for row in registrations:
        assert row.level is Level.NATIONAL
        assert row.expires_on == date(row.issued_on.year, 12, 31)
        assert (row.uscc, row.issued_on.year) not in seen
        seen.add((row.uscc, row.issued_on.year))
    assert {row.issued_on.year for row in registrations} == set(range(2022, DEMO_YEAR + 1))


def test_the_whole_ladder_is_present(rows: Rows) -> None:
    kinds = {row.kind for row in _qualifications(rows)}
    # The two tiers above 小巨人 came after the demo's draws were fixed: it holds none yet.
    above = {QualificationKind.KEY_LITTLE_GIANT, QualificationKind.MFG_CHAMPION}
    assert kinds == set(QualificationKind) - above


def test_some_enterprises_are_under_a_year_old(rows: Rows) -> None:
    ages = [(DEMO_AS_OF - row.registered_on).days for row in _enterprises(rows)]
    assert any(age < 365 for age in ages)
    assert min(row.registered_on for row in _enterprises(rows)) >= date(2000, 1, 1)
    assert max(row.registered_on for row in _enterprises(rows)) <= date(2025, 12, 31)


def test_enterprise_mix(rows: Rows) -> None:
    enterprises = _enterprises(rows)
    private = sum(row.ownership is Ownership.PRIVATE for row in enterprises) / len(enterprises)
    above = sum(row.above_scale for row in enterprises) / len(enterprises)
    assert 0.78 <= private <= 0.88
    assert 0.18 <= above <= 0.32
    assert all(row.industry_code and len(row.industry_code) == 5 for row in enterprises)
    assert {row.ownership for row in enterprises} >= {Ownership.STATE, Ownership.FOREIGN}


def test_every_zone_and_park_has_enterprises(rows: Rows) -> None:
    enterprises = _enterprises(rows)
    places = {(row.zone_code, row.park_code) for row in enterprises}
    assert places == {(zone.code, park.code) for zone in DEMO_ZONES for park in zone.parks}
    by_zone: dict[str, int] = defaultdict(int)
    for row in enterprises:
        by_zone[row.zone_code] += 1
    # The demo's focus: 白银高新区 and 城关区 hold most enterprises.
    assert by_zone["GS-BY"] + by_zone["LZ-CG"] > 0.6 * len(enterprises)


def test_figures_identities_hold_exactly(rows: Rows) -> None:
    figures = _figures(rows)
    for row in figures:
        main, other, sales = row.main_business_income, row.other_business_income, row.sales_revenue
        if main is not None and other is not None and sales is not None:
            assert sales == main + other
        gross, non_taxable, total = row.gross_income, row.non_taxable_income, row.total_income
        if gross is not None and non_taxable is not None and total is not None:
            assert total == gross - non_taxable
            if sales is not None:
                assert gross >= sales
        assets, liabilities, net = row.total_assets, row.liabilities, row.net_assets
        if assets is not None and liabilities is not None and net is not None:
            assert net == assets - liabilities
        if row.rd_staff is not None and row.tech_staff is not None:
            assert row.rd_staff <= row.tech_staff
        for name in YearlyFiguresRow.model_fields:
            value = getattr(row, name)
            if isinstance(value, Decimal):
                assert value == value.quantize(Decimal("0.01"))


def test_figures_exercise_unknowns_and_every_threshold(rows: Rows) -> None:
    figures = _figures(rows)
    assert any(
        getattr(row, name) is None for row in figures for name in YearlyFiguresRow.model_fields
    )
    years_per_enterprise: dict[str, set[int]] = defaultdict(set)
    for row in figures:
        years_per_enterprise[row.uscc].add(row.year)
    assert {min(years) for years in years_per_enterprise.values()} >= {2022, 2025}
    assert set().union(*years_per_enterprise.values()) == {2022, 2023, 2024, 2025}

    def ratios(part: str, whole: str) -> list[float]:
        out = []
        for row in figures:
            top, bottom = getattr(row, part), getattr(row, whole)
            if top is not None and bottom:
                out.append(float(top / bottom))
        return out

    tech = ratios("tech_staff", "employees")
    assert any(r < 0.10 for r in tech) and any(r >= 0.10 for r in tech)
    high_tech = ratios("high_tech_income", "total_income")
    assert any(r < 0.60 for r in high_tech) and any(r >= 0.60 for r in high_tech)
    domestic = ratios("domestic_rd_expense", "rd_expense")
    assert any(r < 0.60 for r in domestic) and any(r >= 0.60 for r in domestic)
    intensity = ratios("rd_expense", "sales_revenue")
    for low, high in ((0, 0.03), (0.03, 0.04), (0.04, 0.05), (0.05, 1.0)):
        assert any(low <= r < high for r in intensity)
    sales = [row.sales_revenue for row in figures if row.sales_revenue is not None]
    assert any(value > Decimal(200_000_000) for value in sales)
    assert any(row.net_profit is not None and row.net_profit < 0 for row in figures)


def test_ip_classes_follow_kinds(rows: Rows) -> None:
    items = [
        row for row in rows[IntellectualPropertyRow] if isinstance(row, IntellectualPropertyRow)
    ]
    assert {row.kind.label for row in items} == {
        "发明专利",
        "实用新型专利",
        "软件著作权",
        "外观设计专利",
        "商标",
    }
    for row in items:
        assert row.ip_class == row.kind.ip_class
        if row.used_for_hnte:
            assert row.ip_class is IpClass.II
    assert any(row.used_for_hnte for row in items)


def test_event_amounts_and_attributes(rows: Rows) -> None:
    events = [row for row in rows[AwardEventRow] if isinstance(row, AwardEventRow)]
    assert all(row.attributes for row in events)
    projects = [row.amount for row in events if row.kind is EventKind.NATIONAL_KEY_PROJECT]
    assert any(a is not None and a >= Decimal(3_000_000) for a in projects)
    assert any(a is not None and a < Decimal(3_000_000) for a in projects)
    hires = [row for row in events if row.kind is EventKind.RESEARCH_ASSISTANT_HIRE]
    for row in hires:
        assert row.amount == Decimal(
            row.attributes["人数"] * row.attributes["月数"] * row.attributes["月工资(元)"]
        )
        # 月数 of the hire's own year from its month on: a July hire has at most 6.
        assert 1 <= row.attributes["月数"] <= 13 - row.occurred_on.month
    assert hires
    prizes = [row.attributes for row in events if row.kind is EventKind.SCIENCE_PRIZE]
    assert all(prize["级别"] in ("国家级", "省级") and prize["排名"] >= 1 for prize in prizes)
    standards = [row.attributes for row in events if row.kind is EventKind.STANDARD_LED]
    assert {"国家标准", "行业标准"} <= {standard["级别"] for standard in standards}
    for row in events:
        assert row.occurred_on <= DEMO_AS_OF


def test_column_chunks_hold_exactly_the_rows_values(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks, so rows and columns both cross chunk boundaries.
    monkeypatch.setattr(generator_rows, "CHUNK", 97)
    demo = generate(150, seed=11)
    columnar = [sheet for sheet in SHEETS if isinstance(demo[sheet], SheetRows)]
    # All but the zones, parks and zone events, typed in as rows.
    assert len(columnar) == len(SHEETS) - 3
    for sheet in columnar:
        source = demo[sheet]
        assert isinstance(source, SheetRows)
        fields = tuple(sheet.model_fields)
        chunks = list(source.column_chunks())
        assert len(chunks) > 1 or len(source) <= 97, sheet.sheet_name
        assert all(tuple(chunk) == fields for chunk in chunks)
        values = [
            dict(zip(fields, row, strict=True))
            for chunk in chunks
            for row in zip(*chunk.values(), strict=True)
        ]
        rows = [row.__dict__ for row in source]
        assert values == rows, sheet.sheet_name
        assert len(values) == len(source)


def test_every_amount_has_exactly_two_places(rows: Rows) -> None:
    # As an import leaves them (parse_decimal quantizes to the fen): 1.50, never 1.5 or 1.500.
    amounts = [
        value
        for sheet in (YearlyFiguresRow, AwardEventRow)
        for row in rows[sheet]
        for value in row.__dict__.values()
        if isinstance(value, Decimal)
    ]
    assert len(amounts) > 10_000
    assert {amount.as_tuple().exponent for amount in amounts} == {-2}
