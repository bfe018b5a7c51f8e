"""Error classes of the fourteenth round's new development pages (甘井子区, 辽宁省, 广州; the
重庆 交通局 and 经信委 pages without a clause), each fixed as a general rule and held here by
sentences of the same shape, both sides where a rule has two (docs/extraction.md, "Round 14").
"""

from __future__ import annotations

import re
from pathlib import Path

from techzone.extract import Clause, extract_file, extract_text


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def read(text: str) -> list[Clause]:
    return extract_text(text)


def test_a_fee_the_reader_pays_is_no_award_though_listed_by_grade() -> None:
    fee = "纳入职称评审的人员，高、中、初级职称缴纳评审费分别为420元/人、240元/人，120元/人。"
    assert read(fee) == []
    # The award's own standard listed by grade stays three tiers.
    clauses = read("经认定的人才，高、中、初级职称分别给予补贴420元、240元、120元。")
    assert [row(c.kind, c.amount_yuan) for c in clauses] == [
        ("tiered", 420),
        ("tiered", 240),
        ("tiered", 120),
    ]


def test_a_fine_is_no_award_though_a_penalty_is_given_nearby() -> None:
    assert (
        read(
            "造成大事故等级以上事故且负同等责任以上的处100000元罚款，"
            "并对责任船员给予吊销适任证书的处罚。"
        )
        == []
    )
    assert read("违反规定的，处2万元以上10万元以下罚款。") == []


def test_a_worked_example_named_suanli_pays_nothing() -> None:
    text = (
        "算例：评价期内，某企业共有4个合同段纳入评价，合同金额分别为5000万元、4000万元、"
        "3000万元、2000万元，则该企业履约行为评价得分为92.5分。"
    )
    assert read(text) == []


BODY = "".join(
    f"<p>第{n}条 对符合条件的第{n}类企业，给予一次性奖励{n}0万元，由区商务局审核。</p>"
    for n in range(1, 7)
)


def test_a_hidden_copy_of_the_body_is_read_once(tmp_path: Path) -> None:
    flat = re.sub(r"<[^>]+>", "", BODY)
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><body><div class="article">{BODY}</div>'
        f'<div class="bbnr" style="display:none;">{flat}</div></body></html>',
        encoding="utf-8",
    )
    assert [c.amount_yuan for c in extract_file(page).clauses] == [100000 * n for n in range(1, 7)]


def test_a_hidden_body_found_nowhere_else_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><body><div class="main" style="display: none">{BODY}</div></body></html>',
        encoding="utf-8",
    )
    assert len(extract_file(page).clauses) == 6
