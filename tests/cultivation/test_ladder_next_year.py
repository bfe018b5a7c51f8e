"""When no batch of the year is within reach, the ladder aims at next year's first — where the
calendar publishes one — and an HNTE cancelled in an earlier year may be applied for again.

城关区方案 四(三): batches at 6月底、8月中旬、9月底, for 2024—2027年 only. 32号 第十一条(一):
one year of registration by the application. 195号 五(六)3: "无论何种原因被取消高新技术企业资格
的，当年不得再次申请高新技术企业认定" — the year of cancellation only.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from techzone.cultivation.ladder import LadderView, NextStep, PlanItem, ladder_view
from techzone.io.sheets import Sheet
from techzone.model.codes import QualificationKind
from techzone.rules.loader import PackSet
from techzone.store import Store, open_store
from tests.cultivation.factory import enterprise, patent, qualification, uscc, write

K = QualificationKind
INNOVATIVE = "省级科技创新型企业"


@pytest.fixture(scope="module")
def firms(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("next_year") / "techzone.sqlite"
    shutil.copyfile(migrated_sqlite, path)
    store = open_store(f"sqlite:///{path}")
    rows: list[Sheet] = []
    # 11, 12: 省级科技创新型企业 (HNTE the next rung), one invention patent; 11 is a year old on
    # 2026-09-30 (the third batch, 365 days), 12 a day short of it. 13: a year old on 2027-09-30
    # only, after the plan's last year.
    for number, registered in ((11, date(2025, 9, 30)), (12, date(2025, 10, 1))):
        rows += _innovative(number, registered)
    rows += _innovative(13, date(2026, 10, 1))
    # 14: as 12 without a patent; 15: without a patent, registered long ago.
    rows += _innovative(14, date(2025, 10, 1))[:2]
    rows += _innovative(15, date(2016, 1, 1))[:2]
    # 21: HNTE cancelled on the last day of 2025; 22: on the first day of 2026. Both registered
    # long ago with a patent, holding nothing else.
    for number, cancelled in ((21, date(2025, 12, 31)), (22, date(2026, 1, 1))):
        rows += [
            enterprise(number),
            patent(number, f"ZL20201000{number}", date(2020, 5, 1)),
            qualification(
                number,
                "高新技术企业",
                f"GR2024620000{number}",
                date(2024, 12, 1),
                date(2027, 11, 30),
                status="已撤销",
                revoked_on=cancelled,
            ),
        ]
    # 23: cancelled, its day not recorded: the year it bars is not known.
    rows += [
        enterprise(23),
        qualification(
            23, "高新技术企业", "GR202462000023", date(2024, 12, 1), date(2027, 11, 30), "已撤销"
        ),
    ]
    write(store, *rows)
    try:
        yield store
    finally:
        store.dispose()


def _innovative(number: int, registered: date) -> list[Sheet]:
    return [
        enterprise(number, registered=registered),
        qualification(
            number, INNOVATIVE, f"GSKC20250000{number}", date(2025, 12, 1), None, level="省级"
        ),
        patent(number, f"ZL20251000{number}", date(2025, 11, 1)),
    ]


def _view(store: Store, packs: PackSet, number: int, day: date) -> LadderView:
    with store.transaction() as session:
        return ladder_view(session, packs, uscc(number), day)


def _hnte(view: LadderView) -> NextStep:
    return next(step for step in view.steps if step.kind == K.HNTE)


def _dated(step: NextStep) -> list[tuple[date, str]]:
    return [(o.deadline.on, o.readiness.status) for o in step.batches]


def test_a_year_old_by_the_last_batch_aims_at_it(firms: Store, packs: PackSet) -> None:
    step = _hnte(_view(firms, packs, 11, date(2026, 6, 1)))
    assert step.target is not None and step.target.deadline.on == date(2026, 9, 30)
    assert step.note is None
    assert step.plan[-1] == PlanItem(date(2026, 9, 30), "完成第三批审核推荐")


def test_a_day_short_of_a_year_on_the_last_batch_aims_at_next_years_first(
    firms: Store, packs: PackSet
) -> None:
    step = _hnte(_view(firms, packs, 12, date(2026, 6, 1)))
    assert _dated(step)[:3] == [
        (date(2026, 6, 30), "ineligible"),
        (date(2026, 8, 15), "ineligible"),
        (date(2026, 9, 30), "ineligible"),
    ]
    # One day short on 2026-09-30; on 2027-06-30 it is a year old, its 2026 figures still to come.
    assert step.batches[3].deadline.on == date(2027, 6, 30)
    assert step.target is step.batches[3] and step.target.readiness.status == "unknown"
    assert step.note is not None
    assert "2026年剩余批次均赶不上（注册成立一年以上）" in step.note
    assert "2027年第一批审核推荐" in step.note
    # The plan works back from 2027-06-30: nothing is due by a 2026 date it cannot make.
    assert step.plan[-1].by == date(2027, 6, 30)
    assert all(item.by.year == 2027 for item in step.plan)
    assert not any("注册成立一年以上" in item.text for item in step.plan)


def test_after_the_plans_last_year_no_batch_is_promised(firms: Store, packs: PackSet) -> None:
    # Registered 2026-10-01: no 2027 batch (its last, 2027-09-30, is the 364th day); 城关区方案
    # gives no 2028 dates.
    step = _hnte(_view(firms, packs, 13, date(2027, 6, 1)))
    assert [on for on, _ in _dated(step)] == [
        date(2027, 6, 30),
        date(2027, 8, 15),
        date(2027, 9, 30),
    ]
    assert step.target is None and step.plan == ()
    assert step.note is not None and "2027年剩余批次均赶不上（注册成立一年以上）" in step.note
    assert "只适用于2024—2027年" in step.note and "2028年的日期以当年通知为准" in step.note


def test_a_firm_short_of_a_year_without_ip_plans_the_ip_for_next_year(
    firms: Store, packs: PackSet
) -> None:
    # Time removes the year of registration, not the missing core IP: 2027's first batch is the
    # one to work to, and it still asks for the IP.
    step = _hnte(_view(firms, packs, 14, date(2026, 6, 1)))
    assert _dated(step)[3] == (date(2027, 6, 30), "ineligible")
    assert step.target is None
    assert step.note is not None and "2026年剩余批次均赶不上（注册成立一年以上）" in step.note
    assert "届时仍不符合条件" in step.note
    ip = [item for item in step.plan if item.text.startswith("满足条件")]
    assert ip and all(item.by == date(2027, 6, 30) for item in ip)
    assert not any("注册成立一年以上" in item.text for item in ip)


def test_a_gap_work_can_close_this_year_stays_on_this_years_batch(
    firms: Store, packs: PackSet
) -> None:
    # A year old since 2016, no core IP: nothing time removes; the plan stays on 2026.
    step = _hnte(_view(firms, packs, 15, date(2026, 6, 1)))
    assert [on.year for on, _ in _dated(step)] == [2026, 2026, 2026]
    assert step.target is None and step.note == "按现有数据，剩余批次均不符合条件；须先补齐下列差距"
    assert step.plan[-1].by == date(2026, 6, 30)


def test_an_hnte_cancelled_last_year_may_be_applied_for_this_year(
    firms: Store, packs: PackSet
) -> None:
    view = _view(firms, packs, 21, date(2026, 4, 1))
    assert view.held == ()
    steps = [(s.kind, s.renewal) for s in view.steps if s.ladder.id == "science"]
    # A new application (not 重新认定), ahead of the first rung.
    assert steps == [(K.HNTE, False), (K.TECH_SME, False)]
    step = _hnte(view)
    assert step.target is not None and step.target.deadline.on == date(2026, 6, 30)
    assert step.note is not None
    assert step.note.startswith("高新技术企业资格已于2025-12-31取消，2025年内不得再次申请")
    # Two years on the cancellation bars nothing and is no longer said; the step stays a new
    # application.
    later = _hnte(_view(firms, packs, 21, date(2027, 4, 1)))
    assert not later.renewal
    assert later.note is None or "取消" not in later.note


def test_an_hnte_cancelled_this_year_is_planned_for_next_year_only(
    firms: Store, packs: PackSet
) -> None:
    step = _hnte(_view(firms, packs, 22, date(2026, 4, 1)))
    assert not step.renewal
    assert [status for on, status in _dated(step) if on.year == 2026] == ["ineligible"] * 3
    assert "评价日所在年度内未被取消高新技术企业资格" in step.batches[0].readiness.unmet
    assert step.target is not None and step.target.deadline.on == date(2027, 6, 30)
    assert step.note is not None and "自2027年起可重新申请" in step.note
    assert "2026年剩余批次均赶不上（评价日所在年度内未被取消高新技术企业资格）" in step.note
    # The next year it is that year's first batch.
    following = _hnte(_view(firms, packs, 22, date(2027, 1, 5)))
    assert following.target is not None and following.target.deadline.on == date(2027, 6, 30)


def test_a_cancellation_without_its_day_offers_no_application(firms: Store, packs: PackSet) -> None:
    view = _view(firms, packs, 23, date(2026, 4, 1))
    assert [s.kind for s in view.steps if s.ladder.id == "science"] == [K.TECH_SME]
