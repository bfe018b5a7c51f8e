"""Password hashing with Argon2id (argon2-cffi): the winner of the Password Hashing Competition
and the first choice of OWASP's password storage guidance; memory-hard, so guessing on a GPU
costs what it costs on the server."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2-cffi's defaults: RFC 9106's low-memory profile (64 MiB)

# Verified against when the username is unknown, so a refusal takes as long whether or not the
# account exists (the answer's timing does not reveal which usernames are real).
_NOBODY = _hasher.hash("techzone: no such account")


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher: tests use argon2's cheap profile so a login costs microseconds."""
    global _hasher, _NOBODY
    _hasher = hasher
    _NOBODY = hasher.hash("techzone: no such account")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; ``None`` (no account) checks a dummy hash."""
    try:
        return _hasher.verify(stored or _NOBODY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with other parameters than today's (upgraded at the next login)."""
    return _hasher.check_needs_rehash(stored)
