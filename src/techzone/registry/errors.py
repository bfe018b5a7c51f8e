"""What a registry read refuses, with a stable code for the API and a Chinese message for people."""

from __future__ import annotations


class RegistryError(ValueError):
    """A request the registry answers with an error: ``code`` is stable, ``message`` Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class QueryRejected(RegistryError):
    """A search or view asked for something not offered (a sort field, a page size, a window)."""


class NotFound(RegistryError):
    """No such record in the caller's scope. The same answer whether the record exists in another
    zone or not at all, so a scope never reveals what lies outside it."""

    def __init__(self, what: str = "企业") -> None:
        super().__init__("not_found", f"未找到该{what}，或不在您的查看范围内")
