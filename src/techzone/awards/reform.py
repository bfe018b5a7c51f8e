"""Reforms: dated parameter changes evaluated beside the baseline over the whole pool.

A reform is a patch, JSON
``{"name": …, "parameters": {"<pack>.<parameter>": {"2027-01-01": 300000}}}``
or a workbook with the columns 参数 / 生效日期 / 取值. It is checked whole before anything is
computed: an unknown parameter, a bad date or a value of the wrong shape rejects it, with every
problem named.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import polars as pl
from pydantic import TypeAdapter, ValidationError

from techzone.awards.budget import PAYMENT, lines
from techzone.awards.calculate import Settings, entitlements_side_by_side
from techzone.awards.catalogue import Catalogue
from techzone.bounds import OutOfBounds, working_date
from techzone.glossary import money
from techzone.io.fields import LARGEST_AMOUNT, half_width, number_text, parse_date, ungrouped
from techzone.io.files import InputRefused, read_reason, readable
from techzone.rules.frame import Records
from techzone.rules.pack import Parameter, ParameterValue, describe

_VALUE = TypeAdapter(ParameterValue)
# No parameter is negative, and none may exceed the largest amount techzone can hold when stated
# in its largest unit (万元): a value past it is a typing mistake that would overflow the fen.
_LARGEST_VALUE = float(LARGEST_AMOUNT / 10_000)


def _number_fault(value: Any) -> str | None:
    """Why a (nested) parameter value holds an impossible number, or None."""
    if isinstance(value, bool):
        return "应为数字，不是 true/false"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            # 1e400 arrives as inf, "NaN" as nan: Python's words, not what was typed.
            return f"数值超出可以计算的范围（不超过{_LARGEST_VALUE:.0f}）"
        if abs(value) > _LARGEST_VALUE:
            return f"数值{value}超出可以计算的范围（不超过{_LARGEST_VALUE:.0f}）"
        if value < 0:
            return f"数值{value}不能为负数"
        return None
    if isinstance(value, dict):
        items: list[Any] = list(value.values())
    elif isinstance(value, list):
        items = value
    else:
        return None
    return next((fault for item in items if (fault := _number_fault(item))), None)


@dataclass(frozen=True)
class Refused:
    reason: str


def _typed(value: str, spec: Parameter) -> int | float | Refused:
    """A number typed as text (a form's field, a workbook's text cell): thousands separators and
    full-width digits read; a unit, a currency sign or a percentage said with the number the
    parameter takes (元, or a ratio), never taken at a guess — 40万元 is not 40, 20% not 20."""
    text = half_width(value).strip()
    if spec.unit == "ratio" and text.endswith("%"):
        try:
            share = Decimal(ungrouped(text[:-1])) / 100
        except (ValueError, ArithmeticError):
            return Refused(f"取值「{value}」不是有效的参数值")
        return Refused(f"以比例填写：{text}应写作{share.normalize():f}")
    try:
        number = Decimal(number_text(text))
    except ValueError as error:
        return Refused(str(error))
    except ArithmeticError:
        return Refused(f"取值「{value}」不是有效的参数值")
    if number.is_finite() and number == number.to_integral_value():
        return int(number)
    return float(number)


# A parameter's value as officers know it: a number, a table by band, a list of steps.
_KINDS: dict[type, str] = {int: "数值", float: "数值", dict: "档次表", list: "分段表", str: "文字"}


@dataclass(frozen=True)
class Refusal:
    """One refused change: the parameter's key as the patch wrote it (None for the patch as a
    whole), its name as the policy list gives it (None for a key no policy has), and why."""

    key: str | None
    label: str | None
    reason: str

    @property
    def said(self) -> str:
        """As a form shows it: by the parameter's name alone."""
        named = self.label or self.key
        return f"{named}：{self.reason}" if named else self.reason

    @property
    def written(self) -> str:
        """As a file's author reads it: the name, then the key the patch wrote."""
        if self.label and self.key:
            return f"{self.label}（{self.key}）：{self.reason}"
        return self.said


class ReformRejected(ValueError):
    def __init__(self, refusals: list[Refusal] | list[str]) -> None:
        # A sentence alone is about the file or patch as a whole.
        refusals = [r if isinstance(r, Refusal) else Refusal(None, None, r) for r in refusals]
        problems = [refusal.written for refusal in refusals]
        super().__init__("改革方案有误，未计算：\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems
        self.refusals = refusals


@dataclass(frozen=True)
class Reform:
    name: str
    changes: dict[str, dict[date, ParameterValue]]  # "<pack>.<parameter>" → the new dated values
    overrides: dict[str, Parameter]  # the parameters with the new values added

    def describe(self, exact: bool = False) -> list[str]:
        """Each change as an officer reads it: the parameter's name, from when, the new value
        (money in 万元, or to the fen with ``exact``, as files write it)."""
        return [
            f"{self.overrides[key].label}：自{start}起改为"
            f"{_shown(self.overrides[key], value, exact)}"
            for key, dated in self.changes.items()
            for start, value in dated.items()
        ]


def _shown(parameter: Parameter, value: ParameterValue, exact: bool) -> str:
    if parameter.unit == "yuan" and isinstance(value, int | float | Decimal):
        return money(int(Decimal(str(value)) * 100), exact)
    return describe(value)


def _entries(path: Path) -> tuple[str, list[tuple[str, Any, Any]]]:
    """(name, [(parameter, date, value)]) from a JSON or Excel patch."""
    if path.suffix.lower() == ".xlsx":
        # Imported here: openpyxl (and the NumPy it loads) is for the rare .xlsx patch.
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        from techzone.io.archive import DamagedArchive, UnsafeArchive, check_archive

        try:
            with readable(path) as local:
                check_archive(local)  # a bomb would be inflated whole by openpyxl
                book = load_workbook(local, read_only=True, data_only=True)
                rows = [
                    tuple(_cell_value(cell) for cell in row)
                    for row in book.worksheets[0].iter_rows()
                ]
        except InputRefused as error:
            raise ReformRejected([f"无法读取 {path.name}：{error}"]) from error
        except UnsafeArchive as error:
            why = "不是有效的 .xlsx 工作簿" if isinstance(error, DamagedArchive) else str(error)
            raise ReformRejected([f"无法读取 {path.name}：{why}"]) from error
        except (OSError, KeyError, BadZipFile, InvalidFileException) as error:
            raise ReformRejected([f"无法读取 {path.name}：不是有效的 .xlsx 工作簿"]) from error
        header = [str(cell).strip() if cell is not None else "" for cell in rows[0]] if rows else []
        if header[:3] != ["参数", "生效日期", "取值"]:
            raise ReformRejected(["工作表第一行应为：参数、生效日期、取值"])
        return path.stem, [
            (str(r[0]), r[1], r[2]) for r in rows[1:] if any(c is not None for c in r)
        ]
    try:
        with readable(path) as local:
            data = json.loads(local.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReformRejected([f"无法读取 {path.name}：{read_reason(error)}"]) from error
    except RecursionError as error:
        raise ReformRejected([f"{path.name} 的嵌套层数过多，不是改革方案"]) from error
    return _json_entries(data, path.stem)


def _cell_value(cell: Any) -> Any:
    """A workbook cell's value, or its refusal when its format writes 万元 beside the number:
    Excel shows 500 as 「500万元」 where the cell holds 500, which the parameter reads in 元."""
    from techzone.io.reader import unit_shown

    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = unit_shown(getattr(cell, "number_format", None))
        if unit is not None:
            return Refused(
                f"取值「{value}」的单元格格式显示为「{value}{unit}」，取值按元（比例按小数）读取："
                "请把单元格格式设为「常规」，填写以元计的数值"
            )
    return value


def _json_entries(data: Any, default_name: str) -> tuple[str, list[tuple[str, Any, Any]]]:
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        raise ReformRejected(
            ['JSON 应为 {"name": …, "parameters": {"<规则包>.<参数>": {"日期": 取值}}}']
        )
    entries = []
    for key, dated in data["parameters"].items():
        if not isinstance(dated, dict):
            entries.append((key, None, dated))
            continue
        entries.extend((key, day, value) for day, value in dated.items())
    return str(data.get("name") or default_name), entries


def reformable(catalogue: Catalogue) -> dict[str, Parameter]:
    """Every parameter a reform may change, by its reform name ``<pack>.<parameter>``."""
    return {
        f"{item.pack.id}.{parameter}": spec
        for item in catalogue.packs
        for parameter, spec in item.pack.parameters.items()
    }


def read_reform(path: Path, catalogue: Catalogue) -> Reform:
    """A reform from a JSON or .xlsx patch file (``techzone reform``)."""
    return _checked(*_entries(path), catalogue)


def reform_from_json(data: Any, catalogue: Catalogue, default_name: str = "改革方案") -> Reform:
    """A reform from the JSON patch already parsed (the web form and API send it so): checked
    exactly as a file is."""
    return _checked(*_json_entries(data, default_name), catalogue)


def _checked(name: str, entries: list[tuple[str, Any, Any]], catalogue: Catalogue) -> Reform:
    known = reformable(catalogue)
    problems: list[Refusal] = []
    changes: dict[str, dict[date, ParameterValue]] = {}
    for key, day, value in entries:
        spec = known.get(key)
        if spec is None:
            problems.append(Refusal(key, None, "未知参数（参数名写作「规则包.参数」，见政策清单）"))
            continue
        # Each problem names the parameter as the policy list does; the key stays beside it.
        named = Refusal(key, spec.label, "")
        try:
            start = working_date(parse_date(day), "生效日期")
        except OutOfBounds as error:
            problems.append(replace(named, reason=str(error)))
            continue
        except (ValueError, TypeError):
            problems.append(replace(named, reason=f"生效日期「{day}」无效，应写作 YYYY-MM-DD"))
            continue
        current = next(iter(spec.values.values()))
        if isinstance(value, Refused):
            problems.append(replace(named, reason=value.reason))
            continue
        if isinstance(value, str) and isinstance(current, int | float):
            value = _typed(value, spec)
            if isinstance(value, Refused):
                problems.append(replace(named, reason=value.reason))
                continue
        fault = _number_fault(value)
        if fault is not None:
            problems.append(replace(named, reason=fault))
            continue
        try:
            parsed = _VALUE.validate_python(value)
        except ValidationError:
            problems.append(replace(named, reason=f"取值「{value}」不是有效的参数值"))
            continue
        if type(parsed) is not type(current) and not (
            isinstance(parsed, int | float) and isinstance(current, int | float)
        ):
            kind = _KINDS.get(type(current), type(current).__name__)
            problems.append(replace(named, reason=f"取值类型应与原参数一致（{kind}）"))
            continue
        changes.setdefault(key, {})[start] = parsed
    if not entries:
        problems.append(Refusal(None, None, "方案中没有任何参数改动"))
    if problems:
        raise ReformRejected(problems)
    overrides = {
        key: known[key].model_copy(update={"values": {**known[key].values, **dated}})
        for key, dated in changes.items()
    }
    return Reform(name, changes, overrides)


@dataclass(frozen=True)
class Comparison:
    reform: Reform
    year: int
    baseline: pl.DataFrame
    reformed: pl.DataFrame
    by: dict[str, pl.DataFrame]
    gainers: pl.DataFrame

    @property
    def totals(self) -> tuple[int, int]:
        return int(self.baseline["planned"].sum() or 0), int(self.reformed["planned"].sum() or 0)

    @property
    def capped(self) -> tuple[int, int]:
        """How many payments a cap (最高) cut, baseline and reform: a reform of a cap shows here."""
        return (
            self.baseline.filter(pl.col("cap_note").is_not_null()).height,
            self.reformed.filter(pl.col("cap_note").is_not_null()).height,
        )


def _paid(catalogue: Catalogue, found: pl.DataFrame, records: Records) -> pl.DataFrame:
    """The eligible payments (奖补) with their lines — picked before the joins, which is where
    the time went when every relief was joined with its enterprise only to be dropped."""
    payments = [pid for pid, entry in catalogue.policies.items() if entry.policy.kind == PAYMENT]
    eligible = found.filter(pl.col("policy_id").is_in(payments) & (pl.col("status") == "eligible"))
    return lines(catalogue, eligible, records)


def compare(
    catalogue: Catalogue,
    records: Records,
    year: int,
    reform: Reform,
    settings: Settings,
    recorded: pl.DataFrame | None = None,
) -> Comparison:
    """Baseline and reform for ``year`` over the pool: totals, by park, industry and size, and
    the enterprises whose awards change. Caps count what ``recorded`` (the ledger) already
    holds, on both sides."""
    both = entitlements_side_by_side(
        catalogue, records, year, settings, [{}, reform.overrides], recorded=recorded
    )
    baseline, reformed = (_paid(catalogue, found, records) for found in both)
    by: dict[str, pl.DataFrame] = {}
    for dimension in ("park", "industry", "size"):
        base = baseline.group_by(dimension).agg(pl.col("planned").sum().alias("baseline"))
        new = reformed.group_by(dimension).agg(pl.col("planned").sum().alias("reform"))
        joined = base.join(new, on=dimension, how="full", coalesce=True).fill_null(0)
        by[dimension] = joined.with_columns(difference=pl.col("reform") - pl.col("baseline")).sort(
            ["difference", dimension], descending=[True, False], nulls_last=True
        )
    per_firm_base = baseline.group_by("uscc", "enterprise").agg(
        pl.col("planned").sum().alias("baseline")
    )
    per_firm_new = reformed.group_by("uscc", "enterprise").agg(
        pl.col("planned").sum().alias("reform")
    )
    gainers = (
        per_firm_base.join(per_firm_new, on=["uscc", "enterprise"], how="full", coalesce=True)
        .fill_null(0)
        .with_columns(difference=pl.col("reform") - pl.col("baseline"))
        .filter(pl.col("difference") != 0)
        # Ties broken by code, so the same reform lists its gainers in the same order every run.
        .sort(["difference", "uscc"], descending=[True, False])
    )
    return Comparison(reform, year, baseline, reformed, by, gainers)
