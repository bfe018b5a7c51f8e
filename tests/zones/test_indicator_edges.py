"""Zone indicators at their edges, on a crafted register small enough to count by hand.

A zone with no enterprises, years nobody reported, zero denominators, a previous year that is
unknown, a lead industry named twice: each is None or zero exactly as the definitions say, on
both backends, and the same whichever way the records are read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from techzone.demo.identity import synthetic_uscc
from techzone.model import (
    Enterprise,
    IntellectualProperty,
    Park,
    Platform,
    Qualification,
    YearlyFigures,
    Zone,
)
from techzone.model.codes import (
    IpAcquisition,
    IpKind,
    IpStatus,
    Level,
    Ownership,
    PlatformKind,
    QualificationKind,
    QualificationStatus,
    ZoneLevel,
)
from techzone.store import Store
from techzone.zones.indicators import ZoneIndicators, zone_indicators

YEARS = [2022, 2023, 2024, 2025]
# Sums and ratios over yearly figures: unknown when no firm reported what they read.
FROM_FIGURES = (
    "high_tech_income",
    "high_tech_income_growth",
    "hnte_employees",
    "hnte_employees_added",
    "above_scale_industry_rd_intensity",
    "lead_industry_concentration",
)


def _zone(code: str, focus: list[str]) -> Zone:
    return Zone(
        code=code,
        name=f"{code}高新区",
        level=ZoneLevel.PROVINCIAL,
        province="甘肃省",
        city="白银市",
        focus_industries=focus,
    )


def _firm(number: int, park: Park, industry: str | None, above_scale: bool) -> Enterprise:
    return Enterprise(
        uscc=synthetic_uscc(number),
        name=f"示例企业{number}",
        park=park,
        registered_on=date(2020, 1, 1),
        industry_code=industry,
        ownership=Ownership.PRIVATE,
        above_scale=above_scale,
    )


def _hnte(firm: Enterprise, number: str, issued: date, status: QualificationStatus) -> None:
    firm.qualifications.append(
        Qualification(
            kind=QualificationKind.HNTE,
            level=Level.NATIONAL,
            certificate_no=number,
            issued_on=issued,
            expires_on=date(issued.year + 3, issued.month, issued.day),
            status=status,
        )
    )


def _patent(firm: Enterprise, number: str, granted: date | None, status: IpStatus) -> None:
    firm.ip_items.append(
        IntellectualProperty(
            kind=IpKind.INVENTION_PATENT,
            number=number,
            granted_on=granted,
            acquisition=IpAcquisition.OWN,
            status=status,
        )
    )


def _write(session: Session) -> None:
    # 未来产业 has no classes in the mapping and 循环化工 is named twice: one mapped industry.
    zone = _zone("Z1", ["循环化工", "循环化工", "未来产业"])
    park = Park(zone=zone, code="P1", name="一园")
    # An empty zone whose one mapped lead industry (C26, C42) has no incubator.
    session.add(_zone("Z0", ["循环化工"]))
    chemicals = _firm(1, park, "C2611", above_scale=True)
    services = _firm(2, park, "I6510", above_scale=False)
    unclassified = _firm(3, park, None, above_scale=False)
    chemicals.figures = [
        YearlyFigures(year=2023, high_tech_income=Decimal(0)),
        YearlyFigures(year=2024, high_tech_income=Decimal("100.00"), rd_expense=Decimal(5)),
        YearlyFigures(
            year=2025,
            high_tech_income=Decimal("200.00"),
            sales_revenue=Decimal(0),
            rd_expense=Decimal("7.00"),
        ),
    ]
    services.figures = [
        YearlyFigures(year=2024, sales_revenue=Decimal("80.00")),
        YearlyFigures(year=2025, high_tech_income=Decimal("50.01")),
    ]
    unclassified.figures = [
        YearlyFigures(year=2024, net_profit=Decimal("1.00")),
        YearlyFigures(year=2025, employees=Decimal("30.50")),
    ]
    # Revoked: never held, yet the first certificate (2022). Not passed: no certificate at all.
    _hnte(chemicals, "GR2022", date(2022, 1, 1), QualificationStatus.REVOKED)
    _hnte(services, "GR2025", date(2025, 3, 1), QualificationStatus.NOT_PASSED)
    _hnte(unclassified, "GR2023", date(2023, 11, 1), QualificationStatus.VALID)
    _patent(unclassified, "ZL1", date(2025, 2, 1), IpStatus.VALID)
    _patent(unclassified, "ZL2", None, IpStatus.VALID)
    _patent(unclassified, "ZL3", date(2023, 2, 1), IpStatus.LAPSED)
    chemicals.platforms.append(
        Platform(
            kind=PlatformKind.INCUBATOR,
            level=Level.PROVINCIAL,
            name="化工孵化器",
            recognised_on=date(2025, 6, 1),
        )
    )
    session.add_all([chemicals, services, unclassified])


def _by_zone_year(rows: list[ZoneIndicators]) -> dict[tuple[str, int], ZoneIndicators]:
    return {(r.zone, r.year): r for r in rows}


@pytest.fixture
def crafted(store: Store) -> dict[tuple[str, int], ZoneIndicators]:
    with store.transaction() as session:
        _write(session)
    with store.transaction() as session:
        return _by_zone_year(zone_indicators(session, YEARS))


def test_a_zone_without_enterprises(crafted: dict[tuple[str, int], ZoneIndicators]) -> None:
    empty = crafted["Z0", 2025]
    assert empty.values["enterprises"] == 0.0
    assert empty.values["hnte_total"] == 0.0
    # No enterprises: the share's denominator is zero, so the share is unknown, not 0 %.
    assert empty.values["hnte_share"] is None
    assert empty.values["invention_patents"] == 0.0
    assert {code: empty.values[code] for code in FROM_FIGURES} == dict.fromkeys(FROM_FIGURES)
    assert empty.incubators == {"循环化工": 0}
    assert empty.values["incubator_coverage"] == 0.0


def test_a_year_nobody_reported(crafted: dict[tuple[str, int], ZoneIndicators]) -> None:
    values = crafted["Z1", 2022].values
    assert {code: values[code] for code in FROM_FIGURES} == dict.fromkeys(FROM_FIGURES)
    assert values["enterprises"] == 3.0
    assert values["hnte_total"] == 0.0
    assert values["hnte_share"] == 0.0
    assert values["hnte_first_recognised"] == 1.0


def test_zero_denominators_are_unknown(crafted: dict[tuple[str, int], ZoneIndicators]) -> None:
    # Growth over a high-tech income of 0 (2023, the only firm reporting both years).
    assert crafted["Z1", 2024].values["high_tech_income_growth"] is None
    values = crafted["Z1", 2025].values
    # The only above-scale industrial firm sold nothing; so did every reporting firm.
    assert values["above_scale_industry_rd_intensity"] is None
    assert values["lead_industry_concentration"] is None
    # Sales of 80 yuan, none by a lead-industry firm: a known 0 %, not unknown.
    assert crafted["Z1", 2024].values["lead_industry_concentration"] == 0.0


def test_sums_count_the_firms_that_reported(
    crafted: dict[tuple[str, int], ZoneIndicators],
) -> None:
    values = crafted["Z1", 2025].values
    assert values["high_tech_income"] == float(Decimal("250.01") / 10000)
    # Only the firm reporting both years counts: 200 against 100, not 250.01 against 100.
    assert values["high_tech_income_growth"] == 100.0
    assert values["hnte_employees"] == 30.5
    # The holder filed 2024 figures without a headcount: the increase is unknown, not 30.5.
    assert crafted["Z1", 2024].values["hnte_employees"] is None
    assert values["hnte_employees_added"] is None
    # One holder of three firms; the failed 2025 application neither holds nor counts as first.
    assert values["hnte_share"] == pytest.approx(100 / 3)
    assert values["hnte_first_recognised"] == 0.0
    # Granted and valid only: not the lapsed patent of 2023, not the one without a grant date.
    assert crafted["Z1", 2023].values["invention_patents"] == 0.0
    assert values["invention_patents"] == 1.0


def test_incubators_count_each_lead_industry_once(
    crafted: dict[tuple[str, int], ZoneIndicators],
) -> None:
    assert crafted["Z1", 2024].incubators == {"循环化工": 0}
    assert crafted["Z1", 2024].values["incubator_coverage"] == 0.0
    assert crafted["Z1", 2025].incubators == {"循环化工": 1}
    assert crafted["Z1", 2025].values["incubator_coverage"] == 100.0


def test_one_zone_and_unsaved_records_read_the_same(
    store: Store, crafted: dict[tuple[str, int], ZoneIndicators]
) -> None:
    with store.transaction() as session:
        (alone,) = zone_indicators(session, [2025], "Z1")
        # After a write in the same transaction the records are read through the session, not
        # the columnar connection (which would not see the write).
        session.add(_zone("Z9", []))
        session.flush()
        unsaved = _by_zone_year(zone_indicators(session, YEARS))
    assert alone == crafted["Z1", 2025]
    assert unsaved["Z9", 2025].values["incubator_coverage"] is None
    assert {key: unsaved[key] for key in crafted} == crafted
