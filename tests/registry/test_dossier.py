"""The dossier (一企一档): what it holds, and NotFound alike for out-of-scope and unknown."""

from __future__ import annotations

import json

import pytest

from techzone.access import Scope
from techzone.registry import NotFound
from techzone.registry.dossier import dossier
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.registry.conftest import AS_OF, PARK, PROVINCE, ZONE, uscc


def test_dossier_of_an_enterprise_in_scope(register: Store, packs: PackSet) -> None:
    with register.transaction() as session:
        found = dossier(session, PARK, uscc(1), AS_OF, packs=packs)
    assert found.identity.uscc == uscc(1)
    assert (found.identity.zone, found.identity.park) == ("GS-A", "P1")
    hnte = next(q for q in found.qualifications if q.certificate_no == "GR1")
    assert hnte.in_force and hnte.days_left == 30
    assert found.assessment["format"] == "techzone.trace.v2"
    assert found.assessment["uscc"] == uscc(1)
    # Every qualification is assessed, each criterion with its explanation.
    hnte_trace = next(q for q in found.assessment["qualifications"] if q["id"] == "hnte")
    assert hnte_trace["criteria"] and "status" in hnte_trace
    # The science ladder's next step above the HNTE it holds, with its plan.
    assert any(step.kind == "tech_leader" for step in found.steps)
    assert [a.qualification for a in found.applications] == ["hnte"]
    assert found.applications[0].history[0].to_status == "摸排"
    # The whole dossier is JSON as it is.
    assert json.loads(found.model_dump_json())["identity"]["name"] == "甲园示例科技有限公司"


def test_a_lowercase_uscc_finds_the_same_enterprise(register: Store, packs: PackSet) -> None:
    with register.transaction() as session:
        found = dossier(session, ZONE, uscc(2).lower(), AS_OF, packs=packs)
    assert found.identity.uscc == uscc(2)


@pytest.mark.parametrize(
    ("scope", "number"),
    [
        (PARK, 2),  # another park of the same zone
        (PARK, 3),  # the same park code in another zone
        (ZONE, 3),
        (PROVINCE, 4),
        (Scope(uscc=uscc(1)), 5),
    ],
)
def test_out_of_scope_is_not_found(
    register: Store, packs: PackSet, scope: Scope, number: int
) -> None:
    with register.transaction() as session, pytest.raises(NotFound) as missing:
        dossier(session, scope, uscc(number), AS_OF, packs=packs)
    with register.transaction() as session, pytest.raises(NotFound) as unknown:
        dossier(session, scope, uscc(99), AS_OF, packs=packs)
    with register.transaction() as session, pytest.raises(NotFound) as odd:
        dossier(session, scope, "9162\x00' OR 1=1", AS_OF, packs=packs)
    # The same answer: existence in another zone is not revealed.
    assert (odd.value.code, str(odd.value)) == (unknown.value.code, str(unknown.value))
    assert (missing.value.code, str(missing.value)) == (unknown.value.code, str(unknown.value))
