"""The zone's own arrangements for handling cases, read from ``fulfilment.yaml``.

Review chains, deadlines and materials lists are not in the policy documents; they are the
zone's choices, kept as data beside the code and validated when read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from techzone.access import Role
from techzone.fulfilment.errors import FulfilmentError

DEFAULT_PATH = Path(__file__).with_name("fulfilment.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Strict):
    name: str
    role: Role
    # For a 责任单位's step: which unit does it in each zone (zone code → the unit's name as
    # its accounts carry it). A unit account sees and acts on a case only where its own unit is
    # named for the case's zone; a zone naming none leaves the step to no unit account.
    units: dict[str, str] = Field(default_factory=dict)


class NoticePeriod(_Strict):
    """A 公示 period in working days, in force from ``since`` until the next entry's day."""

    since: date
    # Checked in ``read_handling`` (1–60) so that the refusal reads in Chinese.
    days: int


@dataclass(frozen=True)
class PeriodInForce:
    days: int
    # None: the zone's default (undated, or dated from ``since``) rather than the policy's own.
    policy_id: str | None
    since: date | None


class PolicyHandling(_Strict):
    chain: str = "default"
    materials: tuple[str, ...] = ()
    pool: str | None = Field(default=None, description="the fund-pool key it draws on")
    # The policy's own 公示 period, dated: no policy document fixes one, so an entry here is the
    # zone's choice for that policy (or what a later document of it says), never a guess.
    notice_working_days: tuple[NoticePeriod, ...] = ()


class Handling(_Strict):
    local_choice: tuple[str, ...] = ()
    confirm_working_days: int = Field(gt=0, le=250)
    # The zone's default 公示 period: a number (always in force) or dated entries.
    notice_working_days: int | tuple[NoticePeriod, ...]
    reminder_working_days: int = Field(ge=0, le=30)
    chains: dict[str, tuple[Step, ...]]
    policies: dict[str, PolicyHandling] = {}

    def chain(self, policy_id: str) -> tuple[Step, ...]:
        return self.chains[self.handling(policy_id).chain]

    def handling(self, policy_id: str) -> PolicyHandling:
        return self.policies.get(policy_id, PolicyHandling())

    def pool_key(self, policy_id: str) -> str:
        return self.handling(policy_id).pool or policy_id

    def notice_period(self, policy_id: str, on: date) -> PeriodInForce:
        """The 公示 period in force for ``policy_id`` on the publication day ``on``: the
        policy's own entry from its ``since`` on, else the zone's default then in force."""
        own = _in_force(self.handling(policy_id).notice_working_days, on)
        if own is not None:
            return PeriodInForce(own.days, policy_id, own.since)
        default = self.notice_working_days
        if isinstance(default, int):
            return PeriodInForce(default, None, None)
        fallback = _in_force(default, on)
        if fallback is None:
            raise FulfilmentError(
                f"兑现办理配置：{on} 没有生效的公示期（notice_working_days 最早自"
                f"{default[0].since}起），请补充配置"
            )
        return PeriodInForce(fallback.days, None, fallback.since)


def _in_force(periods: tuple[NoticePeriod, ...], on: date) -> NoticePeriod | None:
    current = None
    for period in periods:
        if period.since <= on:
            current = period
    return current


def _check_periods(periods: int | tuple[NoticePeriod, ...], where: str) -> None:
    entries = [periods] if isinstance(periods, int) else [p.days for p in periods]
    for days in entries:
        if not 1 <= days <= 60:
            raise FulfilmentError(f"兑现办理配置：{where}的公示期 {days} 个工作日不在1到60之间")
    if isinstance(periods, tuple):
        for earlier, later in pairwise(periods):
            if later.since <= earlier.since:
                raise FulfilmentError(
                    f"兑现办理配置：{where}的公示期生效日期须从早到晚排列且不重复"
                    f"（{later.since} 排在 {earlier.since} 之后）"
                )
        if not periods:
            raise FulfilmentError(f"兑现办理配置：{where}的公示期没有任何条目")


def read_handling(path: Path) -> Handling:
    try:
        loaded = Handling.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        raise FulfilmentError(f"兑现办理配置「{path.name}」有误：{_explained(error)}") from error
    except (OSError, yaml.YAMLError) as error:
        raise FulfilmentError(f"兑现办理配置「{path.name}」有误：{error}") from error
    for name, steps in loaded.chains.items():
        if not steps:
            raise FulfilmentError(f"兑现办理配置：审核链「{name}」没有步骤")
        for earlier, later in pairwise(steps):
            # An approval acts on the case as it stands under the ledger's lock: one officer's
            # approval sent twice (a double click) would pass two steps of the same role.
            # Two 责任单位 steps are one officer's only where one zone names one unit for both
            # (a unit acts only at the steps naming it: ``review.unit_holds``).
            if earlier.role is later.role and (
                earlier.role is not Role.UNIT
                or any(later.units.get(zone) == unit for zone, unit in earlier.units.items())
            ):
                raise FulfilmentError(
                    f"兑现办理配置：审核链「{name}」的步骤「{earlier.name}」与「{later.name}」"
                    "由同一角色相继办理，应合并为一步或由不同角色办理"
                )
        for step in steps:
            if step.units and step.role is not Role.UNIT:
                raise FulfilmentError(
                    f"兑现办理配置：审核链「{name}」的步骤「{step.name}」不由责任单位办理，"
                    "不能指定 units"
                )
            if any(not unit.strip() for unit in step.units.values()):
                raise FulfilmentError(
                    f"兑现办理配置：审核链「{name}」的步骤「{step.name}」有空的责任单位名称"
                )
    for policy, handling in loaded.policies.items():
        if handling.chain not in loaded.chains:
            raise FulfilmentError(
                f"兑现办理配置：政策「{policy}」的审核链「{handling.chain}」未定义"
            )
    _check_periods(loaded.notice_working_days, "本区默认")
    for policy, handling in loaded.policies.items():
        # Written but empty is a slip (refused), not "the default": only an absent list is.
        if "notice_working_days" in handling.model_fields_set:
            _check_periods(handling.notice_working_days, f"政策「{policy}」")
    if "default" not in loaded.chains:
        raise FulfilmentError("兑现办理配置：缺少默认审核链 default")
    return loaded


_KINDS = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的项",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "date_parsing": "须为日期（如 2025-01-01）",
    "date_from_datetime_parsing": "须为日期（如 2025-01-01）",
    "date_type": "须为日期（如 2025-01-01）",
    "tuple_type": "须为列表",
}


_NUMBER, _DATED = "int", "tuple[NoticePeriod, ...]"


def _explained(error: ValidationError) -> str:
    """Where each problem is and what it should be, in words (pydantic's own text otherwise)."""
    parts: list[str] = []
    for item in error.errors():
        loc = item["loc"]
        # The default period is a number or dated entries: pydantic reports both branches.
        if _NUMBER in loc:
            continue
        if _DATED in loc and item["type"] == "tuple_type":
            what = "须为工作日数，或 [{since: 日期, days: 工作日数}, …]"
        else:
            what = _KINDS.get(item["type"], item["msg"])
        where = ".".join(str(part) for part in loc if part != _DATED)
        parts.append(f"{where}：{what}")
    return "；".join(parts) or str(error)


@lru_cache(maxsize=4)
def handling(path: Path = DEFAULT_PATH) -> Handling:
    return read_handling(path)
