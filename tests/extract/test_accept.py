"""``extract accept``: a reviewed draft becomes a pack that loads and pays; a bad review writes
nothing.

End to end on seed 003 (城关区倍增行动方案 五(五)14): extract, review as an officer would (fill the
review table's columns, the issuer and jurisdiction in the draft), accept, load the catalogue with
the new pack beside every other, and compute the awards its generated golden cases expect.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue, read_policies
from techzone.cli import app
from techzone.extract import extract_file, write_draft_pack, write_review
from techzone.extract.accept import AcceptRejected, accept, parse_trigger
from techzone.extract.review import CLAUSES_SHEET, HEADERS, OPTIONS_SHEET
from techzone.rules.loader import PACKS_DIR, pack_files
from techzone.rules.profile import parse_profile, profile_records
from tests.awards.golden import check, policy_cases

SHARED = Path(os.environ.get("TECHZONE_SHARED", Path(__file__).parents[3] / "shared"))
SEED_003 = SHARED / "seeds" / "003_f051578b39007f02.txt"
needs_seed = pytest.mark.skipif(not SEED_003.exists(), reason="shared seeds not available")

TEXT = """某市科技创新奖励办法（2024—2027年）
第三条 对获得科学技术奖的企业，按照一、二、三等奖分别给予30万元、20万元、10万元奖励。
第四条 对企业促成技术转移转化项目的，按合同成交额的8%给予补助，单个企业每年最高不超过30万元。
第五条 对新认定的高新技术企业给予50万元奖励。
"""


def drafted(tmp_path: Path, text: Path | None = None) -> tuple[Path, Path]:
    source = text or tmp_path / "measures.txt"
    if text is None:
        source.write_text(TEXT, encoding="utf-8")
    extraction = extract_file(source)
    draft, review = tmp_path / "draft.yaml", tmp_path / "review.xlsx"
    write_draft_pack(extraction, draft)
    write_review(extraction, review)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    data["document"]["issuer"] = "某市人民政府"
    data["jurisdiction"] = {"city": "某市"}
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return draft, review


def fill(review: Path, rows: dict[int, dict[str, Any]], drop: str | None = None) -> None:
    """Type into the review table as an officer does: by row (2 = first clause) and header."""
    book = load_workbook(review)
    sheet = book[CLAUSES_SHEET]
    column = {header: index for index, header in enumerate(HEADERS, 1)}
    for row, cells in rows.items():
        for header, value in cells.items():
            sheet.cell(row, column[header]).value = value
    if drop is not None:
        sheet.delete_cols(column[drop])
    book.save(review)


def awards(out: Path) -> dict[str, list[str]]:
    """Every generated golden case, run on the catalogue of every pack plus the accepted one."""
    paths = pack_files(PACKS_DIR, policies=True) + pack_files(out, policies=True)
    catalogue = Catalogue([read_policies(path) for path in paths])
    results = {}
    for case in policy_cases(out):
        records = profile_records(parse_profile(case.profile), {})
        found = entitlements(catalogue, records, case.year, Settings(case.planning_share))
        results[case.name] = check(case, found)
    return results


REVIEWED = {
    # Other packs pay these triggers too (elsewhere): the officer declares these paid in addition.
    2: {"核对结果": "正确", "触发事项": "科学技术奖", "叠加方式": "累加"},
    3: {"核对结果": "正确", "触发事项": "科学技术奖", "叠加方式": "累加"},
    4: {
        "核对结果": "有误",
        "核定金额（元）": "25万元",
        "触发事项": "科学技术奖",
        "叠加方式": "累加",
    },
    5: {"核对结果": "正确", "触发事项": "技术转移转化项目", "叠加方式": "累加"},
    6: {"核对结果": "不是奖补"},
}


def test_the_review_table_says_what_each_reviewer_column_takes(tmp_path: Path) -> None:
    _, review = drafted(tmp_path)
    book = load_workbook(review)
    assert HEADERS.index("核对结果") > HEADERS.index("原文")
    options = [row[0] for row in book[OPTIONS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert "科学技术奖" in options and "首次认定：高新技术企业" in options
    assert "填写说明" in book.sheetnames


def test_a_reviewed_draft_becomes_a_pack_whose_cases_pay(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    out = tmp_path / "packs"
    done = accept(draft, review, out)
    assert (done.kept, done.dropped) == (4, 1)
    pack = read_policies(done.pack_path).pack
    assert {p.review for p in pack.policies.values()} == {"approved"}
    tiers = pack.policies["clause_01"]
    table = pack.parameters[tiers.amount.table or ""].values
    # The officer's correction is what is paid: 三等奖 25万元, not the 10万元 as read.
    assert next(iter(table.values())) == {"一等奖": 300_000, "二等奖": 200_000, "三等奖": 250_000}
    rate = pack.policies["clause_02"]
    assert rate.amount.kind == "rate_cap" and rate.limit is not None
    assert (rate.limit.per, rate.limit.period) == ("enterprise", "year")
    assert "clause_03" not in pack.policies  # 不是奖补
    results = awards(out)
    assert len(results) == 5  # three tiers, the rate below and above its cap
    assert all(wrong == [] for wrong in results.values()), results
    cases = yaml.safe_load(done.tests_path.read_text(encoding="utf-8"))["cases"]
    paid = sorted(e["amount"] for case in cases for e in case["expect"])
    assert paid == [150_000, 200_000, 250_000, 300_000, 300_000]


def test_a_rate_case_on_each_side_of_its_cap(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    done = accept(draft, review, tmp_path / "packs")
    cases = [c for c in done.cases["cases"] if "clause_02" in c["expect"][0]["policy"]]
    bases = [c["profile"]["events"][0]["amount"] for c in cases]
    paid = [c["expect"][0]["amount"] for c in cases]
    assert bases[0] * 0.08 < 300_000 < bases[1] * 0.08
    assert paid == [bases[0] * 0.08, 300_000]


@needs_seed
def test_seed_003_accepted_beside_the_packs_that_already_pay_it(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path, SEED_003)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    data["jurisdiction"] = {"zones": ["LZ-CG"]}
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = {
        2: {"核对结果": "正确", "触发事项": "首次认定：高新技术企业", "叠加方式": "就高不重复"},
        3: {"核对结果": "有误", "核定类型": "定额", "触发事项": "重新认定：高新技术企业"},
        4: {"核对结果": "不是奖补"},
    }
    fill(review, rows)
    out = tmp_path / "packs"
    # The province's 20万元 is already paid by two packs: a second "highest" group is refused.
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, out)
    assert "chengguan_doubling.first_hnte" in str(refused.value)
    assert not out.exists()
    fill(review, {2: {"叠加方式": "累加"}, 3: {"叠加方式": "累加"}})
    accept(draft, review, out)
    results = awards(out)
    assert len(results) == 2 and all(wrong == [] for wrong in results.values()), results


@pytest.mark.parametrize(
    ("rows", "drop", "said"),
    [
        ({2: {"核对结果": "也许"}}, None, "第2行：核对结果「也许」不是可选的值"),
        ({2: {"核对结果": None}}, None, "第2行：未填写核对结果"),
        (
            {3: {"核对结果": "有误", "核定金额（元）": "二十万"}},
            None,
            "第3行：核定金额（元）「二十万」不是数字",
        ),
        ({3: {"核对结果": "有误", "核定金额（元）": "0.001"}}, None, "须精确到分"),
        ({3: {"核对结果": "有误", "核定比例": "8"}}, None, "须写作 10% 或 0.1"),
        (
            {4: {"核对结果": "有误", "核定金额（元）": None}},
            None,
            "第4行：核对结果为「有误」，须在核定列中写明更正",
        ),
        ({4: {"核对结果": "正确", "核定金额（元）": 1}}, None, "却填写了核定列"),
        ({5: {"触发事项": "天上掉钱"}}, None, "第5行：触发事项「天上掉钱」不是可选的值"),
        ({5: {"触发事项": None}}, None, "第5行：采纳的条款须填写触发事项"),
        ({2: {"叠加方式": "随意"}}, None, "叠加方式「随意」不是可选的值"),
        ({3: {"触发事项": "技术转移转化项目"}}, None, "各行触发事项不同"),
        ({2: {"草稿政策": "clause_09"}}, None, "草稿政策「clause_09」不在草稿政策包中"),
        ({5: {"核对结果": "有误", "核定上限适用": "大家·永远"}}, None, "须写明上限按谁"),
        ({2: {"金额（元）": 3000000}}, None, "第2行：金额（元）、上限（元）或比例与草稿不符"),
        ({5: {"比例": 0.8}}, None, "第5行：金额（元）、上限（元）或比例与草稿不符"),
        ({}, "核对结果", "缺少列：核对结果"),
        ({}, "触发事项", "缺少列：触发事项"),
    ],
)
def test_a_bad_review_names_the_row_and_writes_nothing(
    tmp_path: Path, rows: dict[int, dict[str, Any]], drop: str | None, said: str
) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    fill(review, rows, drop)
    out = tmp_path / "packs"
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, out)
    assert said in str(refused.value)
    assert not out.exists()


def test_a_draft_still_awaiting_its_issuer_is_refused(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    data["document"]["issuer"] = "待核定"
    data["jurisdiction"] = {"zones": []}
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, tmp_path / "packs")
    assert "发文机关" in str(refused.value) and "适用地域" in str(refused.value)


def test_a_rejected_rewrite_leaves_the_accepted_pack_as_it_was(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    out = tmp_path / "packs"
    done = accept(draft, review, out)
    before = done.pack_path.read_bytes(), done.tests_path.read_bytes()
    fill(review, {2: {"核对结果": "也许"}})
    with pytest.raises(AcceptRejected):
        accept(draft, review, out)
    assert (done.pack_path.read_bytes(), done.tests_path.read_bytes()) == before


def test_triggers_as_the_officer_types_them() -> None:
    assert parse_trigger("科学技术奖") == {"event": "science_prize"}
    assert parse_trigger("首次认定：高新技术企业") == {"qualification": "hnte", "change": "first"}
    assert parse_trigger("重新认定:高新技术企业") == {"qualification": "hnte", "change": "renewal"}
    assert parse_trigger("首次认定：不存在的资质") is None
    assert parse_trigger("") is None


runner = CliRunner()


def test_the_command_line_accepts_and_refuses(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    out = tmp_path / "packs"
    done = runner.invoke(app, ["extract", "accept", str(draft), str(review), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "采纳4处金额" in done.output and "测试用例" in done.output
    fill(review, {2: {"核对结果": "也许"}})
    refused = runner.invoke(app, ["extract", "accept", str(draft), str(review), "--out", str(out)])
    assert refused.exit_code == 1 and "第2行" in refused.output
    assert "Traceback" not in refused.output
    missing = runner.invoke(app, ["extract", "accept", str(tmp_path / "none.yaml"), str(review)])
    assert missing.exit_code == 1 and "草稿政策包不存在" in missing.output


@pytest.mark.parametrize(
    ("draft_text", "said"),
    [
        ("就是一段文字", "整个文件：应为对象"),
        ("document:\n  title: x\n", "kind：必填项为空"),
        ("a: [1,\n", "不是有效的 YAML 文本"),
    ],
)
def test_a_draft_that_is_no_pack_is_refused_in_chinese(
    tmp_path: Path, draft_text: str, said: str
) -> None:
    _, review = drafted(tmp_path)
    draft = tmp_path / "草稿.yaml"
    draft.write_text(draft_text, encoding="utf-8")
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, tmp_path / "packs")
    # Not pydantic's "Input should be a valid dictionary or instance of PolicyPack".
    assert said in str(refused.value)
    assert "Input should" not in str(refused.value) and "Error" not in str(refused.value)


@pytest.mark.parametrize(
    ("members", "said"),
    [
        # openpyxl's IOError for a zip with no workbook in it was said as the system refusing.
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, "不是有效"),
        # A few hundred kilobytes that expand to 300 MB were read whole into memory.
        ({"xl/worksheets/sheet1.xml": b"<" + b"a" * 300_000_000}, "过大"),
    ],
)
def test_a_review_table_that_is_no_workbook_says_why(
    tmp_path: Path, members: dict[str, bytes], said: str
) -> None:
    import zipfile

    draft, _ = drafted(tmp_path)
    review = tmp_path / "复核表.xlsx"
    with zipfile.ZipFile(review, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, tmp_path / "packs")
    assert said in str(refused.value) and "操作系统" not in str(refused.value)


def test_a_pack_that_fails_its_check_after_review_is_said_in_chinese(tmp_path: Path) -> None:
    # pydantic's own "Field required" reached the officer after the colon.
    from techzone.extract.accept import _check_loads

    problems: list[str] = []
    _check_loads({"id": "x"}, tmp_path / "x" / "policies.yaml", set(), problems)
    assert problems and "核定后的政策包不合规" in problems[0]
    assert not any("Field required" in p or "Input should" in p for p in problems), problems


def test_a_pack_of_the_same_id_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    out = tmp_path / "packs"
    done = accept(draft, review, out)
    before = done.pack_path.read_bytes(), done.tests_path.read_bytes()
    fill(review, {5: {"核对结果": "不是奖补"}})  # a second review: one fewer clause
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, out)
    said = str(refused.value)
    assert f"政策包「{done.pack['id']}」已存在" in said and str(done.pack_path) in said
    assert "草稿政策包的 id" in said and "--replace" in said
    assert (done.pack_path.read_bytes(), done.tests_path.read_bytes()) == before
    again = accept(draft, review, out, replace=True)
    assert again.pack_path == done.pack_path and (again.kept, again.dropped) == (3, 2)
    assert done.pack_path.read_bytes() != before[0]


def test_a_pack_of_the_same_id_in_the_catalogue_is_never_replaced_elsewhere(
    tmp_path: Path,
) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    catalogue = tmp_path / "catalogue"
    done = accept(draft, review, catalogue)
    out = tmp_path / "elsewhere"
    for replace in (False, True):
        with pytest.raises(AcceptRejected) as refused:
            accept(draft, review, out, packs=catalogue, replace=replace)
        assert str(done.pack_path) in str(refused.value)
        assert not out.exists()


def test_the_command_line_replaces_a_pack_only_with_replace(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    out = tmp_path / "packs"
    command = ["extract", "accept", str(draft), str(review), "--out", str(out)]
    assert runner.invoke(app, command).exit_code == 0
    refused = runner.invoke(app, command)
    assert refused.exit_code == 1 and "已存在" in refused.output and "--replace" in refused.output
    assert "Traceback" not in refused.output
    replaced = runner.invoke(app, [*command, "--replace"])
    assert replaced.exit_code == 0, replaced.output


@pytest.mark.parametrize("pack_id", ["draft_ABC", "draft_a b", "../../etc/x", ""])
def test_a_draft_id_that_cannot_be_a_pack_id_says_what_an_id_may_hold(
    tmp_path: Path, pack_id: str
) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    data["id"] = pack_id
    draft.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, tmp_path / "packs")
    said = str(refused.value)
    assert "id：只能由小写英文字母、数字和下划线组成，以字母开头" in said
    assert "string_pattern_mismatch" not in said
    assert not (tmp_path / "packs").exists()


def test_an_empty_out_folder_is_refused_not_taken_for_the_current_one(tmp_path: Path) -> None:
    draft, review = drafted(tmp_path)
    fill(review, REVIEWED)
    refused = runner.invoke(app, ["extract", "accept", str(draft), str(review), "--out", " "])
    assert refused.exit_code == 1 and "--out 不能为空" in refused.output


@pytest.mark.parametrize(("typed", "number_format"), [(25, '0"万元"'), (25, '0.00"万"')])
def test_a_corrected_amount_whose_cell_format_shows_a_unit_is_refused(
    tmp_path: Path, typed: int, number_format: str
) -> None:
    # Formatted 0"万元", the cell shows 「25万元」 while it holds 25: accepted, the pack would pay
    # 25元 where the reviewer wrote 25万元.
    draft, review = drafted(tmp_path)
    fill(review, {**REVIEWED, 4: {**REVIEWED[4], "核定金额（元）": typed}})
    book = load_workbook(review)
    sheet = book[CLAUSES_SHEET]
    sheet.cell(4, HEADERS.index("核定金额（元）") + 1).number_format = number_format
    book.save(review)
    out = tmp_path / "packs"
    with pytest.raises(AcceptRejected) as refused:
        accept(draft, review, out)
    assert "第4行：核定金额（元）" in str(refused.value) and "单元格格式" in str(refused.value)
    assert not out.exists()
