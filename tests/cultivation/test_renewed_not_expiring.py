"""One rule for "ending this year / expiring" in every list and count: a certificate its holder
has already renewed (a later one of the same kind, 有效, issued by the day, running past it —
``model.holding.renewed_by``) is not expiring. A renewal revoked, or issued after the day, does
not count: that certificate still ends. Both backends."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.access.scope import Scope
from techzone.cultivation.calendar import expiring_within
from techzone.cultivation.lists import monitoring_lists
from techzone.io.sheets import Sheet
from techzone.registry.dashboard import dashboard
from techzone.registry.search import search_enterprises
from techzone.rules.loader import PackSet
from techzone.store import Store
from techzone.zones.summary import summarise
from tests.cultivation.factory import ZONE, enterprise, qualification, uscc, write

DAY = date(2026, 11, 1)
ENDS = date(2026, 11, 19)  # within this year, and within 90 days of DAY


@pytest.fixture
def renewals(store: Store) -> Store:
    rows: list[Sheet] = [enterprise(n) for n in range(1, 6)]
    for kind, prefix, offset in (("高新技术企业", "GR", 0), ("专精特新中小企业", "ZJ", 10)):
        for n in range(1, 6):
            rows.append(
                qualification(n, kind, f"{prefix}2023{offset + n:04d}", date(2023, 11, 20), ENDS)
            )
        # 1: renewed before the day — not expiring.
        rows.append(
            qualification(
                1, kind, f"{prefix}2026{offset + 1:04d}", date(2026, 10, 1), date(2029, 9, 30)
            )
        )
        # 3: the renewal was revoked — still expiring.
        rows.append(
            qualification(
                3,
                kind,
                f"{prefix}2026{offset + 3:04d}",
                date(2026, 10, 1),
                date(2029, 9, 30),
                status="已撤销",
                revoked_on=date(2026, 10, 20),
            )
        )
        # 4: renewed only after the day — still expiring on the day.
        rows.append(
            qualification(
                4, kind, f"{prefix}2026{offset + 4:04d}", date(2026, 12, 1), date(2029, 11, 30)
            )
        )
        # 5: a later certificate that ends no later (a correction, not a renewal) — still expiring.
        rows.append(
            qualification(5, kind, f"{prefix}2026{offset + 5:04d}", date(2026, 10, 1), ENDS)
        )
    write(store, *rows)
    return store


STILL_ENDING = {uscc(n) for n in (2, 3, 4, 5)}


def test_every_expiring_list_leaves_out_a_renewed_certificate(
    renewals: Store, packs: PackSet
) -> None:
    with renewals.transaction() as session:
        (summary,) = summarise(session, DAY, ZONE)
        lists = monitoring_lists(session, packs, DAY, ZONE)
        soon = expiring_within(session, DAY, ZONE)
        found = search_enterprises(session, Scope(zone=ZONE), expiring_within=30, as_of=DAY)
        board = dashboard(session, Scope(zone=ZONE), DAY, targets=False)
    by_kind: dict[str, set[str]] = {}
    for item in summary.expiring:
        by_kind.setdefault(item.kind.value, set()).add(item.uscc)
    assert by_kind == {"hnte": STILL_ENDING, "srdi_sme": STILL_ENDING}
    assert {e.firm.uscc for e in lists.expiring} == STILL_ENDING
    assert {t.firm.uscc for t in lists.expiring_titles} == STILL_ENDING
    assert {e.uscc for e in soon} == STILL_ENDING
    assert {row.uscc for row in found.items} == STILL_ENDING
    # Each window counts certificates: 4 enterprises' 高企 and 专精特新 (5's correction ends too).
    assert max(window.total for window in board.expiring) == 2 * (len(STILL_ENDING) + 1)


def test_the_dossier_marks_a_renewed_certificate_rather_than_counting_its_days(
    renewals: Store, packs: PackSet
) -> None:
    from techzone.registry.dossier import dossier

    with renewals.transaction() as session:
        one = dossier(session, Scope(zone=ZONE), uscc(1), DAY, packs=packs)
        three = dossier(session, Scope(zone=ZONE), uscc(3), DAY, packs=packs)
    old = next(q for q in one.qualifications if q.certificate_no == "GR20230001")
    new = next(q for q in one.qualifications if q.certificate_no == "GR20260001")
    assert old.renewed and not new.renewed
    revoked_renewal = next(q for q in three.qualifications if q.certificate_no == "GR20230003")
    assert not revoked_renewal.renewed and revoked_renewal.days_left == (ENDS - DAY).days
