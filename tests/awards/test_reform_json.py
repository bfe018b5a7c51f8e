"""A reform already parsed (the web form, the API) is checked by the same code as a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from techzone.awards.catalogue import load_catalogue
from techzone.awards.reform import ReformRejected, read_reform, reform_from_json, reformable

KEY = "gansu_zone_measures.new_hnte_award"


def test_the_same_patch_from_a_file_and_from_json(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    patch = {"name": "提高", "parameters": {KEY: {"2025-01-01": 300000}}}
    path = tmp_path / "reform.json"
    path.write_text(json.dumps(patch), encoding="utf-8")
    from_file, from_json = read_reform(path, catalogue), reform_from_json(patch, catalogue)
    assert from_file.changes == from_json.changes
    assert from_json.name == "提高"
    assert from_json.describe() == ["新认定高新技术企业一次性奖补：自2025-01-01起改为30.00万元"]


@pytest.mark.parametrize(
    ("value", "says"),
    [(1e30, "超出可以计算的范围"), (-5, "不能为负数"), ("abc", "不是有效的参数值"), (True, "true")],
)
def test_bad_values_are_refused_whole(value: object, says: str) -> None:
    with pytest.raises(ReformRejected) as refused:
        reform_from_json({"parameters": {KEY: {"2025-01-01": value}}}, load_catalogue())
    (problem,) = refused.value.problems
    assert says in problem


def test_not_a_reform_is_refused() -> None:
    with pytest.raises(ReformRejected):
        reform_from_json(["not", "a", "reform"], load_catalogue())


def test_reformable_names_every_pack_parameter() -> None:
    catalogue = load_catalogue()
    names = reformable(catalogue)
    assert KEY in names
    assert len(names) == sum(len(item.pack.parameters) for item in catalogue.packs)


def test_a_policy_names_the_parameters_its_amount_uses() -> None:
    catalogue = load_catalogue()
    entry = next(e for e in catalogue.policies.values() if e.id.startswith("gansu_zone_measures"))
    used = entry.parameters()
    for name in used:
        assert name in entry.source.pack.parameters
    history = entry.parameter_history()
    assert [row["name"] for row in history] == [f"gansu_zone_measures.{name}" for name in used]


RATE = "gansu_zone_measures.key_project_rate"


@pytest.mark.parametrize(
    ("key", "typed", "says"),
    [
        (KEY, "40万元", "40万元应写作 400000"),
        (KEY, "¥300000", "带有货币符号"),
        (RATE, "20%", "以比例填写：20%应写作0.2"),
        (RATE, "２０％", "以比例填写：20%应写作0.2"),
    ],
)
def test_a_value_typed_with_its_unit_is_refused_saying_what_to_write(
    key: str, typed: str, says: str
) -> None:
    # 「不是有效的参数值」 said nothing of why; the officer who typed 40万元 or 20% is told the
    # number the parameter takes (元, or a ratio), never taken at a guess.
    with pytest.raises(ReformRejected) as refused:
        reform_from_json({"parameters": {key: {"2025-01-01": typed}}}, load_catalogue())
    (problem,) = refused.value.problems
    assert says in problem


def test_a_value_typed_with_thousands_separators_is_read() -> None:
    reform = reform_from_json({"parameters": {KEY: {"2025-01-01": "300,000"}}}, load_catalogue())
    assert list(reform.changes[KEY].values()) == [300000]


def test_the_reform_forms_choices_show_the_current_value_as_it_is_typed() -> None:
    # 「（元，现行 20.00万元）」 beside a field read in 元 invited 20 for 20万元 (20元), and
    # 「（比例，现行 10%）」 invited 20 for 20% (2000%).
    from techzone.web.budget_page import _choices

    labels = dict(_choices())
    assert labels["baiyin_policy_list.standard_cap"].endswith("（元，现行 200,000元）")
    assert labels["gansu_zone_measures.key_project_rate"].endswith("（比例，现行 0.1，即10%）")
    assert labels["tax_rd_deduction.ic_machine_tool_rate"].endswith("（比例，现行 1.2，即120%）")


def test_a_workbook_value_whose_cell_format_shows_a_unit_is_refused(tmp_path: Path) -> None:
    # Formatted 0"万元", the cell shows 「500万元」 while it holds 500: read as 500元, the reform
    # would cut the award to a thousandth of what the officer wrote.
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["参数", "生效日期", "取值"])
    sheet.append([KEY, date(2025, 1, 1), 500])
    sheet["C2"].number_format = '0"万元"'
    path = tmp_path / "reform.xlsx"
    book.save(path)
    with pytest.raises(ReformRejected) as refused:
        read_reform(path, load_catalogue())
    (problem,) = refused.value.problems
    assert "单元格格式" in problem and "500万元" in problem
