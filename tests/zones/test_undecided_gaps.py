"""柳州 (二十一) rules whose inputs are partly missing must say so, never fall silent (blindzones2).

Each case was silent before: the evaluation printed "本年没有高新区触发…后果" as if the zone were
clear, when the document's condition could not be told from what was entered —

- 评价考核连续3年位居全区前3名: one year of the three without a regional rank;
- 连续2年末2位且受到自治区黄牌警告: two years in the bottom two, no yellow card entered either way;
- 年度全国综合排名下降5位以上 / 提升10位以上且前60名: last year's national rank entered, this
  year's not;
- 首次进入全国综合排名前35名: the record starts in some year; the years before it are not known.

Both sides: with the value entered the verdict is given and nothing is said.
"""

from __future__ import annotations

from techzone.model.codes import ZoneLevel
from techzone.zones.consequences import Standing, judge, undecided
from techzone.zones.scheme import Scheme, default_schemes

NATIONAL, PROVINCIAL = ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL


def _scheme() -> Scheme:
    (scheme,) = [s for s in default_schemes() if s.id == "liuzhou"]
    return scheme


def _fired(level: ZoneLevel, history: dict[int, Standing], year: int) -> set[str]:
    return {c.rule for c in judge(_scheme(), "Z", level, history, year)}


# 连续3年位居全区前3名 ------------------------------------------------------------------------


def test_top_3_run_with_a_year_unranked_is_said() -> None:
    history = {2023: Standing(2023, rank=2), 2024: Standing(2024, rank=1)}
    assert "lz-region-top3" not in _fired(PROVINCIAL, history, 2024)
    (note,) = undecided(_scheme(), PROVINCIAL, history, 2024)
    assert "2022年" in note and "前3名" in note and "需核实" in note


def test_top_3_run_with_a_known_year_outside_is_decided() -> None:
    # 2023 4th: no run of three whatever 2022 was.
    history = {2023: Standing(2023, rank=4), 2024: Standing(2024, rank=1)}
    assert undecided(_scheme(), PROVINCIAL, history, 2024) == []


def test_top_3_run_with_every_year_ranked_is_decided() -> None:
    history = {y: Standing(y, rank=3) for y in (2022, 2023, 2024)}
    assert "lz-region-top3" in _fired(PROVINCIAL, history, 2024)
    assert undecided(_scheme(), PROVINCIAL, history, 2024) == []


# 连续2年末2位且受到自治区黄牌警告 --------------------------------------------------------------


def _bottom(yellow: dict[int, float | None]) -> dict[int, Standing]:
    ranks = {2023: 15, 2024: 14}
    return {
        y: Standing(
            y,
            rank=ranks[y],
            ranked=15,
            flags=frozenset({"yellow_card"}) if yellow.get(y) == 1 else frozenset(),
            values={"yellow_card": yellow.get(y)},
        )
        for y in ranks
    }


def test_bottom_two_without_any_yellow_card_entry_is_said() -> None:
    history = _bottom({})
    assert "lz-bottom2-yellow" not in _fired(PROVINCIAL, history, 2024)
    (note,) = undecided(_scheme(), PROVINCIAL, history, 2024)
    assert "黄牌警告" in note and "未录入" in note and "需核实" in note


def test_bottom_two_with_no_yellow_card_entered_as_0_is_clear() -> None:
    history = _bottom({2023: 0, 2024: 0})
    assert "lz-bottom2-yellow" not in _fired(PROVINCIAL, history, 2024)
    assert undecided(_scheme(), PROVINCIAL, history, 2024) == []


def test_bottom_two_with_a_yellow_card_is_decided() -> None:
    history = _bottom({2024: 1})
    assert "lz-bottom2-yellow" in _fired(PROVINCIAL, history, 2024)
    assert undecided(_scheme(), PROVINCIAL, history, 2024) == []


def test_not_bottom_two_needs_no_yellow_card() -> None:
    history = {
        2023: Standing(2023, rank=13, ranked=15, values={"yellow_card": None}),
        2024: Standing(2024, rank=14, ranked=15, values={"yellow_card": None}),
    }
    assert undecided(_scheme(), PROVINCIAL, history, 2024) == []


# 全国综合排名: this year's missing ----------------------------------------------------------------


def test_this_years_national_rank_missing_is_said() -> None:
    history = {2023: Standing(2023, national_rank=40)}
    assert _fired(NATIONAL, history, 2024) == set()
    (note,) = undecided(_scheme(), NATIONAL, history, 2024)
    assert "2024年全国综合排名未录入" in note and "需核实" in note
    assert "下降5位以上" in note and "首次进入前35名" in note


def test_no_national_rank_in_either_year_says_nothing() -> None:
    # No rank at all: the zone is not in the national ranking on record; nothing to compare.
    assert undecided(_scheme(), NATIONAL, {}, 2024) == []


# 首次进入前35名: the years before the record ----------------------------------------------------


def test_first_time_names_the_years_before_the_record() -> None:
    history = {2023: Standing(2023, national_rank=40), 2024: Standing(2024, national_rank=33)}
    found = judge(_scheme(), "Z", NATIONAL, history, 2024)
    (reason,) = [c.reason for c in found if c.rule == "lz-first-top35"]
    assert "2023年以前无排名记录" in reason and "需核实" in reason


def test_first_time_is_still_refused_when_an_earlier_year_was_in_the_top_35() -> None:
    history = {
        2022: Standing(2022, national_rank=30),
        2023: Standing(2023, national_rank=40),
        2024: Standing(2024, national_rank=33),
    }
    assert "lz-first-top35" not in _fired(NATIONAL, history, 2024)
