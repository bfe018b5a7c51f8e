"""Several enterprises' records made one, to evaluate them in one frame and one plan.

Requests answered together (``web.batching``) each bring one enterprise's records; two may name
the same enterprise (two self-assessments without a USCC, one dossier opened twice). Each is
given a key of its own — its identifier, a separator, its place — for the evaluation, and
the key is read back to the identifier in what is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, TypeVar

import polars as pl

from techzone.rules.frame import Records

log = logging.getLogger(__name__)
Member = TypeVar("Member")
Answer = TypeVar("Answer")

# No identifier or text of a record holds it (a record that does is evaluated alone: ``apart``).
SEPARATOR = "\x1f"
TABLES = tuple(f.name for f in fields(Records) if f.name != "unknown")


def key(uscc: str, place: int) -> str:
    return f"{uscc}{SEPARATOR}{place}"


def keyed(records: Records, key: str) -> Records:
    """The records with the enterprise's identifier replaced by ``key`` in every table (an empty
    table has none to replace)."""
    tables = {}
    for name in TABLES:
        table: pl.DataFrame = getattr(records, name)
        if not table.is_empty():
            table = table.clone()
            keys = pl.Series("uscc", [key] * table.height, dtype=pl.String)
            table.replace_column(table.get_column_index("uscc"), keys)
        tables[name] = table
    return Records(**tables, unknown=records.unknown)


def joined(parts: list[Records]) -> Records:
    """Several enterprises' records (each with its own identifier, one shape) as one."""
    tables = {name: pl.concat([getattr(part, name) for part in parts]) for name in TABLES}
    return Records(**tables, unknown=parts[0].unknown)


def apart(records: Records) -> bool:
    """Whether some text of the records holds the separator (then they are evaluated alone: an
    id made from them could not be told from a key). Read in Python: a Polars string operation
    is a plan of its own, and one enterprise's tables hold a few rows."""
    return any(
        isinstance(value, str) and SEPARATOR in value
        for name in TABLES
        for row in getattr(records, name).iter_rows()
        for value in row
    )


def unkeyed(row: dict[str, Any], text: Sequence[str], key: str, uscc: str) -> dict[str, Any]:
    """``row`` (made for this answer) with ``key`` read back as ``uscc`` in its ``text`` columns
    (ids made from it: trigger, entitlement). In Python: one enterprise's few rows cost less
    so than a Polars plan each."""
    for name in text:
        value = row[name]
        if value is not None:
            row[name] = value.replace(key, uscc)
    return row


def answered(
    members: Sequence[Member],
    jointly: Callable[[list[Member]], Sequence[Answer | Exception]],
    alone: Callable[[Member], Answer],
    what: str,
) -> list[Answer | Exception]:
    """Each member's answer: several together in one evaluation; one, or a group whose joint
    evaluation fails, one at a time — so that one bad record fails only its own, as its error."""
    if len(members) > 1:
        try:
            return list(jointly(list(members)))
        except Exception as error:  # answered one at a time below, errors and all
            log.warning("%s together failed (%s): one at a time", what, error)
    answers: list[Answer | Exception] = []
    for member in members:
        try:
            answers.append(alone(member))
        except Exception as error:  # the caller raises it for this member alone
            answers.append(error)
    return answers
