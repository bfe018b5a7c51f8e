"""On-site check risk for 科技型中小企业 applicants: each situation of the 2026 notice on both
sides of its threshold, unknown where the register lacks the figure."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.cultivation.applications import open_application
from techzone.cultivation.onsite import onsite_list, onsite_risk, onsite_rules
from techzone.io.sheets import IncidentRow
from techzone.model.codes import QualificationKind as K
from techzone.store import Store
from tests.cultivation.factory import enterprise, figures, patent, qualification, uscc, write

DAY = date(2026, 6, 1)


def incident(number: int, on: date) -> IncidentRow:
    return IncidentRow.model_validate(
        {"统一社会信用代码": uscc(number), "事件类型": "严重失信行为", "发生日期": on}
    )


@pytest.fixture
def firms(sqlite_store: Store) -> Store:
    write(
        sqlite_store,
        # 1: 5 staff, R&D 99,999.99 yuan, no IP, never registered: every situation but one.
        enterprise(1),
        figures(1, 2025, **{"职工总数": 5, "研发费用-加计扣除口径(元)": "99999.99"}),
        # 2: 6 staff, R&D exactly 100,000 yuan, a patent, registered in 2025; a serious breach of
        # trust on 2023-06-01, the first day of the three years before 2026-06-01.
        enterprise(2),
        figures(2, 2025, **{"职工总数": 6, "研发费用-加计扣除口径(元)": 100000}),
        patent(2, "ZL202010000002", date(2020, 5, 1)),
        qualification(
            2, "科技型中小企业", "2025620102000002", date(2025, 5, 1), date(2025, 12, 31), "已过期"
        ),
        incident(2, date(2023, 6, 1)),
        # 3: no 2025 figures; a breach one day before the window; a registration revoked in 2024.
        enterprise(3),
        incident(3, date(2023, 5, 31)),
        qualification(
            3,
            "科技型中小企业",
            "2024620102000003",
            date(2024, 5, 1),
            date(2024, 12, 31),
            "已撤销",
            revoked_on=date(2024, 9, 1),
        ),
    )
    return sqlite_store


def _states(store: Store, number: int) -> dict[str, str]:
    with store.transaction() as session:
        risk = onsite_risk(session, uscc(number), 2026, DAY)
    return {t.id: t.state for t in risk.triggers}


def test_the_thresholds_on_both_sides(firms: Store) -> None:
    assert _states(firms, 1) == {
        "few_staff": "triggered",  # 5 ≤ 5
        "no_ip": "triggered",
        "low_rd": "triggered",  # 99,999.99 < 100,000
        "dishonesty": "clear",
        "first_time": "triggered",
    }
    assert _states(firms, 2) == {
        "few_staff": "clear",  # 6
        "no_ip": "clear",
        "low_rd": "clear",  # 100,000 is not below 100,000
        "dishonesty": "triggered",  # 2023-06-01 is inside the three years
        "first_time": "clear",
    }


def test_missing_figures_are_unknown_and_a_revoked_registration_counts(firms: Store) -> None:
    states = _states(firms, 3)
    assert states["few_staff"] == "unknown" and states["low_rd"] == "unknown"
    # The breach of 2023-05-31 is outside the window, but the 2024 revocation is inside.
    assert states["dishonesty"] == "triggered"
    with firms.transaction() as session:
        risk = onsite_risk(session, uscc(3), 2026, DAY)
    (dishonesty,) = [t for t in risk.triggers if t.id == "dishonesty"]
    assert dishonesty.detail == "入库编号被撤销1次"
    assert "单一来源" in onsite_rules().document


def test_the_list_is_the_year_s_tech_sme_applications_not_yet_put_forward(firms: Store) -> None:
    with firms.transaction() as session:
        open_application(session, uscc(1), K.TECH_SME, 2026, "区科技局", "张三", date(2026, 5, 1))
        open_application(session, uscc(2), K.HNTE, 2026, "区科技局", "张三", date(2026, 5, 1))
    with firms.transaction() as session:
        listed = onsite_list(session, 2026, DAY)
    assert [risk.uscc for risk in listed] == [uscc(1)]
    assert len(listed[0].triggered) == 4
