"""The command line as an officer uses it: each command, and each mistake, in Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli import app
from techzone.config import DATA_DIR_ENV

runner = CliRunner()


@pytest.fixture
def demo(data_dir: Path) -> Path:
    result = runner.invoke(app, ["demo", "--enterprises", "60", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return data_dir


def test_help_lists_every_command_in_chinese_and_english() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "summary", "import", "export", "template", "assess", "schema"):
        assert command in result.output
    assert "导入企业数据" in result.output and "Import records" in result.output


def test_demo_loads_prints_and_writes_the_summary(demo: Path) -> None:
    assert (demo / "techzone.sqlite").exists()
    book = load_workbook(demo / "demo-summary.xlsx")
    assert book.sheetnames == ["概览", "本年到期证书"]
    again = runner.invoke(app, ["summary", "--zone", "GS-BY", "--as-of", "2026-06-30"])
    assert again.exit_code == 0 and "白银高新区" in again.output


def test_export_then_import_into_an_empty_database_round_trips(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "export.xlsx"
    assert runner.invoke(app, ["export", "--out", str(exported)]).exit_code == 0
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "second"))
    imported = runner.invoke(app, ["import", str(exported)])
    assert imported.exit_code == 0, imported.output
    assert "导入完成" in imported.output
    second = tmp_path / "second-export.xlsx"
    assert runner.invoke(app, ["export", "--out", str(second)]).exit_code == 0
    first_book, second_book = load_workbook(exported), load_workbook(second)
    for name in first_book.sheetnames:
        assert list(first_book[name].values) == list(second_book[name].values), name


def test_a_bad_import_writes_nothing_and_reports(demo: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export.xlsx"
    runner.invoke(app, ["export", "--out", str(exported)])
    book = load_workbook(exported)
    book["企业"]["A2"] = "91620400000000000X"  # wrong check character
    book["企业"]["B2"] = "改过名的企业"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    before = (demo / "techzone.sqlite").read_bytes()
    result = runner.invoke(app, ["import", str(broken)])
    assert result.exit_code == 1
    assert "未写入任何数据" in result.output and "第2行" in result.output
    assert (tmp_path / "broken.错误报告.xlsx").exists()
    assert (demo / "techzone.sqlite").read_bytes() == before


def test_template_is_written(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", "--out", str(target)])
    assert result.exit_code == 0 and target.exists()


def test_assess_a_stored_enterprise_as_json(demo: Path) -> None:
    exported = demo / "e.xlsx"
    runner.invoke(app, ["export", "--out", str(exported)])
    first = next(load_workbook(exported)["企业"].iter_rows(min_row=2, values_only=True))[0]
    result = runner.invoke(app, ["assess", str(first), "--as-of", "2026-06-30", "--json"])
    assert result.exit_code == 0, result.output
    trace = json.loads(result.output)
    assert trace["format"] == "techzone.trace.v2"
    assert trace["uscc"] == first
    assert {q["id"] for q in trace["qualifications"]} >= {"hnte", "tech_sme", "srdi_sme"}


def test_assess_a_profile_file(tmp_path: Path, data_dir: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps({"registered_on": "2019-05-10", "tech_field": "新材料"}), encoding="utf-8"
    )
    result = runner.invoke(app, ["assess", "--profile", str(profile), "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert "高新技术企业" in result.output and "待定" in result.output


def test_assess_all_writes_a_workbook(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    result = runner.invoke(
        app, ["assess", "--all", "--zone", "GS-BY", "--as-of", "2026-06-30", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["统一社会信用代码", "企业名称"]
    assert "高新技术企业·结论" in header
    statuses = {
        row[header.index("高新技术企业·结论")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert statuses <= {"符合", "不符合", "待定"} and statuses


def test_schema_profile_is_json() -> None:
    result = runner.invoke(app, ["schema", "profile"])
    assert result.exit_code == 0
    assert (
        "hnte_tech_advancement_band"
        in json.loads(result.output)["properties"]["declarations"]["properties"]
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["import", "nowhere.xlsx"], "文件不存在"),
        (["summary", "--as-of", "2026-02-30"], "不是有效日期"),
        (["summary", "--zone", "NOPE"], "没有代码为「NOPE」的高新区"),
        (["assess"], "请指定且只指定一个"),
        (["assess", "--all", "--out", "x.csv"], "后缀为 .xlsx 或 .parquet"),
        (["assess", "91620400000000000Q", "--as-of", "2026-06-30"], "没有统一社会信用代码为"),
        (["assess", "--profile", "nowhere.json"], "文件不存在"),
    ],
)
def test_mistakes_are_explained_in_chinese(
    data_dir: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code != 0
    assert message in result.output


def test_policies_lists_every_clause_with_its_source() -> None:
    result = runner.invoke(app, ["policies", "--json"])
    assert result.exit_code == 0
    listing = json.loads(result.output)
    assert listing and all(entry["clause"]["text"] and entry["source"] for entry in listing)
    assert "gansu_zone_measures.national_key_project" in {entry["id"] for entry in listing}


def test_awards_for_a_profile_as_json(tmp_path: Path, data_dir: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps(
            {
                "registered_on": "2015-01-01",
                "zone_code": "LZ-CG",
                "province": "甘肃省",
                "city": "兰州市",
                "events": [
                    {
                        "ref": "K1",
                        "kind": "国家科技重大专项/重点研发计划项目",
                        "occurred_on": "2025-03-01",
                        "amount": 5000000,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["awards", "--profile", str(profile), "--year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["entitlements"]
    project = next(e for e in found if e["policy"] == "gansu_zone_measures.national_key_project")
    assert project["amount"]["planned"] == "500000.00"
    assert project["clause"]["ref"] == "措施5"
    assert project["parameters"][0]["since"] == "2023-01-01"


def test_awards_budget_and_reform_on_the_demo(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "awards.xlsx"
    recording = ["awards", "--all", "--zone", "LZ-CG", "--year", "2025", "--record"]
    unsigned = runner.invoke(app, recording)
    assert unsigned.exit_code == 1 and "--by" in unsigned.output
    result = runner.invoke(app, [*recording, "--out", str(out), "--by", "张三"])
    assert result.exit_code == 0, result.output
    assert "已记入奖补台账（2025年）：新增" in result.output and out.exists()
    held = re.search(r"新增(\d+)条", result.output)
    assert held and int(held[1]) > 0
    again = runner.invoke(app, [*recording, "--by", "张三"]).output.replace("\n", "")
    # The same run again: nothing new, nothing changed, nothing doubled.
    assert f"新增0条，变更0条，未变{held[1]}条，撤销0条" in again, again
    assert f"本年度台账现有{held[1]}条" in again
    listed = json.loads(runner.invoke(app, ["awards", "--all", "--zone", "LZ-CG", "--json"]).output)
    first = listed["entitlements"][0]
    shown = runner.invoke(app, ["ledger", "history", first["id"], "--json"])
    assert shown.exit_code == 0, shown.output
    (entry,) = json.loads(shown.output)
    assert [v["change"] for v in entry["versions"]] == ["新增"]
    assert entry["versions"][0]["by"] == "张三" and entry["paid"] is None
    table = runner.invoke(app, ["ledger", "history", first["id"]])
    assert table.exit_code == 0 and "未支付" in table.output and "张三" in table.output
    missing = runner.invoke(app, ["ledger", "history", "no-such-id"])
    assert missing.exit_code == 1 and "台账中没有" in missing.output
    bad = runner.invoke(
        app,
        [
            "ledger",
            "pay",
            first["id"],
            "--amount",
            "abc",
            "--date",
            "2026-01-05",
            "--voucher",
            "PZ-1",
            "--by",
            "李四",
        ],
    )
    assert bad.exit_code == 1 and "不是数字" in bad.output and "Traceback" not in bad.output
    budget_out = tmp_path / "budget.xlsx"
    result = runner.invoke(app, ["budget", "--year", "2025", "--out", str(budget_out)])
    assert result.exit_code == 0, result.output
    assert "规划合计" in result.output and budget_out.exists()
    # The command promises totals by park and by field too, not only in the workbook.
    assert "按园区" in result.output and "按技术领域" in result.output
    patch = tmp_path / "reform.json"
    patch.write_text(
        json.dumps({"parameters": {"gansu_zone_measures.new_hnte_award": {"2025-01-01": 300000}}}),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["reform", str(patch), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "改革后" in result.output
    # Where the change lands, by park, and who gains: on the screen, not only in the workbook.
    assert "按园区" in result.output and "受影响企业" in result.output


def test_a_bad_reform_patch_is_refused(data_dir: Path, tmp_path: Path) -> None:
    patch = tmp_path / "bad.json"
    patch.write_text(json.dumps({"parameters": {"no.such": {"2025-01-01": 1}}}), encoding="utf-8")
    result = runner.invoke(app, ["reform", str(patch), "--year", "2025"])
    assert result.exit_code == 1
    assert "未知参数" in result.output and "未计算" in result.output


def test_the_budget_shows_what_zones_are_owed_and_who_pays(demo: Path, tmp_path: Path) -> None:
    """Seed 001 措施1 "于下年度由省级财政一次性给予不少于5000万元奖励", 措施2 "由省科技厅于下年度
    一次性给予200万元奖励": a budget without them left 5,200万 of the province's money out of
    sight (they were only under `awards --all`). They are listed apart, with payer and 下年度,
    never added to the enterprise totals (blind3)."""
    from datetime import date

    from techzone.model import Zone, ZoneEvent
    from techzone.model.codes import ZoneEventKind
    from techzone.store import open_store

    with open_store().transaction() as session:
        for code, ref, kind in [
            ("GS-PL", "国函〔2025〕1号", ZoneEventKind.NEW_NATIONAL_ZONE),
            ("GS-DX", "甘科〔2025〕5号", ZoneEventKind.NEW_PROVINCIAL_ZONE),
        ]:
            zone = session.query(Zone).filter_by(code=code).one()
            session.add(
                ZoneEvent(zone_id=zone.id, ref=ref, kind=kind, occurred_on=date(2025, 8, 1))
            )
    before = runner.invoke(app, ["budget", "--year", "2024"])
    assert before.exit_code == 0 and "高新区奖励" not in before.output
    book = tmp_path / "预算.xlsx"
    result = runner.invoke(app, ["budget", "--year", "2025", "--out", str(book)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(book)["高新区奖励"].iter_rows(values_only=True))
    assert rows[0][:7] == ("高新区", "政策", "日期", "金额", "下限(元)", "出资", "拨付")
    owed = {row[0]: row for row in rows[1:]}
    assert owed["平凉高新区"][4] == 50000000 and owed["平凉高新区"][5:7] == ("省级", "下年度")
    assert owed["定西高新区"][4] == 2000000
    said = result.output
    # The table folds its cells at the terminal's width: look for the pieces.
    assert "高新区奖励" in said and "平凉高新" in said and "不少于5,0" in said
    assert "定西高新" in said and "200.00万" in said
    assert "下年度" in said and "省级" in said and "不计入上表合计" in said
    # Approved in 2025, paid 下年度: due in 2026's budget, not 2025's (blind7 doubt 5).
    line = "".join(said.split())
    assert "2025年应拨付高新区奖励0笔" in line and "2笔列入2026年预算，不计入本年度" in line
    assert owed["平凉高新区"][9] == "2026年拨付（下年度），列入2026年预算"
    carried = runner.invoke(app, ["budget", "--year", "2026"])
    assert carried.exit_code == 0, carried.output
    due = "".join(carried.output.split())
    assert "2026年应拨付高新区奖励2笔，下限合计5,200.00万元（含2025年获批" in due


def test_the_summary_points_to_a_workbook_only_when_one_is_written(
    data_dir: Path, tmp_path: Path
) -> None:
    # "另有16张，见工作簿" sent the officer looking for a workbook summary had not written.
    assert runner.invoke(app, ["demo", "--enterprises", "300"]).exit_code == 0
    day = ["--as-of", "2026-06-30"]
    bare = runner.invoke(app, ["summary", *day])
    assert bare.exit_code == 0 and "另有" in bare.output, bare.output
    assert "见工作簿" not in bare.output and "--out" in bare.output
    book = tmp_path / "概览.xlsx"
    written = runner.invoke(app, ["summary", *day, "--out", str(book)])
    assert "见工作簿" in written.output and book.exists()


def test_a_cut_table_points_to_an_output_file_only_when_one_is_written(
    data_dir: Path, tmp_path: Path
) -> None:
    # lists and report weekly said "另有32行，见输出文件" with no output file asked for.
    assert runner.invoke(app, ["demo", "--enterprises", "300"]).exit_code == 0
    bare = runner.invoke(app, ["lists", "--date", "2026-06-30"])
    assert bare.exit_code == 0 and "另有" in bare.output, bare.output
    assert "见输出文件" not in bare.output and "--out" in bare.output
    book = tmp_path / "清单.xlsx"
    written = runner.invoke(app, ["lists", "--date", "2026-06-30", "--out", str(book)])
    assert "见输出文件" in written.output and book.exists()
