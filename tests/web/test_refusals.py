"""The core's refusals reach the web as its own Chinese sentence and a 422, never a 500: found by
the schemathesis run (a list date in 2100 raised the calendar's refusal as an internal error)."""

from __future__ import annotations

from collections.abc import Callable

from techzone.access import Role
from techzone.refusals import refusals
from techzone.store import Store
from techzone.store.database import CONTENDED_MESSAGE
from tests.web.conftest import SessionClient


def test_a_year_the_calendar_does_not_hold_is_refused_in_chinese(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/api/v1/lists", params={"as_of": "2101-01-01"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "refused"
    assert "2101" in error["message"]


def test_a_year_within_the_calendar_is_answered(
    client_as: Callable[[Role], SessionClient],
) -> None:
    assert client_as(Role.ZONE).get("/api/v1/lists", params={"as_of": "2026-06-30"}).is_success


def test_every_refusal_is_an_exception_with_a_message() -> None:
    found = refusals()
    assert len(found) == len(set(found)) >= 15
    assert all(issubclass(kind, Exception) for kind in found)


def test_a_write_that_met_another_at_once_is_refused_in_chinese_not_a_500(
    web_store: Store, web_store_url: str
) -> None:
    """Two workers (or the command line beside the web) writing at once: the database refuses
    the later write — SQLite's lock still held after its busy timeout, PostgreSQL's deadlock or
    serialization failure, a number taken twice — and the answer says to retry, in Chinese."""
    import sqlite3

    import psycopg.errors
    from fastapi.testclient import TestClient
    from sqlalchemy.exc import IntegrityError, OperationalError

    from techzone.web import WebSettings, create_app

    app = create_app(WebSettings(database_url=web_store_url), store=web_store)
    raised: dict[str, Exception] = {
        "locked": OperationalError(
            "UPDATE …", None, sqlite3.OperationalError("database is locked")
        ),
        "deadlock": OperationalError("UPDATE …", None, psycopg.errors.DeadlockDetected("deadlock")),
        "serial": OperationalError("UPDATE …", None, psycopg.errors.SerializationFailure("s")),
        "number": IntegrityError("INSERT …", None, psycopg.errors.UniqueViolation("number")),
        # Not contention: a defect, answered as one.
        "schema": OperationalError("SELECT …", None, sqlite3.OperationalError("no such table: x")),
        "null": IntegrityError("INSERT …", None, psycopg.errors.NotNullViolation("amount")),
    }

    def failing(kind: str) -> None:
        raise raised[kind]

    app.router.add_api_route("/api/v1/failing/{kind}", failing, methods=["GET"])
    app.router.add_api_route("/failing/{kind}", failing, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as client:
        for kind in ("locked", "deadlock", "serial", "number"):
            answer = client.get(f"/api/v1/failing/{kind}")
            assert answer.status_code == 409, kind
            assert answer.json()["error"]["message"] == CONTENDED_MESSAGE
            page = client.get(f"/failing/{kind}")
            assert page.status_code == 409 and "请刷新后重试" in page.text
            assert "Error" not in page.text
        for kind in ("schema", "null"):
            assert client.get(f"/api/v1/failing/{kind}").status_code == 500, kind


def test_a_duplicate_names_what_exists_and_only_writers_at_once_are_told_to_retry(
    web_store: Store, web_store_url: str, demo_accounts: object
) -> None:
    """A record written twice (a route that forgot to look first) clashes on its unique key in
    the real database: the answer names what already exists, for retrying cannot help. A number
    the program makes itself, taken by another writer at that moment, is to be retried."""
    from datetime import datetime

    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from techzone.model import Account, Enterprise
    from techzone.model.fulfilment import PaymentBatch
    from techzone.web import WebSettings, create_app

    app = create_app(WebSettings(database_url=web_store_url), store=web_store)
    with web_store.transaction() as session:
        uscc = session.scalars(select(Enterprise.uscc).limit(1)).one()
        taken = session.scalars(select(Account.username).limit(1)).one()

    def same_enterprise() -> None:
        with web_store.transaction() as session:
            held = session.scalars(select(Enterprise).where(Enterprise.uscc == uscc)).one()
            session.add(
                Enterprise(
                    uscc=uscc,
                    name="重复登记的企业",
                    park_id=held.park_id,
                    registered_on=held.registered_on,
                    ownership=held.ownership,
                )
            )

    def same_username() -> None:
        with web_store.transaction() as session:
            held = session.scalars(select(Account).where(Account.username == taken)).one()
            session.add(
                Account(
                    username=taken,
                    password_hash=held.password_hash,
                    role=held.role,
                    disabled=False,
                    created_at=datetime(2026, 1, 1),
                )
            )

    def same_batch_number() -> None:
        made = {
            "payer": "zone",
            "created_at": datetime(2026, 1, 1),
            "created_by": "测试",
            "cases": 0,
            "total": 0,
        }
        with web_store.transaction() as session:
            session.add(PaymentBatch(number="ZF-clash-test", **made))
            session.flush()
            session.add(PaymentBatch(number="ZF-clash-test", **made))

    app.router.add_api_route("/api/v1/twice/enterprise", same_enterprise, methods=["GET"])
    app.router.add_api_route("/twice/account", same_username, methods=["GET"])
    app.router.add_api_route("/api/v1/twice/batch", same_batch_number, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/twice/enterprise")
        assert answer.status_code == 409, answer.text
        error = answer.json()["error"]
        assert error["code"] == "duplicate"
        assert f"统一社会信用代码为「{uscc}」的企业已在名录中" in error["message"]
        assert "重试" not in error["message"] and "未写入任何内容" in error["message"]
        page = client.get("/twice/account")
        assert page.status_code == 409 and f"用户名「{taken}」已被使用" in page.text
        assert "重试" not in page.text
        again = client.get("/api/v1/twice/batch")
        assert again.status_code == 409
        assert again.json()["error"] == {"code": "conflict", "message": CONTENDED_MESSAGE}
    with web_store.transaction() as session:
        assert (
            session.scalar(select(PaymentBatch).where(PaymentBatch.number == "ZF-clash-test"))
            is None
        )
        assert (
            session.scalars(select(Enterprise).where(Enterprise.uscc == uscc)).all()[0].name
            != "重复登记的企业"
        )
