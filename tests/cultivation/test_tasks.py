"""城关区's 18 重点任务 and their 责任单位 (seed 003 五), written from the document (blind3).

The doubling plan gives each task the departments that answer for it; the product had none of
them. Both ends are checked: the count and order, a task's units exactly, a unit's tasks, and a
unit no task names."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techzone.cli import app
from techzone.cultivation.tasks import key_tasks, tasks_of

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_eighteen_tasks_in_the_documents_order() -> None:
    found = key_tasks()
    assert [t.number for t in found.tasks] == list(range(1, 19))
    assert found.tasks[0].title == "紧盯“小升高”"
    assert found.tasks[17].title == "推动科技金融深度融合"
    assert found.tasks[2].units == ("区科技局", "区工信局", "区商务局", "区经济合作服务中心")
    assert found.tasks[13].title == "落实企业奖补政策" and found.tasks[13].units == ("区科技局",)
    assert found.tasks[10].units == ("区委组织部", "区教育局", "区科技局", "区人社局")
    assert found.tasks[17].units == ("区科技局", "区财政局")


def test_a_units_tasks() -> None:
    assert [t.number for t in tasks_of("区经济合作服务中心")] == [3]
    assert [t.number for t in tasks_of("区财政局")] == [8, 16, 18]
    assert [t.number for t in tasks_of("区教育局")] == [11]
    assert tasks_of("区住建局") == []
    assert len(tasks_of("区科技局")) == 18


def test_every_task_and_unit_is_the_seeds() -> None:
    if not SEED.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not beside the repository")
    (path,) = SEED.glob("003_*.txt")
    text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
    for task in key_tasks().tasks:
        said = f"{task.number}.{task.title}。"
        assert unicodedata.normalize("NFKC", said) in text
        units = unicodedata.normalize("NFKC", f"(责任单位：{'、'.join(task.units)})")
        assert units in text


def test_the_command_lists_them_and_filters_by_unit() -> None:
    runner = CliRunner()
    every = runner.invoke(app, ["report", "tasks"])
    assert every.exit_code == 0, every.output
    assert "开展“招引高”" in every.output and "区经济合作服务中心" in every.output
    assert "共18项" in every.output
    one = runner.invoke(app, ["report", "tasks", "--unit", "区经济合作服务中心"])
    assert one.exit_code == 0 and "开展“招引高”" in one.output and "紧盯“小升高”" not in one.output
    none = runner.invoke(app, ["report", "tasks", "--unit", "区住建局"])
    assert none.exit_code == 0 and "没有列明" in none.output


def test_the_market_regulator_is_one_unit_under_both_of_its_names() -> None:
    """003 五 writes 区市场监督管理局 in task 2 and 区市场监管局 in tasks 4, 6–9 and 17: one
    department, so either name finds all seven of its tasks (blindlists2: task 2 was missed)."""
    theirs = [2, 4, 6, 7, 8, 9, 17]
    assert [t.number for t in tasks_of("区市场监管局")] == theirs
    assert [t.number for t in tasks_of("区市场监督管理局")] == theirs
    # Task 2 still prints the name the document gives it.
    assert "区市场监督管理局" in key_tasks().tasks[1].units
    assert [t.number for t in tasks_of("区市场")] == []
