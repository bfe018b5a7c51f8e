"""The zone summary on a small crafted zone: every count checked by hand, dates on both sides."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import EnterpriseRow, ParkRow, QualificationRow, Sheet, ZoneRow
from techzone.io.writer import write_rows
from techzone.model.codes import QualificationKind
from techzone.rules.records import UnknownZone
from techzone.store import Store
from techzone.zones.summary import summarise
from techzone.zones.summary_workbook import write_summary

A, B, C = (synthetic_uscc(n) for n in (1, 2, 3))


def _enterprise(uscc: str, park: str) -> EnterpriseRow:
    return EnterpriseRow.model_validate(
        {
            "统一社会信用代码": uscc,
            "企业名称": f"企业{uscc[-4:]}",
            "高新区代码": "Z1",
            "园区代码": park,
            "成立日期": "2015-01-01",
            "所有制": "民营",
            "规上企业": "否",
            "上市状态": "未上市",
        }
    )


def _qualification(
    uscc: str, kind: str, number: str, issued: str, expires: str, status: str
) -> QualificationRow:
    return QualificationRow.model_validate(
        {
            "统一社会信用代码": uscc,
            "资质类型": kind,
            "级别": "国家级",
            "证书编号": number,
            "发证日期": issued,
            "有效期至": expires,
            "状态": status,
        }
    )


@pytest.fixture
def zone(sqlite_store: Store) -> Store:
    rows: dict[type[Sheet], list[Any]] = {
        ZoneRow: [
            ZoneRow.model_validate(
                {
                    "高新区代码": "Z1",
                    "高新区名称": "示例高新区",
                    "级别": "省级",
                    "省份": "甘肃省",
                    "城市": "白银市",
                }
            )
        ],
        ParkRow: [
            ParkRow.model_validate({"高新区代码": "Z1", "园区代码": "P1", "园区名称": "一园"}),
            ParkRow.model_validate({"高新区代码": "Z1", "园区代码": "P2", "园区名称": "二园"}),
        ],
        EnterpriseRow: [_enterprise(A, "P1"), _enterprise(B, "P1"), _enterprise(C, "P2")],
        QualificationRow: [
            # A: HNTE in force until the last day of 2026; expires this year.
            _qualification(A, "高新技术企业", "GR2023620001", "2023-12-01", "2026-11-30", "有效"),
            # B: HNTE that lapsed in 2025 (not this year) and a tech-SME registration for 2026.
            _qualification(B, "高新技术企业", "GR2022620002", "2022-11-01", "2025-10-31", "已过期"),
            _qualification(
                B, "科技型中小企业", "2026620100000001", "2026-04-01", "2026-12-31", "有效"
            ),
            # C: HNTE revoked: never counted, never listed.
            _qualification(C, "高新技术企业", "GR2024620003", "2024-12-01", "2027-11-30", "已撤销"),
        ],
    }
    with sqlite_store.transaction() as session:
        write_rows(session, rows)
    return sqlite_store


def test_counts_by_park_and_qualification_in_force(zone: Store) -> None:
    with zone.transaction() as session:
        (summary,) = summarise(session, date(2026, 6, 30))
    assert [(p.park_code, p.enterprises) for p in summary.parks] == [("P1", 2), ("P2", 1)]
    assert summary.holding(QualificationKind.HNTE) == 1
    assert summary.holding(QualificationKind.TECH_SME) == 1
    assert summary.parks[1].holding == {}


def test_a_certificate_counts_on_its_last_day_and_not_after(zone: Store) -> None:
    with zone.transaction() as session:
        (last_day,) = summarise(session, date(2026, 11, 30))
        (day_after,) = summarise(session, date(2026, 12, 1))
    assert last_day.holding(QualificationKind.HNTE) == 1
    assert day_after.holding(QualificationKind.HNTE) == 0


def test_a_qualification_counts_from_its_issue_day(zone: Store) -> None:
    with zone.transaction() as session:
        (before,) = summarise(session, date(2026, 3, 31))
        (on_issue,) = summarise(session, date(2026, 4, 1))
    assert before.holding(QualificationKind.TECH_SME) == 0
    assert on_issue.holding(QualificationKind.TECH_SME) == 1


def test_expiring_this_year_lists_valid_and_lapsed_but_not_revoked(zone: Store) -> None:
    with zone.transaction() as session:
        (in_2026,) = summarise(session, date(2026, 6, 30))
        (in_2025,) = summarise(session, date(2025, 6, 30))
        (in_2027,) = summarise(session, date(2027, 6, 30))
    assert [(c.uscc, c.certificate_no) for c in in_2026.expiring] == [
        (A, "GR2023620001"),
        (B, "2026620100000001"),
    ]
    assert [c.certificate_no for c in in_2025.expiring] == ["GR2022620002"]
    assert in_2027.expiring == []


def test_unknown_zone_is_a_clear_error(zone: Store) -> None:
    with (
        zone.transaction() as session,
        pytest.raises(UnknownZone, match="没有代码为「NOPE」的高新区"),
    ):
        summarise(session, date(2026, 6, 30), "NOPE")


def test_workbook_holds_the_same_numbers(zone: Store, tmp_path: Path) -> None:
    with zone.transaction() as session:
        summaries = summarise(session, date(2026, 6, 30))
    path = tmp_path / "out" / "summary.xlsx"
    write_summary(summaries, path)
    book = load_workbook(path)
    overview = [
        row
        for row in book["概览"].iter_rows(values_only=True)
        if row[0] in ("一园", "二园", "合计")
    ]
    hnte_column = 2 + list(QualificationKind).index(QualificationKind.HNTE)
    assert [(row[0], row[1], row[hnte_column]) for row in overview] == [
        ("一园", 2, 1),
        ("二园", 1, 0),
        ("合计", 3, 1),
    ]
    expiring = list(book["本年到期证书"].iter_rows(min_row=2, values_only=True))
    assert [row[5] for row in expiring] == ["GR2023620001", "2026620100000001"]
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"
