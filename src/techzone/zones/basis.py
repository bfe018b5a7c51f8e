"""What an evaluation rests on, said in Chinese next to its result.

A ranking, a reward or a proposal to revoke a zone's status follows from choices the document
leaves open — the weights, the scoring method, the benchmark zones, the pass mark. An officer
must see them beside the result, not only in the scheme's file or the workbook: ``scheme_basis``
lists every choice of a scheme, ``rule_basis`` the parameters one consequence rule read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from techzone.zones.catalogue import indicators
from techzone.zones.scheme import Parameter, Scheme


@dataclass(frozen=True)
class Choice:
    """One thing the result rests on: what it is, its value, and whose it is."""

    topic: str
    said: str
    # True when this system chose it (the document leaves it open).
    local_choice: bool
    why: str

    @property
    def line(self) -> str:
        whose = "本地选择" if self.local_choice else "文件规定"
        return f"{self.topic}：{self.said}（{whose}：{self.why}）"


def _number(value: float) -> str:
    return f"{value:g}"


def _parameter(name: str, parameter: Parameter, day: date) -> Choice:
    try:
        value = f"{_number(parameter.on(day))}{parameter.unit}"
    except LookupError:
        value = "尚无取值"
    why = parameter.note if parameter.local_choice else parameter.clause
    return Choice(parameter.label, value, parameter.local_choice, why or "")


def scheme_basis(scheme: Scheme, day: date, zone_names: Mapping[str, str]) -> list[Choice]:
    """Every choice the scheme's result on ``day`` rests on, the evaluation's first."""
    found: list[Choice] = []
    labels = indicators()
    evaluation = scheme.evaluation
    if evaluation is not None:
        top = evaluation.floor + evaluation.span
        if evaluation.normalisation == "efficacy":
            benchmarks = "、".join(zone_names.get(z, z) for z in evaluation.benchmark_zones)
            method = (
                f"功效系数法，单项得分 = {_number(evaluation.floor)} + {_number(evaluation.span)} ×"
                "（实际值 − 不允许值）÷（满意值 − 不允许值），"
                f"在{_number(evaluation.floor)}～{_number(top)}分之间；"
                "不允许值为参评高新区中的最差值，缺少数据的指标按最低分计"
            )
            found.append(Choice("评分方法", method, True, "文件未规定评分方法"))
            own = [
                labels[leaf.indicator].label
                for group in evaluation.tree
                for leaf in group.indicators
                if leaf.benchmark == "evaluated"
            ]
            said = f"满意值取{benchmarks}中的最好值"
            if own:
                said += (
                    f"；{'、'.join(own)}随高新区规模增长，满意值取参评高新区中的最好值"
                    "（与规模大得多的国家高新区相比，每个参评高新区都只能得最低分）"
                )
            found.append(Choice("标杆高新区", said, True, "文件未规定标杆"))
        else:
            method = "极差标准化，单项得分 = 100 ×（实际值 − 最小值）÷（最大值 − 最小值）"
            found.append(Choice("评分方法", method, True, "文件未规定评分方法"))
        weights = "；".join(
            f"{group.label} {_number(group.weight)}（"
            + "、".join(
                f"{labels[leaf.indicator].label} {_number(leaf.weight)}"
                for leaf in group.indicators
            )
            + "）"
            for group in evaluation.tree
        )
        found.append(
            Choice(
                "权重",
                weights + "；综合得分为各组加权平均，组内各指标加权平均",
                evaluation.weights_local_choice,
                evaluation.weights_note.strip(),
            )
        )
        if evaluation.bonus:
            bonus = "、".join(labels[b.indicator].label for b in evaluation.bonus)
            found.append(Choice("加分指标", f"{bonus}，加在综合得分之上", False, "seeds/001 第4条"))
    used = {
        name: p
        for name, p in scheme.parameters.items()
        if evaluation is None or name not in _bonus_names(scheme)
    }
    found.extend(_parameter(name, p, day) for name, p in used.items())
    found.extend(_parameter(name, scheme.parameters[name], day) for name in _bonus_names(scheme))
    return found


def _bonus_names(scheme: Scheme) -> list[str]:
    evaluation = scheme.evaluation
    if evaluation is None:
        return []
    names = list(dict.fromkeys(b.points for b in evaluation.bonus))
    return names + ([evaluation.bonus_cap] if evaluation.bonus_cap else [])


def rule_basis(scheme: Scheme, rule_id: str, day: date) -> list[Choice]:
    """The local choices among the parameters one consequence rule read on ``day``."""
    (rule,) = [r for r in scheme.consequences if r.id == rule_id]
    return [
        _parameter(name, scheme.parameters[name], day)
        for name in rule.parameters.values()
        if scheme.parameters[name].local_choice
    ]
