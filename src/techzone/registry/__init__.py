"""The scoped reads the web application's pages and API call: enterprise search, the enterprise
dossier (一企一档) and the dashboard figures. Each takes the caller's ``techzone.access.Scope`` and
applies it in its queries; results are Pydantic models that serialise to JSON as they are."""

from techzone.registry.errors import NotFound, QueryRejected

__all__ = ["NotFound", "QueryRejected"]
