"""The 公示 period per policy, dated, and the contact for objections every notice names.

reference/official-layout.md: local award notices commonly run 5 or 7 working days and name a
contact for objections; no national rule fixes the period, so it is a dated parameter per policy.
None of the seeds names one: the periods below are test configurations, not the shipped file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from sqlalchemy import func, select

from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import publicity
from techzone.fulfilment.config import DEFAULT_PATH, Handling, handling, read_handling
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.objections import contact
from techzone.fulfilment.states import State
from techzone.model import AuditEntry, Notice
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    OFFICER,
    TRANSFER,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

MONDAY = date(2026, 3, 2)  # the cases are approved on this day (MATCHED_ON)
TUESDAY = date(2026, 3, 3)


def _config(tmp_path: Path, **changes: Any) -> Handling:
    shipped = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    shipped.update(changes)
    path = tmp_path / "fulfilment.yaml"
    path.write_text(yaml.safe_dump(shipped, allow_unicode=True), encoding="utf-8")
    return read_handling(path)


def _use(monkeypatch: pytest.MonkeyPatch, config: Handling) -> None:
    monkeypatch.setattr(publicity, "handling", lambda: config)


def _loan_for_seven(tmp_path: Path, since: date) -> Handling:
    return _config(
        tmp_path, policies={LOAN: {"notice_working_days": [{"since": since, "days": 7}]}}
    )


def _approved(store: Store, catalogue: Catalogue, *events: dict[str, Any]) -> list[int]:
    sync(store, catalogue, records(plain(events=list(events))))
    ids = []
    for case in cases(store):
        confirm(store, case.id)
        approve_all(store, case.id, catalogue, *_fixed(case.policy_id))
        ids.append(case.id)
    return ids


def _fixed(policy_id: str) -> tuple[Any, ...]:
    from decimal import Decimal

    # 第19段 "最高20万元贴息" is a range a reviewer fixes; 第14段 "每项10万元" is one figure.
    return (Decimal("60000"), "按实付利息核定") if policy_id == LOAN else ()


LOAN_EVENT = {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 100_000}
DEAL_EVENT = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}


def _notices(store: Store) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(Notice)) or 0


# --- the shipped file and its validation ---


def test_the_shipped_file_keeps_five_days_and_no_policy_of_its_own() -> None:
    # No seed names a 公示 period: the zone's default applies to every policy, undated.
    shipped = handling()
    assert shipped.notice_working_days == 5
    assert all(not p.notice_working_days for p in shipped.policies.values())
    period = shipped.notice_period(LOAN, MONDAY)
    assert (period.days, period.policy_id, period.since) == (5, None, None)


def test_the_period_in_force_is_the_one_dated_on_or_before_the_day(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        notice_working_days=[
            {"since": date(2026, 1, 1), "days": 5},
            {"since": TUESDAY, "days": 6},
        ],
        policies={LOAN: {"notice_working_days": [{"since": TUESDAY, "days": 7}]}},
    )
    # The day before a policy's first entry, the zone's default then in force applies.
    assert config.notice_period(LOAN, MONDAY).days == 5
    assert config.notice_period(LOAN, TUESDAY).days == 7
    assert config.notice_period(LOAN, TUESDAY).policy_id == LOAN
    assert config.notice_period(TRANSFER, MONDAY).days == 5
    assert config.notice_period(TRANSFER, TUESDAY).days == 6
    # Before the default's first entry nothing is in force: refused, never guessed.
    with pytest.raises(FulfilmentError, match="没有生效的公示期"):
        config.notice_period(TRANSFER, date(2025, 12, 31))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notice_working_days": 0}, "本区默认的公示期 0 个工作日不在1到60之间"),
        ({"notice_working_days": 61}, "不在1到60之间"),
        (
            {"notice_working_days": [{"since": date(2026, 1, 1), "days": 61}]},
            "不在1到60之间",
        ),
        ({"notice_working_days": []}, "没有任何条目"),
        # A policy's list written but left empty is a slip, not "use the default": said.
        ({"policies": {LOAN: {"notice_working_days": []}}}, "政策.*的公示期没有任何条目"),
        ({"notice_working_days": "五"}, r"notice_working_days：须为工作日数，或 \[\{since"),
        (
            {"notice_working_days": [{"since": "明年", "days": 5}]},
            r"notice_working_days\.0\.since：须为日期",
        ),
        ({"notice_working_days": [{"since": date(2026, 1, 1)}]}, r"0\.days：缺少此项"),
        (
            {"policies": {LOAN: {"notice_working_days": [{"since": "x", "days": 5}]}}},
            r"notice_working_days\.0\.since：须为日期",
        ),
        (
            {
                "notice_working_days": [
                    {"since": date(2026, 1, 1), "days": 5},
                    {"since": date(2025, 1, 1), "days": 7},
                ]
            },
            "须从早到晚排列",
        ),
        (
            {
                "policies": {
                    LOAN: {
                        "notice_working_days": [
                            {"since": date(2026, 1, 1), "days": 5},
                            {"since": date(2026, 1, 1), "days": 7},
                        ]
                    }
                }
            },
            f"政策「{LOAN}」的公示期生效日期须从早到晚排列且不重复",
        ),
        (
            {"policies": {LOAN: {"notice_working_days": [{"since": date(2026, 1, 1), "days": 0}]}}},
            f"政策「{LOAN}」的公示期 0 个工作日",
        ),
    ],
)
def test_a_wrong_period_in_the_file_is_refused_in_words(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(FulfilmentError, match=message):
        _config(tmp_path, **changes)


def test_sixty_and_one_days_are_accepted(tmp_path: Path) -> None:
    assert _config(tmp_path, notice_working_days=60).notice_working_days == 60
    assert _config(tmp_path, notice_working_days=1).notice_working_days == 1


# --- publishing ---


@pytest.mark.parametrize(
    ("published", "days", "closes"),
    [
        # The day before the policy's 7 days come into force: the default 5 (2 → 9 March).
        (MONDAY, 5, date(2026, 3, 9)),
        # On the day: 7 working days (3 → 12 March).
        (TUESDAY, 7, date(2026, 3, 12)),
    ],
)
def test_a_notice_runs_for_the_period_in_force_on_its_publication_day(
    store: Store,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    published: date,
    days: int,
    closes: date,
) -> None:
    _use(monkeypatch, _loan_for_seven(tmp_path, TUESDAY))
    _approved(store, catalogue, LOAN_EVENT)
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, published, contact=CONTACT, today=published
        )
        assert (notice.working_days, notice.closes_on) == (days, closes)


def test_a_notice_of_several_policies_runs_for_the_longest(
    store: Store, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, _loan_for_seven(tmp_path, date(2026, 1, 1)))
    loan, deal = _approved(store, catalogue, LOAN_EVENT, DEAL_EVENT)
    with store.transaction() as session:
        notice = publicity.publish(session, ALL, OFFICER, MONDAY, contact=CONTACT, today=MONDAY)
        assert notice.working_days == 7 and notice.closes_on == date(2026, 3, 11)
    assert {c.id: c.state for c in cases(store)} == {loan: State.PUBLICISED, deal: State.PUBLICISED}


def test_an_officer_may_lengthen_the_period_never_shorten_it(
    store: Store, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, _loan_for_seven(tmp_path, date(2026, 1, 1)))
    _approved(store, catalogue, LOAN_EVENT, DEAL_EVENT)
    # 6 days would cut the 贴息's 7 short (the transfer's 5 would be met): refused, naming it.
    with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
        publicity.publish(
            session, ALL, OFFICER, MONDAY, contact=CONTACT, working_days=6, today=MONDAY
        )
    assert "取得信贷支持企业贴息" in str(refused.value)
    assert "自2026-01-01起" in str(refused.value) and "公示7个工作日" in str(refused.value)
    assert _notices(store) == 0
    assert {c.state for c in cases(store)} == {State.APPROVED}
    with store.transaction() as session:
        audited = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "notice.publish"))  # fmt: skip
        assert audited == 0
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, MONDAY, contact=CONTACT, working_days=8, today=MONDAY
        )
        assert notice.working_days == 8 and notice.closes_on == date(2026, 3, 12)


def test_the_zones_default_is_a_floor_too(
    store: Store, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved(store, catalogue, DEAL_EVENT)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="按本区默认公示5"):
        publicity.publish(
            session, ALL, OFFICER, MONDAY, contact=CONTACT, working_days=4, today=MONDAY
        )
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, MONDAY, contact=CONTACT, working_days=5, today=MONDAY
        )
        assert notice.working_days == 5


# --- the contact for objections ---


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"unit": None, "phone": "0943-1234567"}, "请填写异议受理单位"),
        ({"unit": "   ", "phone": "0943-1234567"}, "请填写异议受理单位"),
        ({"unit": "局"}, "异议受理单位须为2到60个字"),
        ({"unit": "科" * 61, "phone": "0943-1234567"}, "异议受理单位须为2到60个字"),
        ({"unit": "科技发展局"}, "至少填写一种异议联系方式"),
        ({"unit": "科技发展局", "person": "李四"}, "至少填写一种异议联系方式"),
        ({"unit": "<b>科技发展局</b>", "phone": "0943-1234567"}, "尖括号"),
        ({"unit": "科技发展局", "address": "银南路<script>1号"}, "通信地址含有不能公示的字符"),
        ({"unit": "科技发展局", "phone": "0943-1234567\x00"}, "控制字符"),
        ({"unit": "科技发展局", "phone": "123456"}, "不像电话号码"),
        ({"unit": "科技发展局", "phone": "javascript:alert(1)"}, "不像电话号码"),
        ({"unit": "科技发展局", "email": "kj@"}, "电子邮箱「kj@」格式不对"),
        ({"unit": "科技发展局", "address": "路" * 101}, "通信地址须为1到100个字"),
        ({"unit": "科技发展局", "phone": "0943-1234567", "person": "人" * 21}, "联系人须为1到20"),
    ],
)
def test_a_contact_that_would_not_reach_anyone_is_refused(
    given: dict[str, Any], message: str
) -> None:
    with pytest.raises(FulfilmentError, match=message):
        contact(**given)


def test_a_contact_at_its_limits_is_accepted_and_tidied() -> None:
    assert contact("科技", phone="0943-1234567").unit == "科技"
    assert len(contact("科" * 60, email="kj@by.gov.cn").unit) == 60
    tidy = contact("  白银高新区\n科技发展局 ", phone=" 0943-1234567转801 ", email="kj@by.gov.cn")
    assert tidy.unit == "白银高新区 科技发展局" and tidy.phone == "0943-1234567转801"
    assert tidy.text == (
        "异议受理单位：白银高新区 科技发展局；联系电话：0943-1234567转801；电子邮箱：kj@by.gov.cn"
    )
    assert contact("科技发展局", address="白银市银南路1号").address == "白银市银南路1号"


def test_a_notice_without_a_contact_is_refused_and_nothing_is_written(
    store: Store, catalogue: Catalogue
) -> None:
    _approved(store, catalogue, DEAL_EVENT)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="异议受理单位"):
        publicity.publish(session, ALL, OFFICER, MONDAY, contact=None, today=MONDAY)
    assert _notices(store) == 0
    assert {c.state for c in cases(store)} == {State.APPROVED}


def test_the_contact_is_kept_with_the_notice_and_named_in_its_document(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    _approved(store, catalogue, DEAL_EVENT)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, MONDAY, contact=CONTACT, today=MONDAY
        ).number
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue)
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "notice.publish"))
        assert entry is not None and "0943-1234567" in str(entry.after)
    assert shown.contact == CONTACT
    assert "向白银高新区管委会科技发展局反映" in shown.objections_to
    path = tmp_path / "公示.docx"
    publicity.write_notice_document(shown, path, "白银高新区管委会")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert (
        "异议受理单位：白银高新区管委会科技发展局；联系人：李四；联系电话：0943-1234567。" in text
    )
    assert "向白银高新区管委会科技发展局反映" in text


def test_a_chain_with_the_same_role_twice_in_a_row_is_refused(tmp_path: Path) -> None:
    """One officer's approval sent twice would pass both steps: the configuration says so."""
    twice = [{"name": "园区初审", "role": "park"}, {"name": "园区复审", "role": "park"}]
    with pytest.raises(FulfilmentError, match="由同一角色相继办理"):
        _config(tmp_path, chains={"default": twice})
    apart = [
        *twice[:1],
        {"name": "高新区审核", "role": "zone"},
        {"name": "园区复核", "role": "park"},
    ]
    assert [step.name for step in _config(tmp_path, chains={"default": apart}).chain("x")] == [
        "园区初审",
        "高新区审核",
        "园区复核",
    ]


def test_two_units_in_a_row_are_two_officers(tmp_path: Path) -> None:
    """Consecutive 责任单位 steps of different units (科技局 then 财政局) are different officers: a
    unit acts only at the steps naming it for the case's zone (``review.unit_holds``). Only a
    unit named at both, for one zone, could pass both with one approval sent twice."""
    first = {"name": "科技局审核", "role": "unit", "units": {"GS-BY": "白银高新区科技发展局"}}
    apart: list[dict[str, Any]] = [
        {"name": "高新区审核", "role": "zone"},
        first,
        {"name": "财政复核", "role": "unit", "units": {"GS-BY": "白银高新区财政局"}},
    ]
    chain = _config(tmp_path, chains={"default": apart}).chain("x")
    assert [step.name for step in chain] == ["高新区审核", "科技局审核", "财政复核"]
    same = [*apart[:2], {**apart[2], "units": {"GS-BY": "白银高新区科技发展局"}}]
    with pytest.raises(FulfilmentError, match="由同一角色相继办理"):
        _config(tmp_path, chains={"default": same})
    # The same unit for one zone among others is enough to refuse.
    mixed = [
        *apart[:2],
        {**apart[2], "units": {"GS-LZ": "兰州高新区科技局", "GS-BY": "白银高新区科技发展局"}},
    ]
    with pytest.raises(FulfilmentError, match="由同一角色相继办理"):
        _config(tmp_path, chains={"default": mixed})
