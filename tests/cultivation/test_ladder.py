"""The ladders and the next step on crafted enterprises: which tier comes next, how ready it is,
which batch it can still make, and the dated plan."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.cultivation.ladder import LadderView, ladder_view, ladders, term_end, terms
from techzone.io.sheets import DeclarationRow
from techzone.model.codes import Level, QualificationKind
from techzone.rules.loader import PackSet
from techzone.rules.records import UnknownEnterprise
from techzone.store import Store
from tests.cultivation.factory import enterprise, patent, qualification, uscc, write

K = QualificationKind


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (date(2023, 12, 1), date(2026, 11, 30)),
        (date(2023, 3, 1), date(2026, 2, 28)),
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2024, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_three_year_term_ends_the_day_before_the_third_anniversary(
    issued: date, expires: date
) -> None:
    assert term_end(issued, 3) == expires
    assert terms(K.HNTE).expires(issued) == expires


def test_ladders_are_the_seeds_tiers_in_order() -> None:
    tiers = {ladder.id: ladder.tiers for ladder in ladders()}
    assert tiers == {
        "science": (K.TECH_SME, K.PROVINCIAL_INNOVATIVE, K.HNTE, K.TECH_LEADER),
        "quality_sme": (
            K.INNOVATIVE_SME,
            K.SRDI_SME,
            K.LITTLE_GIANT,
            K.KEY_LITTLE_GIANT,
            K.MFG_CHAMPION,
        ),
        "high_growth": (K.GAZELLE, K.UNICORN),
        # seed 004 (五): 柳州's own five tiers (tests/cultivation/test_ladder_places.py).
        "liuzhou": (K.TECH_SME, K.SRDI_SME, K.HNTE, K.GAZELLE, K.UNICORN),
    }
    quality = ladders()[1]
    assert quality.above({K.SRDI_SME, K.LITTLE_GIANT}) == K.KEY_LITTLE_GIANT
    assert quality.above({K.LITTLE_GIANT, K.KEY_LITTLE_GIANT}) == K.MFG_CHAMPION
    assert quality.above({K.MFG_CHAMPION}) is None
    # 148号 gives a three-year support period, not a term of the title; 138号 a three-year term.
    assert terms(K.KEY_LITTLE_GIANT).expires(date(2025, 9, 1)) is None
    assert terms(K.MFG_CHAMPION).expires(date(2025, 9, 1)) == date(2028, 8, 31)
    science = ladders()[0]
    assert science.above(set()) == K.TECH_SME
    assert science.above({K.TECH_SME}) == K.PROVINCIAL_INNOVATIVE
    assert science.above({K.HNTE}) == K.TECH_LEADER
    assert science.above({K.TECH_SME, K.TECH_LEADER}) is None
    assert all(source.ref.startswith(("seeds/", "qualification")) for source in science.sources)
    assert terms(K.HNTE).level == Level.NATIONAL
    assert terms(K.TECH_SME).expires(date(2026, 6, 5)) == date(2026, 12, 31)
    assert terms(K.PROVINCIAL_INNOVATIVE).expires(date(2026, 6, 5)) is None


@pytest.fixture
def firms(sqlite_store: Store) -> Store:
    write(
        sqlite_store,
        # 1: holds nothing.
        enterprise(1),
        # 2: a tech SME registered for 2026.
        enterprise(2),
        qualification(
            2, "科技型中小企业", "2026620102000001", date(2026, 5, 1), date(2026, 12, 31)
        ),
        # 3: a provincial tech-innovative enterprise registered on 2025-07-20, one invention patent:
        # not a year old on the first batch (2026-06-30), a year old by the second (2026-08-15).
        enterprise(3, registered=date(2025, 7, 20)),
        qualification(
            3, "省级科技创新型企业", "GSKC2025000003", date(2025, 12, 1), None, level="省级"
        ),
        patent(3, "ZL202510000003", date(2025, 11, 1)),
        # 4: an HNTE whose certificate runs out this year.
        enterprise(4),
        qualification(4, "高新技术企业", "GR202362000004", date(2023, 12, 1), date(2026, 11, 30)),
    )
    return sqlite_store


def _view(store: Store, packs: PackSet, number: int, day: date) -> LadderView:
    with store.transaction() as session:
        return ladder_view(session, packs, uscc(number), day)


def _steps(view: LadderView) -> list[tuple[str, QualificationKind, bool]]:
    return [(step.ladder.id, step.kind, step.renewal) for step in view.steps]


def test_holding_nothing_the_first_tier_of_each_ladder_is_next(
    firms: Store, packs: PackSet
) -> None:
    view = _view(firms, packs, 1, date(2026, 6, 1))
    assert view.held == ()
    assert _steps(view) == [
        ("science", K.TECH_SME, False),
        ("quality_sme", K.INNOVATIVE_SME, False),
        ("high_growth", K.GAZELLE, False),
    ]
    tech_sme = view.steps[0]
    assert tech_sme.batches == () and tech_sme.note and "没有该资质的申报批次" in tech_sme.note


def test_gazelle_in_chengguan_is_undecided_and_planned_for_nowhere(
    firms: Store, packs: PackSet
) -> None:
    # 城关区 has no 瞪羚 criteria of its own; 黄埔区's example does not apply there.
    view = _view(firms, packs, 1, date(2026, 6, 1))
    step = next(s for s in view.steps if s.kind == K.GAZELLE)
    assert step.readiness.status == "unknown" and step.readiness.level_label == "无法判断"
    assert step.readiness.unmet == () and step.readiness.gaps == ()
    assert step.plan == () and step.target is None
    assert step.note == step.readiness.reason
    assert step.note is not None and "不适用于本企业所在地区" in step.note


def test_the_nearest_tier_not_held_and_its_published_criteria(firms: Store, packs: PackSet) -> None:
    view = _view(firms, packs, 2, date(2026, 6, 1))
    assert [h.kind for h in view.held] == [K.TECH_SME]
    assert view.current(ladders()[0]) == K.TECH_SME
    step = view.steps[0]
    assert (step.kind, step.readiness.status) == (K.PROVINCIAL_INNOVATIVE, "unknown")
    assert step.readiness.reason and "未找到公开的认定标准" in step.readiness.reason


def test_a_young_enterprise_targets_the_first_batch_after_its_first_year(
    firms: Store, packs: PackSet
) -> None:
    view = _view(firms, packs, 3, date(2026, 6, 1))
    step = view.steps[0]
    assert (step.kind, step.renewal) == (K.HNTE, False)
    assert [(o.deadline.batch, o.readiness.status) for o in step.batches] == [
        (1, "ineligible"),
        (2, "unknown"),
        (3, "unknown"),
    ]
    assert "注册成立一年以上" in step.batches[0].readiness.unmet
    assert step.target is step.batches[1]
    assert step.plan[-1].text == "完成第二批审核推荐"
    gaps = [item for item in step.plan if not item.text.startswith("备齐材料")]
    assert {item.by for item in gaps} == {date(2026, 8, 15)}
    assert any(item.text.startswith("补齐数据") for item in step.plan)
    # 32号 第十二条's eight materials, dated back from the deadline by who produces them: an
    # intermediary's special audit 30 days before (2026-07-16), the application form 7 days.
    materials = {item.text: item.by for item in step.plan if item.text.startswith("备齐材料")}
    assert len(materials) == 8
    audit = next(text for text in materials if "专项审计或鉴证报告" in text)
    assert materials[audit] == date(2026, 7, 16)
    assert materials["备齐材料：高新技术企业认定申请书（企业自备）"] == date(2026, 8, 8)
    assert [item.by for item in step.plan] == sorted(item.by for item in step.plan)


def test_after_the_last_batch_the_plan_moves_to_next_year(firms: Store, packs: PackSet) -> None:
    view = _view(firms, packs, 3, date(2026, 10, 8))
    step = view.steps[0]
    assert [o.deadline.on for o in step.batches] == [
        date(2027, 6, 30),
        date(2027, 8, 15),
        date(2027, 9, 30),
    ]
    # After 2027's last batch the plan (2024—2027年) gives no date: none is promised.
    after = _view(firms, packs, 3, date(2027, 10, 8)).steps[0]
    assert after.batches == () and after.target is None
    assert after.note is not None and "没有该资质的申报批次" in after.note


def test_a_certificate_running_out_this_year_is_a_re_recognition_step(
    firms: Store, packs: PackSet
) -> None:
    view = _view(firms, packs, 4, date(2026, 6, 1))
    assert _steps(view)[:2] == [("science", K.HNTE, True), ("science", K.TECH_LEADER, False)]
    assert [o.deadline.batch for o in view.steps[0].batches] == [1, 2, 3]
    # 32号 第九条: three years, then 重新认定 as a new application (195号 四3). Once the certificate
    # has run out (on 城关区方案 四(一) list ① in its own year, list ③ after), re-recognition is
    # still the step: the first rung (科技型中小企业) is not all there is to do.
    lapsed = _view(firms, packs, 4, date(2026, 12, 1))
    assert lapsed.held == () and _steps(lapsed)[:2] == [
        ("science", K.HNTE, True),
        ("science", K.TECH_SME, False),
    ]
    assert next(o.deadline.on for o in lapsed.steps[0].batches) == date(2027, 6, 30)
    next_year = _view(firms, packs, 4, date(2027, 1, 5))
    assert next_year.held == () and _steps(next_year)[:2] == [
        ("science", K.HNTE, True),
        ("science", K.TECH_SME, False),
    ]
    # The day before it ran out it is still the year's re-recognition, once.
    last_day = _view(firms, packs, 4, date(2026, 11, 30))
    assert [k for _, k, _ in _steps(last_day)].count(K.HNTE) == 1


def test_a_revoked_certificate_is_no_re_recognition_step(
    sqlite_store: Store, packs: PackSet
) -> None:
    # A cancelled HNTE cannot re-apply in the year it is cancelled (195号 五(六)3) and is on none of
    # 四(一)'s lists: the ladder offers no re-recognition for it.
    write(
        sqlite_store,
        enterprise(5),
        qualification(
            5,
            "高新技术企业",
            "GR202362000005",
            date(2023, 12, 1),
            date(2026, 11, 30),
            status="已撤销",
            revoked_on=date(2026, 3, 10),
        ),
    )
    view = _view(sqlite_store, packs, 5, date(2026, 4, 1))
    assert (K.HNTE, True) not in {(k, r) for _, k, r in _steps(view)}
    # A 专精特新 that ran out years ago is not "re-recognised" ahead of the tier below it.
    write(
        sqlite_store,
        enterprise(6),
        qualification(
            6,
            "专精特新中小企业",
            "ZJTX2019620006",
            date(2019, 7, 1),
            date(2022, 6, 30),
            "已过期",
            "省级",
        ),
    )
    srdi = _steps(_view(sqlite_store, packs, 6, date(2026, 4, 1)))
    assert ("quality_sme", K.INNOVATIVE_SME, False) in srdi
    assert all(not renewal for _, _, renewal in srdi)


def test_a_certificate_revoked_later_is_held_on_the_days_before_its_revocation(
    sqlite_store: Store, packs: PackSet
) -> None:
    # A ladder asked for a day before the recorded revocation sees the title as it stood then:
    # the revocation did not yet apply (as the register's counts and the assessment read it).
    write(
        sqlite_store,
        enterprise(7),
        qualification(
            7,
            "高新技术企业",
            "GR202362000007",
            date(2023, 12, 1),
            date(2026, 11, 30),
            status="已撤销",
            revoked_on=date(2026, 3, 10),
        ),
    )
    before = _view(sqlite_store, packs, 7, date(2026, 3, 9))
    assert K.HNTE in {h.kind for h in before.held}
    on_the_day = _view(sqlite_store, packs, 7, date(2026, 3, 10))
    assert K.HNTE not in {h.kind for h in on_the_day.held}


def test_a_tech_sme_may_apply_for_hnte_directly(firms: Store, packs: PackSet) -> None:
    # 城关区方案 五(一)1 "小升高": 培育辅导科技型中小企业、省级科技创新型企业积极申报高新技术企业.
    # HNTE needs no 省级科技创新型企业 first (32号 第十一条); that tier has no published criteria.
    view = _view(firms, packs, 2, date(2026, 6, 1))
    assert _steps(view)[:2] == [
        ("science", K.PROVINCIAL_INNOVATIVE, False),
        ("science", K.HNTE, False),
    ]
    assert [o.deadline.batch for o in view.steps[1].batches] == [1, 2, 3]
    # Holding nothing, the first rung stays the next step (no shortcut from nowhere).
    nothing = _view(firms, packs, 1, date(2026, 6, 1))
    assert K.HNTE not in {k for _, k, _ in _steps(nothing)}


def test_unknown_enterprise(firms: Store, packs: PackSet) -> None:
    with firms.transaction() as session, pytest.raises(UnknownEnterprise):
        ladder_view(session, packs, uscc(99), date(2026, 6, 1))


def test_who_is_not_recommended_shows_as_a_blocker_on_the_way_to_little_giant(
    sqlite_store: Store, packs: PackSet
) -> None:
    # 工信厅企业函〔2026〕117号 推荐要求（四）(via S-PT): an enterprise with a 单项冠军 product
    # is not put forward for 小巨人; the register holds no product titles, so it is declared.
    write(
        sqlite_store,
        enterprise(5),
        qualification(5, "专精特新中小企业", "ZJTX2024000005", date(2024, 7, 1), date(2027, 6, 30)),
        DeclarationRow.model_validate(
            {
                "统一社会信用代码": uscc(5),
                "声明事项": "mfg_champion_product",
                "声明内容": "是",
                "声明日期": date(2026, 5, 1),
                "来源": "官员核实",
            }
        ),
    )
    step = next(
        s
        for s in _view(sqlite_store, packs, 5, date(2026, 6, 1)).steps
        if s.ladder.id == "quality_sme"
    )
    assert step.kind == K.LITTLE_GIANT
    assert step.readiness.status == "ineligible"
    assert "未获制造业单项冠军（示范企业或单项冠军产品）" in step.readiness.unmet


def test_a_little_giant_looks_next_to_key_little_giant(sqlite_store: Store, packs: PackSet) -> None:
    write(
        sqlite_store,
        enterprise(6),
        qualification(
            6, "专精特新小巨人企业", "XJR2025000006", date(2025, 7, 1), date(2028, 6, 30)
        ),
    )
    step = next(
        s
        for s in _view(sqlite_store, packs, 6, date(2026, 6, 1)).steps
        if s.ladder.id == "quality_sme"
    )
    assert step.kind == K.KEY_LITTLE_GIANT
