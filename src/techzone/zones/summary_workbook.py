"""The zone summary as an Excel workbook, laid out for printing and forwarding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from techzone.io.output import save_workbook
from techzone.model.codes import QualificationKind
from techzone.zones.summary import ZoneSummary

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _table(
    sheet: Worksheet, start_row: int, header: Sequence[str], rows: list[list[object]]
) -> int:
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=start_row, column=column, value=text)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center")
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=start_row + offset, column=column, value=value)
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    return start_row + len(rows) + 1


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def write_summary(summaries: Sequence[ZoneSummary], path: Path) -> None:
    """Two sheets: counts by park and qualification, and the certificates expiring this year."""
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = "概览"
    kinds = list(QualificationKind)
    header = ["园区", "企业数", *(kind.label for kind in kinds)]
    row = 1
    for summary in summaries:
        overview.cell(
            row=row, column=1, value=f"{summary.zone_name}（{summary.zone_code}）"
        ).font = TITLE
        overview.cell(row=row + 1, column=1, value=f"统计日期：{summary.as_of.isoformat()}")
        body: list[list[object]] = [
            [park.park_name, park.enterprises, *(park.holding.get(kind, 0) for kind in kinds)]
            for park in summary.parks
        ]
        body.append(["合计", summary.enterprises, *(summary.holding(kind) for kind in kinds)])
        row = _table(overview, row + 3, header, body)
        for cell in overview[row - 1]:
            cell.font = BOLD
        row += 2
    _widths(overview, [26, 10, *([14] * len(kinds))])

    expiring = book.create_sheet("本年到期证书")
    rows: list[list[object]] = [
        [
            summary.zone_name,
            cert.park_name,
            cert.enterprise,
            cert.uscc,
            cert.kind.label,
            cert.certificate_no,
            cert.expires_on,
        ]
        for summary in summaries
        for cert in summary.expiring
    ]
    _table(
        expiring,
        1,
        ["高新区", "园区", "企业名称", "统一社会信用代码", "资质", "证书编号", "有效期至"],
        rows,
    )
    expiring.freeze_panes = "A2"
    _widths(expiring, [16, 22, 34, 22, 18, 20, 12])
    save_workbook(book, path)
