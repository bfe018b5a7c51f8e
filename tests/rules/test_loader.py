"""A broken pack never loads: each error names the file, the rule and what is wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from techzone.rules.loader import CACHE_DIR_ENV, PackError, load_packs

MINIMAL = """
id: demo_pack
qualification: {qualification}
version: "1"
title: 示例
document: {{title: 示例文件, issuer: 示例机关, level: national, source: test}}
effective: {{from: {start}{end}}}
parameters:
  staff_min:
    label: 职工下限
    clause: 第一条
    unit: persons
    values: {{2020-01-01: 10}}
variables:
  share: {{label: 比例, expr: {variable}, unit: ratio}}
criteria:
  staff:
    label: 职工人数
    clause: {{ref: 第一条, text: 职工人数不少于10人。}}
    when: {when}
verdict: [staff]
"""


def _write(folder: Path, name: str = "pack.yaml", **overrides: str) -> Path:
    values = {
        "qualification": "tech_sme",
        "start": "2020-01-01",
        "end": "",
        "variable": "tech_staff_y3 / employees_y3",
        "when": "employees_y3 >= staff_min",
    }
    values.update(overrides)
    path = folder / name
    path.write_text(textwrap.dedent(MINIMAL.format(**values)), encoding="utf-8")
    return path


def test_a_good_pack_loads(tmp_path: Path) -> None:
    _write(tmp_path)
    assert [item.pack.id for item in load_packs(tmp_path).packs] == ["demo_pack"]


@pytest.mark.parametrize(
    ("overrides", "rule", "fragment"),
    [
        ({"when": "employes_y3 >= staff_min"}, "criteria.staff", "未知名称「employes_y3」"),
        ({"when": "employees_y3 >= 'ten'"}, "criterion.staff", "类型不匹配"),
        ({"when": "employees_y3 + staff_min"}, "criterion.staff", "结果应为Boolean"),
        ({"variable": "share * 2"}, "variables.share", "循环引用"),
        ({"when": "sum(employees_y3) > 1"}, "criteria.staff", "不支持的写法"),
        ({"when": "employees_y3 >="}, "criteria.staff", "表达式无法解析"),
        ({"start": "2020-13-01"}, None, "month must be in 1..12"),
        ({"qualification": "nonsense"}, "qualification", "Input should be"),
        ({"start": "2019-01-01"}, "parameters.staff_min", "尚未生效"),
    ],
)
def test_each_kind_of_error_is_named(
    tmp_path: Path, overrides: dict[str, str], rule: str, fragment: str
) -> None:
    path = _write(tmp_path, **overrides)
    with pytest.raises(PackError) as raised:
        load_packs(tmp_path)
    assert raised.value.file == path
    assert raised.value.rule == rule
    assert fragment in raised.value.message


def test_two_versions_in_force_at_once_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", end=", to: 2023-12-31")
    later = _write(tmp_path, "b.yaml", start="2023-12-31")
    later.write_text(
        later.read_text(encoding="utf-8").replace("demo_pack", "demo_pack_2"), encoding="utf-8"
    )
    with pytest.raises(PackError, match="同时生效") as raised:
        load_packs(tmp_path)
    assert raised.value.file == later


def test_consecutive_versions_load(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", end=", to: 2023-12-31")
    later = _write(tmp_path, "b.yaml", start="2024-01-01")
    later.write_text(
        later.read_text(encoding="utf-8").replace("demo_pack", "demo_pack_2"), encoding="utf-8"
    )
    assert len(load_packs(tmp_path).packs) == 2


def test_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match="YAML 格式错误") as raised:
        load_packs(tmp_path)
    assert raised.value.file == path


def test_the_shipped_packs_load() -> None:
    packs = load_packs()
    assert {"hnte"} <= {item.pack.id for item in packs.packs}


def test_a_checked_set_of_packs_is_remembered_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(cache))
    packs = tmp_path / "packs"
    packs.mkdir()
    _write(packs)
    load_packs(packs)
    assert len(list(cache.iterdir())) == 1
    # The same name with a rule that no longer type-checks is a new content: checked again.
    _write(packs, when="employees_y3 >= 'ten'")
    with pytest.raises(PackError, match="类型不匹配"):
        load_packs(packs)
    assert len(list(cache.iterdir())) == 1


def test_an_unwritable_cache_only_means_checking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked / "cache"))
    _write(tmp_path)
    assert [item.pack.id for item in load_packs(tmp_path).packs] == ["demo_pack"]
