"""申报: the board by batch and status, and status changes through the CLI's core function."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from techzone.access import Role
from techzone.accounts.demo import DEMO_UNIT
from techzone.cultivation.applications import ApplicationRejected, open_application
from techzone.model import Application, AuditEntry
from techzone.model.codes import QualificationKind
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.officer_data import usccs

YEAR = 2026
# Each test opens its own application: one per enterprise, qualification and year.
_kinds = itertools.cycle(list(QualificationKind))
_enterprise = itertools.count()


def _open(store: Store, place: str, department: str = DEMO_UNIT) -> int:
    found = usccs(store)[place]
    with store.transaction() as session:
        for _ in range(60):
            uscc = found[next(_enterprise) % len(found)]
            kind = next(_kinds)
            exists = session.scalar(
                select(Application.id)
                .join(Application.enterprise)
                .where(
                    Application.qualification == kind,
                    Application.year == YEAR,
                    Application.enterprise.has(uscc=uscc),
                )
            )
            if exists is None:
                try:
                    opened = open_application(
                        session, uscc, kind, YEAR, department, "测试", date(YEAR, 3, 1)
                    )
                except ApplicationRejected:  # e.g. a title revoked this year
                    continue
                return opened.id
    raise AssertionError("no free enterprise and qualification left")


@pytest.fixture
def opened(web_store: Store) -> Callable[..., int]:
    return lambda place="park", department=DEMO_UNIT: _open(web_store, place, department)


def _status(client: SessionClient, application_id: int) -> str:
    rows = client.get("/api/v1/applications", params={"year": YEAR}).json()
    return str(next(r["status_label"] for r in rows if r["id"] == application_id))


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.ZONE, Role.PARK, Role.UNIT])
def test_the_board_per_role(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int], role: Role
) -> None:
    number = opened()
    client = client_as(role)
    page = client.get("/applications", params={"year": YEAR})
    assert page.status_code == 200
    assert f"/applications/{number}/status" in page.text or role is Role.PROVINCE
    rows = client.get("/api/v1/applications", params={"year": YEAR}).json()
    assert number in {r["id"] for r in rows}
    if role is Role.PROVINCE:
        assert "/status" not in page.text  # reads only


def test_scope_of_the_board(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int]
) -> None:
    elsewhere = opened("zone_other_park", department="别的单位")
    park_rows = client_as(Role.PARK).get("/api/v1/applications").json()
    assert elsewhere not in {r["id"] for r in park_rows}
    unit_rows = client_as(Role.UNIT).get("/api/v1/applications").json()
    assert elsewhere not in {r["id"] for r in unit_rows}
    assert all(r["department"] == DEMO_UNIT for r in unit_rows)
    zone_rows = client_as(Role.ZONE).get("/api/v1/applications").json()
    assert elsewhere in {r["id"] for r in zone_rows}


def test_move_to_the_next_status_writes_history_and_audit(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int], web_store: Store
) -> None:
    number = opened()
    client = client_as(Role.ZONE)
    answer = client.post(
        f"/applications/{number}/status",
        data={"to": "coaching", "year": str(YEAR), "csrf_token": client.csrf},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "已变更为「辅导」" in answer.text
    assert _status(client, number) == "辅导"
    with web_store.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "application.advance", AuditEntry.entity_key == str(number)
            )
        ).one()
        assert entry.actor == "demo-zone"
        assert entry.before == {"status": "screening", "batch": None}
        assert entry.after is not None and entry.after["status"] == "coaching"


def test_an_illegal_move_is_refused_with_the_core_message(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int], web_store: Store
) -> None:
    number = opened()
    client = client_as(Role.PARK)
    answer = client.post(
        f"/applications/{number}/status",
        data={"to": "publicised", "year": str(YEAR), "csrf_token": client.csrf},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422  # swapped in by static/htmx_errors.js
    assert 'role="alert"' in answer.text
    assert "跳过了" in answer.text and "须写明原因" in answer.text
    assert "--reason" not in answer.text  # the command line's option means nothing here
    plain = client.post(
        f"/applications/{number}/status",
        data={"to": "publicised", "year": str(YEAR), "csrf_token": client.csrf},
    )
    assert plain.status_code == 422 and "跳过了" in plain.text
    assert _status(client, number) == "摸排"
    with web_store.transaction() as session:
        assert (
            session.scalar(
                select(AuditEntry.id).where(
                    AuditEntry.action == "application.advance",
                    AuditEntry.entity_key == str(number),
                )
            )
            is None
        )
    api = client.post(
        f"/api/v1/applications/{number}/status",
        json={"to": "公示"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert api.status_code == 422
    assert api.json()["error"]["code"] == "application_rejected"
    skipped = client.post(
        f"/api/v1/applications/{number}/status",
        json={"to": "公示", "reason": "材料已齐，直接公示（测试）"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert skipped.status_code == 200, skipped.text
    assert skipped.json()["application"]["status_label"] == "公示"
    back = client.post(
        f"/api/v1/applications/{number}/status",
        json={"to": "nonsense"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert back.status_code == 422 and back.json()["error"]["code"] == "bad_status"


def test_changes_outside_the_scope_or_by_a_reader_are_refused(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int]
) -> None:
    elsewhere = opened("zone_other_park")
    park = client_as(Role.PARK)
    answer = park.post(
        f"/api/v1/applications/{elsewhere}/status",
        json={"to": "辅导"},
        headers={"X-CSRF-Token": park.csrf},
    )
    assert answer.status_code == 404
    unknown = park.post(
        "/api/v1/applications/999999/status",
        json={"to": "辅导"},
        headers={"X-CSRF-Token": park.csrf},
    )
    assert unknown.status_code == 404
    province = client_as(Role.PROVINCE)
    refused = province.post(
        f"/api/v1/applications/{elsewhere}/status",
        json={"to": "辅导"},
        headers={"X-CSRF-Token": province.csrf},
    )
    assert refused.status_code == 403
    enterprise = client_as(Role.ENTERPRISE)
    assert (
        enterprise.post(
            f"/api/v1/applications/{elsewhere}/status",
            json={"to": "辅导"},
            headers={"X-CSRF-Token": enterprise.csrf},
        ).status_code
        == 403
    )
    zone = client_as(Role.ZONE)
    no_token = zone.post(f"/api/v1/applications/{elsewhere}/status", json={"to": "辅导"})
    assert no_token.status_code == 403
    assert _status(zone, elsewhere) == "摸排"


def test_recognition_from_the_board_needs_its_certificate(
    client_as: Callable[[Role], SessionClient], opened: Callable[..., int]
) -> None:
    number = opened()
    client = client_as(Role.ZONE)
    moved = client.post(
        f"/api/v1/applications/{number}/status",
        json={"to": "公示", "reason": "材料齐备（测试）", "on": "2026-05-01"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert moved.status_code == 200, moved.text
    form = {"to": "recognised", "year": str(YEAR), "csrf_token": client.csrf}
    refused = client.post(f"/applications/{number}/status", data=form)
    assert refused.status_code == 422 and "证书编号" in refused.text
    bad_day = client.post(
        f"/applications/{number}/status",
        data={**form, "certificate_no": "T-1", "issued_on": "不是日期"},
    )
    assert bad_day.status_code == 422 and "发证日期须为日期" in bad_day.text
    done = client.post(
        f"/applications/{number}/status",
        data={**form, "certificate_no": f"TEST-{number}", "issued_on": "2026-05-02"},
    )
    assert done.status_code == 200, done.text
    assert "已变更为「认定」" in done.text
