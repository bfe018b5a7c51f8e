"""The payout ledger keeps its history, and caps count what it already holds (issues #12, #13).

Every storage test runs on SQLite and PostgreSQL (the ``store`` fixture). Amounts are the
白银高新区 list's (seed 000 第19段): "给予取得信贷支持企业最高20万元贴息支持" — a cap on the
enterprise, over all its loans.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from techzone.awards import ledger
from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.model import Entitlement, EntitlementPayment, EntitlementVersion
from techzone.rules.frame import Records
from techzone.rules.profile import parse_profile, profile_records
from techzone.store import Store, open_store
from techzone.store.database import create_store_engine, migrate

A, B = "91620400000000001U", "91620400000000002Y"
BAIYIN = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "park": "银南工业园"}
LOAN = "baiyin_policy_list.loan_interest"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _loans(*loans: tuple[str, str, int], uscc: str = A) -> Records:
    events = [
        {"ref": ref, "kind": "贷款贴息", "occurred_on": day, "amount": interest}
        for ref, day, interest in loans
    ]
    profile = {**BAIYIN, "uscc": uscc, "registered_on": "2015-01-01", "events": events}
    return profile_records(parse_profile(profile), {})


def _loan_rows(found: pl.DataFrame) -> list[dict[str, Any]]:
    return found.filter(pl.col("policy_id") == LOAN).sort("trigger_date").to_dicts()


def _record(store: Store, found: pl.DataFrame, year: int, *scope: str) -> ledger.Recorded:
    with store.transaction() as session:
        return ledger.record(session, found, year, scope or (A,), "张三", "年度兑现")


def _held(store: Store) -> pl.DataFrame:
    with store.transaction() as session:
        return ledger.recorded(session)


def _versions(store: Store, entitlement_id: str) -> list[EntitlementVersion]:
    with store.transaction() as session:
        found = session.scalars(
            select(EntitlementVersion)
            .where(EntitlementVersion.entitlement_id == entitlement_id)
            .order_by(EntitlementVersion.version)
        ).all()
        session.expunge_all()
        return list(found)


def _head(store: Store, entitlement_id: str) -> Entitlement:
    with store.transaction() as session:
        head = session.get(Entitlement, entitlement_id)
        assert head is not None
        session.expunge(head)
        return head


def _count(store: Store, table: type[Any]) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


# ── Caps across runs and years (#12) ────────────────────────────────────────────


def test_a_second_year_counts_what_the_ledger_holds_for_the_first(
    store: Store, catalogue: Catalogue
) -> None:
    records = _loans(("L1", "2024-06-01", 150_000), ("L2", "2025-06-01", 100_000))
    _record(store, entitlements(catalogue, records, 2024), 2024)
    # The first year's loan counts from the records themselves (a year never recorded, or a
    # profile file, must not leave the cap whole); with the ledger, the same 15万 once.
    (alone,) = _loan_rows(entitlements(catalogue, records, 2025))
    assert (alone["amount_min"], alone["amount_max"]) == (0, 5_000_000)
    (cut,) = _loan_rows(entitlements(catalogue, records, 2025, recorded=_held(store)))
    assert (cut["amount_min"], cut["amount_max"]) == (0, 5_000_000)
    assert cut["cap_note"] == "已达企业累计上限20万元（此前已计15万元），本次核减为最高5万元"


def test_a_second_year_within_the_cap_is_not_cut(store: Store, catalogue: Catalogue) -> None:
    records = _loans(("L1", "2024-06-01", 100_000), ("L2", "2025-06-01", 100_000))
    _record(store, entitlements(catalogue, records, 2024), 2024)
    (row,) = _loan_rows(entitlements(catalogue, records, 2025, recorded=_held(store)))
    assert row["amount_max"] == 10_000_000 and row["cap_note"] is None


def test_a_rerun_after_recording_cuts_nothing_twice(store: Store, catalogue: Catalogue) -> None:
    records = _loans(("L1", "2025-03-01", 150_000), ("L2", "2025-09-01", 80_000))
    first = entitlements(catalogue, records, 2025, recorded=_held(store))
    assert [r["amount_max"] for r in _loan_rows(first)] == [15_000_000, 5_000_000]
    _record(store, first, 2025)
    again = entitlements(catalogue, records, 2025, recorded=_held(store))
    assert [r["amount_max"] for r in _loan_rows(again)] == [15_000_000, 5_000_000]
    result = _record(store, again, 2025)
    assert (result.new, result.changed, result.unchanged) == (0, 0, first.height)


def test_another_enterprise_has_its_own_cap(store: Store, catalogue: Catalogue) -> None:
    _record(store, entitlements(catalogue, _loans(("L1", "2024-06-01", 200_000)), 2024), 2024)
    other = _loans(("M1", "2025-06-01", 200_000), uscc=B)
    (row,) = _loan_rows(entitlements(catalogue, other, 2025, recorded=_held(store)))
    assert row["amount_max"] == 20_000_000 and row["cap_note"] is None


# ── The ledger keeps its history (#13) ─────────────────────────────────────────


def test_an_unchanged_rerun_changes_nothing(store: Store, catalogue: Catalogue) -> None:
    found = entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025)
    first = _record(store, found, 2025)
    assert (first.new, first.changed, first.withdrawn) == (found.height, 0, 0)
    stamped = _head(store, f"{LOAN}|event:{A}:L1").recorded_at
    again = _record(store, found, 2025)
    assert (again.new, again.changed, again.unchanged, again.withdrawn) == (0, 0, found.height, 0)
    assert _count(store, EntitlementVersion) == found.height
    assert _head(store, f"{LOAN}|event:{A}:L1").recorded_at == stamped


def test_a_changed_amount_is_a_new_version_and_the_old_is_kept(
    store: Store, catalogue: Catalogue
) -> None:
    key = f"{LOAN}|event:{A}:L1"
    _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    changed = entitlements(catalogue, _loans(("L1", "2025-06-01", 50_000)), 2025)
    result = _record(store, changed, 2025)
    assert (result.new, result.changed, result.withdrawn) == (0, 1, 0)
    assert "变更1条" in result.message()
    old, new = _versions(store, key)
    assert (old.version, old.change, old.amount_max) == (1, "new", Decimal("200000.00"))
    assert (new.version, new.change, new.amount_max) == (2, "changed", Decimal("50000.00"))
    assert new.recorded_by == "张三" and new.recorded_at >= old.recorded_at
    assert "年度兑现" in new.reason and "上限 200,000.00元 → 50,000.00元" in new.reason
    head = _head(store, key)
    assert (head.version, head.amount_max) == (2, Decimal("50000.00"))


def test_no_longer_entitled_is_withdrawn_not_deleted(store: Store, catalogue: Catalogue) -> None:
    key = f"{LOAN}|event:{A}:L1"
    both = _loans(("L1", "2025-06-01", 200_000))
    _record(store, entitlements(catalogue, both, 2025), 2025)
    other = entitlements(catalogue, _loans(("M1", "2025-06-01", 10_000), uscc=B), 2025)
    _record(store, other, 2025, B)
    without = entitlements(catalogue, _loans(), 2025)
    result = _record(store, without, 2025, A)
    assert result.withdrawn == 1
    head = _head(store, key)
    assert head.status == "withdrawn" and head.amount_max is None
    assert [v.change for v in _versions(store, key)] == ["new", "withdrawn"]
    # B was not in this run's scope: its entitlement stands.
    assert _head(store, f"{LOAN}|event:{B}:M1").status == "eligible"
    # Withdrawn once is enough; a withdrawn entitlement no longer counts against the cap.
    assert _record(store, without, 2025, A).withdrawn == 0
    assert key not in _held(store)["entitlement_id"].to_list()


def _pay(store: Store, key: str, amount: str, voucher: str, day: str = "2026-01-10") -> Any:
    with store.transaction() as session:
        return ledger.pay(
            session, key, Decimal(amount), date.fromisoformat(day), voucher, "李四", None
        )


def test_a_paid_entry_is_never_altered_and_a_difference_is_an_adjustment(
    store: Store, catalogue: Catalogue
) -> None:
    key = f"{LOAN}|event:{A}:L1"
    _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    assert "累计已付150,000.00元" in _pay(store, key, "150000", "PZ-001").message()
    result = _record(
        store, entitlements(catalogue, _loans(("L1", "2025-06-01", 50_000)), 2025), 2025
    )
    assert (result.changed, result.adjustments) == (1, 1)
    assert "转为待结算调整" in result.message()
    head = _head(store, key)
    assert head.amount_max == Decimal("200000.00")  # what was paid against stays
    paid, adjusted = _versions(store, key)
    assert paid.amount_max == Decimal("200000.00")
    assert (adjusted.change, adjusted.amount_max) == ("adjustment", Decimal("50000.00"))
    assert adjusted.adjustment == Decimal("-100000.00")  # 15万 paid, 5万 owed: recover 10万
    with store.transaction() as session:
        (entry,) = ledger.history(session, key)
    assert entry["paid"] == Decimal("150000.00") and entry["to_settle"] == Decimal("-100000.00")
    _pay(store, key, "-100000", "ZH-001", "2026-02-01")
    with store.transaction() as session:
        (entry,) = ledger.history(session, key)
    assert entry["paid"] == Decimal("50000.00") and entry["to_settle"] == Decimal("0.00")
    assert [p["voucher"] for p in entry["payments"]] == ["PZ-001", "ZH-001"]
    # A paid entitlement no longer arising is an adjustment too: all paid is to be recovered.
    gone = _record(store, entitlements(catalogue, _loans(), 2025), 2025)
    assert (gone.withdrawn, gone.adjustments) == (1, 1)
    assert _versions(store, key)[-1].adjustment == Decimal("-50000.00")
    assert _head(store, key).amount_max == Decimal("200000.00")


def test_what_was_paid_counts_against_the_cap(store: Store, catalogue: Catalogue) -> None:
    records = _loans(("L1", "2024-06-01", 200_000), ("L2", "2025-06-01", 100_000))
    _record(store, entitlements(catalogue, records, 2024), 2024)
    _pay(store, f"{LOAN}|event:{A}:L1", "120000", "PZ-9")
    (row,) = _loan_rows(entitlements(catalogue, records, 2025, recorded=_held(store)))
    # Paid 12万 of a possible 20万: the cap counts the 20万 still payable, nothing is left.
    assert row["amount_max"] == 0 and "此前已计20万元" in row["cap_note"]


def test_money_paid_keeps_its_place_in_the_cap(store: Store, catalogue: Catalogue) -> None:
    # L1 is recorded and its 20万 paid; an earlier loan L0 is entered afterwards. The cap is the
    # enterprise's 20万 in all: L0 gets nothing, and the ledger refuses to pay it.
    first = _loans(("L1", "2025-06-01", 300_000))
    _record(store, entitlements(catalogue, first, 2025), 2025)
    _pay(store, f"{LOAN}|event:{A}:L1", "200000", "PZ-1")
    both = _loans(("L0", "2025-03-01", 300_000), ("L1", "2025-06-01", 300_000))
    rows = {
        r["trigger_id"]: r
        for r in _loan_rows(entitlements(catalogue, both, 2025, recorded=_held(store)))
    }
    assert rows[f"event:{A}:L1"]["amount_max"] == 200_000 * 100
    assert rows[f"event:{A}:L0"]["amount_max"] == 0
    _record(store, entitlements(catalogue, both, 2025, recorded=_held(store)), 2025)
    with pytest.raises(ledger.LedgerError, match="超出应享金额"):
        _pay(store, f"{LOAN}|event:{A}:L0", "200000", "PZ-2")
    # Paid 12万 on L1 instead: the earlier L0 may take only the 8万 the cap has left.
    fresh = _loans(("M1", "2025-06-01", 300_000), uscc=B)
    _record(store, entitlements(catalogue, fresh, 2025), 2025, B)
    _pay(store, f"{LOAN}|event:{B}:M1", "120000", "PZ-3")
    later = _loans(("M0", "2025-03-01", 300_000), ("M1", "2025-06-01", 300_000), uscc=B)
    found = entitlements(catalogue, later, 2025, recorded=_held(store))
    amounts = {r["trigger_id"]: r["amount_max"] for r in _loan_rows(found)}
    assert amounts == {f"event:{B}:M0": 80_000 * 100, f"event:{B}:M1": 120_000 * 100}


def test_the_provincial_first_recognition_award_is_paid_once_whichever_clause_pays_it(
    store: Store, catalogue: Catalogue
) -> None:
    # 城关 五(五)14 / 甘肃 措施10: 20万 once per enterprise. First recognised in 城关 in 2024
    # (recorded then); it moves out, and back in from 陕西 in 2026 still holding that
    # certificate (五(一)3): no second 20万.
    profile = {
        "uscc": A,
        "registered_on": "2015-01-01",
        "zone_code": "LZ-CG",
        "province": "甘肃省",
        "city": "兰州市",
        "qualifications": [
            {
                "kind": "高新技术企业",
                "level": "国家级",
                "certificate_no": "GR202462000001",
                "issued_on": "2024-11-01",
                "expires_on": "2027-10-31",
                "status": "有效",
            }
        ],
        "events": [
            {
                "ref": "M1",
                "kind": "整体迁入",
                "occurred_on": "2026-03-01",
                "attributes": {"迁出省份": "陕西省"},
            }
        ],
    }
    before_move = profile_records(parse_profile({**profile, "events": []}), {})
    paid_2024 = entitlements(catalogue, before_move, 2024)
    assert paid_2024["amount_max"].sum() == 200_000 * 100  # 措施10, once (城关 就高不重复)
    _record(store, paid_2024, 2024)
    records = profile_records(parse_profile(profile), {})
    again = entitlements(catalogue, records, 2026, recorded=_held(store))
    moved = again.filter(pl.col("policy_id") == "chengguan_doubling.relocated_hnte")
    assert moved["amount_max"].to_list() == [0]
    assert "此前已计20万元" in moved["cap_note"][0]


@pytest.mark.parametrize(
    ("amount", "voucher", "day", "message"),
    [
        ("200000.01", "PZ-2", "2026-01-10", "超出应享金额"),
        ("0", "PZ-2", "2026-01-10", "非零"),
        ("1.001", "PZ-2", "2026-01-10", "两位小数"),
        ("1000", " ", "2026-01-10", "凭证号"),
        ("1000", "PZ-2", "2025-01-01", "早于应享的触发日期"),
        ("1000", "PZ-1", "2026-01-11", "已用于该应享的另一笔支付"),
        ("1000", "P" * 101, "2026-01-10", "凭证号过长"),
    ],
)
def test_a_payment_the_ledger_refuses_writes_nothing(
    store: Store, catalogue: Catalogue, amount: str, voucher: str, day: str, message: str
) -> None:
    key = f"{LOAN}|event:{A}:L1"
    _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    _pay(store, key, "1000", "PZ-1")
    with pytest.raises(ledger.LedgerError, match=message):
        _pay(store, key, amount, voucher, day)
    assert _count(store, EntitlementPayment) == 1


def test_a_payment_on_an_unknown_or_undecided_entitlement_is_refused(
    store: Store, catalogue: Catalogue
) -> None:
    found = entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025)
    _record(store, found, 2025)
    with pytest.raises(ledger.LedgerError, match="台账中没有"):
        _pay(store, "no|such", "1000", "PZ-1")
    pending = found.filter(pl.col("status") == "unknown")["entitlement_id"][0]
    with pytest.raises(ledger.LedgerError, match="待定"):
        _pay(store, pending, "1000", "PZ-1")
    assert _count(store, EntitlementPayment) == 0


def test_the_same_voucher_again_is_recognised_not_doubled(
    store: Store, catalogue: Catalogue
) -> None:
    key = f"{LOAN}|event:{A}:L1"
    _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    _pay(store, key, "1000", "PZ-1")
    assert _pay(store, key, "1000", "PZ-1").repeated
    assert _count(store, EntitlementPayment) == 1


def test_duplicate_runs_at_once_stay_idempotent(store: Store, catalogue: Catalogue) -> None:
    found = entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025)
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(_record(store, found, 2025))
        except (IntegrityError, OperationalError) as error:  # refused whole, never half-written
            outcomes.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count(store, Entitlement) == found.height
    assert _count(store, EntitlementVersion) == found.height
    done = [o for o in outcomes if isinstance(o, ledger.Recorded)]
    assert sorted(o.new for o in done)[-1] == found.height
    assert all(o.new in (0, found.height) for o in done)


def test_a_failing_run_writes_nothing(store: Store, catalogue: Catalogue) -> None:
    found = entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025)
    with pytest.raises(ledger.LedgerError, match="出现多次"):
        _record(store, pl.concat([found, found.head(1)]), 2025)
    with pytest.raises(ledger.LedgerError, match="不在2024年"):
        _record(store, found, 2024)
    with pytest.raises(ledger.LedgerError, match="记录人"), store.transaction() as session:
        ledger.record(session, found, 2025, [A], "  ")
    with pytest.raises(ledger.LedgerError, match="原因过长"), store.transaction() as session:
        ledger.record(session, found, 2025, [A], "张三", "因" * 201)
    with pytest.raises(RuntimeError), store.transaction() as session:
        ledger.record(session, found, 2025, [A], "张三")
        raise RuntimeError("the run fails after recording, before its end")
    assert _count(store, Entitlement) == 0
    assert _count(store, EntitlementVersion) == 0


def test_entitlements_recorded_before_versions_become_their_first_version(
    store_url: str,
) -> None:
    engine = create_store_engine(store_url)
    migrate(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO entitlement (id, policy_id, uscc, trigger_id, trigger_date, year,"
                " status, amount_min, amount_max, planned, stacking_note, recorded_at) VALUES"
                " ('p|t', 'p', :uscc, 't', '2025-06-01', 2025, 'eligible', 0, 20000000,"
                " 20000000, NULL, '2025-12-31 00:00:00')"
            ),
            {"uscc": A},
        )
    engine.dispose()
    store = open_store(store_url)
    try:
        (version,) = _versions(store, "p|t")
        assert (version.version, version.change, version.amount_max) == (
            1,
            "new",
            Decimal("200000.00"),
        )
        assert _head(store, "p|t").version == 1
    finally:
        store.dispose()


def test_a_payment_dated_after_the_clocks_today_is_refused_whatever_the_real_date(
    store: Store, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger's "today" is the one the rest of fulfilment uses (``fulfilment.clock``, the
    web's clock, or the caller's ``today=``), never the machine's date read on its own: a
    payment a day after it is refused, one on it recorded."""
    from techzone.fulfilment import clock

    key = f"{LOAN}|event:{A}:L1"
    _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    monkeypatch.setattr(clock, "today", lambda: date(2025, 7, 1))
    with pytest.raises(ledger.LedgerError, match="支付日期 2025-07-02 晚于今天"):
        _pay(store, key, "1000", "PZ-1", "2025-07-02")
    assert not _pay(store, key, "1000", "PZ-1", "2025-07-01").repeated
    # The caller's own day comes first (the web's clock).
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="晚于今天"):
        ledger.pay(session, key, Decimal(1), date(2025, 7, 1), "PZ-2", "李四",
                   today=date(2025, 6, 30))  # fmt: skip
    # A clock ahead of the machine's date: a payment dated on it is not refused.
    monkeypatch.setattr(clock, "today", lambda: date(2040, 1, 2))
    assert not _pay(store, key, "1000", "PZ-3", "2040-01-02").repeated
    assert _count(store, EntitlementPayment) == 2


def test_the_clocks_today_is_the_day_in_china(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web's working date is China's (UTC+8); the command line's must be the same day, or a
    payment made in the early morning in China is refused there as dated in the future."""
    from datetime import datetime

    from techzone.fulfilment import clock

    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 1, 16, 0))
    assert clock.today() == date(2026, 3, 2)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 1, 15, 59, 59))
    assert clock.today() == date(2026, 3, 1)


def test_ledger_pay_at_the_command_line_refuses_a_day_after_the_clocks_today(
    data_dir: Any, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``techzone ledger pay`` compares with fulfilment's clock, as the pages and the other
    commands do; the test holds the clock, so it does not depend on the day it runs."""
    from typer.testing import CliRunner

    from techzone.cli import app
    from techzone.fulfilment import clock

    key = f"{LOAN}|event:{A}:L1"
    store = open_store()
    try:
        _record(store, entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025), 2025)
    finally:
        store.dispose()
    monkeypatch.setattr(clock, "today", lambda: date(2025, 7, 1))
    command = ["ledger", "pay", key, "--amount", "1000", "--voucher", "PZ-1", "--by", "李四"]
    ahead = CliRunner().invoke(app, [*command, "--date", "2025-07-02"])
    assert ahead.exit_code != 0 and "晚于今天" in ahead.output, ahead.output
    done = CliRunner().invoke(app, [*command, "--date", "2025-07-01"])
    assert done.exit_code == 0 and "已登记支付" in done.output, done.output
    # A clock years ahead of the machine's date: a payment dated on it is a fact, not refused.
    monkeypatch.setattr(clock, "today", lambda: date(2040, 1, 2))
    later = ["ledger", "pay", key, "--amount", "1000", "--voucher", "PZ-2", "--by", "李四"]
    done = CliRunner().invoke(app, [*later, "--date", "2040-01-02"])
    assert done.exit_code == 0 and "已登记支付" in done.output, done.output


def test_money_back_on_an_undecided_entitlement_never_exceeds_what_was_paid(
    store: Store, catalogue: Catalogue
) -> None:
    """Money returned on an award now 待定 is recorded (fulfilment's recoveries), but a
    recovery is never more than was paid: with nothing paid, a fen back is refused."""
    found = entitlements(catalogue, _loans(("L1", "2025-06-01", 200_000)), 2025)
    _record(store, found, 2025)
    pending = found.filter(pl.col("status") == "unknown")["entitlement_id"][0]
    with pytest.raises(ledger.LedgerError, match="追回不能超过已付金额"):
        _pay(store, pending, "-0.01", "TH-1")
    assert _count(store, EntitlementPayment) == 0
