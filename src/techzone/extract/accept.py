"""The review loop closed: a draft pack and its filled review table become a pack that loads.

``techzone extract --pack D.yaml --review R.xlsx`` drafts every clause ``review: pending``; the
officer decides each row of R.xlsx (核对结果: 正确, 有误 with the 核定… corrections, 不是奖补),
names what each kept clause pays for (触发事项) and how it stacks (叠加方式), and fills the
document's issuer and jurisdiction in D.yaml. ``accept`` applies those decisions and writes
``<packs>/<id>/policies.yaml`` (every kept policy approved) with ``policies.tests.yaml`` — golden
cases computed from the reviewed figures, never from the calculator. Anything wrong in either file
is reported row by row in Chinese and nothing is written; the new pack must also load beside the
packs already in the catalogue (schema, conflict lint, limits, compilation).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError

from techzone.awards.catalogue import Catalogue, LoadedPolicies, read_policies
from techzone.extract.draft import PENDING_NOTE, _Dumper
from techzone.extract.review import (
    CLAUSES_SHEET,
    CORRECT,
    NOT_A_REWARD,
    PACK_KIND_LABELS,
    STACKING_LABELS,
    VERDICTS,
    WRONG,
)
from techzone.io.fields import ungrouped
from techzone.io.files import InputRefused, atomic_path, read_reason, readable
from techzone.io.messages import reason
from techzone.model.codes import EventKind, QualificationKind
from techzone.rules.loader import PACKS_DIR, PackError, pack_files
from techzone.rules.policy import PERIOD_LABELS, SUBJECT_LABELS, PolicyPack

# What accept reads of the review table; anything else in it is the officer's own.
REQUIRED = (
    "序号",
    "草稿政策",
    "金额原文",
    "类型代码",
    "金额（元）",
    "上限（元）",
    "比例",
    "档次",
    "条件",
    "上限适用",
    "核对结果",
    "核定类型",
    "核定金额（元）",
    "核定上限（元）",
    "核定比例",
    "核定上限适用",
    "核定条件",
    "触发事项",
    "叠加方式",
)
CORRECTIONS = (
    "核定类型",
    "核定金额（元）",
    "核定上限（元）",
    "核定比例",
    "核定上限适用",
    "核定条件",
)
KIND_BY_LABEL = {label: kind for kind, label in PACK_KIND_LABELS.items()}
STACKING_BY_LABEL = {label: rule for rule, label in STACKING_LABELS.items()}
SUBJECT_BY_LABEL = {label: code for code, label in SUBJECT_LABELS.items()}
PERIOD_BY_LABEL = {label: code for code, label in PERIOD_LABELS.items()}
UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
# A golden case's event base for a rate: large enough that every rate gives whole fen.
RATE_BASE = Decimal(1_000_000)
USCC = "91620400000000001U"
CHANGES = {"首次认定": "first", "重新认定": "renewal", "认定": "any"}
PROVINCIAL_TITLES = {"provincial_innovative", "innovative_sme", "srdi_sme", "gazelle", "unicorn"}


def trigger_choices() -> list[str]:
    """What 触发事项 takes: an event's kind, or a qualification gained (首次认定：高新技术企业)."""
    gained = [
        f"{change}：{kind.label}"
        for change in ("首次认定", "重新认定")
        for kind in QualificationKind
    ]
    return [kind.label for kind in EventKind] + gained


def parse_trigger(text: str) -> dict[str, str] | None:
    """The pack's trigger for a 触发事项, or None when it names none of the choices."""
    try:
        return {"event": str(EventKind.parse(text))}
    except ValueError:
        pass
    change, _, title = re.sub(r"\s+", "", text).replace(":", "：").partition("：")
    try:
        kind = QualificationKind.parse(title)
    except ValueError:
        return None
    if change not in CHANGES:
        return None
    return {"qualification": str(kind), "change": CHANGES[change]}


class AcceptRejected(Exception):
    """Nothing was written: these problems, one line each, say where and what."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"未生成政策包：发现{len(problems)}处问题")

    def __str__(self) -> str:
        shown = "\n".join(f"  {problem}" for problem in self.problems[:50])
        more = f"\n  ……另有{len(self.problems) - 50}处" if len(self.problems) > 50 else ""
        return f"未生成政策包，发现{len(self.problems)}处问题：\n{shown}{more}"


@dataclass
class Row:
    """One row of the review table as the officer left it, values already checked."""

    line: int
    policy: str
    amount_text: str
    kind: str
    amount: Decimal | None
    cap: Decimal | None
    rate: Decimal | None
    grade: str | None
    condition: str
    owner: str | None
    verdict: str
    fixes: dict[str, Any] = field(default_factory=dict)
    trigger: dict[str, str] | None = None
    stacking: str | None = None

    @property
    def where(self) -> str:
        return f"复核表第{self.line}行"


@dataclass(frozen=True)
class Accepted:
    pack_path: Path
    tests_path: Path
    pack: dict[str, Any]
    cases: dict[str, Any]
    kept: int
    dropped: int


def accept(
    draft_path: Path,
    review_path: Path,
    out: Path = PACKS_DIR,
    packs: Path = PACKS_DIR,
    *,
    replace: bool = False,
) -> Accepted:
    """Apply the review to the draft, check it loads beside ``packs`` (and ``out``), write it.

    A pack of the same id already there is replaced only when ``replace`` says so, and only in
    ``out``'s own folder for it (one elsewhere in the catalogue would be loaded twice)."""
    problems: list[str] = []
    draft = _read_draft(draft_path, problems)
    rows = _read_review(review_path, problems)
    if draft is None or rows is None:
        raise AcceptRejected(problems)
    data, cases, kept, dropped = _apply(draft, rows, review_path, problems)
    folder = out / str(data.get("id", "")).replace("_", "-")
    pack_path, tests_path = folder / "policies.yaml", folder / "policies.tests.yaml"
    _check_new(str(data.get("id", "")), pack_path, {packs, out}, replace, problems)
    if problems:
        raise AcceptRejected(problems)
    _check_loads(data, pack_path, {packs, out}, problems)
    if problems:
        raise AcceptRejected(problems)
    pack_text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    tests_text = (
        f"# Golden cases for {data['id']}, generated by `techzone extract accept` from the\n"
        "# reviewed figures of each kept clause (not from the calculator); edit them as the pack\n"
        "# changes.\n"
        + yaml.dump(cases, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    )
    # Both files or neither: the pack is replaced only once its cases are written.
    with atomic_path(pack_path) as pack_tmp, atomic_path(tests_path) as tests_tmp:
        pack_tmp.write_text(pack_text, encoding="utf-8")
        tests_tmp.write_text(tests_text, encoding="utf-8")
    return Accepted(pack_path, tests_path, data, cases, kept, dropped)


# ------------------------------------------------------------------------------------- reading


def _read_draft(path: Path, problems: list[str]) -> dict[str, Any] | None:
    try:
        with readable(path) as local:
            data = yaml.safe_load(local.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"草稿政策包不存在：{path}")
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as error:
        why = "不是有效的 YAML 文本" if isinstance(error, yaml.YAMLError) else read_reason(error)
        problems.append(f"草稿政策包无法读取：{path}（{why}）")
        return None
    try:
        PolicyPack.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "整个文件"
        # The field's path stays (the reviewer edits the YAML by it); the reason is Chinese.
        problems.append(f"草稿政策包 {path.name} 不是有效的政策包：{where}：{reason(first)[1]}")
        return None
    assert isinstance(data, dict)
    if data["document"].get("issuer") in (None, "", "待核定"):
        problems.append(
            f"草稿政策包 {path.name}：发文机关（document.issuer）仍为「待核定」，请在草稿中填写"
        )
    if data["jurisdiction"].get("zones") == []:
        problems.append(
            f"草稿政策包 {path.name}：适用地域（jurisdiction）未写明，"
            "请在草稿中填写 province、city 或 zones"
        )
    return data


def _read_review(path: Path, problems: list[str]) -> list[Row] | None:
    from techzone.io.archive import UnsafeArchive, check_archive

    try:
        with readable(path) as local:
            check_archive(local)  # a bomb would be read whole into memory by openpyxl
            book = load_workbook(local, data_only=True)
    except FileNotFoundError:
        problems.append(f"复核表不存在：{path}")
        return None
    except (UnsafeArchive, InputRefused) as error:
        problems.append(f"复核表无法读取：{path}（{error}）")
        return None
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        # openpyxl's own IOError ("no valid workbook part") has no error number: it is the
        # file's content, not the system, that is wrong.
        system = isinstance(error, OSError) and error.errno is not None
        why = read_reason(error) if system else "不是有效的 .xlsx 工作簿"
        problems.append(f"复核表无法读取：{path}（{why}）")
        return None
    if CLAUSES_SHEET not in book.sheetnames:
        problems.append(f"复核表缺少「{CLAUSES_SHEET}」工作表")
        return None
    sheet = book[CLAUSES_SHEET]
    typed = list(sheet.iter_rows())
    lines = [tuple(cell.value for cell in row) for row in typed]
    header = [str(cell).strip() if cell is not None else "" for cell in (lines or [()])[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(f"复核表「{CLAUSES_SHEET}」缺少列：{'、'.join(missing)}")
        return None
    rows = []
    for line, (values, row_cells) in enumerate(zip(lines[1:], typed[1:], strict=True), start=2):
        cells = dict(zip(header, values, strict=False))
        if all(value in (None, "") for value in values):
            continue
        said = len(problems)
        _units_shown(line, header, row_cells, problems)
        if len(problems) > said:
            continue
        row = _row(line, cells, problems)
        if row is not None:
            rows.append(row)
    if not rows and not any(p.startswith("复核表第") for p in problems):
        problems.append("复核表没有任何条款行")
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _units_shown(line: int, header: list[str], row: tuple[Any, ...], problems: list[str]) -> None:
    """A number in an amount or ratio column whose cell format writes 万元 beside it (0"万元"):
    Excel shows 25 as 「25万元」, and the pack would pay 25元."""
    from techzone.io.reader import unit_shown

    for name, cell in zip(header, row, strict=False):
        if name not in _NUMBERS or isinstance(cell.value, bool):
            continue
        unit = unit_shown(cell.number_format) if isinstance(cell.value, int | float) else None
        if unit is not None:
            problems.append(
                f"复核表第{line}行：{name}「{cell.value}」的单元格格式显示为「{cell.value}{unit}」，"
                "本列按元（比例按小数）读取：请把单元格格式设为「常规」，填写以元计的金额"
            )


_NUMBERS = ("金额（元）", "上限（元）", "核定金额（元）", "核定上限（元）", "比例", "核定比例")


def _row(line: int, cells: dict[str, Any], problems: list[str]) -> Row | None:
    where = f"复核表第{line}行"
    said = len(problems)
    verdict = _text(cells["核对结果"])
    if not verdict:
        problems.append(f"{where}：未填写核对结果（{'、'.join(VERDICTS)}）")
    elif verdict not in VERDICTS:
        problems.append(f"{where}：核对结果「{verdict}」不是可选的值（{'、'.join(VERDICTS)}）")
    values: dict[str, Decimal | None] = {}
    for name in ("金额（元）", "上限（元）", "核定金额（元）", "核定上限（元）"):
        values[name] = _number(cells[name], f"{where}：{name}", problems, money=True)
    for name in ("比例", "核定比例"):
        values[name] = _number(cells[name], f"{where}：{name}", problems, money=False)
    fixes: dict[str, Any] = {}
    kind_label = _text(cells["核定类型"])
    if kind_label:
        if kind_label in KIND_BY_LABEL:
            fixes["kind"] = KIND_BY_LABEL[kind_label]
        else:
            problems.append(
                f"{where}：核定类型「{kind_label}」不是可选的值（{'、'.join(KIND_BY_LABEL)}）"
            )
    for name, key in (
        ("核定金额（元）", "amount"),
        ("核定上限（元）", "cap"),
        ("核定比例", "rate"),
    ):
        if values[name] is not None:
            fixes[key] = values[name]
    if _text(cells["核定上限适用"]):
        fixes["owner"] = _text(cells["核定上限适用"])
    if _text(cells["核定条件"]):
        fixes["condition"] = _text(cells["核定条件"])
    if verdict == CORRECT and fixes:
        problems.append(f"{where}：核对结果为「正确」却填写了核定列；要更正请选「有误」")
    if verdict == WRONG and not fixes:
        problems.append(f"{where}：核对结果为「有误」，须在核定列中写明更正")
    trigger = None
    trigger_text = _text(cells["触发事项"])
    if trigger_text:
        trigger = parse_trigger(trigger_text)
        if trigger is None:
            problems.append(
                f"{where}：触发事项「{trigger_text}」不是可选的值"
                "（事件类别，或 首次认定：资质名称，见「选项」表）"
            )
    elif verdict in (CORRECT, WRONG):
        problems.append(f"{where}：采纳的条款须填写触发事项（奖补因哪类事件支付）")
    stacking_text = _text(cells["叠加方式"])
    stacking = STACKING_BY_LABEL.get(stacking_text)
    if stacking_text and stacking is None:
        problems.append(
            f"{where}：叠加方式「{stacking_text}」不是可选的值（{'、'.join(STACKING_BY_LABEL)}）"
        )
    policy = _text(cells["草稿政策"])
    if not policy:
        problems.append(f"{where}：草稿政策为空")
    if len(problems) > said:
        return None
    return Row(
        line=line,
        policy=policy,
        amount_text=_text(cells["金额原文"]),
        kind=_text(cells["类型代码"]),
        amount=values["金额（元）"],
        cap=values["上限（元）"],
        rate=values["比例"],
        grade=_text(cells["档次"]) or None,
        condition=_text(cells["条件"]),
        owner=_text(cells["上限适用"]) or None,
        verdict=verdict,
        fixes=fixes,
        trigger=trigger,
        stacking=stacking,
    )


def _number(value: Any, where: str, problems: list[str], money: bool) -> Decimal | None:
    """A cell's number: 500000, "50万元", "1,000元"; a ratio as 0.1 or "10%"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        problems.append(f"{where}「{value}」不是数字")
        return None
    try:
        text = ungrouped(str(value))
    except ValueError as error:
        problems.append(f"{where}{error}")
        return None
    scale = Decimal(1)
    if money:
        for unit, factor in UNITS.items():
            if text.endswith(unit):
                text, scale = text[: -len(unit)].strip(), factor
                break
    percent = not money and text.endswith(("%", "％"))
    if percent:
        text = text[:-1].strip()
    try:
        number = Decimal(text) * scale
    except InvalidOperation:
        problems.append(f"{where}「{value}」不是数字")
        return None
    if percent:
        number /= 100
    if not number.is_finite() or number <= 0:
        problems.append(f"{where}「{value}」须为大于零的数字")
        return None
    if money and number != number.quantize(Decimal("0.01")):
        problems.append(f"{where}「{value}」须精确到分")
        return None
    if not money and number > 1:
        problems.append(f"{where}「{value}」须写作 10% 或 0.1（不超过100%）")
        return None
    return number.normalize() if money else number


# ------------------------------------------------------------------------------------ applying


def _apply(
    draft: dict[str, Any], rows: list[Row], review_path: Path, problems: list[str]
) -> tuple[dict[str, Any], dict[str, Any], int, int]:
    drafted: dict[str, Any] = draft["policies"]
    for row in rows:
        if row.policy not in drafted:
            problems.append(f"{row.where}：草稿政策「{row.policy}」不在草稿政策包中")
        elif row.amount_text and row.amount_text not in drafted[row.policy]["amount"]["text"]:
            problems.append(
                f"{row.where}：金额原文「{row.amount_text}」与草稿政策「{row.policy}」不符"
                "（复核表与草稿不是同一次提取？）"
            )
        elif not _as_drafted(row, draft):
            problems.append(
                f"{row.where}：金额（元）、上限（元）或比例与草稿不符；"
                "更正请选「有误」并填写「核定…」列，不要改提取结果"
            )
    for policy_id in drafted:
        if not any(row.policy == policy_id for row in rows):
            problems.append(f"草稿政策「{policy_id}」在复核表中没有对应的行")
    start = _day(draft["effective"]["from"]) or date.today()
    end = _day(draft["effective"].get("to"))
    issuer = draft["document"]["issuer"]
    parameters: dict[str, Any] = {}
    policies: dict[str, Any] = {}
    cases: list[dict[str, Any]] = []
    kept = dropped = 0
    pack_id = _accepted_id(draft["id"])
    for policy_id, policy in drafted.items():
        members = [row for row in rows if row.policy == policy_id]
        chosen = [row for row in members if row.verdict != NOT_A_REWARD]
        dropped += len(members) - len(chosen)
        if not chosen:
            continue
        built = _policy(policy_id, policy, chosen, start, issuer, problems)
        if built is None:
            continue
        kept += len(chosen)
        policies[policy_id], own, figures = built
        parameters.update(own)
        cases.extend(_cases(f"{pack_id}.{policy_id}", policies[policy_id], figures, start, end))
    if not policies and not problems:
        problems.append("复核表中没有采纳任何条款（全部为「不是奖补」），不生成政策包")
    data = {
        "kind": "policies",
        "id": pack_id,
        "version": "1",
        "title": str(draft["title"]).replace("（奖补条款草稿）", "（奖补条款）"),
        "document": draft["document"],
        "jurisdiction": draft["jurisdiction"],
        "effective": draft["effective"],
        "notes": [
            f"由 techzone extract accept 按复核表 {review_path.name} 核定："
            f"采纳{kept}处金额，不采纳{dropped}处；发文机关、适用地域与生效日期以经办人在草稿中"
            "填写的为准。",
        ],
        "parameters": parameters,
        "policies": policies,
    }
    return data, {"base": _base(draft["jurisdiction"]), "cases": cases}, kept, dropped


def _as_drafted(row: Row, draft: dict[str, Any]) -> bool:
    """The row's extracted figures are still the draft's: an amount changed in place of a
    correction would be paid unnoticed."""
    values: dict[str, Decimal] = {}
    for part in ("value", "rate", "cap", "table"):
        parameter = draft["parameters"].get(f"{row.policy}_{part}")
        if parameter is None:
            continue
        value = next(iter(parameter["values"].values()))
        if part == "table":
            # A grade the extractor did not name is keyed 档次N in the draft: not checkable here.
            if not isinstance(value, dict) or row.grade is None:
                continue
            if row.grade not in value:
                return False
            value = value[row.grade]
        values[part] = Decimal(str(value))
    stated = row.amount if row.amount is not None else row.cap
    checks = {"value": stated, "table": stated, "rate": row.rate, "cap": row.cap}
    return all(
        checks[part] is not None and Decimal(checks[part] or 0).compare(expected) == 0
        for part, expected in values.items()
    )


def _policy(
    policy_id: str,
    draft: dict[str, Any],
    rows: list[Row],
    start: date,
    issuer: str,
    problems: list[str],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]] | None:
    said = len(problems)
    triggers = {tuple(sorted((row.trigger or {}).items())) for row in rows}
    if len(triggers) > 1:
        problems.append(
            f"{rows[0].where}等：草稿政策「{policy_id}」的各行触发事项不同，同一政策须填同一项"
        )
    stackings = {row.stacking for row in rows} - {None}
    if len(stackings) > 1:
        problems.append(f"{rows[0].where}等：草稿政策「{policy_id}」的各行叠加方式不同")
    drafted_kind = draft["amount"]["kind"]
    if drafted_kind == "tiered":
        amount, figures, limit_from = _tiered(policy_id, rows, problems)
    else:
        amount, figures, limit_from = _single(policy_id, drafted_kind, rows[0], problems)
    if len(problems) > said:
        return None
    first = rows[0]
    trigger = first.trigger
    assert trigger is not None
    parameters: dict[str, Any] = {}
    for name, (label, unit, value) in figures.items():
        parameter = amount[name] = f"{policy_id}_{name}"
        parameters[parameter] = {
            "label": label,
            "clause": f"{draft['clause']['ref']}：“{first.amount_text}”",
            "unit": unit,
            "values": {start: value},
        }
    amount["text"] = draft["amount"]["text"]
    condition = first.fixes.get("condition") or first.condition
    words = re.sub(r"^对|的$", "", condition)[:40] or "奖补条款"
    policy: dict[str, Any] = {
        "title": f"{words}（{PACK_KIND_LABELS.get(amount['kind'], '未规定金额')}）",
        "clause": draft["clause"],
        "issuer": issuer,
        "level": draft["level"],
        "payer": draft["payer"],
        "category": draft["category"],
        "kind": draft.get("kind", "奖补"),
        "beneficiary": draft.get("beneficiary", "enterprise"),
        "trigger": trigger,
        "amount": amount,
    }
    if limit_from is not None:
        limit = _limit(first, policy_id, limit_from, draft, problems)
        if limit is None:
            return None
        policy["limit"] = limit
    stacking = next(iter(stackings), None)
    if stacking == "highest":
        policy["stacking"] = {"rule": "highest", "group": "_".join(trigger.values())}
    elif stacking == "cumulative":
        policy["stacking"] = {"rule": "cumulative"}
    policy["review"] = "approved"
    notes = [n for n in str(draft.get("note", "")).split("；") if n and n != PENDING_NOTE]
    lines = "、".join(str(row.line) for row in rows)
    changed = [row for row in rows if row.fixes]
    notes.insert(0, f"经办人复核采纳（复核表第{lines}行" + ("，有更正）" if changed else "）"))
    if condition != first.condition:
        notes.append(f"核定条件：{condition}")
    policy["note"] = "；".join(notes)
    return policy, parameters, {name: value for name, (_, _, value) in figures.items()}


def _single(
    policy_id: str, drafted: str, row: Row, problems: list[str]
) -> tuple[dict[str, Any], dict[str, tuple[str, str, Any]], str | None]:
    """The amount of a one-row policy in the packs' kinds; the parameter its limit caps."""
    fixes = row.fixes
    kind = fixes.get("kind") or drafted
    if kind == "tiered":
        problems.append(f"{row.where}：单项条款不能核定为「分档」（分档须由提取时的档次列表而来）")
        return {}, {}, None
    stated = fixes.get("amount", row.amount)
    cap = fixes.get("cap", row.cap)
    rate = fixes.get("rate", row.rate)
    amount: dict[str, Any] = {"kind": kind}
    figures: dict[str, tuple[str, str, Any]] = {}
    limit_from: str | None = None

    def need(value: Decimal | None, what: str) -> Decimal:
        if value is None:
            problems.append(f"{row.where}：类型为「{PACK_KIND_LABELS.get(kind, kind)}」须有{what}")
            return Decimal(0)
        return value

    if kind in ("fixed", "at_least", "cap", "per_unit", "per_month"):
        value = stated if kind != "cap" else (cap or stated)
        value = need(value if value is not None else cap, "金额")
        figures["value"] = ("金额", "yuan", _plain(value))
        up_to = kind in ("per_unit", "per_month") and stated is None
        if kind == "cap" or up_to:
            limit_from = "value"
        if kind in ("per_unit", "per_month"):
            amount["up_to"] = up_to
            if stated is not None and cap is not None:  # 每件5000元，每家每年最高5万元
                figures["cap"] = ("总上限", "yuan", _plain(cap))
                limit_from = "cap"
        if kind == "per_month":
            amount["units"] = "event_persons * event_months"
    elif kind in ("rate", "rate_cap"):
        figures["rate"] = ("比例", "ratio", float(need(rate, "比例")))
        amount["base"] = "event_amount"
        if kind == "rate_cap":
            figures["cap"] = ("上限", "yuan", _plain(need(cap, "上限")))
            limit_from = "cap"
    elif kind != "none":
        problems.append(f"{row.where}：类型「{kind}」无法写入政策包")
    return amount, figures, limit_from


def _tiered(
    policy_id: str, rows: list[Row], problems: list[str]
) -> tuple[dict[str, Any], dict[str, tuple[str, str, Any]], str | None]:
    table: dict[str, Any] = {}
    caps = []
    for index, row in enumerate(rows, start=1):
        if row.fixes.get("kind") not in (None, "tiered"):
            problems.append(f"{row.where}：分档条款的一档不能核定为其他类型")
        grade = row.grade or f"档次{index}"
        if grade in table:
            problems.append(f"{row.where}：档次「{grade}」重复")
        stated = row.fixes.get("amount", row.amount)
        cap = row.fixes.get("cap", row.cap)
        caps.append(stated is None)
        value = stated if stated is not None else cap
        if value is None:
            problems.append(f"{row.where}：分档的一档须有金额")
            continue
        table[grade] = _plain(value)
    if len(set(caps)) > 1:
        problems.append(f"{rows[0].where}等：同一分档列表须都为定额或都为最高额")
    up_to = all(caps)
    amount = {"kind": "tiered", "grade": "event_grade", "up_to": up_to}
    return amount, {"table": ("分档金额", "yuan", table)}, "table" if up_to else None


def _limit(
    row: Row, policy_id: str, capped: str, draft: dict[str, Any], problems: list[str]
) -> dict[str, Any] | None:
    owner = row.fixes.get("owner") or row.owner or ""
    parts = [part.strip() for part in re.split(r"[·・/、,，\s]+", owner) if part.strip()]
    who = SUBJECT_BY_LABEL.get(parts[0]) if len(parts) == 2 else None
    period = PERIOD_BY_LABEL.get(parts[1]) if len(parts) == 2 else None
    if who is None or period is None:
        problems.append(
            f"{row.where}：有上限的条款须写明上限按谁、按什么期间计（「{owner or '空'}」），"
            "请在「核定上限适用」填写，如 企业·年度、项目·累计、每次·单次"
        )
        return None
    if (who == "event") != (period == "event"):
        problems.append(f"{row.where}：上限适用「{owner}」：每次 只能与 单次 连用")
        return None
    limit: dict[str, Any] = {"per": who, "period": period}
    if who != "event":
        if capped == "table":
            problems.append(
                f"{row.where}：分档最高额的上限只能按 每次·单次 计；"
                "按企业等累计的上限请在政策包中写明"
            )
            return None
        limit["value"] = f"{policy_id}_{capped}"
    limit["text"] = draft["clause"]["text"]
    return limit


# ---------------------------------------------------------------------------------- golden cases


def _cases(
    policy: str, data: dict[str, Any], figures: dict[str, Any], start: date, end: date | None
) -> list[dict[str, Any]]:
    """Cases from the reviewed figures: one per tier, a rate on both sides of its cap."""
    amount = data["amount"]
    kind = amount["kind"]
    trigger = data["trigger"]
    day = max(start, date(start.year, 6, 30))
    if end is not None and day > end:
        day = start
    ref_count = 0

    def case(name: str, expect: dict[str, Any], **event: Any) -> dict[str, Any]:
        nonlocal ref_count
        ref_count += 1
        ref = f"{policy.split('.')[-1].upper()}-{ref_count}"
        if "event" in trigger:
            label = EventKind(trigger["event"]).label
            profile = {"events": [{"ref": ref, "kind": label, "occurred_on": day} | event]}
            wanted = {"policy": policy, "trigger": ref}
        else:
            profile = {"qualifications": _titles(trigger, day, ref)}
            wanted = {"policy": policy, "trigger": trigger["qualification"]}
        return {
            "name": f"{data['title']}：{name}",
            "year": day.year,
            "exactly": False,
            "profile": profile,
            "expect": [wanted | expect],
        }

    value = figures.get("value")
    up_to = amount.get("up_to", False)
    if kind == "fixed":
        return [case(f"{_wan(value)}", {"amount": value})]
    if kind == "at_least":
        return [case(f"不少于{_wan(value)}", {"min": value})]
    if kind == "cap":
        return [case(f"最高{_wan(value)}", {"min": 0, "max": value})]
    if kind in ("per_unit", "per_month"):
        event: dict[str, Any] = {}
        if kind == "per_month":
            event["attributes"] = {"人数": 1, "月数": 1}
        expect = {"min": 0, "max": value} if up_to else {"amount": value}
        return [case(f"一个单位{'最高' if up_to else ''}{_wan(value)}", expect, **event)]
    if kind in ("rate", "rate_cap"):
        rate = Decimal(str(figures["rate"]))
        if kind == "rate":
            paid = _plain(RATE_BASE * rate)
            return [case(f"基数{_wan(RATE_BASE)}×{rate}", {"amount": paid}, amount=int(RATE_BASE))]
        cap = Decimal(str(figures["cap"]))
        below = (cap / rate / 2).quantize(Decimal(100), rounding="ROUND_DOWN")
        above = (cap / rate).quantize(Decimal(1), rounding="ROUND_UP") * 2
        return [
            case(
                f"基数{_wan(below)}，未到上限", {"amount": _plain(below * rate)}, amount=int(below)
            ),
            case(
                f"基数{_wan(above)}，按上限{_wan(cap)}", {"amount": _plain(cap)}, amount=int(above)
            ),
        ]
    if kind == "tiered":
        return [
            case(
                f"{grade}{'最高' if up_to else ''}{_wan(Decimal(str(paid)))}",
                {"min": 0, "max": paid} if up_to else {"amount": paid},
                attributes={"等级": grade},
            )
            for grade, paid in figures["table"].items()
        ]
    return [case("未规定金额", {"amount": None})]


def _titles(trigger: dict[str, str], day: date, ref: str) -> list[dict[str, Any]]:
    """A title gained on ``day``: for a renewal, held before and expired the day before."""
    kind = QualificationKind(trigger["qualification"])
    level = "省级" if kind.value in PROVINCIAL_TITLES else "国家级"
    later = date(day.year + 3, day.month, day.day)
    new = {
        "kind": kind.label,
        "level": level,
        "certificate_no": f"{ref}-2",
        "issued_on": day,
        "expires_on": later,
        "status": "有效",
    }
    if trigger["change"] != "renewal":
        return [new]
    before = date(day.year - 3, day.month, day.day)
    old = new | {
        "certificate_no": f"{ref}-1",
        "issued_on": before,
        "expires_on": date.fromordinal(day.toordinal() - 1),
        "status": "已过期",
    }
    return [old, new]


def _base(jurisdiction: dict[str, Any]) -> dict[str, Any]:
    """An enterprise inside the pack's jurisdiction."""
    base: dict[str, Any] = {"uscc": USCC, "registered_on": date(2015, 1, 1), "events": []}
    if jurisdiction.get("province"):
        base["province"] = jurisdiction["province"]
    if jurisdiction.get("city"):
        base["city"] = jurisdiction["city"]
    if jurisdiction.get("zones"):
        base["zone_code"] = jurisdiction["zones"][0]
    levels = {"national": "国家级", "provincial": "省级", "district": "县区"}
    if jurisdiction.get("zone_levels"):
        base["zone_level"] = levels[jurisdiction["zone_levels"][0]]
    if jurisdiction.get("parks"):
        base["park"] = jurisdiction["parks"][0]
    return base


# ------------------------------------------------------------------------------------- checking


def _check_new(
    pack_id: str, target: Path, folders: set[Path], replace: bool, problems: list[str]
) -> None:
    """An accepted pack never silently takes the place of one already there: the officer
    chooses another id, or says the replacement is meant."""
    if not pack_id:
        return
    elsewhere = sorted(
        {
            path
            for folder in folders
            if folder.is_dir()
            for path in pack_files(folder, policies=True)
            if path.resolve() != target.resolve() and _pack_id(path) == pack_id
        }
    )
    if elsewhere:
        problems.append(
            f"政策包「{pack_id}」已存在：{'、'.join(str(path) for path in elsewhere)}；"
            f"请修改草稿政策包的 id（如「{pack_id}_2」）后重新核定，"
            "或到该政策包所在的目录中替换它"
        )
    elif target.exists() and not replace:
        problems.append(
            f"政策包「{pack_id}」已存在：{target}；未作改动。要另存为新的政策包，请修改草稿"
            f"政策包的 id（如「{pack_id}_2」）；确要以本次核定结果替换它，请加 --replace"
        )


def _pack_id(path: Path) -> str | None:
    """The id a pack file declares, read as plain YAML (a pack that does not load is the
    catalogue check's to report)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def _check_loads(
    data: dict[str, Any], target: Path, folders: set[Path], problems: list[str]
) -> None:
    """The pack loads beside every pack already there, as the catalogue will load it."""
    try:
        pack = PolicyPack.model_validate(data)
    except ValidationError as error:
        for detail in error.errors()[:20]:
            where = ".".join(str(part) for part in detail["loc"])
            problems.append(f"核定后的政策包不合规：{where}：{reason(detail)[1]}")
        return
    try:
        paths = {
            path.resolve()
            for folder in folders
            if folder.is_dir()
            for path in pack_files(folder, policies=True)
        } - {target.resolve()}
        loaded = [read_policies(path) for path in sorted(paths)]
        Catalogue([*loaded, LoadedPolicies(pack, target, "")])
    except PackError as error:
        hint = (
            "；若确应另行支付，请在复核表「叠加方式」选「累加」"
            if "叠加关系" in error.message
            else ""
        )
        problems.append(
            f"核定后的政策包不能与现有政策包一同载入：{error.message}（{error.rule}）{hint}"
        )


def _accepted_id(draft_id: str) -> str:
    name = draft_id.removeprefix("draft_")
    return name if re.match(r"^[a-z][a-z0-9_]*$", name) else f"pack_{name}"


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _plain(value: Decimal) -> int | float:
    """A parameter value as the hand-written packs have it: whole yuan as an integer."""
    return int(value) if value == value.to_integral_value() else float(value)


def _wan(value: Any) -> str:
    number = Decimal(str(value))
    if number >= 10_000 and number % 100 == 0:
        return f"{(number / 10_000).normalize():f}万元"
    return f"{number.normalize():f}元"
