"""The zone's own arrangements for handling cases, read from ``fulfilment.yaml``.

Review chains, deadlines and materials lists are not in the policy documents; they are the
zone's choices, kept as data beside the code and validated when read.
"""

from __future__ import annotations

from functools import lru_cache
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


class PolicyHandling(_Strict):
    chain: str = "default"
    materials: tuple[str, ...] = ()
    pool: str | None = Field(default=None, description="the fund-pool key it draws on")


class Handling(_Strict):
    local_choice: tuple[str, ...] = ()
    confirm_working_days: int = Field(gt=0, le=250)
    notice_working_days: int = Field(gt=0, le=60)
    reminder_working_days: int = Field(ge=0, le=30)
    chains: dict[str, tuple[Step, ...]]
    policies: dict[str, PolicyHandling] = {}

    def chain(self, policy_id: str) -> tuple[Step, ...]:
        return self.chains[self.handling(policy_id).chain]

    def handling(self, policy_id: str) -> PolicyHandling:
        return self.policies.get(policy_id, PolicyHandling())

    def pool_key(self, policy_id: str) -> str:
        return self.handling(policy_id).pool or policy_id


def read_handling(path: Path) -> Handling:
    try:
        loaded = Handling.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise FulfilmentError(f"兑现办理配置「{path.name}」有误：{error}") from error
    for name, steps in loaded.chains.items():
        if not steps:
            raise FulfilmentError(f"兑现办理配置：审核链「{name}」没有步骤")
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
    if "default" not in loaded.chains:
        raise FulfilmentError("兑现办理配置：缺少默认审核链 default")
    return loaded


@lru_cache(maxsize=4)
def handling(path: Path = DEFAULT_PATH) -> Handling:
    return read_handling(path)
