"""A caller's scope as SQL conditions, so every read restricts rows where they are selected.

The conditions name ``Enterprise``, ``Park`` and ``Zone``: a query using them joins the three
(``with_owner`` adds the joins to a query that starts from the enterprise).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, select

from techzone.access.scope import Scope
from techzone.model import Enterprise, Park, Zone

# Any select: the helpers keep the type of the query they are given.
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def merged(scope: Scope | None, zone: str | None = None, uscc: str | None = None) -> Scope:
    """One scope from a caller's scope and the narrower zone or enterprise a command names.

    A zone or enterprise named outside the caller's scope leaves nothing to read: the narrower
    of the two is kept by requiring both (``conditions`` then matches no row)."""
    base = scope or Scope.everything()
    return Scope(
        role=base.role,
        province=base.province,
        zone=_both(base.zone, zone),
        park=base.park,
        uscc=_both(base.uscc, uscc),
        unit=base.unit,
    )


# A code no zone, park or enterprise has (every code is required and non-empty; PostgreSQL refuses
# a NUL in text): two different restrictions on one field admit nothing.
NOTHING = ""


def _both(held: str | None, named: str | None) -> str | None:
    if held is None:
        return named
    if named is None or named == held:
        return held
    return NOTHING


def conditions(scope: Scope) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``scope`` over Enterprise, Park and Zone (none: every row)."""
    found: list[ColumnElement[bool]] = []
    if scope.province is not None:
        found.append(Zone.province == scope.province)
    if scope.zone is not None:
        found.append(Zone.code == scope.zone)
    if scope.park is not None:
        found.append(Park.code == scope.park)
    if scope.uscc is not None:
        found.append(Enterprise.uscc == scope.uscc)
    return found


def on_enterprise(scope: Scope) -> list[ColumnElement[bool]]:
    """The same conditions over ``Enterprise`` alone (its park among the parks in scope), for a
    query that must not join: the planner can then walk an index of the enterprise table in order
    and stop at a page's end."""
    found: list[ColumnElement[bool]] = []
    if restricts_place(scope):
        parks = select(Park.id).join(Zone, Park.zone_id == Zone.id)
        found.append(
            Enterprise.park_id.in_(
                parks.where(
                    *conditions(Scope(province=scope.province, zone=scope.zone, park=scope.park))
                )
            )
        )
    if scope.uscc is not None:
        found.append(Enterprise.uscc == scope.uscc)
    return found


def restricts_place(scope: Scope) -> bool:
    """Whether the scope needs the park and zone joined (province, zone or park given)."""
    return scope.province is not None or scope.zone is not None or scope.park is not None


def with_owner(query: Q) -> Q:
    """``query`` (already over Enterprise) joined to the enterprise's park and zone."""
    return query.join(Park, Enterprise.park_id == Park.id).join(Zone, Park.zone_id == Zone.id)


def where(query: Q, scope: Scope) -> Q:
    """``query`` (joined to Enterprise, Park and Zone) restricted to ``scope``."""
    found = conditions(scope)
    return query.where(*found) if found else query


def whole_zones(scope: Scope | None) -> bool:
    """Whether the scope reaches whole zones (the register, a province or a zone): a park's,
    an enterprise's or a department's scope sees no zone-wide figure."""
    return scope is None or (scope.park is None and scope.uscc is None and scope.unit is None)


def zone_conditions(scope: Scope | None) -> list[ColumnElement[bool]]:
    """Conditions over ``Zone`` alone keeping the zones ``scope`` reaches as a whole (its
    province's, or its own); none for a scope narrower than a zone."""
    if scope is None:
        return []
    if not whole_zones(scope):
        return [false()]
    found: list[ColumnElement[bool]] = []
    if scope.province is not None:
        found.append(Zone.province == scope.province)
    if scope.zone is not None:
        found.append(Zone.code == scope.zone)
    return found
