"""Keeping a title: the yearly update from the calendar, the change report, the lapse rules and
the term's end, each with its clause and date, and the list of titles needing attention."""

from __future__ import annotations

from datetime import date

import pytest

from techzone.cultivation.upkeep import upkeep_due, upkeep_file, upkeep_view
from techzone.model.codes import QualificationKind as K
from techzone.rules.records import UnknownEnterprise
from techzone.store import Store
from tests.cultivation.factory import enterprise, qualification, uscc, write


@pytest.fixture
def firms(sqlite_store: Store) -> Store:
    write(
        sqlite_store,
        # 1: an HNTE whose certificate runs out on 2026-11-30.
        enterprise(1),
        qualification(1, "高新技术企业", "GR202362000001", date(2023, 12, 1), date(2026, 11, 30)),
        # 2: a tech SME registered for 2026.
        enterprise(2),
        qualification(
            2, "科技型中小企业", "2026620102000002", date(2026, 3, 1), date(2026, 12, 31)
        ),
        # 3: holds nothing.
        enterprise(3),
    )
    return sqlite_store


def _duties(store: Store, number: int, day: date) -> dict[str, tuple[date | None, str | None]]:
    with store.transaction() as session:
        view = upkeep_view(session, uscc(number), day)
    (title,) = view.titles
    return {duty.label: (duty.on, duty.state) for duty in title.duties}


def test_the_hnte_annual_report_is_due_thirty_days_before_31_may(firms: Store) -> None:
    report = "高新技术企业年度发展情况报表"
    # calendar lead days 30: due from 2026-05-01, still ahead on 2026-04-30.
    assert _duties(firms, 1, date(2026, 5, 1))[report] == (date(2026, 5, 31), "due")
    assert _duties(firms, 1, date(2026, 4, 30))[report] == (date(2026, 5, 31), "upcoming")
    assert _duties(firms, 1, date(2026, 5, 31))[report] == (date(2026, 5, 31), "due")
    # The day after, the next one is a year ahead.
    assert _duties(firms, 1, date(2026, 6, 1))[report] == (date(2027, 5, 31), "upcoming")


def test_the_change_report_and_the_lapse_rules_cite_32号(firms: Store) -> None:
    with firms.transaction() as session:
        (title,) = upkeep_view(session, uscc(1), date(2026, 6, 1)).titles
    change = next(d for d in title.duties if d.label == "重大变化3个月内报告")
    assert "三个月内向认定机构报告" in change.text and "第十七条" in change.clause
    lapses = [d for d in title.duties if d.label == "取消情形"]
    assert any("累计两年未填报" in d.text and "第十九条" in d.clause for d in lapses)


def test_a_term_ending_within_ninety_days_is_shown_before_it_lapses(firms: Store) -> None:
    with firms.transaction() as session:
        (ahead,) = upkeep_view(session, uscc(1), date(2026, 8, 31)).titles  # 91 days left
        (ending,) = upkeep_view(session, uscc(1), date(2026, 9, 1)).titles  # 90 days left
    assert not ahead.ending and ending.ending
    end = next(d for d in ending.duties if d.label == "有效期届满")
    assert (end.on, end.state, end.days_left) == (date(2026, 11, 30), "due", 90)
    assert "重新认定" in end.text


def test_a_tech_sme_updates_by_31_march_or_loses_its_number(firms: Store) -> None:
    duties = _duties(firms, 2, date(2026, 3, 15))
    assert duties["科技型中小企业更新信息并自评"] == (date(2026, 3, 31), "due")
    rules = upkeep_file().qualifications[K.TECH_SME]
    assert any("第十四条（六）" in rule.clause for rule in rules.lapse)


def test_the_list_holds_only_titles_needing_attention(firms: Store) -> None:
    with firms.transaction() as session:
        early = upkeep_due(session, date(2026, 2, 1))
        may = upkeep_due(session, date(2026, 5, 10))
    assert [line.uscc for line in early] == []
    assert [(line.uscc, line.title.held.kind) for line in may] == [(uscc(1), K.HNTE)]


def test_an_enterprise_without_titles_has_nothing_to_keep_and_an_unknown_one_is_refused(
    firms: Store,
) -> None:
    with firms.transaction() as session:
        assert upkeep_view(session, uscc(3), date(2026, 6, 1)).titles == ()
        with pytest.raises(UnknownEnterprise):
            upkeep_view(session, uscc(99), date(2026, 6, 1))
