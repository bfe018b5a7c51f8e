"""A unique key the database refused: something that already exists (named, not to be retried),
or two writers that made the same value at once (retried, the later one goes through).

Every path that writes checks first for what already exists and refuses it by name, or updates
it; a clash that still reaches the database is then the other writer's, committed between the
check and the write. But a path that forgot its check would be told to retry for ever: so the
clashing record is looked up, and when it stands in the database under a key an officer or a
file gave (a username, a credit code, a certificate number), it is named. Keys the program makes
itself (a running number, a token, a version) clash only between writers at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, UniqueConstraint, text
from sqlalchemy.exc import IntegrityError

# What each unique key holds, as the officer knows it: the table, its key's columns, and how to
# name a record by them ({column} is its value). Columns holding an internal number (the
# enterprise's row) are part of the key but not said.
NAMED_KEYS: dict[tuple[str, tuple[str, ...]], str] = {
    ("account", ("username",)): "用户名「{username}」已被使用",
    ("enterprise", ("uscc",)): "统一社会信用代码为「{uscc}」的企业已在名录中",
    ("zone", ("code",)): "代码为「{code}」的高新区已存在",
    ("park", ("zone_id", "code")): "该高新区已有代码为「{code}」的园区",
    ("zone_event", ("zone_id", "ref")): "该高新区已有编号为「{ref}」的事项",
    ("application", ("enterprise_id", "qualification", "year")): (
        "该企业已有{year}年的同一资质申请"
    ),
    ("declaration", ("enterprise_id", "item", "declared_on")): (
        "该企业{declared_on}已有同一项申报记录"
    ),
    ("yearly_figures", ("enterprise_id", "year")): "该企业已有{year}年的年度数据",
    ("award_event", ("enterprise_id", "ref")): "该企业已有编号为「{ref}」的奖补事件",
    ("incident", ("enterprise_id", "ref")): "该企业已有编号为「{ref}」的事件记录",
    ("intellectual_property", ("enterprise_id", "number")): (
        "该企业已有编号为「{number}」的知识产权"
    ),
    ("qualification", ("enterprise_id", "kind", "certificate_no")): (
        "该企业已有证书编号为「{certificate_no}」的资质"
    ),
    ("platform", ("enterprise_id", "kind", "name")): "该企业已有名为「{name}」的同类平台",
    ("entitlement_payment", ("entitlement_id", "voucher")): (
        "应享「{entitlement_id}」已登记凭证号为「{voucher}」的支付"
    ),
}


@dataclass(frozen=True)
class Clash:
    """The unique key a write clashed on, with the values it tried when the statement says."""

    table: str
    columns: tuple[str, ...]
    values: dict[str, Any]


def clash(error: BaseException) -> Clash | None:
    """The unique key ``error`` refused, if it is a unique violation this program knows."""
    if not isinstance(error, IntegrityError):
        return None
    diag = getattr(error.orig, "diag", None)
    if getattr(error.orig, "sqlstate", None) == "23505" and diag is not None:
        found = _postgres_key(
            getattr(diag, "table_name", None), getattr(diag, "constraint_name", None)
        )
    else:
        found = _sqlite_key(str(error.orig))
    if found is None:
        return None
    table, columns = found
    return Clash(table, columns, _values(error.statement or "", error.params, columns))


_SQLITE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _sqlite_key(message: str) -> tuple[str, tuple[str, ...]] | None:
    found = _SQLITE.search(message)
    if found is None:
        return None
    named = [part.strip().split(".", 1) for part in found.group(1).split(",")]
    if any(len(part) != 2 for part in named) or len({table for table, _ in named}) != 1:
        return None
    return named[0][0], tuple(column for _, column in named)


def _postgres_key(table: str | None, constraint: str | None) -> tuple[str, tuple[str, ...]] | None:
    from techzone.model import Base

    found = Base.metadata.tables.get(table or "")
    if found is None:
        return None
    for unique in found.constraints:
        if isinstance(unique, UniqueConstraint) and unique.name == constraint:
            return found.name, tuple(column.name for column in unique.columns)
    for index in found.indexes:
        if index.unique and index.name == constraint:
            return found.name, tuple(column.name for column in index.columns)
    return None


_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?\s*\(([^)]*)\)", re.IGNORECASE)


def _values(statement: str, params: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    """The key's values an INSERT of one row tried; none when the statement does not say
    (an UPDATE, or many rows in one statement)."""
    if isinstance(params, dict):
        return {column: params[column] for column in columns if column in params}
    found = _INSERT.match(statement)
    if found is None or not isinstance(params, tuple | list):
        return {}
    named = [name.strip().strip('"') for name in found.group(2).split(",")]
    if len(named) != len(params):
        return {}
    row = dict(zip(named, params, strict=True))
    return {column: row[column] for column in columns if column in row}


def duplicate(error: BaseException, engine: Engine) -> str | None:
    """One Chinese sentence naming what already exists, when ``error`` refused a key an officer
    or a file gave and that record stands in the database; None otherwise (two writers at once:
    to be retried). Only reads, on a connection of its own (the failed one is rolled back)."""
    found = clash(error)
    if found is None:
        return None
    said = NAMED_KEYS.get((found.table, found.columns))
    if said is None or set(found.values) != set(found.columns):
        return None
    where = " AND ".join(f'"{column}" = :{column}' for column in found.columns)
    try:
        with engine.connect() as connection:
            held = connection.execute(
                text(f'SELECT 1 FROM "{found.table}" WHERE {where}'), found.values
            ).first()
    except Exception:
        return None
    if held is None:
        return None
    shown = {column: _shown(value) for column, value in found.values.items()}
    return f"{said.format(**shown)}，本次未写入任何内容；请刷新后查看已有的记录"


def _shown(value: Any) -> str:
    shown = str(value)
    return shown if len(shown) <= 40 else shown[:40] + "…"
