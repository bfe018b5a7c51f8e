"""A title held past this year (blindladder2): attacks on which certificates count as held, so
that the plan never hides a batch the enterprise needs this year, nor names a term's end or a
year to apply again that the documents do not give."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation.calendar import YearCalendar, _build, calendar_template
from techzone.cultivation.selfcheck import self_assess
from techzone.rules.loader import PackSet
from techzone.rules.profile import parse_profile

AS_OF = date(2026, 5, 1)
FIRST_BATCH = "2026-06-30"  # 城关区方案: 第一批审核推荐 6月底


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _calendars(year: int) -> YearCalendar:
    return _build(calendar_template(), year, None, {})


def _certificate(kind: str, issued_on: str, **more: str) -> dict[str, str]:
    level = "国家级" if kind in ("高新技术企业", "专精特新小巨人企业") else "省级"
    return {"kind": kind, "level": level, "certificate_no": f"C{issued_on}{len(more)}",
            "issued_on": issued_on, "status": "有效", **more}  # fmt: skip


def _plan(
    packs: PackSet, catalogue: Catalogue, qualification: str, *held: dict[str, str]
) -> dict[str, Any]:
    profile = parse_profile({"qualifications": list(held)})
    result = self_assess(packs, catalogue, profile, AS_OF, calendars=_calendars)
    return dict(next(p for p in result["plan"] if p["qualification"] == qualification))


def _held(plan: dict[str, Any]) -> bool:
    return plan["deadline"] is None and "已持有" in (plan["note"] or "")


@pytest.mark.parametrize(
    "certificate",
    [
        # Revoked this spring: not held, whatever its term (its own year is barred, 195号
        # 五(六)3, which the plan says: that is no term's end).
        {"issued_on": "2024-11-20", "status": "已撤销", "revoked_on": "2026-03-01"},
        # Ends on 12-31 of this year (typed, not derived): re-recognised this year.
        {"issued_on": "2024-01-01", "expires_on": "2026-12-31"},
        # S-32 第九条's term ends 2026-11-19; a 有效期至 typed a year late does not move it.
        {"issued_on": "2023-11-20", "expires_on": "2027-11-19"},
        # Not yet issued on the day asked: not held then.
        {"issued_on": "2026-09-01"},
    ],
)
def test_a_certificate_not_held_past_the_year_keeps_this_year_s_batch(
    packs: PackSet, catalogue: Catalogue, certificate: dict[str, str]
) -> None:
    more = dict(certificate)
    issued = more.pop("issued_on")
    plan = _plan(packs, catalogue, "hnte", _certificate("高新技术企业", issued, **more))
    assert not _held(plan)
    assert "有效期至" not in (plan["note"] or "")


@pytest.mark.parametrize(
    ("certificates", "end"),
    [
        # Issued this year: held to the day before the third anniversary.
        ([("2026-03-01", {})], "2029-02-28"),
        # A certificate ending this year and its re-recognition this spring: the later counts.
        ([("2023-11-20", {}), ("2026-04-01", {})], "2029-03-31"),
        # A 有效期至 typed earlier than the document's term is kept (the officer's record).
        ([("2024-11-20", {"expires_on": "2027-06-30"})], "2027-06-30"),
    ],
)
def test_a_certificate_held_past_the_year_says_the_end_its_document_gives(
    packs: PackSet,
    catalogue: Catalogue,
    certificates: list[tuple[str, dict[str, str]]],
    end: str,
) -> None:
    held = [_certificate("高新技术企业", issued, **more) for issued, more in certificates]
    plan = _plan(packs, catalogue, "hnte", *held)
    assert _held(plan)
    assert f"有效期至{end}" in plan["note"] and f"{end[:4]}年（到期当年）" in plan["note"]
    assert plan["items"] == []


@pytest.mark.parametrize(
    ("kind", "qualification"),
    [("专精特新中小企业", "srdi_sme"), ("专精特新小巨人企业", "little_giant")],
)
def test_an_srdi_or_little_giant_term_is_three_years(
    packs: PackSet, catalogue: Catalogue, kind: str, qualification: str
) -> None:
    # 2号文 / 63号: 有效期3年. Issued 2023-07-01 it ends 2026-06-30, this year: planned as before;
    # issued 2023-07-02 it ends 2026-07-01, still this year; 2024-01-02 ends in 2027.
    assert not _held(_plan(packs, catalogue, qualification, _certificate(kind, "2023-07-02")))
    later = _plan(packs, catalogue, qualification, _certificate(kind, "2024-01-02"))
    assert _held(later) and "有效期至2027-01-01" in later["note"]


def test_a_tech_sme_registration_is_never_taken_as_held_past_the_year(
    packs: PackSet, catalogue: Catalogue
) -> None:
    # 115号 gives the registration no term of years (renewed by its yearly update by 3月底,
    # 第十二条): even a 有效期至 typed years ahead does not excuse this year's update.
    registration = _certificate("科技型中小企业", "2026-02-01", expires_on="2030-12-31")
    assert not _held(_plan(packs, catalogue, "tech_sme", registration))
