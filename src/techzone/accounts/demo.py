"""One account per role for the demo zone, with passwords anyone may read: demo data only.

``techzone demo --accounts`` (and so ``make demo``) creates them and prints them; running it
again leaves them usable (a changed password or a lock is reset, and the audit log says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access import Role
from techzone.accounts.passwords import verify_password
from techzone.accounts.service import (
    AccountError,
    Binding,
    create_account,
    describe_scope,
    find_account,
    reset_password,
    set_disabled,
)
from techzone.demo.zones import BAIYIN
from techzone.model import Enterprise, LoginFailure, Park, Zone

DEMO_ZONE = BAIYIN.code
DEMO_PARK = BAIYIN.parks[0].code
# A department the demo names as a 责任单位 (包抓联); the demo's applications carry none yet.
DEMO_UNIT = "白银高新区科技发展局"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    reach: str


def _password(role: Role) -> str:
    return f"demo-{role.value}-2026"


def demo_enterprise(session: Session) -> str:
    """The USCC of the demo enterprise account's enterprise (the first one in GS-BY/HX)."""
    uscc = session.scalar(
        select(Enterprise.uscc)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(Zone.code == DEMO_ZONE, Park.code == DEMO_PARK)
        .order_by(Enterprise.uscc)
        .limit(1)
    )
    if uscc is None:
        raise AccountError("数据库中没有示范企业，请先运行 techzone demo 载入示范数据")
    return uscc


def create_demo_accounts(session: Session, actor: audit.Actor) -> list[DemoAccount]:
    """The five demo accounts (白银高新区, its 核心区 park, one enterprise there)."""
    province = session.scalar(select(Zone.province).where(Zone.code == DEMO_ZONE))
    if province is None:
        raise AccountError("数据库中没有示范高新区，请先运行 techzone demo 载入示范数据")
    bindings = {
        Role.PROVINCE: Binding(province=province),
        Role.ZONE: Binding(zone=DEMO_ZONE),
        Role.PARK: Binding(zone=DEMO_ZONE, park=DEMO_PARK),
        Role.UNIT: Binding(zone=DEMO_ZONE, unit=DEMO_UNIT),
        Role.ENTERPRISE: Binding(zone=DEMO_ZONE, uscc=demo_enterprise(session)),
    }
    made = []
    for role, binding in bindings.items():
        username, password = f"demo-{role.value}", _password(role)
        account = find_account(session, username)
        if account is None:
            account = create_account(session, actor, username, password, role, binding)
        else:
            if account.disabled:
                set_disabled(session, actor, username, False, reason="示范账号恢复")
            locked = account.locked_until is not None or session.scalar(
                select(LoginFailure.id).where(LoginFailure.account_id == account.id).limit(1)
            )
            if locked or not verify_password(account.password_hash, password):
                reset_password(session, actor, username, password, reason="示范账号恢复")
        made.append(DemoAccount(username, password, role, describe_scope(session, account)))
    return made
