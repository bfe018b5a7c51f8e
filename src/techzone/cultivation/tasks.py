"""城关区's 重点任务 and their 责任单位 (seed 003 五, tasks 1–18), as data (``tasks.yaml``).

The doubling plan names, for each of its eighteen tasks, the district departments that answer for
it; the list is the document's, in its order, and a unit's tasks are those that name it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

TASKS_FILE = Path(__file__).resolve().parent / "tasks.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyTask(_Strict):
    number: int
    group: str
    title: str
    units: tuple[str, ...]


class KeyTasks(_Strict):
    source: str
    district: str
    same_unit: tuple[tuple[str, ...], ...] = ()
    tasks: tuple[KeyTask, ...]


@cache
def key_tasks(path: Path = TASKS_FILE) -> KeyTasks:
    return KeyTasks.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def unit_name(unit: str) -> str:
    """The name ``unit`` is counted under: the document writes 区市场监督管理局 once and
    区市场监管局 six times for the one department, and an officer may type either."""
    unit = unit.strip()
    for names in key_tasks().same_unit:
        if unit in names:
            return names[0]
    return unit


def unit_names(unit: str) -> tuple[str, ...]:
    """Every name the document gives ``unit``'s department (just ``unit`` for most), so that an
    application typed under one is that unit's under the other."""
    unit = unit.strip()
    for names in key_tasks().same_unit:
        if unit in names:
            return names
    return (unit,)


def tasks_of(unit: str) -> list[KeyTask]:
    """The tasks that name ``unit`` (under any of its names) among their 责任单位, in the
    document's order."""
    name = unit_name(unit)
    return [task for task in key_tasks().tasks if name in {unit_name(u) for u in task.units}]
