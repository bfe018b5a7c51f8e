"""A policy printed page by page in a brochure (session 10, from the 鹿城区 agricultural policy of
the development part, lucheng-nongye): sentences cut at page breaks with a page template, a
page-flip button and a running head between their halves; a passage printed on two pages."""

from __future__ import annotations

from techzone.extract import extract_text
from techzone.extract.normalise import normalise

HEAD = "培育农业农村新动能\n实施乡村振兴战略的若干政策意见\n"
PAGE = "\n${data[i].page}\n下一页\n" + HEAD


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def brochure(*pages: str) -> str:
    """Pages as the brochure prints them: the running head on each, a page mark between them."""
    return HEAD + PAGE.join(pages)


def test_a_page_break_with_a_running_head_inside_a_sentence_does_not_end_it() -> None:
    text = brochure(
        "6.对获得国家、省、市级农机化示范基地（点）的，当年分",
        "别奖励3万元、2万元、1万元。",
        "7.其他。",
    )
    assert "当年分别奖励3万元" in normalise(text).text
    clauses = extract_text(text)
    assert [(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 30_000),
        ("tiered", 20_000),
        ("tiered", 10_000),
    ]
    assert clauses[0].condition is not None
    assert clauses[0].condition.startswith("对获得国家、省、市级农机化示范基地(点)的")


def test_a_page_break_at_a_sentence_end_or_before_an_item_stays_a_break() -> None:
    ended = normalise(brochure("一次性奖励1万元。", "对新认定的企业给予2万元。")).text
    assert "1万元。\n${data[i].page}" in ended
    item = normalise(brochure("推进阳光农场建设", "8.扶持农业实体经济发展。")).text
    assert "推进阳光农场建设\n" in item


def test_a_heading_the_document_repeats_is_no_running_head_without_a_page_mark() -> None:
    text = "一、人才奖励\n申报条件\n企业须满足以下条件。\n二、项目奖励\n申报条件\n企业须。"
    assert normalise(text).text == text


def test_a_passage_printed_again_on_the_next_page_is_paid_once() -> None:
    passage = "5.对获国家级、省级（百龙工程）农业龙头企业称号的，分别一次性奖励10万元、5万元。"
    # the first print is cut by the page break, the second is whole
    first = passage.replace("（百龙", "（百\n${data[i].page}\n上一页\n龙")
    clauses = extract_text(brochure(first + passage, "6.其他。"))
    assert [(c.kind, c.amount_yuan) for c in clauses] == [("tiered", 100_000), ("tiered", 50_000)]
