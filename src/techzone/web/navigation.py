"""The menu: each section, its address and the roles that see it.

A section whose page is not built yet answers with a placeholder page (``app.py`` adds one for
every address no router claims), so the menu is complete from the first day.
"""

from __future__ import annotations

from dataclasses import dataclass

from techzone.access import Role

_ALL = frozenset(Role)
_OFFICERS = frozenset({Role.PROVINCE, Role.ZONE, Role.PARK})
_ADMINS = frozenset({Role.PROVINCE, Role.ZONE})


@dataclass(frozen=True)
class Section:
    label: str
    path: str
    roles: frozenset[Role]


SECTIONS: tuple[Section, ...] = (
    Section("首页", "/", _ALL),
    Section("企业", "/enterprises", _OFFICERS | {Role.ENTERPRISE}),
    Section("三清单", "/lists", _OFFICERS),
    Section("申报", "/applications", _OFFICERS | {Role.UNIT, Role.ENTERPRISE}),
    # A park officer's weekly report holds the park's applications (cultivation.weekly); the
    # zone pages are zone-wide: a park officer's scope cannot see them.
    Section("周报", "/weekly", frozenset({Role.ZONE, Role.PARK})),
    Section("政策清单", "/policies", _ALL),
    Section("预算", "/budget", _ADMINS),
    Section("园区", "/zones", _ADMINS),
    Section("数据导入", "/import", frozenset({Role.ZONE, Role.PARK})),
    Section("政策兑现", "/fulfilment", _ALL),
    Section("收件箱", "/fulfilment/inbox", frozenset({Role.ENTERPRISE})),
    Section("企业注册", "/registrations", frozenset({Role.ZONE, Role.PARK})),
    Section("审计", "/audit", _ADMINS),
)


def sections_for(role: Role) -> list[Section]:
    return [section for section in SECTIONS if role in section.roles]


def section_at(path: str) -> Section | None:
    return next((section for section in SECTIONS if section.path == path), None)
