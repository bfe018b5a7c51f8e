"""The zones commands as an officer uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from techzone.cli import console
from techzone.cli.zones import register
from techzone.config import DATA_DIR_ENV, DATABASE_URL_ENV
from techzone.demo.load import load_demo
from techzone.store import open_store

runner = CliRunner()
app = typer.Typer()
register(app)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setattr(console.out, "width", 250)
    store = open_store()
    load_demo(store, enterprises=80, seed=3)
    store.dispose()
    return tmp_path


def test_indicators_targets_and_evaluate(demo: Path) -> None:
    result = runner.invoke(app, ["zones", "indicators", "--year", "2025", "--zone", "GS-BY"])
    assert result.exit_code == 0, result.output
    assert "高新技术企业占企业总数比例" in result.output
    result = runner.invoke(app, ["zones", "targets", "--year", "2025", "--zone", "GS-BY"])
    assert result.exit_code == 0, result.output
    assert "高新技术企业总数" in result.output and "白银高新区" in result.output
    assert ".py" not in result.output
    cg = runner.invoke(app, ["zones", "targets", "--year", "2025", "--zone", "LZ-CG"])
    assert cg.exit_code == 0, cg.output
    assert "科技型中小企业年递增数" in cg.output and "在库记录计算" in cg.output
    unknown = runner.invoke(app, ["zones", "targets", "--year", "2025", "--zone", "XX"])
    assert unknown.exit_code == 1 and "XX" in unknown.output
    out = demo / "评价.xlsx"
    result = runner.invoke(app, ["zones", "evaluate", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "本地选择" in result.output
    # What the result rests on, beside it: method, benchmarks, weights, pass mark, bonus.
    for said in ("评分方法：功效系数法", "标杆高新区：满意值取兰州高新区、白银高新区", "权重："):
        assert said in result.output, said
    assert "评价不合格的综合得分线（低于此分为不合格）：65分（本地选择" in result.output
    assert "加分合计上限：5分" in result.output
    for developer_word in ("gansu-provincial", "fail_below", ".py", "GS-"):
        assert developer_word not in result.output, developer_word
    assert "后果" in load_workbook(out).sheetnames


def test_entering_a_statistic_and_mistakes(demo: Path) -> None:
    ok = runner.invoke(app, ["zones", "enter", "GS-BY", "2025", "gdp", "212.5", "--by", "张三"])
    assert ok.exit_code == 0, ok.output
    shown = runner.invoke(app, ["zones", "indicators", "--year", "2025", "--zone", "GS-BY"])
    assert "张三" in shown.output and "212.5" in shown.output
    computed = runner.invoke(
        app, ["zones", "enter", "GS-BY", "2025", "高新技术企业数", "1", "--by", "张三"]
    )
    assert computed.exit_code == 0, computed.output
    assert "以计算值为准" in computed.output and "hnte_total" not in computed.output
    wrong = runner.invoke(
        app, ["zones", "enter", "GS-BY", "2025", "规划期累计新增上市企业", "1", "--by", "张三"]
    )
    assert wrong.exit_code == 1 and "不是可录入的指标" in wrong.output
    unknown = runner.invoke(app, ["zones", "indicators", "--year", "2025", "--zone", "XX"])
    assert unknown.exit_code == 1 and "XX" in unknown.output


def test_a_negative_growth_is_entered_and_a_negative_count_refused(demo: Path) -> None:
    # "-5" was read as an option (没有选项 -5); through "-- -5", 企业总数 = -5家 was stored.
    growth = ["zones", "enter", "GS-BY", "2025", "高新技术产品（服务）收入增速", "-5.5"]
    fell = runner.invoke(app, [*growth, "--by", "张三"])
    assert fell.exit_code == 0, fell.output
    assert "= -5.5%" in fell.output
    count = runner.invoke(
        app, ["zones", "enter", "GS-BY", "2025", "企业总数", "-5", "--by", "张三"]
    )
    assert count.exit_code == 1
    assert "「企业总数」是家数，不能为负数" in count.output
    typo = runner.invoke(app, ["zones", "enter", "GS-BY", "2025", "企业总数", "5", "--bye", "张三"])
    assert typo.exit_code == 2 and "Traceback" not in typo.output


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("１２", "= 12家"), ("1,234", "= 1,234家"), ("  12 ", "= 12家")],
)
def test_a_value_typed_as_officers_type_it_is_entered(demo: Path, typed: str, shown: str) -> None:
    # A Chinese input method's full-width digits, a thousands separator: 「应为数字」 before.
    done = runner.invoke(
        app, ["zones", "enter", "gs-by", "2025", "企业总数", typed, "--by", "张三"]
    )
    assert done.exit_code == 0, done.output
    assert shown in done.output and "GS-BY" in done.output


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("50家", "「50家」带有单位「家」：请只填数字 50"),
        ("12万", "12万应写作 120000"),
        ("abc", "「abc」不是数字"),
        ("nan", "「nan」不是数字"),
    ],
)
def test_a_value_with_a_unit_is_refused_saying_what_to_type(
    demo: Path, typed: str, said: str
) -> None:
    done = runner.invoke(
        app, ["zones", "enter", "GS-BY", "2025", "企业总数", typed, "--by", "张三"]
    )
    assert done.exit_code in (1, 2), done.output
    assert said in done.output and "Traceback" not in done.output


@pytest.mark.parametrize(
    ("indicator", "typed", "said"),
    [
        ("主导产业集中度", "60%", "「60%」：本指标以%计，请只填数字 60"),
        ("主导产业集中度", "６０％", "请只填数字 60"),
        ("企业总数", "60%", "「60%」不是数字（本指标以家计）"),
    ],
)
def test_a_percentage_typed_with_its_sign_is_said_by_the_indicators_unit(
    data_dir: Path, indicator: str, typed: str, said: str
) -> None:
    # 「60%」不是数字 left the officer to guess whether 60 or 0.6 was wanted (60: the % indicators
    # hold percentage points; 0.6 would be 0.6%).
    done = runner.invoke(app, ["zones", "enter", "GS-BY", "2025", indicator, typed, "--by", "张三"])
    assert done.exit_code in (1, 2), done.output
    assert said in done.output and "Traceback" not in done.output
