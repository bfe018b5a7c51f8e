"""What an evaluation rests on, as the officer reads it beside the result."""

from __future__ import annotations

from datetime import date

from techzone.zones.basis import rule_basis, scheme_basis
from techzone.zones.scheme import Scheme, default_schemes

END_2025 = date(2025, 12, 31)
NAMES = {"GS-LZ": "兰州高新区", "GS-BY": "白银高新区"}


def _scheme(scheme_id: str) -> Scheme:
    (found,) = [s for s in default_schemes() if s.id == scheme_id]
    return found


def test_a_revocation_shows_the_pass_mark_it_read_as_a_local_choice() -> None:
    (choice,) = rule_basis(_scheme("gansu-provincial"), "gansu-revoke", END_2025)
    # Two consecutive failures is the document's (measure 20), so only the pass mark is listed.
    assert choice.local_choice and choice.said == "65分"
    assert choice.line.startswith(
        "评价不合格的综合得分线（低于此分为不合格）：65分（本地选择：第20条未定义"
    )


def test_the_gansu_scheme_says_its_method_benchmarks_weights_and_bonus() -> None:
    lines = [c.line for c in scheme_basis(_scheme("gansu-provincial"), END_2025, NAMES)]
    text = "\n".join(lines)
    assert lines[0].startswith("评分方法：功效系数法，单项得分 = 60 + 40 ×")
    assert "满意值取兰州高新区、白银高新区中的最好值" in text
    assert (
        "新增（首次认定）高新技术企业数、高新技术企业新增从业人员数、有效发明专利随高新区规模增长"
        in text
    )
    assert "创新型企业（第10条） 0.4（新增（首次认定）高新技术企业数 0.3" in text
    assert "加分指标：新增省级以上研发机构、新增国家级科技企业孵化器、国家备案众创空间" in text
    assert "取消资格所需连续不合格次数：2次（文件规定：seeds/001 第20条" in text
    assert "加分合计上限：5分（本地选择" in text


def test_a_scheme_without_a_tree_lists_only_its_stated_numbers() -> None:
    choices = scheme_basis(_scheme("liuzhou"), END_2025, NAMES)
    assert choices and not any(c.local_choice for c in choices)
    assert not any(c.topic in ("评分方法", "权重") for c in choices)
