"""A unique key refused by the database, on each backend: a record that exists is named; a
number the program makes, taken at once by another writer, is left to be retried."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError

from techzone.model import Zone
from techzone.model.fulfilment import PaymentBatch
from techzone.store import Store
from techzone.store.clashes import clash, duplicate


def _refused(store: Store, *records: object) -> IntegrityError:
    with pytest.raises(IntegrityError) as raised, store.transaction() as session:
        for record in records:
            session.add(record)
            session.flush()
    return raised.value


def test_a_zone_code_entered_twice_is_named(store: Store) -> None:
    with store.transaction() as session:
        session.add(
            Zone(
                code="GS-DUP", name="重复高新区", province="甘肃省", city="白银市", level="national"
            )
        )
    error = _refused(
        store,
        Zone(code="GS-DUP", name="又一个", province="甘肃省", city="白银市", level="national"),
    )
    found = clash(error)
    assert found is not None and (found.table, found.columns) == ("zone", ("code",))
    said = duplicate(error, store.engine)
    assert said is not None and "代码为「GS-DUP」的高新区已存在" in said
    assert "重试" not in said


def test_a_running_number_taken_at_once_is_not_called_a_duplicate(store: Store) -> None:
    made = {"payer": "zone", "created_at": datetime(2026, 1, 1), "created_by": "测试"}
    error = _refused(
        store,
        PaymentBatch(number="ZF-1", cases=0, total=0, **made),
        PaymentBatch(number="ZF-1", cases=0, total=0, **made),
    )
    found = clash(error)
    assert found is not None and found.table == "payment_batch"
    assert duplicate(error, store.engine) is None


def test_a_clash_whose_record_is_not_there_is_left_to_be_retried(store: Store) -> None:
    """The other writer rolled back: nothing to name, so the retry message stands."""
    with store.transaction() as session:
        session.add(
            Zone(code="GS-GONE", name="将删除", province="甘肃省", city="白银市", level="national")
        )
    error = _refused(
        store,
        Zone(code="GS-GONE", name="又一个", province="甘肃省", city="白银市", level="national"),
    )
    with store.transaction() as session:
        session.delete(session.query(Zone).filter_by(code="GS-GONE").one())
    assert duplicate(error, store.engine) is None
