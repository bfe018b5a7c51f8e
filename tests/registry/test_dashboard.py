"""Dashboard figures: grouped by zone or park as the scope asks, never counting outside it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from techzone.access import Scope
from techzone.awards.catalogue import load_catalogue
from techzone.model import Entitlement, EntitlementPayment
from techzone.registry.dashboard import dashboard, zone_targets
from techzone.rules.policy import LEVEL_LABELS
from techzone.store import Store
from tests.registry.conftest import AS_OF, PARK, PROVINCE, ZONE, qualification, uscc, write


def _funnel(found: object) -> dict[str, int]:
    return {step.kind: step.total for step in found.funnel}  # type: ignore[attr-defined]


def test_province_scope_is_per_zone_of_that_province(register: Store) -> None:
    with register.transaction() as session:
        found = dashboard(session, PROVINCE, AS_OF)
    assert found.level == "province"
    assert [a.zone for a in found.areas] == ["GS-A", "GS-B"]
    # HNTE in force on the day: 1 (GS-A) and 3 (GS-B); 4 is in 陕西省, 5 ran out the day before.
    hnte = next(step for step in found.funnel if step.kind == "hnte")
    assert hnte.by_area == {"GS-A": 1, "GS-B": 1}
    assert _funnel(found)["tech_sme"] == 2
    assert [step.kind for step in found.funnel] == [
        "tech_sme",
        "provincial_innovative",
        "hnte",
        "tech_leader",
    ]
    assert {t.zone for t in found.targets} == {"GS-A", "GS-B"}


def test_zone_scope_is_per_park(register: Store) -> None:
    with register.transaction() as session:
        found = dashboard(session, ZONE, AS_OF)
    assert [(a.zone, a.park) for a in found.areas] == [("GS-A", "P1"), ("GS-A", "P2")]
    tech_sme = next(step for step in found.funnel if step.kind == "tech_sme")
    assert tech_sme.by_area == {"GS-A/P1": 1, "GS-A/P2": 1}
    assert sum(a.count for a in found.applications) == 1


def test_park_scope_counts_only_its_park(register: Store) -> None:
    with register.transaction() as session:
        found = dashboard(session, PARK, AS_OF)
    assert found.level == "park"
    assert [(a.zone, a.park) for a in found.areas] == [("GS-A", "P1")]
    assert _funnel(found) == {
        "tech_sme": 1,
        "provincial_innovative": 0,
        "hnte": 1,
        "tech_leader": 0,
    }
    # No document sets a park's target.
    assert found.targets == []
    assert [(a.status, a.count) for a in found.applications] == [("screening", 1)]


def test_expiry_windows_edges(register: Store) -> None:
    with register.transaction() as session:
        found = dashboard(session, Scope.everything(), AS_OF)
    windows = {w.days: w.total for w in found.expiring}
    # 30 days: the HNTE of 4 (today) and of 1 (in 30 days), not 3 (in 31 days).
    assert windows[30] == 2
    # 90 days adds 3; the 科技型中小企业 registrations end on 31 December (184 days).
    assert windows[90] == 3
    assert windows[180] == 3
    assert windows[365] == 5


def test_a_renewed_certificate_is_not_counted_as_expiring(store: Store) -> None:
    # Firm 1's 高企 ends in 30 days; a re-recognition issued before that day (城关区方案 四(一)
    # "3年到期需复审": it needs none now) takes it off every window, as it does off 三清单.
    write(store, qualification(1, "高新技术企业", "GR1-NEW", AS_OF, AS_OF + timedelta(days=1095)))
    with store.transaction() as session:
        found = dashboard(session, Scope.everything(), AS_OF)
        before = dashboard(session, Scope.everything(), AS_OF - timedelta(days=1))
    windows = {w.days: w.total for w in found.expiring}
    assert windows[30] == 1  # only firm 4's, ending today
    assert windows[90] == 2  # and firm 3's, in 31 days
    # The day before the new certificate, firm 1's old one (31 days left) still counts.
    assert {w.days: w.total for w in before.expiring}[90] == 4


def test_enterprise_scope(register: Store) -> None:
    with register.transaction() as session:
        found = dashboard(session, Scope(uscc=uscc(2)), AS_OF)
    assert found.level == "enterprise"
    assert [(a.zone, a.park) for a in found.areas] == [("GS-A", "P2")]
    assert _funnel(found)["tech_sme"] == 1
    assert found.applications == []
    assert found.model_dump(mode="json")["as_of"] == AS_OF.isoformat()


def _ledger(store: Store) -> tuple[str, str]:
    """Two entitlements of 2026 (enterprise 1 in GS-A/P1, enterprise 4 in 陕西省) and one of 2025,
    under one real policy; 1's paid in part."""
    catalogue = load_catalogue()
    policy_id, entry = next(iter(catalogue.policies.items()))
    now = datetime(2026, 6, 1, 9, 0)
    with store.transaction() as session:
        for number, year, amount in ((1, 2026, "100000.00"), (4, 2026, "7.00"), (1, 2025, "5.00")):
            key = f"{policy_id}|t{number}-{year}"
            session.add(
                Entitlement(
                    id=key,
                    policy_id=policy_id,
                    uscc=uscc(number),
                    trigger_id=f"t{number}-{year}",
                    trigger_date=date(year, 3, 1),
                    year=year,
                    status="eligible",
                    amount_min=Decimal(amount),
                    amount_max=Decimal(amount),
                    planned=Decimal(amount),
                    recorded_at=now,
                )
            )
        session.flush()
        session.add(
            EntitlementPayment(
                entitlement_id=f"{policy_id}|t1-2026",
                version=1,
                amount=Decimal("40000.01"),
                paid_on=date(2026, 5, 1),
                voucher="V1",
                recorded_at=now,
                recorded_by="测试",
            )
        )
    return policy_id, LEVEL_LABELS[entry.policy.payer]


def test_awards_of_the_year_by_payer_within_scope(register: Store) -> None:
    _, payer = _ledger(register)
    with register.transaction() as session:
        zone = dashboard(session, ZONE, AS_OF, targets=False)
        everything = dashboard(session, Scope.everything(), AS_OF, targets=False)
        other = dashboard(session, Scope(zone="GS-B"), AS_OF, targets=False)
    assert [(a.payer, a.entitlements) for a in zone.awards] == [(payer, 1)]
    assert zone.awards[0].planned == Decimal("100000.00")
    assert zone.awards[0].paid == Decimal("40000.01")
    assert zone.targets == []
    # The whole register adds 陕西省's 7 yuan; 2025's entitlement is not this year's.
    assert everything.awards[0].planned == Decimal("100007.00")
    assert everything.awards[0].entitlements == 2
    assert other.awards == []


def test_zone_targets_apart(register: Store) -> None:
    with register.transaction() as session:
        apart = zone_targets(session, PROVINCE, AS_OF)
        park = zone_targets(session, PARK, AS_OF)
        whole = dashboard(session, PROVINCE, AS_OF)
    assert apart == whole.targets
    assert park == []
