"""Roles (issue #14) and the scope a caller works in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The five kinds of account; the value is the stored code, ``label`` what officers read."""

    PROVINCE = "province"  # 省级管理员: every zone, read; zone evaluation
    ZONE = "zone"  # 高新区管理员: own zone, everything
    PARK = "park"  # 园区专员: own park
    UNIT = "unit"  # 责任单位联系人: the applications and tasks assigned to the unit
    ENTERPRISE = "enterprise"  # 企业用户: own enterprise only

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.PROVINCE: "省级管理员",
    Role.ZONE: "高新区管理员",
    Role.PARK: "园区专员",
    Role.UNIT: "责任单位联系人",
    Role.ENTERPRISE: "企业用户",
}


@dataclass(frozen=True)
class Scope:
    """The rows a caller may read: ``None`` in a field means "not restricted by it".

    ``province`` restricts by the zone's province (a 省级管理员 sees the zones of one province);
    ``zone`` by zone code; ``park`` by park code within that zone; ``uscc`` to one enterprise;
    ``unit`` to applications and tasks whose 责任单位 is that unit.
    """

    role: Role | None = None
    province: str | None = None
    zone: str | None = None
    park: str | None = None
    uscc: str | None = None
    unit: str | None = None

    @classmethod
    def everything(cls) -> Scope:
        """The command line's scope: the officer at the machine holds the whole register."""
        return cls()

    @property
    def writes(self) -> bool:
        """Whether the caller may change records: a 省级管理员 only reads (issue #14)."""
        return self.role is not Role.PROVINCE

    def admits(
        self,
        *,
        zone: str | None = None,
        park: str | None = None,
        uscc: str | None = None,
        province: str | None = None,
    ) -> bool:
        """Whether one row, described by its zone, park, enterprise and province, is in scope.

        For checks on a single row already read by key; lists are filtered in their queries."""
        return (
            (self.province is None or self.province == province)
            and (self.zone is None or self.zone == zone)
            and (self.park is None or self.park == park)
            and (self.uscc is None or self.uscc == uscc)
        )
