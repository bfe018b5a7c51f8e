"""The draft pack validates as a policy pack, every policy pending; the review table re-reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from techzone.awards.catalogue import Catalogue, read_policies
from techzone.extract import Extraction, draft_pack, extract_file, write_draft_pack, write_review
from techzone.extract.review import CLAUSES_SHEET, HEADERS
from techzone.rules.loader import PackError
from techzone.rules.policy import PolicyPack

TEXT = """兰州市某区科技创新奖励办法（2024—2027年）
第三条 对获得国家科学技术奖的单位，按照特等奖、一、二、三等奖分别给予
50万元、30万元、20万元、10万元奖补。
第四条 对重大项目，按10%给予奖励，最高额度可达300万元。
第五条 对新认定的高新技术企业给予5O万元奖励。
第六条 对引进的博士，给予每人每月3000元生活补贴。
第七条 对在孵企业，按每平方米每月15元给予租金补贴。
第八条 市财政按1:0.5的比例给予配套支持。
第九条 对获得贷款的企业，按实际支付利息的50%给予贴息，最高不超过30万元。
第十条 对新获批的国家高新区给予不少于5000万元奖励。
"""


@pytest.fixture
def extraction(tmp_path: Path) -> Extraction:
    path = tmp_path / "district-awards.txt"
    path.write_text(TEXT, encoding="utf-8")
    return extract_file(path)


def test_the_draft_validates_and_every_policy_is_pending(extraction: Extraction) -> None:
    pack = PolicyPack.model_validate(draft_pack(extraction))
    assert pack.id == "draft_district_awards"
    assert pack.policies and all(p.review == "pending" for p in pack.policies.values())
    assert pack.jurisdiction.city == "兰州市"
    assert (pack.effective.start, pack.effective.end) == (date(2024, 1, 1), date(2027, 12, 31))


def test_a_tier_list_becomes_one_tiered_policy_with_a_table(extraction: Extraction) -> None:
    pack = PolicyPack.model_validate(draft_pack(extraction))
    tiered = [p for p in pack.policies.values() if p.amount.kind == "tiered"]
    assert len(tiered) == 1 and tiered[0].amount.grade == "event_grade"
    table = pack.parameters[tiered[0].amount.table or ""]
    assert next(iter(table.values.values())) == {
        "特等奖": 500_000,
        "一等奖": 300_000,
        "二等奖": 200_000,
        "三等奖": 100_000,
    }


def test_each_kind_maps_to_a_pack_amount(extraction: Extraction) -> None:
    pack = PolicyPack.model_validate(draft_pack(extraction))
    kinds = [policy.amount.kind for policy in pack.policies.values()]
    assert kinds == ["tiered", "rate_cap", "fixed", "per_month", "per_month", "rate", "rate_cap",
                     "at_least"]  # fmt: skip
    rate_cap = next(p for p in pack.policies.values() if p.amount.kind == "rate_cap")
    assert next(iter(pack.parameters[rate_cap.amount.cap or ""].values.values())) == 3_000_000
    assert rate_cap.clause.ref == "第四条" and "按10%给予奖励" in rate_cap.clause.text


def test_what_a_figure_is_paid_on_still_reaches_the_draft(extraction: Extraction) -> None:
    # The clause says rate_cap / per_unit in the clause model's words; the basis keeps 贴息 and
    # 每平方米每月 for the officer: the area is counted by months, the interest is the base.
    draft = draft_pack(extraction)["policies"]
    rent, interest = draft["clause_05"], draft["clause_07"]
    assert rent["amount"]["kind"] == "per_month" and rent["amount"]["units"] == "event_months"
    assert "按面积按月计" in rent["note"] and rent["title"].endswith("（按项/家/人，按面积按月）")
    assert interest["amount"]["kind"] == "rate_cap"
    assert "贴息：base 为实际支付的利息" in interest["note"]
    assert interest["title"].endswith("（按比例、设上限，贴息）")
    assert "贴息" not in draft["clause_02"]["note"]


def test_an_interest_subsidy_stated_as_a_sum_is_drafted_as_its_ceiling(tmp_path: Path) -> None:
    # The clause model reads 给予贴息20万元 as a fixed sum paid on interest; a pack paying it as a
    # fixed sum would pay 20万 on 5万 of interest. Drafted as 最高 (cap), the figure kept.
    path = tmp_path / "interest.txt"
    path.write_text(
        "第六条 对获得贷款的企业给予贴息20万元。\n第七条 对获得贷款的企业给予奖励20万元。\n",
        encoding="utf-8",
    )
    extraction = extract_file(path)
    assert [(c.kind, c.basis) for c in extraction.clauses] == [
        ("fixed", "interest"),
        ("fixed", None),
    ]
    pack = PolicyPack.model_validate(draft_pack(extraction))
    interest, award = pack.policies.values()
    assert (interest.amount.kind, award.amount.kind) == ("cap", "fixed")
    assert next(iter(pack.parameters[interest.amount.value or ""].values.values())) == 200_000


def test_the_written_yaml_reads_back_as_a_policy_pack(
    extraction: Extraction, tmp_path: Path
) -> None:
    out = tmp_path / "drafts" / "draft.yaml"
    write_draft_pack(extraction, out)
    loaded = read_policies(out)
    assert len(loaded.pack.policies) == 8
    assert "&id" not in out.read_text(encoding="utf-8")  # plain YAML, no anchors
    raw = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert raw["policies"]["clause_03"]["amount"]["text"] == "5O万元"


def test_a_draft_cannot_reach_the_catalogue_until_triggers_are_set(
    extraction: Extraction, tmp_path: Path
) -> None:
    out = tmp_path / "draft.yaml"
    write_draft_pack(extraction, out)
    with pytest.raises(PackError, match="叠加关系"):
        Catalogue([read_policies(out)])


def test_an_empty_document_drafts_an_empty_pack(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("各单位要加强组织领导。", encoding="utf-8")
    pack = PolicyPack.model_validate(draft_pack(extract_file(path)))
    assert pack.policies == {}


def test_the_review_table_has_a_row_per_clause(extraction: Extraction, tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_review(extraction, out)
    sheet = load_workbook(out)[CLAUSES_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + len(extraction.clauses)
    by_header = [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]
    assert by_header[0]["档次"] == "特等奖" and by_header[0]["金额（元）"] == 500_000
    assert by_header[0]["草稿政策"] == by_header[3]["草稿政策"] == "clause_01"
    repaired = next(row for row in by_header if row["金额原文"] == "5O万元")
    assert repaired["金额（元）"] == 500_000 and repaired["条款编号"] == "第五条"
    assert sheet.data_validations.dataValidation  # the 核对结果 dropdown
