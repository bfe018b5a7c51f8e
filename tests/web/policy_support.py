"""Helpers shared by the tests of 周报, 政策清单, 预算 and 园区."""

from __future__ import annotations

import tempfile
from pathlib import Path

from techzone.access import Role
from techzone.accounts import Binding, create_account
from techzone.store import Store
from tests.web.conftest import FRESH_PASSWORD, TEST_ACTOR, SessionClient, log_in

ROLES_OTHER_THAN = {
    frozenset(allowed): [role for role in Role if role not in allowed]
    for allowed in ({Role.ZONE}, {Role.PROVINCE, Role.ZONE})
}


def left_behind() -> set[Path]:
    """The web layer's temporary folders now present (each download must remove its own)."""
    return set(Path(tempfile.gettempdir()).glob("techzone-web-*"))


def client_for(
    app: object, store: Store, username: str, role: Role, binding: Binding
) -> SessionClient:
    """A client logged in as a new account bound as given (e.g. a zone admin of another zone)."""
    with store.transaction() as session:
        create_account(session, TEST_ACTOR, username, FRESH_PASSWORD, role, binding)
    client = SessionClient(app)  # type: ignore[arg-type]
    answer = log_in(client, username, FRESH_PASSWORD)
    assert answer.status_code == 303, answer.text
    return client
