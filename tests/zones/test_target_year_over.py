"""A target its year has closed on without reaching it is 未达标, not 难以达标 (blindzones2).

城关区's yearly targets (seed 003 二 "每年新认定高新技术企业35家以上") for 2024 and 2025 showed
"16 … 每年≥ 35家 … 难以达标" in December 2026: "hard to reach" for a year already over, when
nothing is left to reach. A year still running keeps 难以达标; a year over is 未达标; both sides of
the target (35 met, 34 not) and of the year's end (31 December running, 1 January over)."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.zones.progress import judge_target
from techzone.zones.projection import Status, status
from techzone.zones.targets import Target, targets_for


def _yearly_hnte() -> Target:
    (target,) = [t for t in targets_for(2025, "LZ-CG") if t.id == "cg-new-hnte-yearly"]
    return target


@pytest.mark.parametrize(
    ("value", "closed", "expected"),
    [
        (34.0, True, Status.NOT_MET),
        (34.0, False, Status.OFF_TRACK),
        (35.0, True, Status.MET),
        (35.0, False, Status.MET),
    ],
)
def test_a_yearly_target_on_its_own_year(value: float, closed: bool, expected: Status) -> None:
    found = judge_target(_yearly_hnte(), {2025: value}, 2025, closed=closed)
    assert found.status is expected


def test_the_labels_officers_read() -> None:
    assert Status.NOT_MET.label == "未达标" and Status.OFF_TRACK.label == "难以达标"


def test_a_dated_target_before_its_year_is_projected_not_closed() -> None:
    # 2025 is over, the target is for 2027: a falling series is 难以达标, not 未达标.
    found, _ = status({2024: 120.0, 2025: 110.0}, lambda v: v >= 255, 2025, 2027, closed=True)
    assert found is Status.OFF_TRACK


def test_a_dated_target_in_its_year_over() -> None:
    found, _ = status({2026: 200.0, 2027: 250.0}, lambda v: v > 255, 2027, 2027, closed=True)
    assert found is Status.NOT_MET


def test_the_year_is_over_the_day_after_31_december(sqlite_store: object) -> None:
    from techzone.store import Store
    from techzone.zones.progress import target_status

    assert isinstance(sqlite_store, Store)
    with sqlite_store.transaction() as session:
        from techzone.model import Zone
        from techzone.model.codes import ZoneLevel

        session.add(
            Zone(
                code="LZ-CG",
                name="城关区",
                level=ZoneLevel.DISTRICT,
                province="甘肃省",
                city="兰州市",
            )
        )
        session.flush()
        running = target_status(session, 2025, "LZ-CG", today=date(2025, 12, 31))
        over = target_status(session, 2025, "LZ-CG", today=date(2026, 1, 1))
    pick = {s.target.id: s.status for s in running}, {s.target.id: s.status for s in over}
    # No enterprise: counted 0 new HNTE, short of 35.
    assert pick[0]["cg-new-hnte-yearly"] is Status.OFF_TRACK
    assert pick[1]["cg-new-hnte-yearly"] is Status.NOT_MET


def test_a_year_not_yet_begun_has_no_value(sqlite_store: object) -> None:
    """`zones targets --year 2027` in December 2026 counted the records on 2027-12-31 — only the
    certificates still valid then — and showed 白银's 高新技术企业 falling to a third, 难以达标."""
    from techzone.model import Zone
    from techzone.model.codes import ZoneLevel
    from techzone.store import Store
    from techzone.zones.progress import target_status

    assert isinstance(sqlite_store, Store)
    with sqlite_store.transaction() as session:
        session.add(
            Zone(
                code="LZ-CG",
                name="城关区",
                level=ZoneLevel.DISTRICT,
                province="甘肃省",
                city="兰州市",
            )
        )
        session.flush()
        ahead = target_status(session, 2027, "LZ-CG", today=date(2026, 12, 5))
        this_year = target_status(session, 2026, "LZ-CG", today=date(2026, 12, 5))
    hnte = next(s for s in ahead if s.target.id == "cg-hnte-2027")
    assert hnte.actual is None and hnte.status is Status.UNKNOWN and 2027 not in hnte.history
    # The year running is still counted on its 31 December (as before).
    assert next(s for s in this_year if s.target.id == "cg-hnte-2027").actual == 0
