"""The audit log a 省级管理员 reads is its own province's, on both stores."""

from __future__ import annotations

from techzone import audit
from techzone.access import Role, Scope
from techzone.accounts import Binding, create_account
from techzone.accounts.audit_view import all_visible, visible_entries
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.store import Store

SETUP = Actor("测试", source="测试")


def test_a_province_administrator_reads_only_its_own_provinces_entries(store: Store) -> None:
    load_demo(store, enterprises=10, seed=1)
    with store.transaction() as session:
        create_account(session, SETUP, "gansu-zone", "long-enough-1", Role.ZONE,
                       Binding(zone="GS-BY"))  # fmt: skip
        create_account(session, SETUP, "guangxi-zone", "long-enough-1", Role.ZONE,
                       Binding(zone="GX-LZ"))  # fmt: skip
        create_account(session, SETUP, "guangxi-province", "long-enough-1", Role.PROVINCE,
                       Binding(province="广西壮族自治区"))  # fmt: skip
        for name, role in (("gansu-zone", Role.ZONE), ("guangxi-zone", Role.ZONE)):
            audit.record(session, Actor(name, role=role.value), "record.update", "enterprise",
                         f"K-{name}")  # fmt: skip
    gansu = Scope(role=Role.PROVINCE, province="甘肃省")
    guangxi = Scope(role=Role.PROVINCE, province="广西壮族自治区")
    with store.transaction() as session:
        seen = {(e.actor, e.entity_key) for e in visible_entries(session, gansu, limit=500)}
        exported = {(e.actor, e.entity_key) for e in all_visible(session, gansu)}
        theirs = {(e.actor, e.entity_key) for e in visible_entries(session, guangxi, limit=500)}
    assert ("gansu-zone", "K-gansu-zone") in seen
    assert ("guangxi-zone", "K-guangxi-zone") not in seen
    assert not {key for _, key in seen} & {"guangxi-zone", "guangxi-province"}
    assert exported == seen
    assert ("guangxi-zone", "K-guangxi-zone") in theirs
    assert ("gansu-zone", "K-gansu-zone") not in theirs
