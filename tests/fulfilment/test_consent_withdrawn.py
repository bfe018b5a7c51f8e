"""An enterprise that withdraws its consent while its case is in review.

reference/peers.md: 免申即享 runs data comparison → push → the enterprise's consent → payment.
Consent given can be withdrawn before the money is decided: the case was stuck in 审核中 (放弃
refused there) and could only be refused as 不予支持, which says the government turned the
enterprise down. Once approved, the case is in the budget and on its way to a public notice; a
change of mind then is a matter for the officers (暂缓, 不予支持), not a click, so 放弃 stays
refused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import review, worklist
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    MATCHED_ON,
    NEW_HNTE,
    OFFICER,
    A,
    approve_all,
    cases,
    confirm,
    hnte,
    records,
    sync,
)

OWN = Scope(role=Role.ENTERPRISE, uscc=A)
ENTERPRISE = Actor("企业经办人", role=Role.ENTERPRISE.value)


def _in_review(store: Store, catalogue: Catalogue) -> int:
    sync(store, catalogue, records(hnte()))
    (case,) = cases(store, NEW_HNTE)
    confirm(store, case.id)
    assert cases(store, NEW_HNTE)[0].state == State.IN_REVIEW
    return case.id


def test_consent_withdrawn_in_review_ends_the_case_as_declined(
    store: Store, catalogue: Catalogue
) -> None:
    case_id = _in_review(store, catalogue)
    with store.transaction() as session:
        case = cases(store, NEW_HNTE)[0]
        assert worklist.DECLINE in worklist.actions(case, OWN)
        review.decline(session, OWN, case_id, ENTERPRISE, "企业决定不再申请该项奖补")
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.DECLINED
    with store.transaction() as session, pytest.raises(FulfilmentError):
        review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)


def test_after_approval_consent_cannot_be_withdrawn_by_a_click(
    store: Store, catalogue: Catalogue
) -> None:
    case_id = _in_review(store, catalogue)
    approve_all(store, case_id, catalogue)
    (case,) = cases(store, NEW_HNTE)
    assert case.state == State.APPROVED and case.amount == Decimal("200000.00")
    assert worklist.DECLINE not in worklist.actions(case, OWN)
    with store.transaction() as session, pytest.raises(FulfilmentError):
        review.decline(session, OWN, case_id, ENTERPRISE, "企业决定不再申请该项奖补")
    assert cases(store, NEW_HNTE)[0].state == State.APPROVED
