"""The 公示 notice as .docx, held to the layout of official documents (GB/T 9704-2012) by the
same checks as the weekly report (tests/official_layout.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from techzone.fulfilment.objections import contact
from techzone.fulfilment.publicity import PublicNotice, PublicRow, write_notice_document
from tests.official_layout import check_official_layout

NOTICE = PublicNotice(
    number="白银高新公示〔2026〕1号",
    title="关于2026年第一批政策兑现拟支持名单的公示",
    published_on=date(2026, 3, 2),
    closes_on=date(2026, 3, 9),
    working_days=5,
    rows=[
        PublicRow("白银某某新材料有限公司", "首次认定高新技术企业奖励", Decimal("100000.00")),
        PublicRow(
            "白银某某科技有限公司",
            "技术合同登记奖励",
            Decimal("20000.00"),
            "经核实不予支持，已撤回",
            withdrawn=True,
        ),
    ],
    contact=contact("白银高新区管委会科技发展局", person="李四", phone="0943-1234567"),
)


def test_the_notice_holds_the_official_layout(tmp_path: Path) -> None:
    path = tmp_path / "公示.docx"
    write_notice_document(NOTICE, path, "白银高新区管委会")
    document = Document(str(path))
    # No headings in a notice: title, body and the issuer's lines.
    assert check_official_layout(document, "2026年3月2日") == set()
    *_, issuer, issued = document.paragraphs
    assert (issuer.text, issued.text) == ("白银高新区管委会", "2026年3月2日")
    assert issued.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # Counted from the next day (3 March to 9 March: five working days); the text says so, as
    # "2 March to 9 March" alone reads as six to whoever counts the day of publication.
    assert "（自2026年3月2日发布次日起计算，至2026年3月9日止）" in document.paragraphs[2].text
