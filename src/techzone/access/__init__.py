"""Who may see what: the caller's role and scope, which every core read takes.

A face (the CLI, the web application) builds one ``Scope`` for its caller and hands it to the
core; the core applies it in its queries. A template or a route never filters rows itself, so a
row outside the scope is never read, let alone shown (another zone's enterprise by id is simply
not found).
"""

from techzone.access.scope import Role, Scope

__all__ = ["Role", "Scope"]
