"""``techzone extract`` as an officer uses it: JSON, the draft pack and review table, errors."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli import app
from techzone.rules.policy import PolicyPack
from tests.extract.documents import write_docx, write_scanned_pdf, write_text_pdf

runner = CliRunner()
CLAUSES = [
    "第三条 对获得省级科学技术奖的第一完成单位，按照一、二、三等奖分别给予",
    "10万元、8万元、5万元奖补。",
    "第四条 对新认定的高新技术企业给予最高50万元奖励。",
]
KEYS = {
    "amount_text", "span", "kind", "amount_yuan", "cap_yuan", "rate", "grade", "condition",
    "beneficiary", "article", "confidence", "subject", "trigger", "cap_subject", "cap_period",
    "bands", "schedule", "split", "note", "parts", "basis",
}  # fmt: skip


def said(output: str) -> str:
    """What the terminal printed, without the line wrapping of a narrow test terminal."""
    return output.replace("\n", "")


def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.txt"
    path.write_text("\n".join(CLAUSES), encoding="utf-8")
    return path


def test_json_prints_the_document_and_every_clause(tmp_path: Path) -> None:
    path = policy_file(tmp_path)
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["name"] == "policy.txt"
    assert [set(clause) for clause in data["clauses"]] == [KEYS] * 4
    first, last = data["clauses"][0], data["clauses"][-1]
    assert (first["kind"], first["grade"], first["amount_yuan"]) == ("tiered", "一等奖", 100000)
    assert (last["kind"], last["cap_yuan"], last["amount_yuan"]) == ("cap", 500000, None)
    text = path.read_text(encoding="utf-8")
    for clause in data["clauses"]:
        start, end = clause["span"]
        assert text[start:end] == clause["amount_text"]


def test_pack_and_review_are_written(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "policy.docx", CLAUSES)
    pack, review = tmp_path / "out" / "draft.yaml", tmp_path / "out" / "review.xlsx"
    result = runner.invoke(
        app, ["extract", str(path), "--pack", str(pack), "--review", str(review)]
    )
    assert result.exit_code == 0, result.output
    assert "待复核" in said(result.output) and "复核表" in said(result.output)
    drafted = PolicyPack.model_validate(yaml.safe_load(pack.read_text(encoding="utf-8")))
    assert {p.review for p in drafted.policies.values()} == {"pending"}
    rows = list(load_workbook(review)["条款"].iter_rows(values_only=True))
    assert len(rows) == 1 + 4


def test_json_with_files_keeps_stdout_clean(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "policy.pdf", CLAUSES)
    pack = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["extract", str(path), "--json", "--pack", str(pack)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["clauses"]) == 4 and pack.exists()


def test_plain_output_lists_the_clauses(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(policy_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "共4处奖补金额" in result.output and "「最高50万元」" in result.output


def test_a_document_without_rewards_is_an_empty_result(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("各单位要加强组织领导，确保各项措施落实到位。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["clauses"] == []


def test_unreadable_files_fail_with_a_chinese_reason(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["extract", str(tmp_path / "none.pdf")])
    assert missing.exit_code == 1 and "文件不存在" in said(missing.output)
    scanned = runner.invoke(app, ["extract", str(write_scanned_pdf(tmp_path / "scan.pdf"))])
    assert scanned.exit_code == 1 and "没有文字层" in said(scanned.output)
    odd = tmp_path / "policy.odt"
    odd.write_bytes(b"x")
    unsupported = runner.invoke(app, ["extract", str(odd)])
    assert unsupported.exit_code == 1 and "不支持的文件类型" in said(unsupported.output)


def test_output_suffixes_are_checked(tmp_path: Path) -> None:
    path = policy_file(tmp_path)
    bad_pack = runner.invoke(app, ["extract", str(path), "--pack", str(tmp_path / "a.txt")])
    assert bad_pack.exit_code == 1 and ".yaml" in said(bad_pack.output)
    bad_review = runner.invoke(app, ["extract", str(path), "--review", str(tmp_path / "a.csv")])
    assert bad_review.exit_code == 1 and ".xlsx" in said(bad_review.output)


def test_the_listing_says_what_an_interest_subsidy_is_paid_on(tmp_path: Path) -> None:
    path = tmp_path / "loans.txt"
    path.write_text(
        "对获得贷款的企业，按实际支付利息的50%给予贴息，最高不超过30万元。\n"
        "对新认定的企业给予奖励20万元。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    shown = said(result.output)
    interest, award = shown.split("1. ", 1)[1].split("2. ", 1)
    assert "rate_cap（贴息）" in interest
    assert "贴息" not in award
