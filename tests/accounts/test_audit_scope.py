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


def test_an_entry_is_read_by_the_administrators_of_the_zone_it_changed(store: Store) -> None:
    """Changes made at the command line to a zone's data (a case advanced, a notice published)
    carry the zone: its own administrators read them, another province's do not."""
    load_demo(store, enterprises=10, seed=1)
    cli = Actor.command_line()
    with store.transaction() as session:
        create_account(session, SETUP, "gansu-zone", "long-enough-1", Role.ZONE,
                       Binding(zone="GS-BY"))  # fmt: skip
        audit.record(session, cli, "case.approve", "兑现案件", "1", zone="GS-BY")
        audit.record(session, cli, "case.approve", "兑现案件", "2", zone="GX-LZ")
        audit.record(session, cli, "records.import", "file", "全省.xlsx")

    def keys(scope: Scope) -> set[str]:
        with store.transaction() as session:
            return {e.entity_key for e in visible_entries(session, scope, limit=500)}

    gansu = keys(Scope(role=Role.PROVINCE, province="甘肃省"))
    guangxi = keys(Scope(role=Role.PROVINCE, province="广西壮族自治区"))
    baiyin = keys(Scope(role=Role.ZONE, zone="GS-BY"))
    lanzhou = keys(Scope(role=Role.ZONE, zone="GS-LZ"))
    assert "1" in gansu and "2" not in gansu
    assert "2" in guangxi and "1" not in guangxi
    # A zone's administrator now reads the command line's changes to its own zone's data.
    assert "1" in baiyin and "2" not in baiyin and "1" not in lanzhou
    # An entry of no zone keeps the rule of who made it: the command line's, the provinces'.
    assert "全省.xlsx" in gansu and "全省.xlsx" in guangxi and "全省.xlsx" not in baiyin
    assert "gansu-zone" in baiyin and "gansu-zone" not in lanzhou


def test_an_account_change_carries_its_zone(store: Store) -> None:
    from sqlalchemy import select

    from techzone.model import AuditEntry

    load_demo(store, enterprises=10, seed=1)
    with store.transaction() as session:
        create_account(session, SETUP, "gansu-zone", "long-enough-1", Role.ZONE,
                       Binding(zone="GS-BY"))  # fmt: skip
        zone = session.scalar(select(AuditEntry.zone).where(AuditEntry.entity_key == "gansu-zone"))
    assert zone == "GS-BY"
