"""The profile frame's cached pieces (per date, per kind of record set) never go stale."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from techzone.model.codes import IpAcquisition, IpClass, IpKind, IpStatus
from techzone.rules.frame import (
    ENTERPRISE_SCHEMA,
    FIGURES_SCHEMA,
    IP_SCHEMA,
    Records,
    build_frame,
)
from techzone.rules.inputs import YEARS
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import parse_profile, profile_records

PROFILE: dict[str, Any] = {
    "registered_on": "2019-05-10",
    "ip": [
        {
            "kind": "发明专利",
            "number": "ZL1",
            "granted_on": "2025-03-01",
            "acquisition": "自主研发",
            "status": "有效",
            "used_for_hnte": False,
        }
    ],
    "qualifications": [
        {
            "kind": "科技型中小企业",
            "level": "国家级",
            "certificate_no": "2025620400000042",
            "issued_on": "2025-04-01",
            "expires_on": "2025-12-31",
            "status": "有效",
        }
    ],
    "incidents": [{"kind": "重大质量事故", "occurred_on": "2025-12-01"}],
    "figures": {"2024": {"employees": 10}, "2025": {"employees": 20}},
}


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def _row(packs: PackSet, data: dict[str, Any], as_of: date) -> dict[str, Any]:
    records = profile_records(parse_profile(data), packs.declarations)
    frame = build_frame(records, as_of, packs.declarations)
    row: dict[str, Any] = frame.row(0, named=True)
    return row


def test_each_date_reads_its_own_window(packs: PackSet) -> None:
    # Alternate the dates so that a value cached for one would show on the other.
    for _ in range(2):
        autumn = _row(packs, PROFILE, date(2025, 10, 1))
        spring = _row(packs, PROFILE, date(2026, 6, 30))
        assert (autumn["days_registered"], spring["days_registered"]) == (2336, 2608)
        assert (autumn["ip_class1_count"], spring["ip_class1_count"]) == (1, 1)
        assert (autumn["holds_tech_sme"], spring["holds_tech_sme"]) == (True, False)
        assert (autumn["major_incidents_365d"], spring["major_incidents_365d"]) == (0, 1)
        # The accounting years move with the application year.
        assert (autumn["employees_y3"], spring["employees_y3"]) == (10.0, 20.0)
        early = _row(packs, PROFILE, date(2025, 2, 1))
        assert early["ip_class1_count"] == 0 and early["holds_tech_sme"] is False


def test_a_list_left_out_stays_unknown_next_to_an_empty_one(packs: PackSet) -> None:
    as_of = date(2026, 6, 30)
    for _ in range(2):
        empty = _row(packs, {**PROFILE, "ip": [], "qualifications": []}, as_of)
        left_out = _row(packs, {"registered_on": "2019-05-10"}, as_of)
        assert (empty["ip_class1_count"], left_out["ip_class1_count"]) == (0, None)
        assert (empty["holds_hnte"], left_out["holds_hnte"]) == (False, None)
        assert (empty["incidents_2y"], left_out["incidents_2y"]) == (1, None)


def test_a_declaration_given_is_read_and_one_not_given_is_unknown(packs: PackSet) -> None:
    as_of = date(2026, 6, 30)
    for _ in range(2):
        given = _row(packs, {**PROFILE, "declarations": {"hnte_rd_management_score": 15}}, as_of)
        not_given = _row(packs, PROFILE, as_of)
        assert given["hnte_rd_management_score"] == 15.0
        assert not_given["hnte_rd_management_score"] is None
        assert given["is_review"] is None and not_given["is_review"] is None


def test_a_year_before_registration_is_zero_and_a_year_not_reported_unknown(
    packs: PackSet,
) -> None:
    # A figure reported for 2023 still counts as zero: the enterprise did not exist yet.
    figures = {"2023": {"main_business_income": 5}, "2025": {"employees": 20}}
    young = {"registered_on": "2024-03-01", "figures": figures}
    # On 2026-06-30 the years are 2023–2025; on 2025-06-30 they are 2022–2024.
    later = _row(packs, young, date(2026, 6, 30))
    earlier = _row(packs, young, date(2025, 6, 30))
    assert [later[f"sales_revenue_{label}"] for label in YEARS] == [0, None, None]
    assert [earlier[f"sales_revenue_{label}"] for label in YEARS] == [0, 0, None]
    assert [later[f"employees_{label}"] for label in YEARS] == [0.0, None, 20.0]
    assert [earlier[f"employees_{label}"] for label in YEARS] == [0.0, 0.0, None]
    assert [later[f"main_business_income_{label}"] for label in YEARS] == [0, None, None]


def test_tables_with_and_without_rows_in_turn_give_each_enterprise_its_own(
    packs: PackSet,
) -> None:
    registered = {"uscc": ["A", "B"], "registered_on": [date(2019, 1, 1), date(2020, 1, 1)]}
    enterprises = pl.DataFrame(
        {name: registered.get(name, [None, None]) for name in ENTERPRISE_SCHEMA},
        schema=ENTERPRISE_SCHEMA,
    )
    ip = pl.DataFrame(
        [
            (
                "B",
                IpKind.INVENTION_PATENT.value,
                IpClass.I.value,
                date(2022, 1, 1),
                IpAcquisition.OWN.value,
                IpStatus.VALID.value,
                False,
            )
        ],
        schema=IP_SCHEMA,
        orient="row",
    )
    as_of = date(2026, 6, 30)
    for _ in range(2):
        with_ip = build_frame(Records(enterprises, ip=ip), as_of, packs.declarations)
        without = build_frame(Records(enterprises), as_of, packs.declarations)
        left_out = build_frame(
            Records(enterprises, unknown=frozenset({"ip"})), as_of, packs.declarations
        )
        for frame, counts in ((with_ip, [0, 1]), (without, [0, 0]), (left_out, [None, None])):
            assert frame.sort("uscc")["ip_class1_count"].to_list() == counts
            assert frame["incidents_2y"].to_list() == [0, 0]
            assert frame["science_prize_3y"].to_list() == [False, False]
            assert frame["employees_y3"].to_list() == [None, None]
        assert with_ip.schema == without.schema == left_out.schema


def _table(schema: dict[str, pl.DataType], **given: list[Any]) -> pl.DataFrame:
    """A table in ``schema`` with the columns given and every other column empty."""
    height = len(next(iter(given.values())))
    return pl.DataFrame({name: given.get(name, [None] * height) for name in schema}, schema=schema)


def test_a_batch_keeps_the_enterprises_order(packs: PackSet) -> None:
    # Officers' tables follow the register's order: joining the lists must not reorder it.
    codes = [f"ENT{number:05d}" for number in range(20_000, 0, -1)]
    records = Records(
        enterprises=_table(ENTERPRISE_SCHEMA, uscc=codes),
        figures=_table(FIGURES_SCHEMA, uscc=codes[::2], year=[2025] * 10_000),
        ip=_table(IP_SCHEMA, uscc=codes[::3], status=[IpStatus.VALID.value] * len(codes[::3])),
    )
    frame = build_frame(records, date(2026, 6, 30), packs.declarations)
    assert frame["uscc"].to_list() == codes


def test_two_rows_for_one_enterprise_year_are_refused_not_doubled(packs: PackSet) -> None:
    records = Records(
        enterprises=_table(ENTERPRISE_SCHEMA, uscc=["A", "B"]),
        figures=_table(FIGURES_SCHEMA, uscc=["A", "A"], year=[2025, 2025]),
    )
    with pytest.raises(pl.exceptions.ComputeError):
        build_frame(records, date(2026, 6, 30), packs.declarations)


def test_a_certificate_revoked_on_a_day_is_in_force_until_that_day(packs: PackSet) -> None:
    revoked = {
        **PROFILE,
        "qualifications": [
            {
                "kind": "高新技术企业",
                "level": "国家级",
                "certificate_no": "GR202362000001",
                "issued_on": "2023-12-01",
                "expires_on": "2026-11-30",
                "status": "已撤销",
                "revoked_on": "2025-06-15",
            }
        ],
    }
    assert _row(packs, revoked, date(2025, 6, 14))["holds_hnte"] is True
    assert _row(packs, revoked, date(2025, 6, 15))["holds_hnte"] is False
    undated = {**revoked, "qualifications": [{**revoked["qualifications"][0], "revoked_on": None}]}
    assert _row(packs, undated, date(2024, 1, 1))["holds_hnte"] is False


def test_a_revoked_or_expired_platform_stops_counting_from_its_status_date(
    packs: PackSet,
) -> None:
    lab = {
        "kind": "重点实验室",
        "level": "省级",
        "name": "甘肃省示例重点实验室",
        "recognised_on": "2020-01-01",
    }
    for status in ("已撤销", "已过期"):
        data = {**PROFILE, "platforms": [{**lab, "status": status, "status_on": "2025-09-01"}]}
        before = _row(packs, data, date(2025, 8, 31))
        after = _row(packs, data, date(2025, 9, 1))
        assert (before["provincial_rd_platform"], after["provincial_rd_platform"]) == (True, False)
        assert (before["rd_platform_level"], after["rd_platform_level"]) == (2, 0)
    in_force = _row(packs, {**PROFILE, "platforms": [lab]}, date(2026, 6, 30))
    assert in_force["provincial_rd_platform"] is True


def test_data_fraud_bars_the_quality_sme_tiers_but_is_not_among_115s_four(packs: PackSet) -> None:
    # 115号 第六条(四) names safety, quality, environment and research dishonesty; 2号文附件3说明
    # (via S-PT) adds data fraud for 创新型/专精特新/小巨人, counted over 近三年.
    fraud = {**PROFILE, "incidents": [{"kind": "数据造假", "occurred_on": "2026-01-10"}]}
    row = _row(packs, fraud, date(2026, 6, 30))
    assert (row["incidents_2y"], row["incidents_3y"], row["major_incidents_365d"]) == (0, 1, 0)


def test_three_years_back_reaches_the_same_day_and_no_further(packs: PackSet) -> None:
    def count(day: str) -> int:
        data = {**PROFILE, "incidents": [{"kind": "严重环境违法行为", "occurred_on": day}]}
        value: int = _row(packs, data, date(2026, 6, 30))["incidents_3y"]
        return value

    assert (count("2023-06-30"), count("2023-06-29"), count("2026-06-30")) == (1, 0, 1)
    assert count("2026-07-01") == 0  # after the assessment date


def test_a_provincial_platform_of_another_kind_leaves_the_recognised_platform_route_open(
    packs: PackSet,
) -> None:
    # S-115 第九条(七) lists 工程技术研究中心、工程实验室、国际联合研究中心 "等", which the register
    # can only hold as 其他平台: a 省级 one of those may be "经认定的省部级以上研发机构", so it is
    # unknown, never false; a city one is not 省部级 whatever its kind.
    other = {
        "kind": "其他平台",
        "level": "省级",
        "name": "甘肃省示例工程技术研究中心",
        "recognised_on": "2020-01-01",
    }
    lab = {
        "kind": "重点实验室",
        "level": "省级",
        "name": "甘肃省示例重点实验室",
        "recognised_on": "2020-01-01",
    }
    on = date(2026, 6, 30)
    assert _row(packs, {**PROFILE, "platforms": [other]}, on)["provincial_rd_platform"] is None
    both = _row(packs, {**PROFILE, "platforms": [other, lab]}, on)
    assert both["provincial_rd_platform"] is True
    city = {**other, "level": "市级"}
    assert _row(packs, {**PROFILE, "platforms": [city]}, on)["provincial_rd_platform"] is False
    assert _row(packs, {**PROFILE, "platforms": []}, on)["provincial_rd_platform"] is False


def _years_run_out(registered: date, as_of: date) -> int:
    """民法典第二百零一条、第二百零二条 read directly: the k-th year counted from the day after
    registration ends on the same date k years on, or on that month's last day where the month
    has no such day; the years run out before ``as_of`` are those whose last day is earlier."""
    import calendar

    def end(years: int) -> date:
        year = registered.year + years
        last = calendar.monthrange(year, registered.month)[1]
        return date(year, registered.month, min(registered.day, last))

    years = as_of.year - registered.year
    while years > 0 and end(years) >= as_of:
        years -= 1
    return max(years, 0)


def _days(first: date, last: date) -> list[date]:
    from datetime import timedelta

    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_whole_years_run_out_follow_the_civil_code_to_the_day() -> None:
    """``registered_years_exceeded`` against the code's own words, on every day around the
    turns that trip a count by days: 29 February registered and reached in leap and common
    years (the 2100 common century year too), 31 December and 1 January."""
    from techzone.rules.frame import _years_exceeded

    registered = [
        *_days(date(2015, 12, 1), date(2017, 3, 31)),
        *(date(2000, 2, 29), date(1999, 12, 31), date(2090, 2, 28), date(2092, 2, 29)),
    ]
    reached = [
        day
        for year in (2025, 2026, 2027, 2028, 2100, 2101, 2102)
        for day in (
            *_days(date(year, 1, 1), date(year, 1, 3)),
            *_days(date(year, 2, 26), date(year, 3, 2)),
            *_days(date(year, 6, 28), date(year, 7, 1)),
            *_days(date(year, 12, 29), date(year, 12, 31)),
        )
    ]
    frame = pl.DataFrame({"registered_on": registered}, schema={"registered_on": pl.Date})
    wrong = []
    for as_of in reached:
        counted = frame.select(_years_exceeded(as_of)).to_series().to_list()
        for day, got in zip(registered, counted, strict=True):
            if got != _years_run_out(day, as_of):
                wrong.append((day, as_of, got))
    assert wrong == []


@pytest.mark.parametrize(
    ("registered", "as_of", "years"),
    [
        # Ten years end on the tenth anniversary itself: that day "not over ten years".
        (date(2016, 2, 29), date(2026, 2, 28), 9),  # no 29 February in 2026: its 28th
        (date(2016, 2, 29), date(2026, 3, 1), 10),
        (date(2016, 2, 29), date(2024, 2, 29), 7),  # a leap year has the day itself
        (date(2016, 2, 29), date(2024, 3, 1), 8),
        (date(2016, 12, 31), date(2026, 12, 31), 9),
        (date(2016, 12, 31), date(2027, 1, 1), 10),
        (date(2016, 1, 1), date(2026, 1, 1), 9),
        (date(2016, 1, 1), date(2026, 1, 2), 10),
        (date(2016, 6, 29), date(2026, 6, 30), 10),  # 3,653 days with two leap days: over
        (date(2015, 6, 30), date(2025, 6, 30), 9),  # 3,653 days with three: exactly ten
    ],
)
def test_whole_years_run_out_at_the_turns(registered: date, as_of: date, years: int) -> None:
    from techzone.rules.frame import _years_exceeded

    frame = pl.DataFrame({"registered_on": [registered]}, schema={"registered_on": pl.Date})
    assert frame.select(_years_exceeded(as_of)).item() == years


def test_no_year_has_run_out_before_registration_nor_without_its_date() -> None:
    """Evaluated on the day of registration or before it, no year has run out (0, as the code
    reads, and "成立不超过10年" holds, as 3,652 days did before); the day after a year is
    still 0; without a registration date, the count is unknown."""
    from techzone.rules.frame import _years_exceeded

    frame = pl.DataFrame(
        {
            "registered_on": [
                date(2027, 1, 1),
                date(2026, 7, 1),
                date(2026, 6, 30),
                date(2025, 7, 1),
                date(2025, 6, 30),
                None,
            ]
        },
        schema={"registered_on": pl.Date},
    )
    counted = frame.select(_years_exceeded(date(2026, 6, 30))).to_series().to_list()
    assert counted == [0, 0, 0, 0, 0, None]
