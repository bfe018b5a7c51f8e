"""Re-hosted pages and converted PDFs: furniture, broken phrases, variants; and the file formats."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from techzone.extract import extract_file, extract_text
from techzone.extract.read import UnreadableDocument, read_document

CLAUSE = "对首次认定的高新技术企业，给予20万元奖励。"


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def test_a_line_break_inside_a_cap_word_keeps_the_cap() -> None:
    # Read as 50万元 fixed, it would promise what is only a ceiling.
    found = extract_text("对新认定的国家级科技企业孵化器，给予一次性奖励最\n    高50万元。")
    assert [row(c.kind, c.cap_yuan, c.amount_yuan) for c in found] == [("cap", 500_000, None)]


def test_spaces_between_characters_of_a_converted_pdf() -> None:
    found = extract_text("对新认定的国家级科技企业孵化器，给 予 最 高 5 0 万元奖励。")
    assert [row(c.kind, c.cap_yuan) for c in found] == [("cap", 500_000)]
    assert found[0].condition == "对新认定的国家级科技企业孵化器"


def test_a_short_line_ending_open_is_joined_with_its_continuation() -> None:
    found = extract_text("对首次认定的髙新技术企业，给予\n  2O万元奖励。")
    assert [row(c.amount_yuan, c.condition) for c in found] == [
        (200_000, "对首次认定的高新技术企业")
    ]


def test_a_heading_is_not_joined_to_the_article_after_it() -> None:
    found = extract_text("第三条 人才引进\n对引进的高层次人才，给予50万元安家补贴。")
    assert [row(c.article, c.condition) for c in found] == [("第三条", "对引进的高层次人才")]


def test_keyword_bars_navigation_and_template_fields_are_not_read() -> None:
    page = (
        "关键词：高新技术企业 奖励 补贴 最高50万元\n{{title}} 最高30万元奖励\n[!--newstext--]\n"
        "首页 | 政务公开 | 政策文件 | 互动交流\n" + CLAUSE + "\n${footer} 补贴最高10万元\n"
    )
    assert [c.amount_yuan for c in extract_text(page)] == [200_000]


HTML = """<html><head><meta charset="{charset}"><title>关于印发科技创新若干措施的通知</title>
<style>.x{{color:red}}</style><script>var a = "给予100万元奖励";</script></head>
<body><div class="nav"><a href="/">首页</a> | <a>政策</a></div>
<div id="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<div class="article"><h1>科技创新若干措施</h1>
<p>第一条 对首次认定的高新技术企业，给予20万元奖励。</p>
<p>第二条 对企业购置研发设备的，按购置金额的10%给予补助，<br/>最高不超过50万元。</p>
<table><tr><td>等级</td><td>金额</td></tr></table></div>
<footer>版权所有 ICP备12345号 联系电话：0931-8888888</footer></body></html>"""


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_html_page_without_its_chrome(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML.format(charset=encoding).encode(encoding))
    extraction = extract_file(path)
    assert extraction.document.format == "html"
    assert [row(c.article, c.kind, c.amount_yuan, c.cap_yuan) for c in extraction.clauses] == [
        ("第一条", "fixed", 200_000, None),
        ("第二条", "rate_cap", None, 500_000),
    ]
    text = read_document(path).text
    assert "var a" not in text and "首页" not in text and "ICP" not in text


def test_an_html_page_that_declares_no_charset_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(f"<html><body><p>{CLAUSE}</p></body></html>".encode("gbk"))
    assert [c.amount_yuan for c in extract_file(path).clauses] == [200_000]


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(f"# 科技创新若干措施\n\n**第一条** {CLAUSE}\n", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.document.format == "md"
    assert [c.amount_yuan for c in extraction.clauses] == [200_000]


def test_a_gbk_text_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(CLAUSE.encode("gbk"))
    assert [c.amount_yuan for c in extract_file(path).clauses] == [200_000]


def test_a_broken_html_file_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    with pytest.raises(UnreadableDocument, match="文件是空的"):
        read_document(path)
    path.write_bytes(b" \n ")
    with pytest.raises(UnreadableDocument, match="网页中没有文字"):
        read_document(path)


TEXTS = Path(__file__).parent / "texts"


def test_a_rehosted_page_with_every_class_of_issue_16() -> None:
    """Written for this test in the style of a re-hosted city page (not an evaluation text)."""
    extraction = extract_file(TEXTS / "rehosted-city-measures.txt")
    assert extraction.document.title == "某市关于支持科技创新的若干措施"
    got = [
        row(c.article, c.kind, c.amount_yuan, c.cap_yuan, c.rate, c.cap_subject, c.cap_period)
        for c in extraction.clauses
    ]
    assert got == [
        ("(一)", "rate_cap", None, 2_000_000, Decimal("0.1"), "enterprise", "year"),
        ("(二)", "fixed", 300_000, None, None, None, None),
        ("(三)", "progressive", None, 500_000, None, "institution", "year"),
        ("(四)", "tiered", None, 1_000_000, None, None, None),
        ("(四)", "tiered", None, 500_000, None, None, None),
        ("(五)", "per_unit", 10, None, None, None, None),
        ("(六)", "rate_cap", None, 200_000, Decimal("0.5"), "enterprise", "year"),
    ]
    first, second, third = extraction.clauses[:3]
    assert (first.subject, first.trigger) == ("规模以上工业企业", "研发费用较上年增长部分")
    assert [i.share for i in second.schedule] == [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")]
    assert [row(b.lower, b.upper, b.rate) for b in third.bands] == [
        (None, 5_000_000, Decimal("0.003")),
        (5_000_000, None, Decimal("0.002")),
    ]
    assert [c.grade for c in extraction.clauses[3:5]] == ["一等奖", "二等奖"]
    assert extraction.clauses[5].trigger == "租用孵化器场地"
