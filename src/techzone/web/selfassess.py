"""企业自评: the public self-assessment page and its API (/api/v1/self-assessment).

The form's answers become a profile (``techzone.rules.profile``, the file ``assess --profile``
reads); ``cultivation.selfcheck.self_assess`` does the rest. Nothing is stored. The page works
with any number of answers: each change re-renders the result through htmx. A worker keeps the
answers it gave lately to answer sets that name no enterprise (``_ANSWERS``), in its memory
only, and gives one again for the very same answers on the same day.

The import template's enterprise sheets may be uploaded instead (``/self-assessment/upload``):
checked like an upload to the import page (``web.uploads.received``), read by the core
(``io.profile_file.read_profile_file``), assessed the same way, and the form filled with what it
holds so the answers can go on from there.
"""

from __future__ import annotations

import json
import logging
import pickle
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from techzone.awards.catalogue import Catalogue
from techzone.cultivation.calendar import YearCalendar, year_calendar
from techzone.io.declared import percent_fault
from techzone.io.fields import ungrouped
from techzone.io.messages import reason
from techzone.jsonwrite import AS_JSON as _AS_JSON
from techzone.jsonwrite import as_json_writes as _as_json_writes
from techzone.jsonwrite import unsure as _unsure
from techzone.model.codes import (
    IncidentKind,
    IpAcquisition,
    IpKind,
    IpStatus,
    Level,
    ListingStatus,
    Ownership,
    QualificationKind,
    TechField,
    ZoneLevel,
)
from techzone.rules.loader import PackSet
from techzone.rules.pack import Declaration
from techzone.rules.profile import Figures, Profile, ProfileError, facts_out_of_bounds
from techzone.rules.records import UnknownZone
from techzone.web.api import API_V1
from techzone.web.auth import settings_of, store_of
from techzone.web.batching import Batcher
from techzone.web.errors import WebError
from techzone.web.templating import render

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix=API_V1, tags=["企业自评"])

PATH = "/self-assessment"
UPLOAD_PATH = "/self-assessment/upload"
# One enterprise's sheets of the template are tens of kilobytes; the page is public, so the
# bound is far below the officers' import (20 MB). Chosen locally.
MAX_UPLOAD = 2 * 1024 * 1024
_ENVELOPE = 64 * 1024
# A self-assessment is a few kilobytes of answers; anything far larger is not one.
MAX_BODY = 256 * 1024
MAX_DEPTH = 12
IP_ROWS, QUALIFICATION_ROWS, INCIDENT_ROWS = 6, 4, 3

PEOPLE = ("employees", "tech_staff", "rd_staff")
MONEY = (
    "main_business_income",
    "other_business_income",
    "gross_income",
    "non_taxable_income",
    "high_tech_income",
    "rd_expense",
    "rd_expense_deduction",
    "domestic_rd_expense",
    "total_assets",
    "liabilities",
    "net_profit",
    "tax_paid",
)
TEXT_FIELDS = {
    "name": "企业名称",
    "uscc": "统一社会信用代码",
    "industry_code": "行业代码（GB/T 4754，如 C3985）",
    "province": "所在省份（如 甘肃省）",
    "city": "所在城市（如 白银市）",
    "park": "所在园区名称",
}
CHOICES: dict[str, tuple[str, list[str]]] = {
    "tech_field": ("技术领域", TechField.labels()),
    "ownership": ("所有制", Ownership.labels()),
    "listing": ("上市状态", ListingStatus.labels()),
    "zone_level": ("所在区域级别", ZoneLevel.labels()),
}
YES_NO = {"resident": "中国境内（不含港澳台）注册的居民企业", "above_scale": "规模以上企业"}


class SelfAssessmentError(WebError):
    status = 422
    code = "invalid_profile"
    message = "企业画像有误"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("企业画像有误：" + "；".join(problems[:20]))
        self.problems = problems


@dataclass
class Answers:
    """The form as typed (to show it again) and the profile it gives."""

    values: dict[str, str]
    data: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _packs() -> PackSet:
    from techzone.rules.loader import load_packs

    return load_packs()


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    from techzone.awards.catalogue import load_catalogue

    return load_catalogue()


def figure_years(as_of: date) -> list[int]:
    """The three accounting years a rule reads, counted back (国科发火〔2016〕195号 三(一))."""
    return [as_of.year - 3, as_of.year - 2, as_of.year - 1]


def _label(name: str) -> str:
    info = Figures.model_fields[name]
    return str(info.alias or name)


def _declarations(packs: PackSet) -> list[tuple[str, Declaration]]:
    return sorted(packs.declarations.items(), key=lambda item: item[1].label)


def read_form(form: Mapping[str, str], packs: PackSet, as_of: date) -> Answers:
    """The profile the answered fields give; a blank field is unknown, never zero."""
    values = {key: value.strip() for key, value in form.items() if isinstance(value, str)}
    answers = Answers(values, {})
    data = answers.data
    for name in (*TEXT_FIELDS, *CHOICES, "registered_on", "zone_code"):
        if values.get(name):
            data[name] = values[name]
    for name in YES_NO:
        if values.get(name) in ("true", "false"):
            data[name] = values[name] == "true"
    figures: dict[str, dict[str, str]] = {}
    for year in figure_years(as_of):
        row = {}
        for name in (*PEOPLE, *MONEY):
            key = f"f-{year}-{name}"
            if not values.get(key):
                continue
            try:
                row[name] = ungrouped(values[key])
            except ValueError as error:
                answers.errors[key] = str(error)
                answers.problems.append(f"{year}年：{error}")
        if row:
            figures[str(year)] = row
    if figures:
        data["figures"] = figures
    _list(answers, "ip", IP_ROWS, ("kind", "number", "granted_on", "acquisition", "status"))
    _list(
        answers, "qualifications", QUALIFICATION_ROWS, ("kind", "level", "issued_on", "expires_on")
    )
    _list(answers, "incidents", INCIDENT_ROWS, ("kind", "occurred_on"))
    declared: dict[str, Any] = {}
    for name, declaration in packs.declarations.items():
        text = values.get(f"d-{name}", "")
        if not text:
            continue
        if declaration.type == "boolean":
            if text in ("true", "false"):
                declared[name] = text == "true"
        elif declaration.type == "band":
            declared[name] = text
        else:
            try:
                number = float(ungrouped(text))
            except ValueError:
                said = percent_fault(declaration, text) or "须为数字"
                answers.errors[f"d-{name}"] = said
                answers.problems.append(f"{declaration.label}：{said}")
                continue
            declared[name] = int(number) if number.is_integer() and abs(number) < 2**53 else number
    if declared:
        data["declarations"] = declared
    return answers


def _list(answers: Answers, name: str, rows: int, columns: tuple[str, ...]) -> None:
    """A list the enterprise says it has none of is ``[]``; one it left unanswered is unknown."""
    values = answers.values
    state = values.get(f"{name}-state", "")
    items = []
    for i in range(rows):
        item: dict[str, Any] = {
            c: values[f"{name}-{i}-{c}"] for c in columns if values.get(f"{name}-{i}-{c}")
        }
        if "kind" not in item:
            # The other columns have defaults (获得方式, 否): a row is an item once its kind is
            # chosen; a date typed without a kind is a mistake to point at.
            if any(key.endswith("_on") for key in item):
                answers.errors[f"{name}-{i}-kind"] = "请选择类型"
                answers.problems.append(f"第{i + 1}行：请选择类型")
            continue
        if name == "ip":
            item.setdefault("number", f"自评{i + 1}")
            item.setdefault("acquisition", IpAcquisition.labels()[0])
            item.setdefault("status", IpStatus.labels()[0])
            item["used_for_hnte"] = values.get(f"ip-{i}-used") == "true"
        if name == "qualifications":
            item.setdefault("certificate_no", f"自评{i + 1}")
            item["status"] = "有效"
        items.append(item)
    if state == "none":
        answers.data[name] = []
    elif items or state == "list":
        answers.data[name] = items


def _field_of(loc: tuple[int | str, ...]) -> str | None:
    """The form field a profile error belongs to."""
    parts = [str(p) for p in loc]
    if not parts:
        return None
    if parts[0] == "figures" and len(parts) >= 3:
        by_alias = {str(info.alias): n for n, info in Figures.model_fields.items()}
        return f"f-{parts[1]}-{by_alias.get(parts[2], parts[2])}"
    if parts[0] in ("ip", "qualifications", "incidents") and len(parts) >= 2:
        return f"{parts[0]}-{parts[1]}-kind"
    if parts[0] == "declarations" and len(parts) >= 2:
        return f"d-{parts[1]}"
    return parts[0]


_LISTS = {"ip": "知识产权", "qualifications": "资质", "incidents": "违规事件"}
_COLUMNS = {
    "kind": "类型",
    "number": "编号",
    "granted_on": "授权日期",
    "acquisition": "获得方式",
    "status": "已用于高企申报",
    "level": "级别",
    "issued_on": "发证日期",
    "expires_on": "有效期至",
    "occurred_on": "发生日期",
}
_TOP = {**TEXT_FIELDS, "registered_on": "成立日期", "zone_code": "所在高新区"}
_TOP.update({name: label for name, (label, _) in CHOICES.items()})
_TOP.update(YES_NO)


def _named(loc: tuple[int | str, ...], column: str | None) -> str | None:
    """A field as the form labels it (「2025年境内研发费用(元)」), not as the profile calls it
    (「figures.2025.domestic_rd_expense」)."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["figures"] and len(parts) >= 3:
        name = parts[2]
        label = _label(name) if name in Figures.model_fields else name
        return f"{parts[1]}年{label}"
    if parts[:1] == ["declarations"] and len(parts) >= 2:
        found = _packs().declarations.get(parts[1])
        return found.label if found is not None else None
    if parts and parts[0] in _LISTS and len(parts) >= 2:
        # The profile holds the filled rows only: its row number is not the form's.
        name = parts[2] if len(parts) >= 3 else ""
        return f"{_LISTS[parts[0]]}「{_COLUMNS.get(name, column or name)}」"
    return _TOP.get(parts[0]) if parts else None


_DECLARED = re.compile(r"declarations\.([A-Za-z0-9_]+)")


def _said(problem: str) -> str:
    """A refusal of the assessment with each declaration by its label."""

    def label(match: re.Match[str]) -> str:
        found = _packs().declarations.get(match.group(1))
        return found.label if found is not None else match.group(0)

    return _DECLARED.sub(label, problem)


def validate(answers: Answers, today: date | None = None) -> Profile | None:
    """The profile, or None with each problem by its field (in Chinese); a fact dated after
    ``today`` (+30 days) is refused as the import refuses it (techzone.bounds)."""
    try:
        profile = Profile.model_validate(answers.data)
    except ValidationError as error:
        for detail in error.errors():
            column, text = reason(detail)
            loc = tuple(detail["loc"])
            key = _field_of(loc)
            where = ".".join(str(p) for p in loc[:-1])
            answers.problems.append(f"{_named(loc, column) or column or where}：{text}")
            if key is not None:
                answers.errors.setdefault(key, text)
        return None
    except RecursionError:
        answers.problems.append("内容嵌套层数过多")
        return None
    future = facts_out_of_bounds(profile, today)
    for loc, text in future:
        # an accounting year is a key, not a field: named by the year itself
        year = f"{loc[1]}年的年度数据" if loc[:1] == ("figures",) and len(loc) == 2 else None
        answers.problems.append(f"{year or _named(loc, None) or '.'.join(map(str, loc))}：{text}")
        key = _field_of(loc)
        if key is not None:
            answers.errors.setdefault(key, text)
    return None if future else profile


def _calendars(request: Request, zone: str | None = None) -> Any:
    """The application calendars an answer is dated by: the zone's own (its officers' dates for
    an item and year, where set) when the answers name a zone of the register, else the
    document's — as the ladder dates a registered enterprise's plan by its zone's."""
    store = store_of(request)
    # Read once per year for this request alone: the plan asks for the year of each of the nine
    # qualifications, and each read was a transaction of its own (≈ 2 ms of a profile's CPU).
    # The calendar for no zone is the document's: ``year_calendar`` sends no statement for it
    # (a zone's own dates are read only for a zone), so the session is never given a
    # connection and an answer costs the database nothing.
    read: dict[int, YearCalendar] = {}

    def calendar(year: int) -> YearCalendar:
        if year not in read:
            with store.transaction() as session:
                if zone is None:
                    read[year] = year_calendar(session, year)
                else:
                    try:
                        read[year] = year_calendar(session, year, zone)
                    except UnknownZone:  # a code the register does not hold: the document's
                        read[year] = year_calendar(session, year)
        return read[year]

    return calendar


def _assess_many(checks: Sequence[Any]) -> list[dict[str, Any] | Exception]:
    from techzone.cultivation.selfcheck import self_assess_many

    return self_assess_many(_packs(), _catalogue(), checks)


# One per worker process: the self-assessments a worker is asked for at the same time are
# evaluated together, each answered as if alone (``cultivation.selfcheck.self_assess_many``).
# A client of the form or the API asks again once answered: a batch waits up to 50 ms after
# the last for its clients (``Batcher``'s ``again``): their round trip took 5-35 ms on a busy
# machine, and a batch of ten costs some 70 ms of CPU, one of one some 40.
_BATCHER: Batcher[Any, dict[str, Any]] = Batcher(_assess_many, again=0.05, name="self-assessment")


@dataclass
class _Given:
    """An answer given, with all it was made from besides the profile and the day: the packs,
    the catalogue and each year's calendar it read."""

    packs: PackSet
    catalogue: Catalogue
    calendars: dict[int, YearCalendar]
    answer: dict[str, Any]
    body: bytes | None = None
    """The API's bytes of ``answer``, once some request has sent them."""

    def holds(self, packs: PackSet, catalogue: Catalogue, calendars: Any) -> bool:
        return (
            self.packs is packs
            and self.catalogue is catalogue
            and all(calendars(year) == kept for year, kept in self.calendars.items())
        )


class _Lately:
    """The last ``most`` answers given, by answer set and day."""

    def __init__(self, most: int) -> None:
        self._most = most
        self._given: OrderedDict[tuple[date, bytes], _Given] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[date, bytes]) -> _Given | None:
        with self._lock:
            given = self._given.get(key)
            if given is not None:
                self._given.move_to_end(key)
            return given

    def put(self, key: tuple[date, bytes], given: _Given) -> None:
        with self._lock:
            self._given[key] = given
            self._given.move_to_end(key)
            while len(self._given) > self._most:
                self._given.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._given.clear()


# Enterprises starting the form answer the same few questions the same way, and a page or a
# client may ask again for what it has just been told: an answer made anew costs some 20 ms of
# a worker's CPU, one kept costs the calendars read again. Some 0.35 MB each (the answer and its
# bytes), per worker, in memory only.
_ANSWERS = _Lately(64)


def _key(profile: Profile, as_of: date) -> tuple[date, bytes] | None:
    """What an answer is kept under: the profile's every value with its type (pickled: 1 and
    1.0, or null and NaN, are not the same answers) and the day. None — not kept — for a
    profile that names an enterprise: nothing about a named enterprise stays once its answer
    is sent (nothing is stored)."""
    if profile.uscc is not None or profile.name is not None:
        return None
    return as_of, pickle.dumps(profile, protocol=pickle.HIGHEST_PROTOCOL)


def _given(request: Request, profile: Profile, as_of: date) -> _Given:
    from techzone.cultivation.selfcheck import SelfCheck

    packs, catalogue, calendars = _packs(), _catalogue(), _calendars(request, profile.zone_code)
    key = _key(profile, as_of)
    kept = _ANSWERS.get(key) if key is not None else None
    # The calendars are officers' to change at any time: an answer is given again only while
    # each one it was dated by reads the same.
    if kept is not None and kept.holds(packs, catalogue, calendars):
        return kept
    read: dict[int, YearCalendar] = {}

    def reading(year: int) -> YearCalendar:
        if year not in read:
            read[year] = calendars(year)
        return read[year]

    answer = _BATCHER.answer(SelfCheck(profile, as_of, calendars=reading))
    given = _Given(packs, catalogue, read, answer)
    if key is not None:
        _ANSWERS.put(key, given)
    return given


def warm(as_of: date) -> threading.Thread:
    """Start, beside the worker's serving, what its first self-assessment would wait for: the
    packs and the catalogue loaded, the day's rules compiled, a first batch answered (after
    which ``web.batching`` moves all of it out of the cycle collector's reach) — some 1 s of a
    worker's CPU that the first enterprise to reach each worker waited for. An empty profile,
    no calendar read, nothing kept; a failure is logged and the first request pays as before."""
    thread = threading.Thread(
        target=_warm, args=(as_of,), name="self-assessment-warm-up", daemon=True
    )
    thread.start()
    return thread


def _warm(as_of: date) -> None:
    from techzone.cultivation.selfcheck import SelfCheck

    try:
        _BATCHER.answer(SelfCheck(Profile(), as_of))
    except Exception:
        log.warning("企业自评预热失败：首个自评请求时再加载", exc_info=True)


def assess(request: Request, profile: Profile, as_of: date) -> dict[str, Any]:
    """The self-assessment of ``profile``; raises ``ProfileError`` for a profile that cannot be
    read. The answer may be one given before to the same answers (``_ANSWERS``): read it, never
    change it."""
    return _given(request, profile, as_of).answer


def _today(request: Request) -> date:
    return settings_of(request).clock().date()


def _context(
    request: Request, answers: Answers, result: dict[str, Any] | None, **given: Any
) -> dict[str, Any]:
    packs = _packs()
    as_of = _today(request)
    question = result["next_question"] if result else None
    return {
        "title": "企业自评",
        "upload_mb": MAX_UPLOAD // (1024 * 1024),
        "upload_message": None,
        "upload_problems": [],
        "left_out": [],
        "values": answers.values,
        "errors": answers.errors,
        "problems": answers.problems,
        "result": result,
        "question": question,
        "question_fields": question_fields(question, packs, as_of) if question else [],
        "years": figure_years(as_of),
        "people": [(n, _label(n)) for n in PEOPLE],
        "money": [(n, _label(n)) for n in MONEY],
        "text_fields": TEXT_FIELDS,
        "zones": _zones(request),
        "choices": CHOICES,
        "yes_no": YES_NO,
        "declarations": _declarations(packs),
        "ip_kinds": IpKind.labels(),
        "ip_acquisitions": IpAcquisition.labels(),
        "qualification_kinds": QualificationKind.labels(),
        "levels": Level.labels(),
        "incident_kinds": IncidentKind.labels(),
        "ip_rows": range(IP_ROWS),
        "qualification_rows": range(QUALIFICATION_ROWS),
        "incident_rows": range(INCIDENT_ROWS),
        **given,
    }


def _zones(request: Request) -> list[tuple[str, str]]:
    """The zones in the register, by name (which zone's policies apply reads the code)."""
    from sqlalchemy import select

    from techzone.model import Zone

    # One statement, read once per page: on PostgreSQL a transaction around it was two round
    # trips more (BEGIN, COMMIT) for nothing to keep together.
    with store_of(request).autocommit() as session:
        return [(code, name) for code, name in session.execute(select(Zone.code, Zone.name))]


def question_fields(question: Mapping[str, Any], packs: PackSet, as_of: date) -> list[str]:
    """The form fields that answer the next question, so it can be answered where it is shown."""
    qid = str(question["id"])
    if qid in packs.declarations:
        return [f"d-{qid}"]
    if qid in ("ip", "qualifications", "incidents"):
        return [f"{qid}-state"]
    if qid == "registered_on":
        return ["registered_on"]
    figure, _, offset = qid.rpartition("_y")
    years = {"1": 3, "2": 2, "3": 1}
    if figure and offset in years:
        year = as_of.year - years[offset]
        if figure in (*PEOPLE, *MONEY):
            return [f"f-{year}-{figure}"]
        if figure == "sales_revenue":
            return [f"f-{year}-main_business_income", f"f-{year}-other_business_income"]
        if figure == "total_income":
            return [f"f-{year}-gross_income", f"f-{year}-non_taxable_income"]
        if figure == "net_assets":
            return [f"f-{year}-total_assets", f"f-{year}-liabilities"]
    for source in ("tech_field", "resident", "above_scale", "ownership", "listing", "zone_level"):
        if qid.startswith(source):
            return [source]
    return []


@router.get(PATH)
def page(request: Request) -> Response:
    answers = Answers({}, {})
    profile = validate(answers)
    result = assess(request, profile, _today(request)) if profile is not None else None
    return render(request, "self_assessment.html", _context(request, answers, result))


@router.post(PATH)
async def submit(request: Request) -> Response:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise WebError("提交的内容太大", code="too_large")
    form = await request.form(max_files=0, max_fields=1000)
    plain = {k: v for k, v in form.items() if isinstance(v, str)}
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_answer_form, request, plain)


def _answer_form(request: Request, form: dict[str, str]) -> Response:
    packs, as_of = _packs(), _today(request)
    answers = read_form(form, packs, as_of)
    profile = validate(answers, as_of) if not answers.errors else None
    result = None
    if profile is not None:
        try:
            result = assess(request, profile, as_of)
        except ProfileError as error:
            answers.problems.extend(_said(problem) for problem in error.problems)
    template = "self_assessment_result.html" if request.headers.get("HX-Request") else None
    context = _context(request, answers, result)
    status = 200 if result is not None else 422
    if template:
        # The fragment carries its own messages (static/htmx_errors.js swaps a 4xx in).
        return render(request, template, context, status=status)
    return render(request, "self_assessment.html", context, status=status)


@router.get(f"{PATH}/template.xlsx")
def template(request: Request) -> Response:
    """The import template (the same file as ``techzone template``), for an enterprise to fill
    for the self-assessment and for officers to fill for the import page."""
    from techzone.io.template import write_template
    from techzone.web.policy_support import streamed

    def write(path: Path) -> None:
        write_template(path, _packs().declarations)

    return streamed("导入模板.xlsx", write)


@router.post(UPLOAD_PATH)
async def upload(request: Request) -> Response:
    """The template's enterprise sheets uploaded: the result as for the form, nothing stored."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_UPLOAD + _ENVELOPE:
        message = f"上传的文件超过上限 {MAX_UPLOAD // (1024 * 1024)} MB（或未说明大小）"
        return _upload_answer(request, None, message, [], 413)
    form = await request.form(max_files=1, max_fields=10)
    file = form.get("file")
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    if not isinstance(file, UploadFile):
        return _upload_answer(request, None, "请选择要上传的文件", [], 422)
    return await run_in_threadpool(_answer_upload, request, file)


def _answer_upload(request: Request, file: Any) -> Response:
    from techzone.io.profile_file import ProfileFileRejected, read_profile_file
    from techzone.web.uploads import UploadRejected, UploadTooLarge, received

    as_of = _today(request)
    try:
        with received(file, max_bytes=MAX_UPLOAD) as path:
            profile = read_profile_file(path, _packs().declarations)
    except (UploadRejected, UploadTooLarge) as error:
        return _upload_answer(request, None, error.message, [], error.status)
    except ProfileFileRejected as rejected:
        message = f"文件中有{len(rejected.problems)}个问题，未能评估，请改正后重新上传："
        return _upload_answer(request, None, message, rejected.problems[:200], 422)
    try:
        result = assess(request, profile, as_of)
    except ProfileError as error:
        message = "文件中的内容未能评估：" + "；".join(error.problems[:20])
        return _upload_answer(request, None, message, [], 422)
    values, left_out = form_values(profile, _packs(), as_of)
    answers = Answers(values, {})
    message = f"已按上传的文件「{file.filename}」评估（未保存）。表单已按文件填好，可继续修改。"
    context = _context(request, answers, result, upload_message=message, left_out=left_out)
    return render(request, "self_assessment.html", context)


def _upload_answer(
    request: Request, result: dict[str, Any] | None, message: str, problems: list[Any], status: int
) -> Response:
    context = _context(
        request, Answers({}, {}), result, upload_message=message, upload_problems=problems
    )
    return render(request, "self_assessment.html", context, status=status)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


def form_values(profile: Profile, packs: PackSet, as_of: date) -> tuple[dict[str, str], list[str]]:
    """The form's fields filled from ``profile`` (the reverse of ``read_form``), and what the form
    has no place for (said in the page: the result above counts it, a change in the form drops
    it)."""
    values: dict[str, str] = {}
    left_out: list[str] = []
    for name in (*TEXT_FIELDS, *CHOICES, *YES_NO, "registered_on", "zone_code"):
        value = getattr(profile, name, None)
        if value is not None:
            values[name] = _text(value)
    years = figure_years(as_of)
    for year, figures in sorted((profile.figures or {}).items()):
        if year not in years:
            left_out.append(f"{year}年的年度数据")
            continue
        for name in (*PEOPLE, *MONEY):
            value = getattr(figures, name)
            if value is not None:
                values[f"f-{year}-{name}"] = _text(value)
    lists = (
        ("ip", IP_ROWS, ("kind", "granted_on", "acquisition"), "知识产权"),
        (
            "qualifications",
            QUALIFICATION_ROWS,
            ("kind", "level", "issued_on", "expires_on"),
            "资质",
        ),
        ("incidents", INCIDENT_ROWS, ("kind", "occurred_on"), "违规事件"),
    )
    for name, rows, columns, label in lists:
        items = getattr(profile, name)
        if items is None:
            continue
        values[f"{name}-state"] = "list" if items else "none"
        for i, item in enumerate(items[:rows]):
            for column in columns:
                value = getattr(item, column)
                if value is not None:
                    values[f"{name}-{i}-{column}"] = _text(value)
            if name == "ip":
                values[f"ip-{i}-used"] = _text(bool(item.used_for_hnte))
        if len(items) > rows:
            left_out.append(f"{label}第{rows + 1}项起（表单最多{rows}项）")
    for name, items in (("platforms", profile.platforms), ("events", profile.events)):
        if items:
            left_out.append(f"{'研发平台' if name == 'platforms' else '奖补事件'}{len(items)}项")
    for name, value in profile.declarations.items():
        if name in packs.declarations and value is not None:
            values[f"d-{name}"] = _text(value)
    return values, left_out


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests no deeper than ``limit`` (checked before validating)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


@api_router.post(
    "/self-assessment",
    summary="企业自评：提交企业画像，返回各项资质结论、下一个问题、差距、计划与可能的奖补",
    description=(
        "请求体为企业画像 JSON（与 `techzone assess --profile` 读取的文件相同，见 "
        "`techzone schema profile`）。不需要登录，不保存任何内容。"
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
    responses={422: {"description": "企业画像有误（逐项列出字段与原因）"}},
)
async def api_self_assessment(request: Request) -> Response:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise WebError("提交的内容太大", code="too_large")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise WebError("提交的内容太大", code="too_large")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_answer_json, request, body)


def _answer_json(request: Request, body: bytes) -> Response:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SelfAssessmentError(["不是有效的 JSON"]) from None
    except RecursionError:
        raise SelfAssessmentError(["JSON 嵌套层数过多"]) from None
    if not isinstance(data, dict):
        raise SelfAssessmentError(["应为一个 JSON 对象（企业画像）"])
    if not _depth(data, MAX_DEPTH):
        raise SelfAssessmentError(["JSON 嵌套层数过多"])
    answers = Answers({}, data)
    profile = validate(answers, _today(request))
    if profile is None:
        return _problems(answers.problems)
    try:
        given = _given(request, profile, _today(request))
    except ProfileError as error:
        return _problems(error.problems)
    if given.body is None:
        given.body = answer_bytes(given.answer)
    return Response(given.body, media_type="application/json")


def answer_bytes(result: dict[str, Any]) -> bytes:
    """The bytes JSONResponse would send for the answer made plain by a round trip through
    JSON — Python's json's bytes (``json_answer_bytes``) — written by orjson: the answer is some
    150 kB, and json spent some 0.75 ms of every answer's CPU on it, orjson and the check below
    some 0.3. Where orjson would write otherwise, json writes the answer: what orjson cannot
    write (an integer past 64 bits, a key not text, text that is not Unicode) and a number it
    writes differently (below 0.0001). Two differences are left, as no answer holds them: a
    NaN or an infinity (json refuses it, orjson writes null; the profile's numbers are checked
    finite and bounded) and an Enum member of no str or int kind (written by its value, not
    its name)."""
    try:
        # Dates, times and dataclasses as ``default=str`` writes them (orjson's own forms
        # differ: a datetime's "T", a dataclass as an object); numpy's float64 a number.
        written = orjson.dumps(result, default=_as_json_writes, option=_AS_JSON)
    except TypeError:
        return json_answer_bytes(result)
    if _unsure(written):
        return json_answer_bytes(result)
    return written


def json_answer_bytes(result: dict[str, Any]) -> bytes:
    """The answer as Python's json writes it: the bytes ``answer_bytes`` must send. The answer
    is a tree made for this request: no cycle to look for (the same text, some 12 % sooner)."""
    text = json.dumps(
        result,
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
        default=str,
        check_circular=False,
    )
    return text.encode("utf-8")


def _problems(problems: list[str]) -> JSONResponse:
    from techzone.web.errors import error_body

    return JSONResponse(
        error_body(
            SelfAssessmentError.code,
            "企业画像有误：" + "；".join(problems[:20]),
            problems=problems,
        ),
        status_code=422,
    )


def _inline(node: Any, definitions: Mapping[str, Any]) -> Any:
    """The profile's JSON Schema with its ``$defs`` written in place (none is recursive), so the
    operation carries it whole inside the OpenAPI document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {k: _inline(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, definitions) for v in node]
    return node


def document(app: Any) -> None:
    """Give the self-assessment operation the profile's schema in the OpenAPI document (built
    on first request of the document, so start-up does not load the packs)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return dict(app.openapi_schema)
        schema: dict[str, Any] = generate()
        from techzone.rules.profile import profile_schema

        profile = profile_schema(_packs().declarations)
        body = _inline(profile, profile.get("$defs", {}))
        operation = schema["paths"][f"{API_V1}/self-assessment"]["post"]
        operation["requestBody"]["content"]["application/json"]["schema"] = body
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
