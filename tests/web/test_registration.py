"""Registering an enterprise account by USCC: pending (待审核) until an officer of its zone
approves; refused with a reason; officers see and decide only their own; invitations; audit."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select

from techzone.access import Role
from techzone.accounts.demo import DEMO_ZONE
from techzone.accounts.registration import MAX_REGISTER_REFUSALS, count_registration
from techzone.model import Account, AddressAttempt, AuditEntry, Enterprise, Park, Zone
from techzone.store import Store
from tests.support_accounts import Clock
from tests.web.conftest import FRESH_PASSWORD, SessionClient, log_in

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_names = itertools.count(1)


def _uscc(store: Store, *, inside: bool) -> str:
    with store.transaction() as session:
        query = (
            select(Enterprise.uscc)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .where((Zone.code == DEMO_ZONE) if inside else (Zone.code != DEMO_ZONE))
            .order_by(Enterprise.uscc.desc())
        )
        found = session.scalar(query)
    assert found is not None
    return found


def _register(client: SessionClient, uscc: str, username: str, password: str = FRESH_PASSWORD):  # type: ignore[no-untyped-def]
    form = client.get("/register")
    token = _TOKEN.search(form.text)
    assert token is not None
    return client.post(
        "/register",
        data={"uscc": uscc, "username": username, "password": password, "confirm": password,
              "csrf_token": token.group(1)},
    )  # fmt: skip


def test_register_is_pending_until_approved(
    anonymous: SessionClient,
    client_as: Callable[[Role], SessionClient],
    web_store: Store,
) -> None:
    name = f"reg{next(_names)}"
    answer = _register(anonymous, _uscc(web_store, inside=True), name)
    assert answer.status_code == 200, answer.text
    assert "待审核" in answer.text
    refused = log_in(anonymous, name, FRESH_PASSWORD)
    assert refused.status_code == 401 and "待审核" in refused.text
    zone = client_as(Role.ZONE)
    listed = zone.get("/registrations")
    assert name in listed.text
    decided = zone.form_post(
        "/registrations/decide", {"username": name, "decision": "approve"}, follow_redirects=False
    )
    assert decided.status_code == 303
    assert log_in(anonymous, name, FRESH_PASSWORD).status_code == 303
    assert anonymous.get("/api/v1/me").json()["scope"]["uscc"] == _uscc(web_store, inside=True)
    with web_store.transaction() as session:
        actions = set(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_key == name))
        )
    assert {"account.create", "account.register", "account.verify"} <= actions


def test_a_refusal_needs_a_reason_and_keeps_the_account_out(
    anonymous: SessionClient, client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    name = f"reg{next(_names)}"
    _register(anonymous, _uscc(web_store, inside=True), name)
    zone = client_as(Role.ZONE)
    bare = zone.form_post("/registrations/decide", {"username": name, "decision": "refuse"})
    assert bare.status_code == 400 and "原因" in bare.text
    done = zone.form_post(
        "/registrations/decide",
        {"username": name, "decision": "refuse", "reason": "非本企业人员"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    answer = log_in(anonymous, name, FRESH_PASSWORD)
    assert answer.status_code == 401 and "未通过" in answer.text


def test_a_malformed_uscc_is_refused_in_chinese(anonymous: SessionClient) -> None:
    bad = _register(anonymous, "91620400000000001X", f"reg{next(_names)}")
    assert bad.status_code == 400 and "统一社会信用代码" in bad.text
    mismatch = anonymous.post("/register", data={"uscc": "x", "username": "y", "password": "z"})
    assert mismatch.status_code in (400, 403)


def _same(text: str, name: str, uscc: str) -> str:
    """A page with what differs by design taken out: the form's one-time token, what was typed."""
    return _TOKEN.sub("TOKEN", text).replace(name, "NAME").replace(uscc, "USCC")


def test_the_answer_does_not_tell_whether_the_register_holds_the_uscc(
    anonymous: SessionClient, client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    # Refusing a code the register does not hold told anyone which firms are in it.
    held, absent = _uscc(web_store, inside=True), "91110000600037341L"
    answers = {}
    for uscc in (held, held, absent):
        name = f"reg{next(_names)}"
        answer = _register(anonymous, uscc, name)
        login = log_in(anonymous, name, FRESH_PASSWORD)
        answers[name] = (
            answer.status_code,
            _same(answer.text, name, uscc),
            login.status_code,
            _same(login.text, name, uscc),
        )
    first, second, third = answers.values()
    assert first == second == third and first[0] == 200 and "待审核" in first[1]
    # The officer sees the second registration of the same enterprise as one.
    page = client_as(Role.ZONE).get("/registrations").text
    first_name, second_name, absent_name = answers
    row = next(line for line in page.splitlines() if f"<td>{second_name}</td>" in line)
    assert "该企业已有账号" in page and first_name in row
    assert absent_name not in page


def test_an_address_over_the_bound_waits_and_keeps_what_it_typed(
    anonymous: SessionClient, web_store: Store, clock: Clock
) -> None:
    # The attempts refused before, from this client's address (TestClient's "testclient"),
    # and none of the module's earlier tests.
    with web_store.transaction() as session:
        session.execute(delete(AddressAttempt))
        for _ in range(MAX_REGISTER_REFUSALS - 1):
            count_registration(session, source="testclient", now=clock())
    try:
        uscc, taken = _uscc(web_store, inside=True), "demo-zone"
        # The last refused attempt the bound allows: refused by the register, and counted.
        last = _register(anonymous, uscc, taken)
        assert last.status_code == 400 and "已被使用" in last.text
        name = f"reg{next(_names)}"
        held = _register(anonymous, uscc, name, password="typed-secret-1")
        assert held.status_code == 429
        assert "从本处提交的注册过多" in held.text and "后再试" in held.text
        assert f'value="{uscc}"' in held.text and f'value="{name}"' in held.text
        assert "typed-secret-1" not in held.text
        with web_store.transaction() as session:
            assert session.scalar(select(Account.id).where(Account.username == name)) is None
        # An hour on, the address registers again.
        clock.advance(timedelta(hours=1))
        assert _register(anonymous, uscc, name).status_code == 200
    finally:
        with web_store.transaction() as session:
            session.execute(delete(AddressAttempt))


def test_registration_needs_its_form_token(anonymous: SessionClient, web_store: Store) -> None:
    answer = anonymous.post(
        "/register",
        data={"uscc": _uscc(web_store, inside=True), "username": "forged", "password": "p" * 12,
              "confirm": "p" * 12},
    )  # fmt: skip
    assert answer.status_code == 403


def test_officers_decide_only_their_own(
    anonymous: SessionClient, client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    name = f"reg{next(_names)}"
    _register(anonymous, _uscc(web_store, inside=False), name)
    zone = client_as(Role.ZONE)
    assert name not in zone.get("/registrations").text
    tried = zone.form_post("/registrations/decide", {"username": name, "decision": "approve"})
    assert tried.status_code == 400 and "管辖范围" in tried.text
    for role in (Role.PROVINCE, Role.UNIT, Role.ENTERPRISE):
        assert client_as(role).get("/registrations", follow_redirects=False).status_code == 403


def test_an_officer_invites_an_enterprise_in_scope(
    anonymous: SessionClient, client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    zone = client_as(Role.ZONE)
    name = f"inv{next(_names)}"
    outside = zone.form_post(
        "/registrations/invite",
        {"uscc": _uscc(web_store, inside=False), "username": name, "password": FRESH_PASSWORD},
    )
    assert outside.status_code == 400 and "管辖范围" in outside.text
    made = zone.form_post(
        "/registrations/invite",
        {"uscc": _uscc(web_store, inside=True), "username": name, "password": FRESH_PASSWORD},
    )
    assert made.status_code == 200 and "已为" in made.text
    assert log_in(anonymous, name, FRESH_PASSWORD).status_code == 303
