"""Article numbers Word draws from its numbering (第一条, 一、, (一), 1.), not typed in the text
(issue #16): the article a reward is in is read as the page shows it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from techzone.extract import extract_file
from techzone.extract.numbering import chinese_count, formatted
from techzone.extract.read import read_document
from tests.extract.documents import write_numbered_docx


def test_article_numbers_kept_in_the_numbering_are_read_as_the_page_shows_them(
    tmp_path: Path,
) -> None:
    path = write_numbered_docx(
        tmp_path / "policy.docx",
        [
            (None, "某某高新区支持科技创新若干措施"),
            (0, "支持企业认定。"),
            (1, "对新认定的高新技术企业，给予一次性奖励20万元。"),
            (1, "对重新认定的高新技术企业，给予一次性奖励10万元。"),
            (0, "支持技术交易。"),
            (1, "对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。"),
            (2, "合同须经登记。"),
        ],
    )
    assert read_document(path).text.splitlines() == [
        "某某高新区支持科技创新若干措施",
        "第一条 支持企业认定。",
        "（一）对新认定的高新技术企业，给予一次性奖励20万元。",
        "（二）对重新认定的高新技术企业，给予一次性奖励10万元。",
        "第二条 支持技术交易。",
        "（一）对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。",
        "1.合同须经登记。",
    ]
    clauses = extract_file(path).clauses
    # The same articles as the text typed with its numbers.
    typed = tmp_path / "typed.txt"
    typed.write_text(read_document(path).text, encoding="utf-8")
    assert [c.article for c in clauses] == [c.article for c in extract_file(typed).clauses]
    assert [c.article for c in clauses] == ["(一)", "(二)", "(一)"]


def test_a_list_restarts_where_its_numbering_says(tmp_path: Path) -> None:
    path = write_numbered_docx(tmp_path / "policy.docx", [(0, "总则。"), (0, "奖励。")], start=3)
    assert read_document(path).text.splitlines() == ["第三条 总则。", "第四条 奖励。"]


def test_an_empty_numbered_paragraph_counts_but_shows_nothing(tmp_path: Path) -> None:
    path = write_numbered_docx(tmp_path / "policy.docx", [(0, "总则。"), (0, ""), (0, "奖励。")])
    assert read_document(path).text.splitlines() == ["第一条 总则。", "", "第三条 奖励。"]


def test_word_list_styles_number_their_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("对新认定的高新技术企业，给予一次性奖励20万元。", style="List Number")
    document.add_paragraph("对重新认定的高新技术企业，给予一次性奖励10万元。", style="List Number")
    document.add_paragraph("以上奖励就高不重复。", style="List Bullet")  # a bullet is no number
    document.save(str(tmp_path / "policy.docx"))
    assert read_document(tmp_path / "policy.docx").text.splitlines() == [
        "1.对新认定的高新技术企业，给予一次性奖励20万元。",
        "2.对重新认定的高新技术企业，给予一次性奖励10万元。",
        "以上奖励就高不重复。",
    ]


@pytest.mark.parametrize(
    ("value", "chinese"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (112, "一百一十二"),
        (230, "二百三十"),
    ],
)
def test_chinese_counting_as_word_writes_it(value: int, chinese: str) -> None:
    assert chinese_count(value) == chinese


def test_formats_that_number_and_those_that_do_not() -> None:
    assert formatted(3, "decimalEnclosedCircle") == "③"
    assert formatted(2, "ideographTraditional") == "乙"
    assert formatted(4, "upperRoman") == "IV"
    assert formatted(1, "bullet") is None
    assert formatted(1, "none") is None
