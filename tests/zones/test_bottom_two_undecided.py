"""柳州 (二十一) 整改 of a 自治区级 zone "评价考核连续2年末2位且受到自治区黄牌警告": without the
number of zones ranked (regional_ranked) 末2位 cannot be told, and the evaluation said "本年没有
高新区触发…后果" as if the zone were clear (blind3). It must say what is missing instead; with the
numbers, the verdict is given as before (both sides of the boundary: 9th and 10th of 10 → 整改,
8th of 10 → none)."""

from __future__ import annotations

from techzone.model.codes import ZoneLevel
from techzone.zones.consequences import Standing, judge, undecided
from techzone.zones.scheme import Scheme, default_schemes

HX = "GX-HX"
PROVINCIAL = ZoneLevel.PROVINCIAL
YELLOW = frozenset({"yellow_card"})


def _scheme() -> Scheme:
    (scheme,) = [s for s in default_schemes() if s.id == "liuzhou"]
    return scheme


def _history(*rows: tuple[int, int | None, int | None, bool]) -> dict[int, Standing]:
    return {
        y: Standing(y, rank=rank, ranked=ranked, flags=YELLOW if yellow else frozenset())
        for y, rank, ranked, yellow in rows
    }


def test_ranks_and_a_yellow_card_without_the_count_are_undecided_not_clear() -> None:
    history = _history((2024, 9, None, False), (2025, 10, None, True))
    assert not [c for c in judge(_scheme(), HX, PROVINCIAL, history, 2025)]
    (note,) = undecided(_scheme(), PROVINCIAL, history, 2025)
    assert (
        "参加评价考核的高新区数" in note
        and "末2位" in note
        and "需核实" in note
        and "黄牌警告" in note
    )


def test_the_count_missing_in_one_year_only_is_undecided_too() -> None:
    history = _history((2024, 9, 10, False), (2025, 10, None, True))
    assert undecided(_scheme(), PROVINCIAL, history, 2025)


def test_with_the_counts_the_verdict_is_given_and_nothing_is_undecided() -> None:
    history = _history((2024, 9, 10, False), (2025, 10, 10, True))
    assert [c.rule for c in judge(_scheme(), HX, PROVINCIAL, history, 2025)] == [
        "lz-bottom2-yellow"
    ]
    assert undecided(_scheme(), PROVINCIAL, history, 2025) == []


def test_a_known_year_out_of_the_bottom_two_decides_it() -> None:
    # 8th of 10 in 2024 is not 末2位: no run of two, whatever 2025's count.
    history = _history((2024, 8, 10, False), (2025, 10, None, True))
    assert undecided(_scheme(), PROVINCIAL, history, 2025) == []


def test_without_a_yellow_card_nothing_is_asked() -> None:
    history = _history((2024, 9, None, False), (2025, 10, None, False))
    assert undecided(_scheme(), PROVINCIAL, history, 2025) == []


def test_national_zones_are_not_asked() -> None:
    history = _history((2024, 9, None, False), (2025, 10, None, True))
    assert undecided(_scheme(), ZoneLevel.NATIONAL, history, 2025) == []


# 下降5位以上 / 提升10位以上且排名在前60名 compare with last year's 全国综合排名: without it the
# evaluation said nothing, as if the zone had neither fallen nor risen.
def _national(**ranks: int) -> dict[int, Standing]:
    return {int(y[1:]): Standing(int(y[1:]), national_rank=r) for y, r in ranks.items()}


def test_without_last_years_national_rank_a_drop_or_rise_is_undecided() -> None:
    history = _national(y2023=30, y2025=40)
    assert not judge(_scheme(), "GX-LZ", ZoneLevel.NATIONAL, history, 2025)
    notes = undecided(_scheme(), ZoneLevel.NATIONAL, history, 2025)
    assert len(notes) == 1
    (note,) = notes
    assert "2024年全国综合排名未录入" in note and "下降5位以上" in note and "需核实" in note
    assert "提升10位以上" in note  # 40 is within the top 60: a rise could have happened too


def test_outside_the_top_60_only_a_drop_is_asked() -> None:
    (note,) = undecided(_scheme(), ZoneLevel.NATIONAL, _national(y2025=61), 2025)
    assert "下降5位以上" in note and "提升10位以上" not in note


def test_with_last_years_rank_nothing_is_undecided() -> None:
    assert undecided(_scheme(), ZoneLevel.NATIONAL, _national(y2024=30, y2025=34), 2025) == []
    assert undecided(_scheme(), ZoneLevel.NATIONAL, {}, 2025) == []
