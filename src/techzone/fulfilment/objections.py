"""Who receives objections to a 公示, and how: named on every notice.

A notice that names no one leaves the public no way to object within the period, so publishing
without a unit and at least one way to reach it (telephone, address or e-mail) is refused. The
contact is shown on the public page: it is one line of plain text each, never markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from techzone.fulfilment.errors import FulfilmentError

# Field → (label, shortest, longest). A unit's full name (…管理委员会科技发展局) fits in 60.
LIMITS = {
    "unit": ("异议受理单位", 2, 60),
    "person": ("联系人", 0, 20),
    "phone": ("联系电话", 0, 40),
    "address": ("通信地址", 0, 100),
    "email": ("电子邮箱", 0, 100),
}
_PHONE = re.compile(r"[0-9+\-()（）、，,/转 ]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")


@dataclass(frozen=True)
class ObjectionContact:
    unit: str
    person: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""

    @property
    def lines(self) -> list[tuple[str, str]]:
        """(label, value) for each part given, in the order a notice names them."""
        return [
            (LIMITS[f.name][0], getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name)
        ]

    @property
    def text(self) -> str:
        return "；".join(f"{label}：{value}" for label, value in self.lines)


def contact(
    unit: str | None,
    person: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    email: str | None = None,
) -> ObjectionContact:
    """The contact as given, checked; a refusal says what to fill in."""
    given = {
        "unit": unit,
        "person": person,
        "phone": phone,
        "address": address,
        "email": email,
    }
    values = {name: " ".join((value or "").split()) for name, value in given.items()}
    for name, value in values.items():
        label, shortest, longest = LIMITS[name]
        if name == "unit" and not value:
            raise FulfilmentError(
                "请填写异议受理单位和联系方式（电话、通信地址或电子邮箱至少一项）："
                "公示须写明公众向谁、如何反映异议；未作修改"
            )
        if len(value) > longest or (value and len(value) < shortest):
            raise FulfilmentError(f"{label}须为{shortest or 1}到{longest}个字；未作修改")
        if any(ch in "<>" or unicodedata.category(ch).startswith("C") for ch in value):
            raise FulfilmentError(f"{label}含有不能公示的字符（尖括号或控制字符）；未作修改")
    if not (values["phone"] or values["address"] or values["email"]):
        raise FulfilmentError("请至少填写一种异议联系方式：联系电话、通信地址或电子邮箱；未作修改")
    phone = values["phone"]
    if phone and (not _PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 7):
        raise FulfilmentError(
            f"联系电话「{phone}」不像电话号码（至少7位数字，可含区号、横线、括号、“转”分机）；未作修改"
        )
    if values["email"] and not _EMAIL.fullmatch(values["email"]):
        raise FulfilmentError(f"电子邮箱「{values['email']}」格式不对；未作修改")
    return ObjectionContact(**values)
