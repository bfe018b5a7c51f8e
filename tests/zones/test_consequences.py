"""Golden tests for every consequence rule, on crafted rankings, both sides of each boundary.

The schemes are the shipped ones (``zones/schemes/*.yaml``), so a change to a document's number
or to a local choice shows up here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from techzone.model.codes import ZoneLevel
from techzone.zones.consequences import Standing, judge, undecided
from techzone.zones.scheme import Scheme, default_schemes

NATIONAL, PROVINCIAL = ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL


def _scheme(scheme_id: str) -> Scheme:
    return next(s for s in default_schemes() if s.id == scheme_id)


def _fired(
    scheme_id: str, level: ZoneLevel, history: Mapping[int, Standing], year: int
) -> set[str]:
    return {c.rule for c in judge(_scheme(scheme_id), "Z", level, history, year)}


def _national(*ranks: int | None, start: int = 2021) -> dict[int, Standing]:
    return {
        start + i: Standing(start + i, national_rank=rank)
        for i, rank in enumerate(ranks)
        if rank is not None
    }


def _regional(
    *ranks: int, ranked: int = 10, start: int = 2021, yellow: tuple[int, ...] = ()
) -> dict[int, Standing]:
    return {
        start + i: Standing(
            start + i,
            rank=rank,
            ranked=ranked,
            flags=frozenset({"yellow_card"} if start + i in yellow else set()),
        )
        for i, rank in enumerate(ranks)
    }


# 柳州 (二十一): 进位升级 -------------------------------------------------------------------------


@pytest.mark.parametrize(("now", "fires"), [(35, True), (36, False)])
def test_first_time_in_the_national_top_35(now: int, fires: bool) -> None:
    history = _national(48, 41, now)
    assert ("lz-first-top35" in _fired("liuzhou", NATIONAL, history, 2023)) is fires


def test_not_first_time_when_an_earlier_year_was_in_the_top_35() -> None:
    history = _national(35, 41, 30)
    assert "lz-first-top35" not in _fired("liuzhou", NATIONAL, history, 2023)


def test_first_time_without_earlier_records_says_it_must_be_checked() -> None:
    found = judge(_scheme("liuzhou"), "Z", NATIONAL, _national(20, start=2023), 2023)
    reason = next(c.reason for c in found if c.rule == "lz-first-top35")
    assert "需核实" in reason


@pytest.mark.parametrize(
    ("before", "now", "fires"),
    [
        (70, 60, True),  # up 10, rank 60
        (71, 61, False),  # up 10, rank 61: not in the top 60
        (69, 60, False),  # up 9 only
        (80, 58, True),  # up 22
    ],
)
def test_up_10_places_and_in_the_top_60(before: int, now: int, fires: bool) -> None:
    history = _national(before, now)
    assert ("lz-rise10-top60" in _fired("liuzhou", NATIONAL, history, 2022)) is fires


def test_a_rise_needs_last_years_rank() -> None:
    history = _national(70, None, 55)
    assert "lz-rise10-top60" not in _fired("liuzhou", NATIONAL, history, 2023)


@pytest.mark.parametrize(
    ("ranks", "fires"),
    [
        ((3, 1, 2), True),  # three years running in the top 3
        ((4, 1, 2), False),  # only two
        ((3, 3, 3), True),
        ((1, 2, 4), False),  # this year out
    ],
)
def test_top_3_of_the_region_three_years_running(ranks: tuple[int, ...], fires: bool) -> None:
    history = _regional(*ranks)
    assert ("lz-region-top3" in _fired("liuzhou", PROVINCIAL, history, 2023)) is fires


def test_top_3_needs_three_recorded_years() -> None:
    history = _regional(1, 1)  # 2021, 2022 only
    assert "lz-region-top3" not in _fired("liuzhou", PROVINCIAL, history, 2023)
    history = {y: s for y, s in _regional(1, 1, 1, start=2020).items() if y != 2021}
    assert "lz-region-top3" not in _fired("liuzhou", PROVINCIAL, history, 2022)


def test_advancement_rules_apply_to_their_own_level_only() -> None:
    assert _fired("liuzhou", PROVINCIAL, _national(48, 30), 2022) == set()
    assert "lz-region-top3" not in _fired("liuzhou", NATIONAL, _regional(1, 1, 1), 2023)


# 柳州 (二十一): 整改 ----------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "now", "fires"), [(40, 45, True), (40, 44, False)])
def test_down_5_places_or_more(before: int, now: int, fires: bool) -> None:
    history = _national(before, now)
    assert ("lz-down5" in _fired("liuzhou", NATIONAL, history, 2022)) is fires


@pytest.mark.parametrize(
    ("ranks", "yellow", "fires"),
    [
        ((9, 10), (2022,), True),  # bottom two both years, yellow card this year
        ((10, 9), (2021,), True),  # yellow card the year before
        ((9, 10), (), False),  # no yellow card
        ((8, 10), (2022,), False),  # 8th of 10 is not in the bottom two
        ((10, 8), (2022,), False),
    ],
)
def test_bottom_two_two_years_running_with_a_yellow_card(
    ranks: tuple[int, ...], yellow: tuple[int, ...], fires: bool
) -> None:
    history = _regional(*ranks, yellow=yellow)
    assert ("lz-bottom2-yellow" in _fired("liuzhou", PROVINCIAL, history, 2022)) is fires


def test_bottom_two_one_year_only_with_a_yellow_card() -> None:
    history = _regional(9, start=2022, yellow=(2022,))
    assert "lz-bottom2-yellow" not in _fired("liuzhou", PROVINCIAL, history, 2022)


@pytest.mark.parametrize(("flags", "fires"), [({"delisting_warning"}, True), (set(), False)])
def test_delisting_warning(flags: set[str], fires: bool) -> None:
    history = {2022: Standing(2022, rank=4, ranked=10, flags=frozenset(flags))}
    assert ("lz-delisting-warning" in _fired("liuzhou", PROVINCIAL, history, 2022)) is fires


def test_reasons_name_the_ranks() -> None:
    found = judge(_scheme("liuzhou"), "GX-LZ", NATIONAL, _national(40, 45), 2022)
    assert [c.reason for c in found] == [
        "全国综合排名由2021年第40名降至2022年第45名，下降5位（5位以上）"
    ]
    assert found[0].outcome == "rectify"
    assert found[0].clause == "seeds/004 (二十一)"


# 甘肃 第20条 (local choices: top 3, drop of 3 places, fail below 65) -----------------------------


@pytest.mark.parametrize(("rank", "fires"), [(3, True), (4, False)])
def test_gansu_rewards_the_top_ranked(rank: int, fires: bool) -> None:
    history = {2024: Standing(2024, rank=rank, ranked=9, score=80)}
    assert ("gansu-reward" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires


@pytest.mark.parametrize(("before", "now", "fires"), [(2, 5, True), (2, 4, False)])
def test_gansu_notice_after_a_large_drop(before: int, now: int, fires: bool) -> None:
    history = {
        2023: Standing(2023, rank=before, ranked=9, score=80),
        2024: Standing(2024, rank=now, ranked=9, score=80),
    }
    assert ("gansu-notice" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires


@pytest.mark.parametrize(
    ("scores", "fires"),
    [
        ((64.9, 60.0), True),  # two consecutive failures
        ((65.0, 60.0), False),  # 65 is a pass: only one failure
        ((60.0, 65.0), False),  # failed last year, passed this year
        ((64.99, 64.99), True),  # just under the mark both years
        ((None, 60.0), False),  # last year not evaluated
    ],
)
def test_gansu_revokes_after_two_consecutive_failures(
    scores: tuple[float | None, float], fires: bool
) -> None:
    history = {2023: Standing(2023, rank=8, ranked=9, score=scores[0])}
    history[2024] = Standing(2024, rank=9, ranked=9, score=scores[1])
    assert ("gansu-revoke" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires


def test_gansu_revoke_needs_consecutive_years() -> None:
    history = {
        2022: Standing(2022, rank=9, ranked=9, score=60),
        2024: Standing(2024, rank=9, ranked=9, score=60),
    }
    assert "gansu-revoke" not in _fired("gansu-provincial", PROVINCIAL, history, 2024)


@pytest.mark.parametrize(
    ("ceilings", "fires", "said"),
    [
        ((None, None), True, False),  # nothing missing: two failures, proposed
        ((64.9, 64.9), True, False),  # fails even were every missing indicator at the top
        ((65.0, 60.0), False, True),  # 2023 might pass with its data: said, not proposed
        ((60.0, 80.0), False, True),  # so might 2024
    ],
)
def test_gansu_revoke_on_failures_resting_on_missing_data_is_said_not_proposed(
    ceilings: tuple[float | None, float | None], fires: bool, said: bool
) -> None:
    # seeds/001 第20条 revokes after 连续2次评价不合格. A missing indicator scores the floor of the
    # scale (a local choice for the ranking), so a zone that did not report can fall below the
    # line on the data it lacks: the harshest consequence is not proposed on that, only said.
    history = {
        2023: Standing(2023, rank=9, ranked=9, score=60.0, score_ceiling=ceilings[0]),
        2024: Standing(2024, rank=9, ranked=9, score=61.0, score_ceiling=ceilings[1]),
    }
    assert ("gansu-revoke" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    assert any("不合格" in n and "需核实" in n and "第20条" in n for n in notes) is said


@pytest.mark.parametrize(
    ("rank", "rank_ceiling", "fires", "said"),
    [
        ((3, None, True, False)),  # nothing missing
        ((3, 1, True, False)),  # 3rd of 3 on no data: in the top 3 whatever it reports
        ((4, 3, False, True)),  # 4th on the floor, 3rd with its data: might be rewarded
        ((5, 2, False, True)),
        ((4, 4, False, False)),  # 4th even with every missing indicator at the top
    ],
)
def test_gansu_reward_resting_on_missing_data_is_said_not_decided(
    rank: int, rank_ceiling: int | None, fires: bool, said: bool
) -> None:
    # seeds/001 第20条 "对排名靠前的省级高新区给予奖励" (前3名, a local choice). A missing
    # indicator scores the floor; with it at the top (the others as they are) the zone ranks
    # ``rank_ceiling``. A reward that holds at both ranks is proposed; one that holds at only one
    # is said with what is missing (blind7 doubt 1).
    history = {
        2024: Standing(
            2024,
            rank=rank,
            ranked=9,
            score=70,
            rank_ceiling=rank_ceiling,
            missing=("高新技术企业数占企业总数的比例",) if rank_ceiling else (),
        )
    }
    found = judge(_scheme("gansu-provincial"), "Z", PROVINCIAL, history, 2024)
    rewarded = [c for c in found if c.rule == "gansu-reward"]
    assert bool(rewarded) is fires
    if rewarded and rank_ceiling is not None:
        assert f"补齐数据后最高可至第{rank_ceiling}名" in rewarded[0].reason
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    asked = [n for n in notes if "前3名" in n and "需核实" in n]
    assert bool(asked) is said
    if said:
        assert "高新技术企业数占企业总数的比例" in asked[0] and "给予奖励" in asked[0]
        assert f"最高可至第{rank_ceiling}名" in asked[0]


@pytest.mark.parametrize(
    ("rank", "rank_floor", "fires", "said"),
    [
        ((3, None, True, False)),  # nobody else's data missing
        ((3, 3, True, False)),  # 3rd whatever the others report
        ((2, 3, True, False)),
        ((3, 4, False, True)),  # 4th had a zone below it reported what it lacks: said
        ((1, 5, False, True)),
        ((4, 5, False, False)),  # outside the top 3 either way
    ],
)
def test_gansu_reward_resting_on_other_zones_missing_data_is_said_not_decided(
    rank: int, rank_floor: int | None, fires: bool, said: bool
) -> None:
    # seeds/001 第20条 "对排名靠前的省级高新区给予奖励" (前3名, a local choice). Another zone's
    # missing indicator scores the floor too: with them at the top, this zone ranks
    # ``rank_floor``. A zone 3rd only because a zone below it did not report is not proposed
    # the reward on that (zones7 doubt 2), only said.
    history = {2024: Standing(2024, rank=rank, ranked=9, score=70, rank_floor=rank_floor)}
    found = judge(_scheme("gansu-provincial"), "Z", PROVINCIAL, history, 2024)
    assert bool([c for c in found if c.rule == "gansu-reward"]) is fires
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    asked = [n for n in notes if "前3名" in n and "需核实" in n]
    assert bool(asked) is said
    if said:
        assert f"第{rank}名" in asked[0] and f"最低可至第{rank_floor}名" in asked[0]
        assert "其他高新区" in asked[0] and "给予奖励" in asked[0]


@pytest.mark.parametrize(
    ("score", "fires", "said"),
    [(65.0, True, False), (64.9, False, True), (None, True, False)],
)
def test_gansu_reward_is_not_proposed_to_a_zone_under_the_pass_mark(
    score: float | None, fires: bool, said: bool
) -> None:
    # seeds/001 第20条 rewards zones 排名靠前 and counts zones under the pass mark (65, a local
    # choice) as 评价不合格. With three provincial zones every one is in the top 3, one that
    # reported nothing too: a zone found 不合格 in the year is said, not proposed a reward.
    history = {2024: Standing(2024, rank=2, ranked=3, score=score)}
    assert ("gansu-reward" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    asked = [n for n in notes if "评价不合格" in n and "给予奖励需核实" in n]
    assert bool(asked) is said
    if said:
        assert "第2名" in asked[0] and "64.9分" in asked[0] and "第20条" in asked[0]


@pytest.mark.parametrize(
    ("ranks", "ceilings", "fires", "said"),
    [
        ((2, 5), (None, None), True, False),  # down 3, nothing missing
        ((2, 5), (None, 5), True, False),  # missing data, but 5th even with it
        ((2, 6), (None, 5), True, False),  # 5th at best: still down 3 either way
        ((2, 5), (None, 4), False, True),  # 4th with its data: down 2 only — said
        ((2, 4), (1, None), False, True),  # down 2; from 1st had 2023's data come: said
        ((2, 4), (2, 4), False, False),  # down 2 either way
    ],
)
def test_gansu_notice_resting_on_missing_data_is_said_not_decided(
    ranks: tuple[int, int], ceilings: tuple[int | None, int | None], fires: bool, said: bool
) -> None:
    # seeds/001 第20条 "对排名大幅下降的省级高新区予以通报、约谈" (3位, a local choice): a fall
    # that rests on indicators not reported is said, not proposed (blind7 doubt 2).
    history = {
        year: Standing(
            year,
            rank=rank,
            ranked=9,
            score=70,
            rank_ceiling=ceiling,
            missing=("有效发明专利",) if ceiling else (),
        )
        for year, rank, ceiling in zip((2023, 2024), ranks, ceilings, strict=True)
    }
    assert ("gansu-notice" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    asked = [n for n in notes if "大幅下降" in n and "需核实" in n]
    assert bool(asked) is said
    if said:
        assert "有效发明专利" in asked[0] and "通报、约谈" in asked[0] and "第20条" in asked[0]


@pytest.mark.parametrize(
    ("ranks", "floors", "fires", "said"),
    [
        ((2, 5), (None, None), True, False),  # down 3, nobody else's data missing
        ((2, 5), (2, 7), True, False),  # down 3 at least whatever the others report
        ((2, 5), (4, None), False, True),  # 4th in 2023 had a zone below reported: down 1
        ((2, 4), (None, 6), False, True),  # down 2, or 4 had a zone below reported: said
        ((2, 4), (2, 4), False, False),  # down 2 either way
    ],
)
def test_gansu_notice_resting_on_other_zones_missing_data_is_said_not_decided(
    ranks: tuple[int, int], floors: tuple[int | None, int | None], fires: bool, said: bool
) -> None:
    # seeds/001 第20条 "对排名大幅下降的省级高新区予以通报、约谈" (3位): another zone's missing
    # indicators score the floor too, so the zone's place each year could be lower by them.
    history = {
        year: Standing(year, rank=rank, ranked=9, score=70, rank_floor=floor)
        for year, rank, floor in zip((2023, 2024), ranks, floors, strict=True)
    }
    assert ("gansu-notice" in _fired("gansu-provincial", PROVINCIAL, history, 2024)) is fires
    notes = undecided(_scheme("gansu-provincial"), PROVINCIAL, history, 2024)
    asked = [n for n in notes if "大幅下降" in n and "需核实" in n]
    assert bool(asked) is said
    if said:
        assert "其他高新区" in asked[0] and "最低可至第" in asked[0] and "通报、约谈" in asked[0]


@pytest.mark.parametrize(
    ("values", "fires"),
    [((2, 3, 5), True), ((2, 3, 3), False), ((3, 2, 5), False), ((None, 3, 5), False)],
)
def test_gansu_praises_new_hnte_rising_year_on_year(
    values: tuple[float | None, ...], fires: bool
) -> None:
    history = {
        2022 + i: Standing(2022 + i, rank=5, ranked=9, values={"hnte_first_recognised": v})
        for i, v in enumerate(values)
    }
    assert (
        "gansu-praise-new-hnte" in _fired("gansu-provincial", PROVINCIAL, history, 2024)
    ) is fires


def test_gansu_rules_leave_national_zones_alone() -> None:
    history = {2024: Standing(2024, rank=1, ranked=9, score=90)}
    assert _fired("gansu-provincial", NATIONAL, history, 2024) == set()


def test_every_open_number_is_marked_a_local_choice() -> None:
    gansu = _scheme("gansu-provincial")
    assert set(gansu.local_choices()) == {
        "reward_top",
        "large_drop_places",
        "fail_below",
        "rising_years",
        "bonus_points",
        "bonus_cap",
    }
    assert gansu.evaluation is not None and gansu.evaluation.weights_local_choice
    assert _scheme("liuzhou").local_choices() == {}
