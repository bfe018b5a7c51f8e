"""Word files whose words sit inside markup python-docx does not read (issue #16): tracked
changes, content controls, smart tags, fields. A figure split across them was read short."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from techzone.extract import extract_file
from techzone.extract.read import read_document


def run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def word_file(path: Path, *paragraphs: str, body: str = "") -> Path:
    """A .docx whose body holds each paragraph's inner XML, then ``body`` as raw XML."""
    document = docx.Document()
    for inner in paragraphs:
        document.element.body.append(parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>"))
    if body:
        document.element.body.append(parse_xml(body))
    document.element.body.append(document.element.body.sectPr)  # the section stays last
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "wrapped",
    [
        '<w:ins w:id="1" w:author="a">{}</w:ins>',
        '<w:moveTo w:id="1" w:author="a">{}</w:moveTo>',
        "<w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt>",
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chmetcnv">'
        "{}</w:smartTag>",
        '<w:fldSimple w:instr=" MERGEFIELD 金额 ">{}</w:fldSimple>',
        '<w:hyperlink w:anchor="a">{}</w:hyperlink>',
    ],
)
def test_a_figure_inside_word_markup_is_read_whole(tmp_path: Path, wrapped: str) -> None:
    path = word_file(
        tmp_path / "policy.docx",
        run("对新认定的企业，给予1") + wrapped.format(run("00")) + run("万元奖励。"),
    )
    assert read_document(path).text == "对新认定的企业，给予100万元奖励。"
    (clause,) = extract_file(path).clauses
    assert clause.amount_yuan == Decimal(1_000_000)


def test_tracked_deletions_and_moves_away_are_not_read(tmp_path: Path) -> None:
    path = word_file(
        tmp_path / "policy.docx",
        run("对新认定的企业，给予")
        + '<w:del w:id="1" w:author="a"><w:r><w:delText>200</w:delText></w:r></w:del>'
        + '<w:moveFrom w:id="2" w:author="a">' + run("300") + "</w:moveFrom>"
        + '<w:ins w:id="3" w:author="a">' + run("100") + "</w:ins>"
        + run("万元奖励。"),
    )  # fmt: skip
    (clause,) = extract_file(path).clauses
    assert clause.amount_yuan == Decimal(1_000_000)


def test_paragraphs_inside_a_content_control_are_read(tmp_path: Path) -> None:
    control = (
        f"<w:sdt {nsdecls('w')}><w:sdtContent>"
        f"<w:p>{run('对重新认定的企业，给予10万元奖励。')}</w:p>"
        "</w:sdtContent></w:sdt>"
    )
    path = word_file(
        tmp_path / "policy.docx", run("对新认定的企业，给予20万元奖励。"), body=control
    )
    assert [c.amount_yuan for c in extract_file(path).clauses] == [
        Decimal(200_000),
        Decimal(100_000),
    ]


def test_tabs_and_line_breaks_inside_a_paragraph_are_kept(tmp_path: Path) -> None:
    path = word_file(
        tmp_path / "policy.docx",
        "<w:r><w:t>序号</w:t><w:tab/><w:t>标准</w:t><w:br/><w:t>1</w:t>"
        '<w:br w:type="page"/><w:t>2</w:t></w:r>',
    )
    assert read_document(path).text == "序号\t标准\n12"
