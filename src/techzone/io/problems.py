"""What is wrong with a file an officer tried to import, said so that they can fix it.

Every problem names the sheet, the Excel row number (header = row 1, first data row = row 2),
the column header and the value as typed, so the officer can go straight to the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from techzone.io.output import streaming_workbook

REPORT_SHEET = "导入问题"
REPORT_HEADERS = ("工作表", "行号", "列", "值", "原因")
_REPORT_WIDTHS = (14, 8, 26, 30, 80)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported file.

    ``sheet`` is the sheet name (for a problem with the file as a whole: the file name);
    ``row`` is the Excel row number, or None for a problem with the sheet or file itself;
    ``column`` is the column header, or None; ``value`` is the cell as typed ("" if blank).
    """

    sheet: str
    row: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"「{self.sheet}」"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column is not None:
            where += f"「{self.column}」"
        if self.value:
            where += f"值「{self.value}」"
        return f"{where}：{self.reason}"


class ImportRejected(Exception):
    """The file was not imported because of these problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(summary(self.problems))

    def __str__(self) -> str:
        return render_problems(self.problems, limit=20)


def summary(problems: Sequence[Problem]) -> str:
    """One line: how many problems, in how many rows, and that nothing was imported."""
    rows = {(problem.sheet, problem.row) for problem in problems if problem.row is not None}
    counted = f"共发现 {len(problems)} 个问题"
    if rows:
        counted += f"（涉及 {len(rows)} 行）"
    return f"{counted}，文件未导入，数据库没有任何改动。"


def render_problems(problems: Sequence[Problem], limit: int | None = None) -> str:
    """The problems as text, one per line, then the summary line.

    With ``limit``, only the first ``limit`` problems are listed and a line says how many more
    there are (the error report workbook holds them all).
    """
    shown = problems if limit is None else problems[:limit]
    lines = [str(problem) for problem in shown]
    hidden = len(problems) - len(shown)
    if hidden > 0:
        lines.append(f"……另有 {hidden} 个问题未列出，请查看错误报告。")
    lines.append(summary(problems))
    return "\n".join(lines)


def write_problems(problems: Iterable[Problem], path: Path) -> Path:
    """The problems as an .xlsx workbook (工作表/行号/列/值/原因) the officer can work through."""
    # Streamed row by row (XlsxWriter): 50,000 problems in seconds, and text stays text.
    with streaming_workbook(path) as book:
        sheet = book.sheet(REPORT_SHEET)
        sheet.widths(_REPORT_WIDTHS)
        sheet.freeze()
        sheet.header(REPORT_HEADERS)
        for problem in problems:
            sheet.append(
                (problem.sheet, problem.row, problem.column, problem.value or None, problem.reason)
            )
    return path


def read_problems(path: Path) -> list[Problem]:
    """The problems in a report written by :func:`write_problems`."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book[REPORT_SHEET].iter_rows(min_row=2, values_only=True))
    finally:
        book.close()
    return [
        Problem(
            sheet=str(sheet),
            row=int(row) if row is not None else None,
            column=str(column) if column is not None else None,
            value=str(value) if value is not None else "",
            reason=str(reason),
        )
        for sheet, row, column, value, reason in rows
    ]
