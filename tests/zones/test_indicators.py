"""Indicators of a demo zone equal counts written independently in plain SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from techzone.demo.load import load_demo
from techzone.demo.zones import zone_rows
from techzone.io.sheets import ZoneRow
from techzone.io.writer import write_rows
from techzone.store import Store, open_store
from techzone.zones.indicators import ZoneIndicators, zone_indicators
from techzone.zones.statistics import StatisticRejected, enter_statistic, statistic_history

YEAR = 2025
END = "2025-12-31"
ZONE = "GS-BY"
IN_ZONE = """
    e.park_id IN (SELECT p.id FROM park p JOIN zone z ON z.id = p.zone_id WHERE z.code = :zone)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('zones') / 'demo.sqlite'}")
    load_demo(store, enterprises=300, seed=1)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def by_2025(demo: Store) -> ZoneIndicators:
    with demo.transaction() as session:
        (row,) = zone_indicators(session, [YEAR], ZONE)
    return row


def _one(session: Session, sql: str) -> float | None:
    value = session.execute(text(sql), {"zone": ZONE, "end": END, "year": YEAR}).scalar()
    return None if value is None else float(value)


def test_enterprises_and_hnte(demo: Store, by_2025: ZoneIndicators) -> None:
    with demo.transaction() as session:
        firms = _one(
            session, f"SELECT count(*) FROM enterprise e WHERE {IN_ZONE} AND registered_on <= :end"
        )
        hnte = _one(
            session,
            f"""SELECT count(DISTINCT q.enterprise_id) FROM qualification q
                JOIN enterprise e ON e.id = q.enterprise_id
                WHERE {IN_ZONE} AND q.kind = 'hnte'
                AND (q.status NOT IN ('revoked', 'not_passed')
                     OR (q.status = 'revoked' AND q.revoked_on > :end))
                AND q.issued_on <= :end AND (q.expires_on IS NULL OR q.expires_on >= :end)""",
        )
        first = _one(
            session,
            f"""SELECT count(*) FROM (SELECT q.enterprise_id, min(q.issued_on) AS first
                FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id
                WHERE {IN_ZONE} AND q.kind = 'hnte' AND q.status <> 'not_passed'
                GROUP BY q.enterprise_id) f
                WHERE f.first >= '2025-01-01' AND f.first <= :end""",
        )
    assert hnte and firms and hnte > 0
    assert by_2025.values["enterprises"] == firms
    assert by_2025.values["hnte_total"] == hnte
    assert by_2025.values["hnte_share"] == pytest.approx(hnte / firms * 100)
    assert by_2025.values["hnte_first_recognised"] == first


def test_money_and_staff_sums(demo: Store, by_2025: ZoneIndicators) -> None:
    with demo.transaction() as session:
        high_tech = _one(
            session,
            f"""SELECT sum(f.high_tech_income) FROM yearly_figures f
                JOIN enterprise e ON e.id = f.enterprise_id WHERE {IN_ZONE} AND f.year = :year""",
        )
        rd = _one(
            session,
            f"""SELECT 100.0 * sum(f.rd_expense) / sum(f.sales_revenue) FROM yearly_figures f
                JOIN enterprise e ON e.id = f.enterprise_id
                WHERE {IN_ZONE} AND f.year = :year AND e.above_scale
                AND substr(e.industry_code, 1, 1) IN ('B', 'C', 'D')
                AND f.rd_expense IS NOT NULL AND f.sales_revenue IS NOT NULL""",
        )
        patents = _one(
            session,
            f"""SELECT count(*) FROM intellectual_property i
                JOIN enterprise e ON e.id = i.enterprise_id
                WHERE {IN_ZONE} AND i.kind = 'invention_patent' AND i.status = 'valid'
                AND i.granted_on <= :end""",
        )
    assert high_tech is not None and rd is not None
    # Money is stored in fen: 万元 = fen / 100 / 10000.
    assert by_2025.values["high_tech_income"] == pytest.approx(high_tech / 1_000_000)
    assert by_2025.values["above_scale_industry_rd_intensity"] == pytest.approx(rd)
    assert by_2025.values["invention_patents"] == patents


def test_lead_industry_concentration_uses_the_mapping(demo: Store, by_2025: ZoneIndicators) -> None:
    # 白银's lead industries 循环化工、生物医药 (seed 001 measure 13), mapped by
    # zones/lead_industries.yaml, written out as class prefixes.
    prefixes = ["C26", "C42", "C27", "C358"]
    like = " OR ".join(f"e.industry_code LIKE '{p}%'" for p in prefixes)
    with demo.transaction() as session:
        share = _one(
            session,
            f"""SELECT 100.0 * sum(CASE WHEN {like} THEN f.sales_revenue ELSE 0 END)
                / sum(f.sales_revenue) FROM yearly_figures f
                JOIN enterprise e ON e.id = f.enterprise_id
                WHERE {IN_ZONE} AND f.year = :year AND f.sales_revenue IS NOT NULL""",
        )
    assert by_2025.values["lead_industry_concentration"] == pytest.approx(share)


def test_entered_statistics_keep_who_and_when(store: Store) -> None:
    with store.transaction() as session:
        write_rows(session, {ZoneRow: zone_rows()})
        enter_statistic(session, ZONE, YEAR, "gdp", 210.5, "张三", datetime(2026, 2, 1), "统计公报")
        enter_statistic(session, ZONE, YEAR, "gdp", 212.0, "李四", datetime(2026, 3, 1))
        with pytest.raises(StatisticRejected, match="不是可录入的指标"):
            # Summed from each year's entries, never typed.
            enter_statistic(
                session, ZONE, YEAR, "listings_new_cumulative", 1, "张三", datetime(2026, 3, 1)
            )
        # Computed indicators take an officer's value too, used only where the records fall short:
        # the zone has no enterprises, so it has 0 HNTE (known) and no R&D intensity (unknown).
        enter_statistic(session, ZONE, YEAR, "hnte_total", 5, "张三", datetime(2026, 3, 1))
        enter_statistic(
            session, ZONE, YEAR, "规上工业企业研发经费投入强度", 1.2, "张三", datetime(2026, 3, 1)
        )
    with store.transaction() as session:
        (row,) = zone_indicators(session, [YEAR], ZONE)
        history = statistic_history(session, ZONE, YEAR, "gdp")
    assert row.values["gdp"] == 212.0
    assert row.values["hnte_total"] == 0 and "hnte_total" not in row.entries
    assert row.values["above_scale_industry_rd_intensity"] == 1.2
    assert row.entries["above_scale_industry_rd_intensity"].entered_by == "张三"
    assert (row.entries["gdp"].entered_by, row.entries["gdp"].entered_at) == (
        "李四",
        datetime(2026, 3, 1),
    )
    assert [(e.value, e.entered_by, e.source) for e in history] == [
        (210.5, "张三", "统计公报"),
        (212.0, "李四", None),
    ]


HOLDERS_AT = """
    SELECT DISTINCT q.enterprise_id FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id
    WHERE {in_zone} AND q.kind = 'hnte' AND q.status NOT IN ('revoked', 'not_passed')
    AND q.issued_on <= :day AND (q.expires_on IS NULL OR q.expires_on >= :day)
"""


def _hnte_employees(session: Session, year: int) -> float:
    holders = HOLDERS_AT.format(in_zone=IN_ZONE)
    value = session.execute(
        text(
            f"""SELECT sum(f.employees) FROM yearly_figures f
                WHERE f.year = :year AND f.enterprise_id IN ({holders})"""
        ),
        {"zone": ZONE, "year": year, "day": f"{year}-12-31"},
    ).scalar()
    # Headcounts are stored in hundredths of a person; no holder with figures sums to none.
    return 0.0 if value is None else float(value) / 100


def test_growth_and_hnte_employees(demo: Store, by_2025: ZoneIndicators) -> None:
    with demo.transaction() as session:
        growth = _one(
            session,
            f"""SELECT 100.0 * (sum(now.high_tech_income) * 1.0 / sum(before.high_tech_income) - 1)
                FROM yearly_figures now
                JOIN yearly_figures before ON before.enterprise_id = now.enterprise_id
                    AND before.year = now.year - 1
                JOIN enterprise e ON e.id = now.enterprise_id
                WHERE {IN_ZONE} AND now.year = :year
                AND now.high_tech_income IS NOT NULL AND before.high_tech_income IS NOT NULL""",
        )
        employees_2025 = _hnte_employees(session, YEAR)
        employees_2024 = _hnte_employees(session, YEAR - 1)
    assert growth is not None and employees_2025 > 0
    assert by_2025.values["high_tech_income_growth"] == pytest.approx(growth)
    assert by_2025.values["hnte_employees"] == pytest.approx(employees_2025)
    assert by_2025.values["hnte_employees_added"] == pytest.approx(employees_2025 - employees_2024)


def test_incubator_coverage_counts_lead_industries_with_an_incubator(
    demo: Store, by_2025: ZoneIndicators
) -> None:
    from techzone.zones.catalogue import lead_industry_prefixes

    prefixes = lead_industry_prefixes()
    with demo.transaction() as session:
        focus = session.execute(
            text("SELECT focus_industries FROM zone WHERE code = :zone"), {"zone": ZONE}
        )
        stored = focus.scalar_one()  # JSON text on SQLite
        industries = [i for i in json.loads(stored) if i in prefixes]
        covered = 0
        for industry in industries:
            like = " OR ".join(f"e.industry_code LIKE '{p}%'" for p in prefixes[industry])
            incubators = _one(
                session,
                f"""SELECT count(*) FROM platform p JOIN enterprise e ON e.id = p.enterprise_id
                    WHERE {IN_ZONE} AND p.kind = 'incubator' AND p.recognised_on <= :end
                    AND ({like})""",
            )
            covered += bool(incubators)
    assert industries
    assert by_2025.values["incubator_coverage"] == pytest.approx(covered / len(industries) * 100)


def test_a_revoked_incubator_stops_counting_from_its_status_date(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    revoke = text(
        "UPDATE platform SET status = 'revoked', status_on = :on WHERE kind = 'incubator'"
    )

    def incubators(on: str | None) -> dict[str, int]:
        with store.transaction() as session:
            if on is not None:
                session.execute(revoke, {"on": on})
            (row,) = zone_indicators(session, [YEAR], ZONE)
            return row.incubators

    try:
        load_demo(store, enterprises=2000, seed=0)
        in_force = incubators(None)
        revoked_after_the_year = incubators("2026-01-01")
        revoked_on_its_last_day = incubators("2025-12-31")
    finally:
        store.dispose()
    assert sum(in_force.values()) > 0
    assert revoked_after_the_year == in_force
    assert sum(revoked_on_its_last_day.values()) == 0


@pytest.mark.parametrize(
    ("indicator", "value", "accepted"),
    [
        ("enterprises", 5.5, False),  # 5.5 家 was stored as typed
        ("enterprises", 0.999, False),
        ("enterprises", 6, True),
        ("enterprises", 6.0, True),  # what "6" becomes as a number
        ("gdp", 210.5, True),  # an amount keeps its decimals
        ("每万人R&D人员", 12.5, True),  # per ten thousand people: a rate, not a head count
        ("万人发明专利拥有量", 3.25, True),
        ("有效发明专利", 3.25, False),
    ],
)
def test_a_count_is_a_whole_number(
    sqlite_store: Store, indicator: str, value: float, accepted: bool
) -> None:
    with sqlite_store.transaction() as session:
        write_rows(session, {ZoneRow: zone_rows()})
    with sqlite_store.transaction() as session:
        if accepted:
            enter_statistic(session, ZONE, YEAR, indicator, value, "张三", datetime(2026, 3, 1))
            return
        with pytest.raises(StatisticRejected, match="须为整数"):
            enter_statistic(session, ZONE, YEAR, indicator, value, "张三", datetime(2026, 3, 1))
