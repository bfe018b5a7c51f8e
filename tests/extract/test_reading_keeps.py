"""What the reading of officers' files must not remove or alter (second review of the reading
changes): a clause whose subject is a link, a ratio standing on a line of its own, a Word list
number before a figure, an article number both typed and drawn by Word."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import lxml.html
import pytest

from techzone.extract import UnreadableDocument, extract_file
from techzone.extract.html import page_text
from techzone.extract.normalise import normalise
from techzone.extract.read import markdown_text, read_document
from tests.extract.documents import write_numbered_docx


def _clauses(path: Path) -> list[tuple[object, ...]]:
    return [(c.amount_yuan, c.condition) for c in extract_file(path).clauses]


def test_a_clause_whose_subject_is_a_link_keeps_its_amount(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><p><a href='/1'>国家级专精特新“小巨人”企业</a>，奖励50万元。</p>"
        "<p>对新认定的高新技术企业，给予一次性奖励20万元。</p></body></html>",
        encoding="utf-8",
    )
    assert _clauses(path) == [
        (Decimal(500_000), "国家级专精特新“小巨人”企业"),
        (Decimal(200_000), "对新认定的高新技术企业"),
    ]


def test_an_award_table_whose_first_column_links_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><table><tr><td><a href='/1'>国家级专精特新“小巨人”企业</a></td>"
        "<td>奖励50万元</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert _clauses(path) == [(Decimal(500_000), "国家级专精特新“小巨人”企业")]


def test_a_linked_term_and_a_linked_span_stay_beside_their_award() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><dl><dt><a href='/1'>国家级专精特新“小巨人”企业</a></dt>"
        "<dd>奖励50万元</dd></dl><p><span><a href='/2'>省级专精特新企业</a></span>，"
        "奖励20万元。</p></body></html>"
    )
    assert page_text(root).splitlines() == [
        "国家级专精特新“小巨人”企业",
        "奖励50万元",
        "省级专精特新企业，奖励20万元。",
    ]


def test_a_list_of_notices_with_amounts_in_their_titles_is_still_left_out(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><ul><li><a href='/1'>关于对新认定高新技术企业给予20万元奖励的通知</a>"
        " 2026-03-01</li></ul><p>对主导制定国际标准的企业，给予100万元奖励。</p></body></html>",
        encoding="utf-8",
    )
    assert _clauses(path) == [(Decimal(1_000_000), "对主导制定国际标准的企业")]


def test_a_ratio_on_a_line_of_its_own_is_no_page_footer() -> None:
    text = "对新购置研发设备的企业，按设备投资额的\n1/3\n给予补助，最高不超过100万元。\n"
    assert "1/3" in normalise(text).text


def test_a_footer_counting_pages_as_n_of_m_is_still_left_out() -> None:
    text = "对新认定的企业，给予一次性奖励\n1/2\n50万元。\n其余按规定执行。\n2/2\n"
    assert normalise(text).text.startswith("对新认定的企业,给予一次性奖励50万元。")


def test_a_word_list_number_is_not_read_into_the_figure_after_it(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("500万元以上的项目，给予30万元奖励。", style="List Number")
    document.add_paragraph("100万元以上的项目，给予10万元奖励。", style="List Number")
    document.save(str(tmp_path / "policy.docx"))
    lines = read_document(tmp_path / "policy.docx").text.splitlines()
    assert lines == [
        "1.\t500万元以上的项目，给予30万元奖励。",
        "2.\t100万元以上的项目，给予10万元奖励。",
    ]
    assert [c.condition for c in extract_file(tmp_path / "policy.docx").clauses] == [
        "500万元以上的项目",
        "100万元以上的项目",
    ]


def test_an_article_number_typed_and_drawn_by_word_is_read_once(tmp_path: Path) -> None:
    path = write_numbered_docx(
        tmp_path / "policy.docx",
        [(0, "第一条 对新认定的高新技术企业，给予20万元。"), (0, "对重新认定的企业，给予10万元。")],
    )
    assert read_document(path).text.splitlines() == [
        "第一条 对新认定的高新技术企业，给予20万元。",
        "第二条 对重新认定的企业，给予10万元。",
    ]


def test_a_space_inside_a_sum_mid_sentence_is_still_closed() -> None:
    assert normalise("给予1. 5万元奖励").text == "给予1.5万元奖励"


def test_a_list_item_opening_on_a_figure_like_its_number_keeps_its_number(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("1.5倍以上的项目，给予10万元奖励。", style="List Number")
    document.save(str(tmp_path / "policy.docx"))
    assert read_document(tmp_path / "policy.docx").text == "1.\t1.5倍以上的项目，给予10万元奖励。"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # a comparison opening a line is no quote
        (">100万元的项目，给予20万元奖励。", ">100万元的项目，给予20万元奖励。"),
        (">=50%的部分，按10%补助。", ">=50%的部分，按10%补助。"),
        ("> 引用的原文", "引用的原文"),
        # a product is no emphasis; emphasis beside a figure still goes
        ("按3*4*5计算", "按3*4*5计算"),
        ("**最高**30万元", "最高30万元"),
        ("*最高*30万元", "最高30万元"),
        ("第*3*条", "第3条"),
        # a document's number in brackets is no link
        ("依据甘政发[2024](15号)文件", "依据甘政发[2024](15号)文件"),
        ("按[办法](http://example.cn/a.html)规定", "按办法规定"),
        # a table cell's own | (written \|) is no cell boundary
        ("| 比例 | 3\\|12 |", "比例\t3|12"),
    ],
)
def test_markdown_marks_go_and_the_words_stay(written: str, read: str) -> None:
    assert markdown_text(written) == read


@pytest.mark.parametrize("figure", [b"1\xe5" + b"0", b"\xef\xbc" + "０".encode()])
def test_a_broken_character_beside_a_figure_is_refused_not_read(
    tmp_path: Path, figure: bytes
) -> None:
    # UTF-8 but for one broken character: read leniently elsewhere, but beside a figure it may
    # be a digit itself (a full-width １ cut in two): 1?0万元 gave no clause, or a short figure.
    filler = "第二条 本办法适用于在高新区注册、依法纳税、具有独立法人资格的企业。\n" * 60
    path = tmp_path / "policy.txt"
    clause = "第三条 对新认定的高新技术企业，给予".encode() + figure + "万元奖励。".encode()
    path.write_bytes(filler.encode() + clause)
    with pytest.raises(UnreadableDocument) as raised:
        read_document(path)
    assert "第61行" in raised.value.reason and "损坏" in raised.value.reason


@pytest.mark.parametrize(
    "block",
    [
        "<p>须符合<a href='/1'>《高新技术企业认定管理办法》</a>规定。</p>",
        "<li>对<a href='/1'>高新技术企业</a>给予奖励</li>",
        "<p>按<a href='/1'>《办法》</a>执行</p>",
    ],
)
def test_a_sentence_around_a_link_is_no_line_of_links(block: str) -> None:
    root = lxml.html.document_fromstring(f"<html><body>{block}<p>正文。</p></body></html>")
    kept = lxml.html.document_fromstring(block).text_content()
    assert page_text(root).splitlines() == [kept, "正文。"]


def test_a_previous_next_line_is_still_a_line_of_links() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><li>上一篇：<a href='/1'>关于给予奖励的通知</a></li>"
        "<p>正文。</p></body></html>"
    )
    assert page_text(root) == "正文。"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("序号\t奖励金额\n1\t50万元", "序号\t奖励金额\n1\t50万元"),  # a table's cells
        ("1.\t500万元以上的项目", "1.\t500万元以上的项目"),  # a Word list's number
        ("给予1 00万元", "给予100万元"),  # a PDF's gap inside a sum still closes
        ("给予10\n0万元", "给予100万元"),
    ],
)
def test_a_tab_is_no_gap_inside_a_sum(written: str, read: str) -> None:
    assert normalise(written).text == read
