"""Accounts of the web application: roles, passwords (Argon2), lockout, server-side sessions.

A core module: the CLI (``techzone user``) and the web application call the same functions, and
every change is written to the audit log in the change's own transaction.
"""

from techzone.accounts.passwords import hash_password, use_hasher, verify_password
from techzone.accounts.service import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    MAX_FAILED_LOGINS_ACCOUNT,
    MIN_PASSWORD_LENGTH,
    AccountError,
    Binding,
    Login,
    authenticate,
    create_account,
    describe_scope,
    find_account,
    list_accounts,
    parse_role,
    reset_password,
    scope_of,
    set_disabled,
)
from techzone.accounts.sessions import (
    ABSOLUTE_LIFETIME,
    IDLE_TIMEOUT,
    Opened,
    close_session,
    find_session,
    live_session,
    open_session,
)

__all__ = [
    "ABSOLUTE_LIFETIME",
    "IDLE_TIMEOUT",
    "LOCKOUT",
    "MAX_FAILED_LOGINS",
    "MAX_FAILED_LOGINS_ACCOUNT",
    "MIN_PASSWORD_LENGTH",
    "AccountError",
    "Binding",
    "Login",
    "Opened",
    "authenticate",
    "close_session",
    "create_account",
    "describe_scope",
    "find_account",
    "find_session",
    "hash_password",
    "list_accounts",
    "live_session",
    "open_session",
    "parse_role",
    "reset_password",
    "scope_of",
    "set_disabled",
    "use_hasher",
    "verify_password",
]
