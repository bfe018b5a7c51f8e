"""A zone's assessment as a workbook: one row per enterprise, a column group per qualification."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from techzone.glossary import STATUS
from techzone.io.files import atomic_path
from techzone.io.output import streaming_workbook
from techzone.rules.assess import Assessor

_SUFFIXES = {"status": "结论", "unmet": "不符合的条件", "missing": "缺少的数据"}


def _header(assessor: Assessor, column: str) -> str:
    if column == "uscc":
        return "统一社会信用代码"
    if column == "name":
        return "企业名称"
    pack_id, *rest = column.split(".")
    label = next(c.pack.qualification.label for c in assessor.compiled if c.pack.id == pack_id)
    if len(rest) == 2:
        return f"{label}·得分{'下限' if rest[1] == 'min' else '上限'}"
    return f"{label}·{_SUFFIXES[rest[0]]}"


def write_assessment(assessor: Assessor, verdicts: pl.DataFrame, path: Path) -> None:
    """Write the verdict table as .xlsx (Chinese headers and labels) or .parquet (as is)."""
    if path.suffix.lower() == ".parquet":
        with atomic_path(path) as temporary:
            verdicts.write_parquet(temporary)
        return
    statuses = [c for c in verdicts.columns if c.endswith(".status")]
    shown = verdicts.with_columns(pl.col(c).replace(STATUS) for c in statuses)
    with streaming_workbook(path) as book:
        sheet = book.sheet(f"资质评估 {assessor.as_of.isoformat()}")
        sheet.widths([22] * len(verdicts.columns))
        sheet.freeze(1, 2)
        sheet.header([_header(assessor, column) for column in verdicts.columns])
        for row in shown.iter_rows():
            sheet.append(row)
