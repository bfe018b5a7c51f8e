"""What officers read, scanned: the real commands on a small demo, their terminal output and the
workbooks and report they write, must carry no developer words — no snake_case identifiers, file
names, seed or reference notes, English words or Python warnings — and money is written one way.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli import app
from techzone.cli.console import quiet_libraries
from techzone.config import DATA_DIR_ENV, DATABASE_URL_ENV
from techzone.glossary import citation, label, money, officer_text, yuan
from techzone.model.codes import QualificationKind

runner = CliRunner()

# Words an officer types at the prompt: the command's name and its options' file suffixes.
ALLOWED = {"techzone", "template", "import", "demo", "zones", "enter", "out", "xlsx", "docx"}

DEVELOPER_WORDS = {
    "identifier": re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b"),
    "file name": re.compile(r"\w\.(?:md|py|ya?ml|txt)\b"),
    "seed note": re.compile(r"seeds?[/ ]?\d|seeds/|种子文件"),
    "reference note": re.compile(r"NOT FOUND|§|\[(?:MULTI|SINGLE|OFFICIAL|UNCONFIRMED)"),
    "warning": re.compile(r"Warning|Traceback|warnings\.warn"),
    # Words with a lower-case letter; codes in capitals (zone codes, certificate numbers) pass.
    "English": re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]*\b"),
}


ENTITLEMENT_ID = "应享编号（登记支付时填写）"

# A web address an officer is sent to (the MIIT platform zjtx.miit.gov.cn) is theirs to read.
WEB_ADDRESS = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:cn|com|org|net)\b")


def _stray(text: str) -> list[str]:
    text = WEB_ADDRESS.sub(" ", text)
    found = []
    for kind, pattern in DEVELOPER_WORDS.items():
        for match in pattern.finditer(text):
            if kind == "English" and match.group(0) in ALLOWED:
                continue
            found.append(f"{kind}: {match.group(0)!r}")
    return found


def _workbook_text(path: Path) -> Iterator[str]:
    book = load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        yield sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield from (value for value in row if isinstance(value, str))


def _document_text(path: Path) -> Iterator[str]:
    document = Document(str(path))
    yield from (p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            yield from (cell.text for cell in row.cells)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("officer")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(folder / "data"))
        patch.delenv(DATABASE_URL_ENV, raising=False)
        loaded = runner.invoke(app, ["demo", "--enterprises", "60", "--seed", "3"])
        assert loaded.exit_code == 0, loaded.output
        yield folder


def _holder(folder: Path) -> str:
    """An enterprise of the demo that holds a qualification, so that its views have content."""
    book = load_workbook(folder / "data" / "demo-summary.xlsx", read_only=True)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0] if rows else ()
        if "统一社会信用代码" in header:
            column = header.index("统一社会信用代码")
            return str(rows[1][column])
    raise AssertionError("the demo summary lists no certificate holder")


@pytest.fixture(scope="module")
def outputs(demo: Path) -> dict[str, str]:
    """Every command's terminal output and every file it writes, as text, by command."""
    out = demo / "out"
    out.mkdir()
    holder = _holder(demo)
    patch_file = demo / "改革方案.json"
    patch_file.write_text(
        '{"name": "高企奖补提高到30万元", '
        '"parameters": {"gansu_zone_measures.new_hnte_award": {"2025-01-01": 300000}}}',
        encoding="utf-8",
    )
    commands = {
        "assess": ["assess", holder],
        "assess --all": ["assess", "--all", "--out", str(out / "评估.xlsx")],
        "awards": ["awards", holder],
        "awards --all": ["awards", "--all", "--out", str(out / "奖补.xlsx")],
        "budget": ["budget", "--out", str(out / "预算.xlsx")],
        "reform": ["reform", str(patch_file), "--out", str(out / "改革.xlsx")],
        "ladder": ["ladder", holder],
        "materials": ["materials", "hnte", holder, "--as-of", "2026-06-01"],
        "materials (tiers)": ["materials", "little_giant", "--deadline", "2026-05-25"],
        "upkeep": ["upkeep", "--as-of", "2026-05-10"],
        "upkeep (one)": ["upkeep", holder, "--as-of", "2026-05-10"],
        "compare": ["compare", holder, "hnte", "srdi_sme", "little_giant"],
        "assess --next": ["assess", holder, "--next"],
        "onsite": ["onsite", holder, "--as-of", "2026-06-01"],
        "lists": ["lists", "--out", str(out / "清单.xlsx")],
        "calendar": ["calendar", "--year", "2026"],
        "report .docx": ["report", "weekly", "--week", "2026-W26", "--out", str(out / "周报.docx")],
        "report .xlsx": ["report", "weekly", "--week", "2026-W26", "--out", str(out / "周报.xlsx")],
        "zones indicators": ["zones", "indicators", "--year", "2025"],
        "zones targets": ["zones", "targets", "--year", "2025"],
        "zones evaluate": ["zones", "evaluate", "--year", "2025", "--out", str(out / "评价.xlsx")],
        "policies": ["policies"],
        "summary": ["summary", "--as-of", "2026-06-30", "--out", str(out / "概览.xlsx")],
        "template": ["template", "--out", str(out / "导入模板.xlsx")],
        "awards --record": ["awards", holder, "--record", "--by", "张三", "--reason", "核对"],
        "ledger history": ["ledger", "history", holder],
        "funds set": [
            *("funds", "set", "baiyin_policy_list.first_srdi", "--budget", "1000000"),
            *("--payer", "高新区", "--owner", "GS-BY", "--year", "2025", "--reason", "核对"),
        ],
        "funds status": ["funds", "status", "--year", "2025", "--by", "政策"],
    }
    texts: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(demo / "data"))
        patch.delenv(DATABASE_URL_ENV, raising=False)
        for name, arguments in commands.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = runner.invoke(app, arguments)
            assert result.exit_code == 0, (name, result.output)
            said = [f"{w.category.__name__}: {w.message}" for w in caught]
            # The paths the officer chose are theirs to read; everything else is ours.
            shown = result.output.replace(str(out), "")
            # An entitlement's id is what the officer types after ledger pay: theirs to read.
            shown = re.sub(rf"{ENTITLEMENT_ID}：\S+", "", shown)
            texts[name] = shown + "\n".join(said)
    for path in sorted(out.iterdir()):
        reader = _document_text if path.suffix == ".docx" else _workbook_text
        texts[path.name] = "\n".join(reader(path))
    return texts


def test_no_developer_words_in_what_officers_read(outputs: dict[str, str]) -> None:
    stray = {name: sorted(set(_stray(text))) for name, text in outputs.items()}
    assert {name: found for name, found in stray.items() if found} == {}


def test_the_scan_catches_what_it_looks_for() -> None:
    assert _stray("缺少数据：净资产（net_assets_y1）") == ["identifier: 'net_assets_y1'"]
    assert "file name: 'n.py'" in _stray("规则见 zones/projection.py")
    assert any("reference note" in s for s in _stray("（qualification-criteria.md §4：NOT FOUND）"))
    assert any("seed note" in s for s in _stray("seeds/003 四(一)"))
    assert any(found.startswith("warning") for found in _stray("UserWarning: fonts"))
    assert officer_text("发明专利（63号附件1，qualification-criteria.md §3.1 [SINGLE]）") == (
        "发明专利（63号附件1）"
    )
    assert _stray("优质中小企业梯度培育平台（zjtx.miit.gov.cn）") == []
    assert _stray("GS-JYG · 91620102008PLU36A7 · GR202362000001 · 请加 --out 文件名.xlsx") == []


def test_awards_for_every_enterprise_name_it_on_every_line(
    demo: Path, outputs: dict[str, str]
) -> None:
    assert "奖补.xlsx" in outputs  # written by the commands' run, also when this test runs alone
    book = load_workbook(demo / "out" / "奖补.xlsx", read_only=True)
    rows = list(book["奖补明细"].iter_rows(values_only=True))
    header = rows[0]
    name, uscc = header.index("企业名称"), header.index("统一社会信用代码")
    assert len(rows) > 1
    assert all(row[name] and row[uscc] for row in rows[1:])


def test_the_single_enterprise_views_say_whose_they_are(
    demo: Path, outputs: dict[str, str]
) -> None:
    holder = _holder(demo)
    for view in ("assess", "awards", "ladder"):
        assert holder in outputs[view], view


def test_an_undecided_tech_sme_names_the_data_it_waits_for(demo: Path) -> None:
    book = load_workbook(demo / "out" / "评估.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    kind = QualificationKind.TECH_SME.label
    status = header.index(f"{kind}·结论")
    unmet, missing = header.index(f"{kind}·不符合的条件"), header.index(f"{kind}·缺少的数据")
    undecided = [row for row in rows[1:] if row[status] == "待定"]
    assert undecided
    for row in undecided:
        assert not row[unmet], row
        assert row[missing] and "_" not in row[missing], row


@pytest.mark.parametrize(
    "arguments",
    [
        ["summary"],
        ["assess", "--all", "--out", "评估.xlsx"],
        ["awards", "--all"],
        ["budget"],
        ["lists"],
        ["report", "weekly", "--week", "2026-W26"],
        ["zones", "indicators", "--year", "2025"],
        ["zones", "targets", "--year", "2025"],
        ["zones", "evaluate", "--year", "2025"],
        ["applications", "list"],
        ["cases", "sync", "--year", "2025"],
    ],
)
def test_an_empty_database_says_how_to_load_data(data_dir: Path, arguments: list[str]) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    for step in ("techzone template", "techzone import", "techzone demo"):
        assert step in result.output


def test_money_in_tables_is_wan_yuan_and_in_files_to_the_fen() -> None:
    assert money(12_345_678) == "12.35万元"
    assert money(12_345_678, exact=True) == "123,456.78元"
    assert money(5_000) == "0.01万元"  # 50元 rounds half up to 0.01万元 for reading
    assert money(4_999) == "0.00万元"
    assert money(None) == "—"
    assert yuan(1) == Decimal("0.01")


def test_citations_name_the_document_not_the_file() -> None:
    measures = "甘肃省科技厅关于促进高新技术产业开发区高质量发展的若干措施"
    assert citation(measures, "措施10") == f"《{measures}》措施10"
    assert citation("x", "seed 000 第12段（主体培育）").startswith("《白银高新区")
    assert (
        citation(
            "x", "财政部 税务总局公告2023年第7号 一；2018—2022年75%见 qualification-criteria.md §7"
        )
        == "财政部 税务总局公告2023年第7号 一"
    )
    assert (
        officer_text("seeds/003 四(一)")
        == "《兰州市城关区梯度培育高新技术企业倍增行动方案（2024—2027年）》四(一)"
    )
    # A reliability tag between two notes leaves no empty place behind (the self-assessment).
    assert officer_text("63号 共同条件（据政策问答转述，2023-10-30，[SINGLE]，待核对）") == (
        "63号 共同条件（据政策问答转述，2023-10-30，待核对）"
    )
    assert officer_text("148号（[SINGLE]，待核对）") == "148号（待核对）"


def test_a_websites_short_name_and_the_day_it_was_read_are_a_note() -> None:
    """「gxkjj 2023-10-30」 (where and when a maintainer read the text) was shown to officers
    and the public in three criteria's citation (packs/miit-2022-63)."""
    read = (
        "工信部企业〔2022〕63号 评价和认定的共同条件（据云南省工业和信息化部门政策问答转述，"
        "gxkjj 2023-10-30，[SINGLE]，待核对63号原文条款序号）"
    )
    assert officer_text(read) == (
        "工信部企业〔2022〕63号 评价和认定的共同条件"
        "（据云南省工业和信息化部门政策问答转述，待核对63号原文条款序号）"
    )
    assert officer_text("63号（gxkjj 2023-10-30）") == "63号"
    # A clause's own letter and a date alone are the document's.
    assert officer_text("第二条(a)") == "第二条(a)"
    assert officer_text("63号（2023-10-30）") == "63号（2023-10-30）"


def test_no_citation_in_the_packs_shows_where_a_maintainer_read_it() -> None:
    import yaml

    import techzone

    def refs(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [v for k, v in node.items() if k == "ref" and isinstance(v, str)]
            return found + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    packs = Path(techzone.__file__).parent / "packs"
    cited = [r for f in sorted(packs.rglob("*.yaml")) for r in refs(yaml.safe_load(f.read_text()))]
    assert any("gxkjj" in ref for ref in cited)
    shown = [officer_text(ref) for ref in cited]
    assert [s for s in shown if re.search(r"[a-z]{2,}\s*\d{4}-\d{2}-\d{2}", s)] == []


def test_every_name_has_a_chinese_label() -> None:
    assert label("net_assets_y1").startswith("净资产")
    assert label("hnte") == "高新技术企业"
    assert label("unknown") == "待定"
    assert label("zone") == "高新区"
    assert label("rate_cap") == "按比例，设上限"
    assert label("pack_only", {"pack_only": "声明"}) == "声明"


def test_the_calendar_stands_without_data_and_says_how_to_load_it(data_dir: Path) -> None:
    result = runner.invoke(app, ["calendar", "--year", "2026"])
    assert result.exit_code == 0
    assert "研判分析阶段" in result.output and "techzone import" in result.output


def test_openpyxl_speaks_no_english_to_officers() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_libraries()  # as the command line does when it starts
        warnings.warn_explicit(
            "Data Validation extension is not supported and will be removed",
            UserWarning,
            "reader.py",
            1,
            module="openpyxl.worksheet._reader",
        )
        warnings.warn("a warning of our own still shows", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["a warning of our own still shows"]
