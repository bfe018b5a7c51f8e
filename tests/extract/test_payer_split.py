"""One sum divided between the bodies that pay it is one award, never the sum plus its parts.

奖励30万元，其中省级10万元，市级20万元 read as 30万 and a 10万/20万 tier list would let a reviewer
accepting the draft pay 60万 for a 30万 award. Each test checks what is read and, where money is
at stake, that no reading pays more than the text says.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli import app
from techzone.extract import extract_file, extract_text, write_draft_pack, write_review
from techzone.extract.accept import accept
from techzone.extract.extraction import Clause
from techzone.extract.grammar import rule
from techzone.extract.review import CLAUSES_SHEET, HEADERS

SPLIT = "对首次通过国家高新技术企业认定的企业，奖励30万元，其中省级10万元，市级20万元。"


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def split_of(clause: Clause) -> list[tuple[object, ...]]:
    return [row(s.payer, s.yuan, s.share) for s in clause.split]


def most_paid(found: list[Clause]) -> Decimal:
    """The most one recipient could be paid if every clause were accepted as read: each award's
    figure, a tier list counted once at its highest grade."""
    by_award: dict[object, Decimal] = {}
    for clause in found:
        figure = clause.amount_yuan if clause.amount_yuan is not None else clause.cap_yuan
        key = clause.group if clause.group is not None else clause.span
        by_award[key] = max(by_award.get(key, Decimal(0)), figure or Decimal(0))
    return sum(by_award.values(), Decimal(0))


def test_the_rule_is_declared_with_the_example_of_the_class() -> None:
    parts = list(rule("payer_part").finditer("奖励30万元，其中省级10万元，市级20万元"))
    assert [(m.group("payer"), m.group("share")) for m in parts] == [
        ("省级", "10万元"),
        ("市级", "20万元"),
    ]


def test_a_sum_divided_between_payers_is_one_award_with_its_split() -> None:
    found = extract_text(SPLIT)
    assert [row(c.kind, c.amount_yuan) for c in found] == [("fixed", 300_000)]
    clause = found[0]
    assert split_of(clause) == [("省级", 100_000, None), ("市级", 200_000, None)]
    assert clause.confidence == 0.9 and clause.note is None
    assert clause.schedule == ()
    assert SPLIT[slice(*clause.parts["split"])] == "其中省级10万元，市级20万元"
    assert most_paid(found) == 300_000


def test_the_ways_a_split_is_written() -> None:
    cases = {
        "对新认定的企业，给予奖励30万元，其中省财政承担10万元，市财政承担20万元。": [
            ("省财政", 100_000, None),
            ("市财政", 200_000, None),
        ],
        "对新认定的企业，给予一次性奖励30万元（其中省级10万元、市级20万元）。": [
            ("省级", 100_000, None),
            ("市级", 200_000, None),
        ],
        "对新认定的企业，给予奖励30万元，其中：区级奖励10万元，县级奖励20万元。": [
            ("区级", 100_000, None),
            ("县级", 200_000, None),
        ],
        # 各: one sum for each listed level.
        "对新认定的企业给予30万元奖励，其中市、区两级财政各承担15万元。": [
            ("市级", 150_000, None),
            ("区级", 150_000, None),
        ],
        "对新认定的企业，奖励30万元，其中省10万元，市20万元。": [
            ("省级", 100_000, None),
            ("市级", 200_000, None),
        ],
    }
    for text, split in cases.items():
        found = extract_text(text)
        assert [row(c.kind, c.amount_yuan) for c in found] == [("fixed", 300_000)], text
        assert split_of(found[0]) == split, text
        assert found[0].confidence == 0.9, text


def test_a_ceiling_a_unit_price_and_a_rate_may_be_split_too() -> None:
    (cap,) = extract_text("对新认定的企业，给予最高30万元奖励，其中省级10万元，市级20万元。")
    assert row(cap.kind, cap.cap_yuan) == ("cap", 300_000)
    assert split_of(cap) == [("省级", 100_000, None), ("市级", 200_000, None)]
    (each,) = extract_text("对新认定的企业，每家奖励30万元，其中省级10万元，市级20万元。")
    assert row(each.kind, each.amount_yuan) == ("per_unit", 300_000) and len(each.split) == 2
    (rate,) = extract_text(
        "对企业研发投入，按研发投入的10%给予补助，最高100万元，其中省级承担50%、市级承担50%。"
    )
    assert row(rate.kind, rate.rate, rate.cap_yuan) == ("rate_cap", Decimal("0.1"), 1_000_000)
    assert split_of(rate) == [("省级", None, Decimal("0.5")), ("市级", None, Decimal("0.5"))]
    assert rate.confidence == 0.9


def test_a_split_and_a_schedule_are_kept_apart() -> None:
    (clause,) = extract_text(
        "对新认定的企业，给予奖励100万元，其中省级50万元、市级50万元，"
        "分两年拨付，首年拨付60%、次年拨付40%。"
    )
    assert clause.amount_yuan == 1_000_000
    assert split_of(clause) == [("省级", 500_000, None), ("市级", 500_000, None)]
    assert [row(i.when, i.share) for i in clause.schedule] == [
        ("首年", Decimal("0.6")),
        ("次年", Decimal("0.4")),
    ]


def test_shares_by_a_ratio_are_a_split_never_a_matching_award() -> None:
    (clause,) = extract_text(
        "对新认定的企业，给予一次性奖励50万元，所需资金由省、市、区按3:3:4比例分担。"
    )
    assert clause.amount_yuan == 500_000
    assert split_of(clause) == [
        ("省级", None, Decimal("0.3")),
        ("市级", None, Decimal("0.3")),
        ("区级", None, Decimal("0.4")),
    ]
    # Before: 配套 in the clause made 1:1 a matching award paying as much again.
    found = extract_text("对新认定的企业，给予配套奖励50万元，由市、区按1:1比例分担。")
    assert [row(c.kind, c.amount_yuan) for c in found] == [("fixed", 500_000)]
    assert split_of(found[0]) == [("市级", None, Decimal("0.5")), ("区级", None, Decimal("0.5"))]
    # Three payers for a ratio of two: nothing pairs them, the award stands alone as before.
    (alone,) = extract_text("对新认定的企业，给予一次性奖励50万元，由省、市、区按3:3比例分担。")
    assert alone.amount_yuan == 500_000 and alone.split == ()


def test_payers_paying_less_than_the_sum_are_still_its_split_flagged() -> None:
    (clause,) = extract_text("对新认定的企业，给予奖励30万元，其中省级承担10万元。")
    assert clause.amount_yuan == 300_000 and split_of(clause) == [("省级", 100_000, None)]
    assert clause.confidence == 0.7
    assert clause.note == "各级分担合计10万元，少于奖补金额30万元，按奖补金额读出，待核定"


def test_parts_that_cannot_be_weighed_against_the_award_are_flagged() -> None:
    (rate,) = extract_text("对企业研发投入，按10%给予补助，其中省级承担40%、市级承担40%。")
    assert row(rate.kind, rate.rate, rate.confidence) == ("rate", Decimal("0.1"), 0.7)
    assert rate.note == "各级分担比例合计不为100%，待核定"
    (mixed,) = extract_text("对企业研发投入，按10%给予补助，其中省财政承担5万元。")
    assert row(mixed.kind, mixed.confidence) == ("rate", 0.7)
    assert mixed.note == "各级分担与奖补金额无法对应核对，待核定"


def test_payers_paying_more_than_the_sum_never_pay_more_than_it() -> None:
    found = extract_text("对新认定的企业，给予奖励30万元，其中省财政承担20万元，市财政承担20万元。")
    assert [row(c.kind, c.amount_yuan) for c in found] == [("fixed", 300_000)]
    assert found[0].confidence == 0.7
    assert found[0].note is not None and "超过奖补金额30万元" in found[0].note
    assert most_paid(found) == 300_000


def test_levels_that_do_not_add_up_stay_a_tier_list_under_the_sum() -> None:
    # 国家级30万元、省级20万元、市级10万元 under 最高30万元 are grades, not payers: read as one
    # 30万元 award a 市级 recipient would get 30万 instead of 10万; the sum is their ceiling.
    found = extract_text(
        "对新认定的孵化器，给予最高30万元奖励，其中国家级30万元，省级20万元，市级10万元。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "国家级", 300_000),
        ("tiered", "省级", 200_000),
        ("tiered", "市级", 100_000),
    ]
    assert {c.confidence for c in found} == {0.7}
    assert found[0].condition == "对新认定的孵化器"
    assert most_paid(found) == 300_000  # before: 30万 + a tier list up to 30万
    # A grade above the sum is read at the sum: the text never promises more than 30万.
    found = extract_text("对新认定的企业，奖励30万元，其中省级10万元，市级40万元。")
    assert [row(c.grade, c.amount_yuan) for c in found] == [("省级", 100_000), ("市级", 300_000)]
    assert [c.confidence for c in found] == [0.7, 0.5]
    assert found[1].note is not None and "按总额30万元计" in found[1].note
    assert most_paid(found) == 300_000
    # Less than the sum by bare level names: grades too, each paid no more than its own part.
    found = extract_text("对新认定的企业，奖励30万元，其中省级10万元，市级10万元。")
    assert [row(c.kind, c.amount_yuan) for c in found] == [
        ("tiered", 100_000),
        ("tiered", 100_000),
    ]


def test_grades_naming_recipients_after_a_sum_share_it() -> None:
    found = extract_text(
        "对新引进的人才，给予最高6万元安家补贴，其中本科生2万元，硕士研究生4万元，博士研究生6万元。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "本科生", 20_000),
        ("tiered", "硕士研究生", 40_000),
        ("tiered", "博士研究生", 60_000),
    ]
    assert {c.confidence for c in found} == {0.9}
    assert most_paid(found) == 60_000  # before: 6万 + a tier list up to 6万
    found = extract_text(
        "对新引进的人才，给予最高5万元安家补贴，其中本科生2万元，硕士研究生4万元，博士研究生6万元。"
    )
    assert [c.amount_yuan for c in found] == [20_000, 40_000, 50_000]
    assert [c.confidence for c in found] == [0.9, 0.9, 0.7]


# ── Near misses: read as before ──────────────────────────────────────────────────────────


def test_grades_after_qizhong_with_no_sum_stay_a_tier_list() -> None:
    found = extract_text(
        "对新引进的人才，给予安家补贴，其中本科生2万元，硕士研究生4万元，博士研究生6万元。"
    )
    assert [row(c.kind, c.grade, c.amount_yuan, c.note) for c in found] == [
        ("tiered", "本科生", 20_000, None),
        ("tiered", "硕士研究生", 40_000, None),
        ("tiered", "博士研究生", 60_000, None),
    ]
    assert all(c.split == () for c in found)


def test_a_fund_budget_split_is_no_award() -> None:
    assert extract_text("设立专项资金1000万元，其中省级500万元，市级500万元。") == []
    assert extract_text("市财政每年安排科技专项资金5000万元，其中区财政承担2000万元。") == []


def test_tier_lists_keyed_by_level_are_not_splits() -> None:
    found = extract_text("对获得国家级、省级认定的企业，分别给予30万元、10万元奖励。")
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "国家级", 300_000),
        ("tiered", "省级", 100_000),
    ]
    found = extract_text("对认定的企业，市级奖励2万元，省级奖励5万元，国家级奖励10万元。")
    assert [row(c.kind, c.grade, c.amount_yuan) for c in found] == [
        ("tiered", "市级", 20_000),
        ("tiered", "省级", 50_000),
        ("tiered", "国家级", 100_000),
    ]
    found = extract_text("对获得认定的企业，分别给予国家级30万元、省级20万元奖励。")
    assert [c.amount_yuan for c in found] == [300_000, 200_000]
    assert all(c.split == () for c in found)


def test_a_level_in_the_condition_is_not_a_payer() -> None:
    (clause,) = extract_text("对区财政贡献50万元以上的企业，给予奖励10万元。")
    assert clause.amount_yuan == 100_000 and clause.split == ()


# ── What the reviewer sees ────────────────────────────────────────────────────────────────


def test_the_draft_and_the_review_table_carry_the_split(tmp_path: Path) -> None:
    source = tmp_path / "measures.txt"
    source.write_text(
        "某市科技创新奖励办法（2024—2027年）\n"
        f"第三条 {SPLIT}\n"
        "第四条 对新认定的企业，给予奖励30万元，其中省财政承担20万元，市财政承担20万元。\n",
        encoding="utf-8",
    )
    extraction = extract_file(source)
    draft, review = tmp_path / "draft.yaml", tmp_path / "review.xlsx"
    write_draft_pack(extraction, draft)
    write_review(extraction, review)
    policies = yaml.safe_load(draft.read_text(encoding="utf-8"))["policies"]
    assert len(policies) == 2
    first, second = policies.values()
    assert first["amount"]["kind"] == "fixed"
    assert (
        "分级承担：省级100000元、市级200000元（同一笔奖补由各级分担，不另行支付）" in first["note"]
    )
    assert "超过奖补金额30万元" in second["note"]
    rows = list(load_workbook(review)[CLAUSES_SHEET].iter_rows(values_only=True))
    by_header = [dict(zip(HEADERS, line, strict=True)) for line in rows[1:]]
    assert len(by_header) == 2
    assert by_header[0]["分级承担"] == (
        "省级100000元、市级200000元（合计300000元，同一笔奖补，不另行支付）"
    )
    assert by_header[0]["提取说明"] is None
    assert by_header[1]["提取说明"] == (
        "各级分担合计40万元，超过奖补金额30万元，按奖补金额读出，待核定"
    )


def test_an_accepted_split_keeps_its_note_and_pays_the_sum_once(tmp_path: Path) -> None:
    source = tmp_path / "measures.txt"
    source.write_text(f"某市科技创新奖励办法（2024—2027年）\n第三条 {SPLIT}\n", encoding="utf-8")
    extraction = extract_file(source)
    draft, review = tmp_path / "draft.yaml", tmp_path / "review.xlsx"
    write_draft_pack(extraction, draft)
    write_review(extraction, review)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    data["document"]["issuer"] = "某市人民政府"
    data["jurisdiction"] = {"city": "某市"}
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    book = load_workbook(review)
    sheet = book[CLAUSES_SHEET]
    column = {header: index for index, header in enumerate(HEADERS, 1)}
    for header, value in {"核对结果": "正确", "触发事项": "首次认定：高新技术企业"}.items():
        sheet.cell(2, column[header]).value = value
    sheet.cell(2, column["叠加方式"]).value = "累加"
    book.save(review)
    done = accept(draft, review, tmp_path / "packs")
    assert done.kept == 1
    pack = yaml.safe_load(done.pack_path.read_text(encoding="utf-8"))
    (policy,) = pack["policies"].values()
    assert "分级承担：省级100000元、市级200000元" in policy["note"]
    paid = [e["amount"] for case in done.cases["cases"] for e in case["expect"]]
    assert paid == [300_000]


def test_the_terminal_listing_shows_the_split_and_the_note(tmp_path: Path) -> None:
    source = tmp_path / "measures.txt"
    source.write_text(
        f"某市科技创新奖励办法\n第三条 {SPLIT}\n"
        "第四条 对新认定的企业，奖励30万元，其中省级10万元，市级40万元。\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(source)])
    assert result.exit_code == 0, result.output
    shown = result.output.replace("\n", "")
    assert "共3处奖补金额" in shown
    assert "分级承担：省级100000元、市级200000元（同一笔奖补，不另行支付）" in shown
    assert "本档超过总额，按总额30万元计" in shown
