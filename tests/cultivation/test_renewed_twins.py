"""``renewed`` (on certificates already read) and ``renewed_by`` (SQL) are one rule: over every
combination of a later certificate's status, issue date and term against the held one's, both
say the same. Both backends."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from techzone.io.sheets import Sheet
from techzone.model import Enterprise, Qualification
from techzone.model.holding import renewed, renewed_by
from techzone.store import Store
from tests.cultivation.factory import enterprise, qualification, write

DAY = date(2026, 11, 1)
HELD_ISSUED = date(2023, 11, 20)
HELD_ENDS = date(2026, 11, 19)
KIND = "高新技术企业"

STATUSES: list[tuple[str, date | None]] = [
    ("有效", None),
    ("已撤销", date(2026, 10, 20)),  # revoked before the day
    ("已撤销", date(2026, 11, 20)),  # revoked only after the day
    ("已过期", None),
]
ISSUED = [
    HELD_ISSUED,  # the same issue date
    date(2026, 10, 1),  # before the day
    DAY,  # on the day
    date(2026, 12, 1),  # after the day
]
NEWER_ENDS: list[date | None] = [None, date(2026, 11, 18), HELD_ENDS, date(2029, 9, 30)]
HELD_TERMS: list[date | None] = [HELD_ENDS, None]


def test_the_python_and_sql_twins_agree_on_every_edge(store: Store) -> None:
    cases = [
        (status, issued, ends, held_ends)
        for status, issued, ends, held_ends in itertools.product(
            STATUSES, ISSUED, NEWER_ENDS, HELD_TERMS
        )
        # An import refuses a term ending, or a revocation, before the issue.
        if (ends is None or ends >= issued) and (status[1] is None or status[1] >= issued)
    ]
    rows: list[Sheet] = []
    for number, ((status, revoked_on), issued, ends, held_ends) in enumerate(cases, start=1):
        rows.append(enterprise(number))
        rows.append(qualification(number, KIND, f"GR-H{number:04d}", HELD_ISSUED, held_ends))
        rows.append(
            qualification(
                number,
                KIND,
                f"GR-N{number:04d}",
                issued,
                ends,
                status=status,
                revoked_on=revoked_on,
            )
        )
    write(store, *rows)
    with store.transaction() as session:
        by_sql = {
            (uscc, no)
            for uscc, no in session.execute(
                select(Enterprise.uscc, Qualification.certificate_no)
                .join(Enterprise, Enterprise.id == Qualification.enterprise_id)
                .where(renewed_by(DAY))
            )
        }
        held = list(session.scalars(select(Qualification).join(Qualification.enterprise)))
        by_python = set()
        for q in held:
            same = [o for o in held if o.enterprise_id == q.enterprise_id and o.kind == q.kind]
            if renewed(q, same, DAY):
                by_python.add((q.enterprise.uscc, q.certificate_no))
    assert by_sql == by_python
    # Not vacuous: some are renewed, and most are not.
    assert 0 < len(by_sql) < len(cases)
