"""企业自评 (public page) and /api/v1/self-assessment: progressive, nothing stored, bad input
answered in Chinese by field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from techzone.model import Enterprise
from techzone.store import Store
from tests.support_accounts import Clock
from tests.web.conftest import SessionClient

API = "/api/v1/self-assessment"

HALF = {
    "name": "白银示例新材料有限公司",
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "province": "甘肃省",
    "city": "白银市",
    "figures": {
        "2025": {"employees": 140, "tech_staff": 25, "main_business_income": 50000000},
    },
}


def _post(client: SessionClient, body: Any) -> Any:
    return client.post(API, content=json.dumps(body), headers={"content-type": "application/json"})


def _statuses(result: dict[str, Any]) -> dict[str, str]:
    return {q["id"]: q["status"] for q in result["qualifications"]}


def test_empty_profile_is_all_undecided_with_a_question(anonymous: SessionClient) -> None:
    answer = _post(anonymous, {})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert set(_statuses(result).values()) == {"unknown"}
    assert result["next_question"] is not None
    assert result["next_question"]["label"]
    assert result["trace"]["format"] == "techzone.trace.v2"


def test_more_answers_decide_more(anonymous: SessionClient) -> None:
    few = _post(anonymous, {}).json()
    half = _post(anonymous, HALF).json()

    def undecided(result: dict[str, Any]) -> int:
        return sum(1 for q in result["qualifications"] if q["status"] == "unknown")

    assert undecided(half) <= undecided(few)
    assert all(q["reason"] for q in half["qualifications"] if q["status"] == "unknown")
    # 国家重点支持的高新技术领域 answered: the criterion reading it is no longer waiting.
    hnte = next(q for q in half["qualifications"] if q["id"] == "hnte")
    assert not any("技术领域" in w for w in hnte["waiting"])


def test_a_tech_field_outside_the_eight_fails_hnte_with_its_clause(
    anonymous: SessionClient,
) -> None:
    result = _post(anonymous, {**HALF, "tech_field": "不属于八大领域"}).json()
    hnte = next(q for q in result["qualifications"] if q["id"] == "hnte")
    assert hnte["status"] == "ineligible"
    assert any("第十一条" in (c["clause"] or "") for c in hnte["criteria"])


def test_awards_for_a_place_name_their_clause(anonymous: SessionClient) -> None:
    result = _post(anonymous, HALF).json()
    prospects = result["awards"]["prospects"]
    assert prospects, "白银 has first-recognition awards"
    assert all(p["clause"] and p["document"] for p in prospects)
    assert any(p["qualification"] == "hnte" for p in prospects)


def test_the_plan_is_dated_for_hnte(anonymous: SessionClient) -> None:
    result = _post(anonymous, HALF).json()
    plan = next(p for p in result["plan"] if p["qualification"] == "hnte")
    assert plan["deadline"] is not None
    assert all(item["by"] <= plan["deadline"]["on"] for item in plan["items"] if item["by"])


def test_nothing_is_stored(anonymous: SessionClient, web_store: Store) -> None:
    with web_store.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Enterprise))
    assert _post(anonymous, {**HALF, "uscc": "91620400000000001U"}).status_code in (200, 422)
    anonymous.post("/self-assessment", data={"name": "新企业", "uscc": "91620400MA74X2YB2U"})
    with web_store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Enterprise)) == before


def test_bad_input_is_a_chinese_field_message(anonymous: SessionClient) -> None:
    cases: list[Any] = [
        {"figures": {"2025": {"employees": -1}}},
        {"figures": {"2025": {"main_business_income": 10**30}}},
        {"figures": {"2025": {"main_business_income": "很多"}}},
        {"declarations": {"no_such_item": True}},
        {"unknown_field": 1},
        {"registered_on": "昨天"},
    ]
    for body in cases:
        answer = _post(anonymous, body)
        assert answer.status_code == 422, (body, answer.text)
        error = answer.json()["error"]
        assert error["code"] == "invalid_profile"
        assert error["problems"], body
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p) for p in error["problems"])


def test_bad_bodies_never_500(anonymous: SessionClient) -> None:
    deep = '{"a":' * 5000 + "{}" + "}" * 5000
    shallow_but_deep = '{"figures": ' + '{"a":' * 30 + "{}" + "}" * 30 + "}"
    for content in (
        b"not json",
        b"[1, 2]",
        b"\xff\xfe",
        deep.encode(),
        shallow_but_deep.encode(),
        b"[" * 100000,
        b"null",
    ):
        answer = anonymous.post(API, content=content, headers={"content-type": "application/json"})
        assert answer.status_code == 422, (content[:20], answer.text)
        assert answer.json()["error"]["message"]


def test_a_huge_body_is_refused(anonymous: SessionClient) -> None:
    answer = anonymous.post(
        API,
        content=b'{"name": "' + b"x" * 400_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "too_large"


def test_openapi_documents_the_route(anonymous: SessionClient) -> None:
    document = anonymous.get("/api/v1/openapi.json").json()
    assert "post" in document["paths"][API]


def test_the_page_is_public_and_shows_the_question(anonymous: SessionClient) -> None:
    page = anonymous.get("/self-assessment")
    assert page.status_code == 200
    assert "企业自评" in page.text
    assert "下一个问题" in page.text
    assert "待定" in page.text


def test_the_form_answers_through_htmx(anonymous: SessionClient) -> None:
    answer = anonymous.post(
        "/self-assessment",
        data={"tech_field": "新材料", "registered_on": "2019-05-10", "f-2025-employees": "140"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text
    assert "各项资质" in answer.text


def test_a_plan_moved_to_next_year_says_why(anonymous: SessionClient, clock: Clock) -> None:
    # On 2026-05-01 a firm registered 2025-10-01 is a day short of a year on 2026-09-30, the last
    # batch (32号 第十一条(一)): the plan works to 2027's first, and the page says why.
    clock.offset = datetime(2026, 5, 1, 4, tzinfo=UTC) - datetime.now(UTC)
    answer = anonymous.post(
        "/self-assessment",
        data={"tech_field": "新材料", "registered_on": "2025-10-01"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "第一批审核推荐（2027-06-30）。2026年剩余批次均赶不上（注册成立一年以上）" in answer.text


def test_text_in_a_number_field_is_named(anonymous: SessionClient) -> None:
    answer = anonymous.post("/self-assessment", data={"f-2025-employees": "一百"})
    assert answer.status_code == 422
    assert 'id="f-2025-employees-error"' in answer.text
    answer = anonymous.post(
        "/self-assessment", data={"f-2025-employees": "-3"}, headers={"HX-Request": "true"}
    )
    assert answer.status_code == 422 and "<html" not in answer.text
    assert "不能为负数" in answer.text


def test_saying_none_is_not_leaving_blank(anonymous: SessionClient) -> None:
    from datetime import date

    from techzone.web.selfassess import _packs, read_form

    blank = read_form({}, _packs(), date(2026, 6, 30))
    none = read_form({"ip-state": "none", "incidents-state": "none"}, _packs(), date(2026, 6, 30))
    assert "ip" not in blank.data
    assert none.data["ip"] == [] and none.data["incidents"] == []


def test_gazelle_outside_huangpu_is_undecided_with_the_reason(anonymous: SessionClient) -> None:
    def gazelle(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        result = _post(anonymous, body).json()
        verdict = next(q for q in result["qualifications"] if q["id"] == "gazelle")
        plan = next(p for p in result["plan"] if p["qualification"] == "gazelle")
        return verdict, plan

    verdict, plan = gazelle({**HALF, "zone_code": "GS-BY", "qualifications": []})
    assert verdict["status"] == "unknown" and verdict["gaps"] == []
    assert (
        "现有条件为广州市黄埔区、广州开发区的示例（2022），不适用于本企业所在地区"
        in verdict["reason"]
    )
    assert plan["items"] == []
    # 甘肃省、白银市 alone do not say which zone: still undecided, asking for the zone.
    verdict, _ = gazelle({**HALF, "qualifications": []})
    assert verdict["status"] == "unknown" and "未填写所在高新区" in verdict["reason"]


def test_concurrent_requests_answered_together_as_one_at_a_time(
    anonymous: SessionClient, monkeypatch: Any
) -> None:
    """A worker answers concurrent self-assessments in one batch (``web.batching``): each gets
    the answer it gets alone, and a bad profile its own 422 without failing the others."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from techzone.web import selfassess
    from techzone.web.batching import Batcher

    bodies: list[Any] = [
        HALF,
        {},
        {"declarations": {"nope": 1}},
        {**HALF, "uscc": "91620400000000001U", "ip": []},
        HALF,
        {"registered_on": "不是日期"},
    ]
    alone = [_post(anonymous, body) for body in bodies]
    batches: list[int] = []
    first = threading.Event()

    def held(checks: Any) -> Any:
        if not batches:
            first.set()
            deadline = time.monotonic() + 10
            while batcher._queue.qsize() < 3 and time.monotonic() < deadline:
                time.sleep(0.001)
        batches.append(len(checks))
        return selfassess._assess_many(checks)

    batcher: Batcher[Any, Any] = Batcher(held)
    monkeypatch.setattr(selfassess, "_BATCHER", batcher)
    monkeypatch.setattr(selfassess, "_ANSWERS", selfassess._Lately(0))
    with ThreadPoolExecutor(len(bodies)) as pool:
        answers = [pool.submit(_post, anonymous, bodies[0])]
        assert first.wait(timeout=30)
        answers += [pool.submit(_post, anonymous, body) for body in bodies[1:]]
        together = [answer.result(timeout=120) for answer in answers]
    assert [a.status_code for a in together] == [200, 200, 422, 200, 200, 422]
    assert [a.json() for a in together] == [a.json() for a in alone]
    assert "nope" in together[2].text
    # Four readable profiles queued while the first was answered: at least three together.
    assert max(batches) >= 3, batches


def test_the_answer_is_sent_as_json_response_would_send_it(anonymous: SessionClient) -> None:
    """Written once rather than through a JSON round trip and JSONResponse: the same bytes."""
    from fastapi.responses import JSONResponse

    answer = _post(anonymous, HALF)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == JSONResponse(answer.json()).body


def test_each_year_calendar_is_read_once_per_answer(
    anonymous: SessionClient, monkeypatch: Any
) -> None:
    """The plan asks the calendar of each qualification's year: read once per year and request,
    and the plan dated by it as before (the batch deadlines are the calendar's)."""
    from techzone.cultivation.calendar import year_calendar
    from techzone.web import selfassess

    read: list[int] = []
    original = year_calendar

    def counted(session: Any, year: int) -> Any:
        read.append(year)
        return original(session, year)

    monkeypatch.setattr(selfassess, "year_calendar", counted)
    first = _post(anonymous, HALF)
    assert first.status_code == 200, first.text
    assert read and len(read) == len(set(read))
    read.clear()
    second = _post(anonymous, HALF).json()
    assert len(read) == len(set(read)) >= 1  # each request reads again, nothing kept between
    hnte = next(p for p in second["plan"] if p["qualification"] == "hnte")
    assert hnte["deadline"] is not None and hnte["items"]


def test_a_comma_is_read_only_as_a_thousands_separator() -> None:
    """「1,0」 was read as 10 and 「12,5」 as 125: asked, never guessed; 1,234,567 stays itself."""
    from datetime import date

    from techzone.web.selfassess import _packs, read_form

    day = date(2026, 6, 30)
    grouped = read_form({"f-2025-main_business_income": "1,234,567"}, _packs(), day)
    assert grouped.data["figures"]["2025"]["main_business_income"] == "1234567"
    assert not grouped.errors
    decimal_comma = read_form({"f-2025-main_business_income": "12,5"}, _packs(), day)
    assert "figures" not in decimal_comma.data
    assert "千位分隔符" in decimal_comma.errors["f-2025-main_business_income"]


# The same answers without the enterprise's name: an answer set many enterprises may give.
UNNAMED = {key: value for key, value in HALF.items() if key != "name"}


def _assessed(monkeypatch: Any) -> list[int]:
    """The size of each batch the worker assesses from now on."""
    from techzone.web import selfassess
    from techzone.web.batching import Batcher

    made: list[int] = []

    def counted(checks: Any) -> Any:
        made.append(len(checks))
        return selfassess._assess_many(checks)

    monkeypatch.setattr(selfassess, "_BATCHER", Batcher(counted))
    return made


def test_the_same_answers_on_the_same_day_get_the_answer_made_for_them(
    anonymous: SessionClient, clock: Any, monkeypatch: Any
) -> None:
    """Answers that name no enterprise, asked again, get the bytes made for them the first time
    without being assessed again — the bytes a worker that kept nothing makes; one answer
    more, or another day, is assessed anew."""
    from datetime import timedelta

    from techzone.web import selfassess

    made = _assessed(monkeypatch)
    first = _post(anonymous, UNNAMED)
    assert first.status_code == 200, first.text
    again = _post(anonymous, dict(reversed(list(UNNAMED.items()))))
    assert made == [1] and again.content == first.content
    selfassess._ANSWERS.clear()
    assert _post(anonymous, UNNAMED).content == first.content and made == [1, 1]
    assert _post(anonymous, {**UNNAMED, "resident": False}).status_code == 200
    assert made == [1, 1, 1]
    clock.advance(timedelta(days=1))
    next_day = _post(anonymous, UNNAMED).json()
    assert made == [1, 1, 1, 1] and next_day["as_of"] != first.json()["as_of"]
    # The page is answered from the same kept answer as the API.
    page = anonymous.post(selfassess.PATH, data={"tech_field": "新材料"})
    assert page.status_code == 200 and made == [1, 1, 1, 1, 1]
    page_again = anonymous.post(selfassess.PATH, data={"tech_field": "新材料"})
    assert page_again.text == page.text and made == [1, 1, 1, 1, 1]


def test_answers_naming_an_enterprise_are_not_kept(
    anonymous: SessionClient, monkeypatch: Any
) -> None:
    """Nothing about a named enterprise stays once its answer is sent."""
    from datetime import date

    from techzone.rules.profile import Profile
    from techzone.web import selfassess

    made = _assessed(monkeypatch)
    named = [HALF, HALF, {**UNNAMED, "uscc": "91620400000000001U"}] * 2
    assert all(_post(anonymous, body).status_code == 200 for body in named)
    assert made == [1] * 6
    assert selfassess._key(Profile.model_validate(HALF), date(2026, 6, 30)) is None


def test_an_answer_is_not_given_again_once_a_calendar_it_read_changed(
    anonymous: SessionClient, monkeypatch: Any
) -> None:
    """Officers change batch deadlines at any time: an answer dated by a calendar that reads
    otherwise now is made anew, with the new dates."""
    from dataclasses import replace
    from datetime import date, timedelta

    from techzone.cultivation.calendar import year_calendar
    from techzone.web import selfassess

    made = _assessed(monkeypatch)
    moved: list[int] = []

    def calendar(session: Any, year: int) -> Any:
        found = year_calendar(session, year)
        if not moved:
            return found
        later = tuple(replace(d, on=d.on + timedelta(days=1)) for d in found.deadlines)
        return replace(found, deadlines=later)

    monkeypatch.setattr(selfassess, "year_calendar", calendar)
    first = _post(anonymous, UNNAMED).json()
    moved.append(1)
    second = _post(anonymous, UNNAMED).json()
    third = _post(anonymous, UNNAMED).json()
    assert made == [1, 1] and third == second

    def deadline(answer: Any) -> date:
        hnte = next(p for p in answer["plan"] if p["qualification"] == "hnte")
        return date.fromisoformat(hnte["deadline"]["on"])

    assert deadline(second) == deadline(first) + timedelta(days=1)


def test_an_answer_costs_the_database_nothing_and_the_form_its_zone_list(
    store: Store, store_url: str
) -> None:
    """Each statement is a round trip to a database server. The API's answer — made, or given
    again — sends none (its calendars are the document's, read for no zone); the form's page
    sends one, the zone list, and on PostgreSQL outside a transaction (BEGIN and COMMIT were two
    round trips more)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from techzone.web import WebSettings, create_app
    from techzone.web.selfassess import PATH

    client = TestClient(create_app(WebSettings(database_url=store_url), store=store))
    sent: list[tuple[str, bool]] = []

    def count(connection: Any, _cursor: object, statement: str, *_rest: object) -> None:
        dbapi = connection.connection.dbapi_connection
        sent.append((statement, bool(getattr(dbapi, "autocommit", False))))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        answers = [_post(client, HALF), _post(client, UNNAMED), _post(client, UNNAMED)]
        assert [a.status_code for a in answers] == [200] * 3
        assert sent == []
        page = client.get(PATH)
        assert page.status_code == 200 and "企业自评" in page.text
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(sent) == 1 and "FROM zone" in sent[0][0], sent
    assert sent[0][1] == (store.engine.dialect.name == "postgresql")


def test_only_the_last_answers_are_kept() -> None:
    from datetime import date

    from techzone.web.selfassess import _Given, _Lately

    lately = _Lately(2)
    day = date(2026, 6, 30)
    given = [_Given(None, None, {}, {"n": n}) for n in range(3)]  # type: ignore[arg-type]
    lately.put((day, b"a"), given[0])
    lately.put((day, b"b"), given[1])
    assert lately.get((day, b"a")) is given[0]  # now the latest
    lately.put((day, b"c"), given[2])
    assert lately.get((day, b"b")) is None
    assert lately.get((day, b"a")) is given[0] and lately.get((day, b"c")) is given[2]


def test_a_worker_warms_on_an_empty_profile_and_survives_a_failure(
    monkeypatch: Any, caplog: Any
) -> None:
    """``techzone serve``'s workers answer an empty profile for today as they start (the first
    enterprise no longer waits for the rules): no calendar, nothing kept; a failure is only
    logged."""
    from datetime import date

    from techzone.rules.profile import Profile
    from techzone.web import selfassess
    from techzone.web.batching import Batcher

    seen: list[Any] = []

    def answered(checks: Any) -> Any:
        seen.extend(checks)
        return [{} for _ in checks]

    monkeypatch.setattr(selfassess, "_BATCHER", Batcher(answered))
    day = date(2026, 6, 30)
    selfassess.warm(day).join(timeout=30)
    asked = [(c.profile, c.as_of, c.calendars, c.asked) for c in seen]
    assert asked == [(Profile(), day, None, ())]
    assert not selfassess._ANSWERS._given

    def failing(checks: Any) -> Any:
        raise RuntimeError("packs unreadable")

    monkeypatch.setattr(selfassess, "_BATCHER", Batcher(failing))
    selfassess.warm(day).join(timeout=30)
    assert "预热失败" in caplog.text


def test_a_market_share_typed_as_a_percentage_is_said_how_to_write() -> None:
    from datetime import date

    from techzone.web.selfassess import _packs, read_form

    answers = read_form({"d-market_share": "12%"}, _packs(), date(2026, 6, 30))
    assert "declarations" not in answers.data
    assert answers.errors["d-market_share"] == "以比例填写：12%应写作0.12"


def test_the_form_says_the_unit_of_a_declared_amount_and_share(anonymous: SessionClient) -> None:
    # The figures' labels say (元); a declared amount or share said nothing, so an enterprise
    # typed 500 for 500万元, or 12 for a 12% share (a share of 1200%, meeting 占有率≥10%).
    page = anonymous.get("/self-assessment").text
    assert "近两年新增股权融资总额（合格机构投资者实缴）（元）" in page
    assert "主导产品细分市场占有率（以比例填写，0.12即12%）" in page
    refused = anonymous.post("/self-assessment", data={"d-market_share": "12"})
    assert refused.status_code == 422
    assert "主导产品细分市场占有率：不能大于1（以比例填写，如12%写作0.12）" in refused.text


def test_an_answer_naming_its_zone_is_dated_by_the_zone_s_own_calendar(
    anonymous: SessionClient, web_store: Store
) -> None:
    """Officers may set their zone's own date for a batch (`calendar --set`): the ladder dates a
    registered enterprise's plan by it, and the self-assessment naming that zone does too; one
    naming no zone, or a code the register does not hold, keeps the document's date."""
    from datetime import date, timedelta

    from techzone.cultivation.calendar import set_calendar_date

    def hnte_deadline(body: dict[str, Any]) -> dict[str, Any]:
        answer = _post(anonymous, body).json()
        plan = next(p for p in answer["plan"] if p["qualification"] == "hnte")
        assert plan["deadline"] is not None
        return dict(plan["deadline"])

    document = hnte_deadline(HALF)
    batches = {"第一批": "batch_1", "第二批": "batch_2", "第三批": "batch_3"}
    item = next(i for word, i in batches.items() if word in document["label"])
    day = date.fromisoformat(document["on"])
    earlier = day - timedelta(days=5)
    with web_store.transaction() as session:
        set_calendar_date(session, day.year, "GS-BY", item, earlier, by="测试")
    try:
        assert hnte_deadline({**HALF, "zone_code": "GS-BY"})["on"] == earlier.isoformat()
        assert hnte_deadline(HALF)["on"] == day.isoformat()
        assert hnte_deadline({**HALF, "zone_code": "XX-NONE"})["on"] == day.isoformat()
    finally:
        with web_store.transaction() as session:
            set_calendar_date(session, day.year, "GS-BY", item, day, by="测试")


def test_a_fact_in_the_future_is_refused_by_its_field(
    anonymous: SessionClient, clock: Clock
) -> None:
    # The import refuses a fact dated after today (+30 days, techzone.bounds); the self-assessment
    # took a firm founded next year, next year's accounts and a patent granted next year as true.
    clock.offset = datetime(2026, 5, 1, 4, tzinfo=UTC) - datetime.now(UTC)
    patent: dict[str, Any] = {"kind": "发明专利", "number": "ZL1", "granted_on": "2026-07-01"}
    patent |= {"acquisition": "自主研发", "status": "有效", "used_for_hnte": False}
    body = {"registered_on": "2026-06-01", "figures": {"2027": {"employees": 10}}, "ip": [patent]}
    answer = _post(anonymous, body)
    assert answer.status_code == 422, answer.text
    said = answer.json()["error"]["problems"]
    assert any(p.startswith("成立日期：") and "未来" in p for p in said), said
    assert any(p.startswith("2027年的年度数据：") for p in said), said
    assert any(p.startswith("知识产权「授权日期」：") for p in said), said
    # the other side: 30 days ahead is a document dated a little ahead of its entry, and this
    # year's accounts are accounts
    fine = {"registered_on": "2026-05-31", "figures": {"2026": {"employees": 10}}}
    assert _post(anonymous, fine).status_code == 200
    answer = anonymous.post("/self-assessment", data={"registered_on": "2026-06-01"})
    assert answer.status_code == 422 and "未来" in answer.text


def test_the_page_shows_last_year_s_claimable_award_and_a_park_left_open() -> None:
    # 白银 政策清单 第二条: a certificate of 2025-11-20 is applied for in 2026. 第一条: with
    # the park left out the zone's award at stake holds only in the listed parks; an award of
    # the zone's says what it assumes (注册和纳税、独立核算) and when it is applied for.
    from datetime import date

    from techzone.awards.catalogue import load_catalogue
    from techzone.cultivation.selfcheck import self_assess
    from techzone.rules.loader import load_packs
    from techzone.rules.profile import parse_profile
    from techzone.web.templating import templates

    packs, catalogue = load_packs(), load_catalogue()
    place = {
        "uscc": "91620400000000001U",
        "registered_on": "2015-01-01",
        "zone_code": "GS-BY",
        "province": "甘肃省",
        "city": "白银市",
    }
    held = {
        "kind": "高新技术企业",
        "level": "国家级",
        "certificate_no": "GR202562000001",
        "issued_on": "2025-11-20",
        "expires_on": "2028-11-19",
        "status": "有效",
    }
    page = templates.env.get_template("self_assessment_result.html")

    def shown(profile: dict[str, Any]) -> str:
        result = self_assess(packs, catalogue, parse_profile(profile), date(2026, 12, 5))
        return page.render(result=result, question=None, question_fields=[], problems=None)

    certified = shown({**place, "park": "银东工业园", "qualifications": [held]})
    assert "2025年取得、2026年申报" in certified
    assert "首次认定高新技术企业奖励（高新区）" in certified
    assert "须经办人核对纳税地和核算方式" in certified
    assert "次年申报（第二条）" in certified
    unplaced = shown(place)
    assert "园区未填" in unplaced
    assert "2025年取得" not in unplaced
