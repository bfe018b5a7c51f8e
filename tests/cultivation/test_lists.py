"""The three lists on the demo district, against a count written here from the stored records
(plain SQL over the tables, not the code under test), on both backends and on two dates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from techzone.cultivation.lists import MonitoringLists, monitoring_lists
from techzone.cultivation.workbooks import write_lists_workbook
from techzone.demo.load import load_demo
from techzone.rules.loader import PackSet
from techzone.rules.records import UnknownZone
from techzone.store import Store

ZONE = "LZ-CG"
ROWS_SQL = """
SELECT e.uscc, e.above_scale, q.kind, q.issued_on, q.expires_on, q.status
FROM qualification q
JOIN enterprise e ON e.id = q.enterprise_id
JOIN park p ON p.id = e.park_id
JOIN zone z ON z.id = p.zone_id
WHERE z.code = :zone AND q.issued_on <= :day
ORDER BY e.uscc, q.issued_on, q.id
"""


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _records(store: Store, day: date) -> dict[str, list[tuple[str, date, date | None, str]]]:
    by_firm: dict[str, list[tuple[str, date, date | None, str]]] = defaultdict(list)
    with store.engine.connect() as connection:
        for uscc, _above, kind, issued, expires, status in connection.execute(
            text(ROWS_SQL), {"zone": ZONE, "day": day}
        ):
            by_firm[uscc].append(
                (kind, _day(issued), None if expires is None else _day(expires), status)
            )
    return by_firm


def _valid_on(row: tuple[str, date, date | None, str], day: date) -> bool:
    _kind, issued, expires, status = row
    return status == "valid" and issued <= day and (expires is None or expires >= day)


def _expected(store: Store, day: date) -> tuple[set[str], set[str], dict[int, set[str]]]:
    expiring: set[str] = set()
    provincial: set[str] = set()
    lapsed: dict[int, set[str]] = defaultdict(set)
    for uscc, rows in _records(store, day).items():
        hnte = [r for r in rows if r[0] == "hnte" and r[3] != "not_passed"]
        holds_hnte = any(_valid_on(r, day) for r in hnte)
        for _k, issued, expires, status in hnte:
            later = [r for r in hnte if r[1] > issued]
            if (
                status in ("valid", "expired")
                and expires
                and expires.year == day.year
                and not later
            ):
                expiring.add(uscc)
        if not holds_hnte and any(
            r[0] == "provincial_innovative" and _valid_on(r, day) for r in rows
        ):
            provincial.add(uscc)
        if hnte and not holds_hnte:
            _k, _issued, expires, status = hnte[-1]
            if status != "revoked" and expires is not None and expires.year < day.year:
                lapsed[expires.year].add(uscc)
    return expiring, provincial, dict(lapsed)


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store, enterprises=200, seed=3)
    return store


# 2024-12-31: most 2024 certificates were renewed in the autumn batches and leave list 1.
@pytest.mark.parametrize("day", [date(2026, 6, 30), date(2024, 12, 31)])
def test_three_lists_match_an_independent_count(demo: Store, packs: PackSet, day: date) -> None:
    with demo.transaction() as session:
        lists = monitoring_lists(session, packs, day, ZONE)
    expiring, provincial, lapsed = _expected(demo, day)
    assert {e.firm.uscc for e in lists.expiring} == expiring
    assert {p.firm.uscc for p in lists.provincial_without_hnte} == provincial
    assert {
        year: {item.firm.uscc for item in items} for year, items in lists.lapsed_by_year().items()
    } == lapsed
    assert expiring and provincial and lapsed, "the demo district has something on each list"
    assert len(lists.expiring) == len(expiring), "one row per enterprise"


def test_candidate_lists_follow_their_definitions(demo: Store, packs: PackSet) -> None:
    day = date(2026, 6, 30)
    with demo.transaction() as session:
        lists = monitoring_lists(session, packs, day, ZONE)
    records = _records(demo, day)
    with demo.engine.connect() as connection:
        above = {
            uscc
            for (uscc,) in connection.execute(
                text(
                    "SELECT e.uscc FROM enterprise e JOIN park p ON p.id = e.park_id "
                    "JOIN zone z ON z.id = p.zone_id WHERE z.code = :zone AND e.above_scale "
                    # seed 003 五(一)2 规上工业、服务业企业: not 建筑业 E, not 第一产业 A but A05
                    "AND (e.industry_code IS NULL OR NOT (e.industry_code LIKE 'E%' "
                    "OR (e.industry_code LIKE 'A%' AND e.industry_code NOT LIKE 'A05%')))"
                ),
                {"zone": ZONE},
            )
        }
    without_hnte = {
        uscc
        for uscc in above
        if not any(r[0] == "hnte" and _valid_on(r, day) for r in records.get(uscc, []))
    }
    assert {c.firm.uscc for c in lists.above_scale_to_high} == without_hnte
    keys = [c.readiness.rank_key() for c in lists.above_scale_to_high]
    assert keys == sorted(keys), "规进高 is ranked readiest first"
    for candidate in lists.small_to_high:
        rows = records[candidate.firm.uscc]
        assert not any(r[0] == "hnte" and _valid_on(r, day) for r in rows)
        assert any(
            r[0] in ("tech_sme", "provincial_innovative") and _valid_on(r, day) for r in rows
        )
        assert candidate.readiness.level in ("ready", "nearly")


def test_lists_workbook_holds_every_row(demo: Store, packs: PackSet, tmp_path: Any) -> None:
    with demo.transaction() as session:
        lists: MonitoringLists = monitoring_lists(session, packs, date(2026, 6, 30), ZONE)
    path = tmp_path / "清单.xlsx"
    write_lists_workbook(lists, path)
    book = load_workbook(path)
    assert book.sheetnames == [
        "到期需重新认定",
        "省科创非高企",
        "历年到期未重新认定",
        "小升高",
        "规进高",
        "小巨人向上",
        "梯度资质到期",
        "保持资质",
    ]
    usccs = {
        row[0]
        for row in book["到期需重新认定"].iter_rows(values_only=True)
        if row[0] and str(row[0]).startswith("91")
    }
    assert usccs == {e.firm.uscc for e in lists.expiring}


def test_little_giants_in_force_are_listed_with_both_tiers_above(
    demo: Store, packs: PackSet
) -> None:
    day = date(2026, 6, 30)
    with demo.transaction() as session:
        lists = monitoring_lists(session, packs, day, ZONE)
    expected = {
        uscc
        for uscc, rows in _records(demo, day).items()
        if any(r[0] == "little_giant" and _valid_on(r, day) for r in rows)
        and not any(r[0] == "mfg_champion" and _valid_on(r, day) for r in rows)
    }
    assert expected, "the demo district has 小巨人 in force"
    assert {g.firm.uscc for g in lists.little_giants} == expected
    for giant in lists.little_giants:
        assert giant.key.kind.value == "key_little_giant"
        assert giant.champion.kind.value == "mfg_champion"
        # The demo declares none of 148号's plan or 138号's market position: never decided eligible.
        assert giant.champion.status != "eligible"


def test_titles_ending_this_year_are_listed_once_per_certificate(
    demo: Store, packs: PackSet
) -> None:
    day = date(2026, 6, 30)
    with demo.transaction() as session:
        lists = monitoring_lists(session, packs, day, ZONE)
    expected = set()
    for uscc, rows in _records(demo, day).items():
        for kind in ("innovative_sme", "srdi_sme", "little_giant", "mfg_champion"):
            certificates = [r for r in rows if r[0] == kind and r[3] != "not_passed"]
            if not certificates:
                continue
            _kind, _issued, expires, status = certificates[-1]
            if status in ("valid", "expired") and expires is not None and expires.year == 2026:
                expected.add((uscc, kind))
    assert expected, "the demo district has titles ending in 2026"
    assert {(t.firm.uscc, t.kind.value) for t in lists.expiring_titles} == expected
    assert all(t.expires_on.year == 2026 for t in lists.expiring_titles)


def test_unknown_zone_is_a_clear_error(sqlite_store: Store, packs: PackSet) -> None:
    with sqlite_store.transaction() as session, pytest.raises(UnknownZone, match="NOPE"):
        monitoring_lists(session, packs, date(2026, 6, 30), "NOPE")


def test_the_upkeep_list_holds_every_hnte_holder_when_the_annual_report_is_due(
    demo: Store, packs: PackSet
) -> None:
    from techzone.cultivation.report_tables import list_sections

    day = date(2026, 5, 10)  # 21 days before the 31 May report (calendar lead: 30 days)
    with demo.transaction() as session:
        lists = monitoring_lists(session, packs, day, ZONE)
        holders = set(
            session.execute(
                text(
                    """SELECT e.uscc FROM qualification q
                       JOIN enterprise e ON e.id = q.enterprise_id
                       JOIN park p ON p.id = e.park_id JOIN zone z ON z.id = p.zone_id
                       WHERE z.code = :zone AND q.kind = 'hnte' AND q.status = 'valid'
                       AND q.issued_on <= :day AND (q.expires_on IS NULL OR q.expires_on >= :day)"""
                ),
                {"zone": ZONE, "day": day},
            ).scalars()
        )
    reported = {
        line.uscc
        for line in lists.upkeep
        if any(d.label == "高新技术企业年度发展情况报表" for d in line.title.due)
    }
    assert holders and reported == holders
    (section,) = [s for s in list_sections(lists) if s.sheet == "保持资质"]
    assert len(section.tables[0].rows) == sum(len(line.title.due) for line in lists.upkeep)
