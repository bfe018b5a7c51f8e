"""Each place's own ladder (blind3).

Seed 004 (五) (柳州): 支持高新区建立"科技型中小企业、专精特新中小企业、高新技术企业、瞪羚企业、
独角兽企业"的科技企业培育体系 — five tiers in this order. The ladder 科技型中小企业 → 省级科技创新型
企业 → 高新技术企业 → 科技领军企业 is Gansu's (seed 001 第10条, seed 002 二(一)1, seed 003 二):
省级科技创新型企业 is a Gansu title. A 柳州 enterprise was shown the Gansu ladder and told its next
step after 高新技术企业 was 科技领军企业; by 004 it is 瞪羚企业. A Gansu enterprise keeps its
ladders.
"""

from __future__ import annotations

from datetime import date

from techzone.cultivation.calendar import year_calendar
from techzone.cultivation.ladder import LadderView, ladder_view, ladders
from techzone.io.sheets import EnterpriseRow, ParkRow, ZoneRow
from techzone.io.writer import write_rows
from techzone.model.codes import QualificationKind as K
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.cultivation.factory import enterprise, qualification, uscc, write

LZ = "GX-LZ"


def _liuzhou_firm(store: Store, number: int) -> None:
    with store.transaction() as session:
        write_rows(
            session,
            {
                ZoneRow: [
                    ZoneRow.model_validate(
                        {
                            "高新区代码": LZ,
                            "高新区名称": "柳州高新区",
                            "级别": "国家级",
                            "省份": "广西壮族自治区",
                            "城市": "柳州市",
                        }
                    )
                ],
                ParkRow: [
                    ParkRow.model_validate(
                        {"高新区代码": LZ, "园区代码": "LZ", "园区名称": "柳州高新区"}
                    )
                ],
                EnterpriseRow: [
                    enterprise(number).model_copy(update={"zone_code": LZ, "park_code": "LZ"})
                ],
            },
        )


def _view(store: Store, packs: PackSet, number: int) -> LadderView:
    with store.transaction() as session:
        return ladder_view(session, packs, uscc(number), date(2026, 6, 1))


def test_the_liuzhou_ladder_is_the_documents_five_tiers() -> None:
    (liuzhou,) = [ladder for ladder in ladders() if ladder.id == "liuzhou"]
    assert liuzhou.tiers == (K.TECH_SME, K.SRDI_SME, K.HNTE, K.GAZELLE, K.UNICORN)
    assert liuzhou.above({K.HNTE}) == K.GAZELLE
    assert liuzhou.above({K.SRDI_SME}) == K.HNTE
    assert liuzhou.above({K.UNICORN}) is None
    assert [s.ref for s in liuzhou.sources] == ["seeds/004_eb476f983b4aa1cd.txt (五)"]


def test_a_liuzhou_hnte_is_not_shown_the_gansu_ladder(sqlite_store: Store, packs: PackSet) -> None:
    write(sqlite_store)
    _liuzhou_firm(sqlite_store, 7)
    write(
        sqlite_store,
        qualification(7, "高新技术企业", "GR202545000007", date(2025, 11, 1), date(2028, 10, 31)),
    )
    view = _view(sqlite_store, packs, 7)
    shown = {ladder.id for ladder in view.ladders}
    assert "science" not in shown and "liuzhou" in shown
    kinds = [step.kind for step in view.steps]
    assert K.TECH_LEADER not in kinds and K.PROVINCIAL_INNOVATIVE not in kinds
    # 瞪羚 is next once, on 柳州's ladder (the high-growth ladder would name it again).
    assert kinds.count(K.GAZELLE) == 1
    assert next(s for s in view.steps if s.kind == K.GAZELLE).ladder.id == "liuzhou"


def test_a_gansu_enterprise_keeps_its_ladders(sqlite_store: Store, packs: PackSet) -> None:
    write(sqlite_store, enterprise(1))
    view = _view(sqlite_store, packs, 1)
    assert [ladder.id for ladder in view.ladders] == ["science", "quality_sme", "high_growth"]
    assert [s.kind for s in view.steps] == [K.TECH_SME, K.INNOVATIVE_SME, K.GAZELLE]


def test_a_liuzhou_hnte_is_given_no_chengguan_batch(sqlite_store: Store, packs: PackSet) -> None:
    # The batches (6月底、8月中旬、9月底) are 兰州市城关区's (seed 003 四(三)); seed 004 gives
    # 柳州 no calendar. A 柳州 firm re-recognised this year was aimed at 城关区's 2026-06-30.
    write(sqlite_store)
    _liuzhou_firm(sqlite_store, 8)
    write(
        sqlite_store,
        qualification(8, "高新技术企业", "GR202345000008", date(2023, 11, 1), date(2026, 10, 31)),
    )
    step = _view(sqlite_store, packs, 8).steps[0]
    assert (step.kind, step.renewal) == (K.HNTE, True)
    assert step.batches == () and step.target is None
    assert step.note is not None and "按主管部门通知申报" in step.note
    with sqlite_store.transaction() as session:
        liuzhou = year_calendar(session, 2026, LZ)
        chengguan = year_calendar(session, 2026, "LZ-CG")
    assert liuzhou.batches(K.HNTE) == [] and liuzhou.phases == ()
    assert liuzhou.outside_term is not None and "柳州市" in liuzhou.outside_term
    assert len(liuzhou.reminders) == len(chengguan.reminders)
    assert [d.on for d in chengguan.batches(K.HNTE)][:1] == [date(2026, 6, 30)]
