"""Self-assessments evaluated together give each profile the answer it gets alone.

``self_assess_many`` evaluates profiles of one date and one shape as one frame (a worker answers
concurrent requests that way); every part of each answer — verdicts and their trace, the next
question, the plan, the entitlements with their ids and explanations, the prospects — must be
the one ``self_assess`` gives for the profile alone (itself pinned by
``test_selfcheck_golden.py``).
"""

from __future__ import annotations

import enum
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import numpy as np
import orjson
import pytest

from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.cultivation import selfcheck
from techzone.cultivation.selfcheck import SelfCheck, self_assess, self_assess_many
from techzone.demo.identity import synthetic_uscc
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.profile import ProfileError, parse_profile

from .test_selfcheck_golden import BAIYIN, CASES, FIGURES, HNTE, IP, _calendars

CHENGGUAN = {
    "province": "甘肃省",
    "city": "兰州市",
    "zone_code": "LZ-CG",
    "zone_level": "district",
}
EVENTS: list[dict[str, Any]] = [
    {
        "ref": "P1",
        "kind": "科学技术奖",
        "occurred_on": "2026-01-10",
        "attributes": {"级别": "国家级", "排名": 2},
    },
    {"ref": "F1", "kind": "首台(套)/首批次/首版次", "occurred_on": "2026-02-01"},
    {"ref": "T1", "kind": "技术转移转化项目", "occurred_on": "2026-03-01", "amount": 3_000_000},
    {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2026-02-01", "amount": 400_000},
    {"ref": "L0", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": 300_000},
    {"ref": "R1", "kind": "科研助理岗位聘用", "occurred_on": "2026-03-01"},
    {
        "ref": "Z1",
        "kind": "取得专业技术职称",
        "occurred_on": "2026-04-01",
        "attributes": {"级别": "高级"},
    },
]
PLATFORM = {
    "kind": "企业技术中心",
    "level": "省级",
    "name": "省级企业技术中心",
    "recognised_on": "2026-01-15",
}
DECLARATIONS = {
    "hnte_tech_advancement_band": "B",
    "hnte_core_support_band": "A",
    "hnte_conversions_3y": 9,
    "hnte_rd_management_score": 14,
}
LISTS = ("ip", "qualifications", "platforms", "events", "incidents")
# Which lists a profile gives (the rest left out, unknown): three shapes, so that batches hold
# several profiles each and mix shapes.
SHAPES = (frozenset(LISTS), frozenset({"ip"}), frozenset({"ip", "events", "incidents"}))
DATES = (date(2026, 6, 30), date(2026, 9, 30))


def _varied(number: int) -> tuple[dict[str, Any], date, tuple[str, ...], bool]:
    """A profile of varied content (some without a USCC, some sharing one), its date, the
    questions already answered and whether the plan is dated."""
    rnd = random.Random(number)
    profile: dict[str, Any] = {}
    if number % 4 == 1:
        profile["uscc"] = synthetic_uscc(7)  # one USCC shared by several profiles
    elif number % 4 == 2:
        profile["uscc"] = synthetic_uscc(100 + number)
    profile.update(rnd.choice([BAIYIN, CHENGGUAN, {}, {"province": "甘肃省", "city": "白银市"}]))
    if rnd.random() < 0.8:
        profile["registered_on"] = f"{rnd.randint(2008, 2025)}-0{rnd.randint(1, 9)}-15"
    if rnd.random() < 0.8:
        profile["resident"] = True
    profile["tech_field"] = rnd.choice(["新材料", "电子信息", "生物与新医药"])
    if rnd.random() < 0.5:
        profile["above_scale"] = rnd.random() < 0.5
    if rnd.random() < 0.8:
        scale = rnd.choice([0.1, 1, 3])
        profile["figures"] = {
            year: {
                name: round(value * scale) if name not in ("employees", "tech_staff") else value
                for name, value in figures.items()
            }
            for year, figures in FIGURES.items()
            if rnd.random() < 0.85
        }
    shape = SHAPES[number % len(SHAPES)]
    if "ip" in shape:
        profile["ip"] = IP if rnd.random() < 0.7 else []
    if "qualifications" in shape:
        profile["qualifications"] = (
            [{**HNTE, "issued_on": rnd.choice(["2023-11-20", "2025-11-20", "2026-01-20"])}]
            if rnd.random() < 0.5
            else []
        )
    if "platforms" in shape:
        profile["platforms"] = [PLATFORM] if rnd.random() < 0.5 else []
    if "events" in shape:
        profile["events"] = rnd.sample(EVENTS, rnd.randint(0, 4))
    if "incidents" in shape:
        profile["incidents"] = []
    profile["declarations"] = {k: v for k, v in DECLARATIONS.items() if rnd.random() < 0.4}
    asked = tuple(name for name in ("registered_on", "resident", "ip") if rnd.random() < 0.2)
    return profile, DATES[number // 3 % len(DATES)], asked, rnd.random() < 0.5


def _check(profile: dict[str, Any], as_of: date, asked: tuple[str, ...], dated: bool) -> SelfCheck:
    return SelfCheck(parse_profile(profile), as_of, _calendars() if dated else None, asked)


def _alone(packs: PackSet, catalogue: Catalogue, check: SelfCheck) -> Any:
    try:
        answer: Any = self_assess(
            packs,
            catalogue,
            check.profile,
            check.as_of,
            calendars=check.calendars,
            asked=check.asked,
        )
    except ProfileError as error:
        return ("error", error.problems)
    return _json(answer)


def _json(answer: Any) -> Any:
    if isinstance(answer, ProfileError):
        return ("error", answer.problems)
    # Through JSON, as the API sends it, with every value's type kept (a date is not its text).
    return json.loads(
        json.dumps(answer, ensure_ascii=False, sort_keys=True, default=lambda v: f"{type(v)}:{v}")
    )


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _golden_checks() -> list[SelfCheck]:
    return [
        _check(profile, date.fromisoformat(as_of), tuple(asked), dated)
        for _, profile, as_of, asked, dated in CASES
    ]


def test_the_pinned_profiles_together_get_their_own_answers(
    packs: PackSet, catalogue: Catalogue
) -> None:
    checks = _golden_checks()
    together = self_assess_many(packs, catalogue, checks)
    assert [_json(a) for a in together] == [_alone(packs, catalogue, c) for c in checks]


def test_varied_profiles_together_get_their_own_answers(
    packs: PackSet, catalogue: Catalogue
) -> None:
    checks = [_check(*_varied(number)) for number in range(36)] + _golden_checks()
    random.Random(5).shuffle(checks)
    together = self_assess_many(packs, catalogue, checks)
    alone = [_alone(packs, catalogue, c) for c in checks]
    assert [_json(a) for a in together] == alone
    # The cases are worth comparing: several with entitlements, questions and prospects.
    assert sum(1 for a in alone if a["awards"]["entitlements"]) >= 8
    assert sum(1 for a in alone if a["awards"]["prospects"]) >= 8
    assert sum(1 for a in alone if a["next_question"] is not None) >= 20


def test_together_the_api_sends_the_very_bytes_it_sends_alone(
    packs: PackSet, catalogue: Catalogue
) -> None:
    """Byte for byte, as the API writes them (``web.selfassess.answer_bytes``: keys in the
    order made, numbers as written), not only equal as data: the benchmark's profile under
    names of its own (as the web benchmark asks), with varied profiles of its shape."""
    from techzone.web.selfassess import answer_bytes

    named = [
        _check({**CASES[0][1], "name": f"自评企业{number}"}, DATES[0], (), number % 2 == 0)
        for number in range(4)
    ]
    checks = [*named, *(_check(*_varied(number)) for number in range(12))]
    together = self_assess_many(packs, catalogue, checks)
    for check, answer in zip(checks, together, strict=True):
        assert not isinstance(answer, Exception)
        alone = self_assess(
            packs,
            catalogue,
            check.profile,
            check.as_of,
            calendars=check.calendars,
            asked=check.asked,
        )
        assert answer_bytes(answer) == answer_bytes(alone)


def test_the_api_writes_each_answer_as_python_s_json_would(
    packs: PackSet, catalogue: Catalogue
) -> None:
    """``answer_bytes`` writes with orjson; Python's json (``json_answer_bytes``) is what it must
    send, byte for byte: the pinned profiles, varied ones with and without every declaration,
    and the web benchmark's — which is written by orjson, not left to json."""
    from techzone.jsonwrite import unsure
    from techzone.web.selfassess import answer_bytes, json_answer_bytes

    varied = [_varied(number) for number in range(36)]
    declared = [({**p, "declarations": dict(DECLARATIONS)}, a, q, d) for p, a, q, d in varied]
    checks = [*_golden_checks(), *(_check(*spec) for spec in varied + declared)]
    answers = self_assess_many(packs, catalogue, checks)
    for answer in answers:
        assert not isinstance(answer, Exception)
        assert answer_bytes(answer) == json_answer_bytes(answer)
    benchmark = answers[0]
    assert not unsure(orjson.dumps(benchmark, default=str))


class _Colour(enum.StrEnum):
    RED = "红"


class _Rank(enum.IntEnum):
    FIRST = 1


class _Share(float):
    pass


@dataclass
class _Kept:
    amount: int


@pytest.mark.parametrize(
    "value",
    [
        # Floats orjson writes otherwise (1e-7, 0.00001): left to json. Around them, written alike.
        [1e-07, 1.5e-05, -2e-9, 5e-324, 1e-300],
        {"a": 0.0001, "b": 0.00012345, "c": 1e16, "d": 1.2345678901234568e17, "e": -0.0},
        [0.1, 2.5, 50000000.0, 1 / 3, 123456789.12, 1e308],
        # Integers past 64 bits and keys not text: orjson refuses, json writes them.
        [10**20, -(2**63) - 1, 2**64],
        {2: "二", True: "是", None: "无", 1.5: "半"},
        # Dates, times, dataclasses, decimals, sets: as ``default=str`` writes them.
        {"on": date(2026, 3, 1), "at": datetime(2026, 3, 1, 9, 30), "t": time(9, 30)},
        {"kept": _Kept(3), "exact": Decimal("1.10"), "set": {1}, "raw": b"x"},
        # Numbers of other kinds: numpy's float64 a number, its int64 and bool_ text.
        [np.float64(1.5), np.int64(4), np.bool_(True), _Share(0.25)],
        [np.float64(1e-07), _Share(2e-05)],
        # Text: escapes, line separators, and what only looks like a small number.
        ['\x00\x1f\x7f\u2028\u2029"\\/é中\t\n', "3e-5", "e-mail 0.00001 元", "sha:3e-"],
        {"colour": _Colour.RED, "rank": _Rank.FIRST, "rows": ({"x": (1, 2)}, [])},
    ],
)
def test_any_value_is_written_as_python_s_json_writes_it(value: Any) -> None:
    from techzone.web.selfassess import answer_bytes, json_answer_bytes

    assert answer_bytes({"v": value}) == json_answer_bytes({"v": value})


def test_text_that_is_not_unicode_fails_as_it_did() -> None:
    from techzone.web.selfassess import answer_bytes, json_answer_bytes

    for write in (answer_bytes, json_answer_bytes):
        with pytest.raises(UnicodeEncodeError):
            write({"name": "\ud800"})


def test_a_batch_is_evaluated_together_not_one_by_one(
    packs: PackSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Profiles of one date and shape — the benchmark's, repeated, and others like it — are
    answered by the joint evaluation itself (no falling back to one at a time), and profiles
    without a USCC or sharing one stay apart."""
    # Shape 1 (only the IP given), as the benchmark's profile.
    same = [
        _check(*_varied(number)) for number in range(1, 36, 3) if _varied(number)[1] == DATES[0]
    ]
    benchmark = _check(CASES[0][1], DATES[0], (), False)
    checks = [benchmark, *same[:4], benchmark, benchmark]
    shapes = {
        (c.as_of, frozenset(n for n in LISTS if getattr(c.profile, n) is None)) for c in checks
    }
    assert len(shapes) == 1
    assert len(same) >= 4 and {c.profile.uscc for c in checks} >= {None, synthetic_uscc(7)}
    expected = [_alone(packs, catalogue, c) for c in checks]

    def refuse(*_: Any) -> Any:
        raise AssertionError("answered one at a time")

    monkeypatch.setattr(selfcheck, "_alone", refuse)
    together = self_assess_many(packs, catalogue, checks)
    assert [_json(a) for a in together] == expected
    assert together[0] == together[5] == together[6]


def test_a_bad_profile_fails_alone(
    packs: PackSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _golden_checks()[:3]
    bad = SelfCheck(parse_profile({"declarations": {"nope": 1}}), date(2026, 6, 30))
    answers = self_assess_many(packs, catalogue, [good[0], bad, good[1], good[2]])
    assert isinstance(answers[1], ProfileError)
    assert any("nope" in problem for problem in answers[1].problems)
    assert [_json(a) for a in (answers[0], answers[2], answers[3])] == [
        _alone(packs, catalogue, c) for c in good
    ]


def test_a_batch_that_fails_is_answered_one_at_a_time(
    packs: PackSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever breaks the joint evaluation, each profile still gets its own answer or error."""
    benchmark = _check(CASES[0][1], DATES[0], (), False)
    expected = _alone(packs, catalogue, benchmark)

    def broken(*_: Any) -> Any:
        raise RuntimeError("joint evaluation failed")

    monkeypatch.setattr(selfcheck, "_assess_together", broken)
    answers = self_assess_many(packs, catalogue, [benchmark, benchmark])
    assert [_json(a) for a in answers] == [expected, expected]


def test_a_profile_whose_text_holds_the_key_separator_is_answered_alone(
    packs: PackSet, catalogue: Catalogue
) -> None:
    """An id made from such a text could not be told from a key: that profile is evaluated
    alone, the others together, each with its own answer."""
    odd = {
        **CASES[3][1],
        "uscc": None,
        "events": [{**EVENTS[2], "ref": "T\x1f0"}, {**EVENTS[3], "ref": "PROFILE\x1f0"}],
    }
    checks = [_check(odd, DATES[0], (), False), *(_check(CASES[3][1], DATES[0], (), False),) * 2]
    together = self_assess_many(packs, catalogue, checks)
    assert [_json(a) for a in together] == [_alone(packs, catalogue, c) for c in checks]
    ids = [e["trigger"] for e in together[0]["awards"]["entitlements"]]  # type: ignore[index]
    assert any("\x1f" in i for i in ids)
