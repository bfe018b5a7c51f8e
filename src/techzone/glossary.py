"""What officers read: one Chinese name for every field, code and status, one way to write money,
and citations that name the document, not the file techzone read it from.

Labels are not written here a second time: inputs come from ``rules.inputs``, codes from
``model.codes``, payer levels from ``rules.policy``, declarations and parameters from the packs
that define them. Every terminal table, workbook and report goes through these functions, and
``tests/test_officer_text.py`` scans the real commands' output for anything that slipped past.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from techzone.model import codes
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.policy import LEVEL_LABELS

FEN = Decimal(100)
WAN = Decimal(1_000_000)  # fen in 万元
CENT = Decimal("0.01")

STATUS = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定"}

AMOUNT_KINDS = {
    "fixed": "定额",
    "cap": "最高限额",
    "at_least": "不少于",
    "rate": "按比例",
    "rate_cap": "按比例，设上限",
    "per_unit": "按数量",
    "per_month": "按月",
    "tiered": "分档",
    "none": "未规定金额",
    "estimate": "估算（减免）",
}


def _code_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for enum in codes.CodedEnum.__subclasses__():
        for member in enum:
            labels.setdefault(str(member), member.label)
    return labels


CODES = _code_labels()


def label(name: str, extra: Mapping[str, str] | None = None) -> str:
    """The Chinese name of an input, declaration, parameter, code, status or payer level.

    ``extra`` carries the names a pack defines (declarations, parameters); a name nobody defines
    comes back unchanged, and the output scan catches it.
    """
    if extra and name in extra:
        return extra[name]
    if name in CORE_INPUTS:
        return CORE_INPUTS[name].label
    for table in (STATUS, LEVEL_LABELS, AMOUNT_KINDS, CODES):
        if name in table:
            return table[name]
    return name


def yuan(fen: int | None) -> Decimal | None:
    """Fen as exact yuan, to the fen: the value files carry."""
    return None if fen is None else (Decimal(fen) / FEN).quantize(CENT)


def money(fen: int | None, exact: bool = False) -> str:
    """Money as an officer reads it: 万元 with two decimals in tables, yuan to the fen in files.

    Rounding to 万元 is for reading only (half up, as officers round); every sum is taken in fen
    before it is shown.
    """
    if fen is None:
        return "—"
    if exact:
        return f"{yuan(fen):,}元"
    return f"{(Decimal(fen) / WAN).quantize(CENT, ROUND_HALF_UP):,}万元"


def cell_text(value: object) -> str:
    """A value in a report table: dates in ISO form, no float noise, "—" for nothing."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# The documents in /work/shared/seeds, by their number: rules cite "seeds/003 四(一)" for the
# maintainers; officers read the document's title.
DOCUMENTS = {
    "000": "白银高新区促进高质量发展若干措施及政策清单",
    "001": "甘肃省科技厅关于促进高新技术产业开发区高质量发展的若干措施",
    "002": "白银市建设兰白国家自主创新示范区和科技创新改革试验区发展规划纲要",
    "003": "兰州市城关区梯度培育高新技术企业倍增行动方案（2024—2027年）",
    "004": "柳州市关于促进高新技术产业开发区高质量发展的若干措施",
}

INDICATOR_KINDS = {"computed": "企业数据计算", "entered": "录入", "derived": "由其他指标推算"}

# Notes for whoever maintains the packs: the reference file and section a value was read from,
# the seed file's number, the reliability tags. They help a reviewer and mean nothing to an
# officer, who is given the document and its clause instead.
_INTERNAL = re.compile(
    r"\.md\b|\.py\b|\.txt\b|\.ya?ml\b|§|seeds/|NOT FOUND|\[[A-Z][A-Z-]+|S-\d|S-PT|History"
    # A website's short name where a maintainer read the text and the day it was read
    # ("gxkjj 2023-10-30"), when that is a part of a note by itself ("(a)" is a clause's).
    r"|^\s*[a-z][a-z0-9_.-]*\s+\d{4}-\d{2}-\d{2}\s*$",
)
_BRACKETED = re.compile(r"\s*[（(]([^（）()]*)[）)]")
_TAG = re.compile(r"\s*\[[A-Z][A-Za-z ,-]*\]")
_SEED = re.compile(r"seeds?[/ ]?(\d{3})(?:_\w+\.txt)?\s*")
_WORDS = {"种子文件": "已取得的政策文件"}
_EMPTY_PLACE = re.compile(r"([（(])[，,]+|[，,]+(?=[，,）)])|[，,]+([）)])")


def _document(match: re.Match[str]) -> str:
    title = DOCUMENTS.get(match.group(1))
    return f"《{title}》" if title else ""


def _without_notes(match: re.Match[str]) -> str:
    """A bracket with the parts that point at a reference file taken out: "（63号附件1，
    qualification-criteria.md §3.1）" keeps the document's "（63号附件1）"."""
    inner = match.group(1)
    parts = [p.strip() for p in re.split(r"[，,；;]", inner) if p.strip()]
    kept = [p for p in parts if not _INTERNAL.search(p)]
    if not _INTERNAL.search(inner) and kept == parts:
        return match.group(0)
    return f"（{'，'.join(kept)}）" if kept else ""


def officer_text(text: str) -> str:
    """Text from a pack with the maintainers' source notes taken out.

    A bracketed note that points at a reference file goes (the rest of its bracket stays); so
    does a "；"-separated part that only points at one. What remains is the document's own
    wording.
    """
    cleaned = _SEED.sub(_document, _TAG.sub("", text))
    while True:
        shorter = _BRACKETED.sub(_without_notes, cleaned)
        if shorter == cleaned:
            break
        cleaned = shorter
    parts = [part for part in re.split(r"[；;]", cleaned) if not _INTERNAL.search(part)]
    cleaned = "；".join(part.strip() for part in parts if part.strip())
    for word, plain in _WORDS.items():
        cleaned = cleaned.replace(word, plain)
    # A tag taken out between two notes leaves their separators side by side: "，，" or "（，".
    cleaned = _EMPTY_PLACE.sub(lambda m: m.group(1) or m.group(2) or "", cleaned)
    return cleaned


# A clause reference that already names its document (a number like 〔2015〕119号, a 公告, a law).
_NAMES_DOCUMENT = re.compile(r"〔\d{4}〕|公告|《|法\s|办法|通知")


def citation(document: str, ref: str) -> str:
    """A clause as officers cite it: 《document》clause, unless the clause names its document."""
    clause = officer_text(ref)
    if _NAMES_DOCUMENT.search(clause) or clause.startswith(f"《{document}》"):
        return clause
    return f"《{document}》{clause}"


def named(text: str, names: Mapping[str, str]) -> str:
    """``text`` with every identifier in ``names`` (a policy id in a stacking note, say) replaced
    by its Chinese name in 「」."""
    found = [name for name in names if name in text]
    for name in sorted(found, key=len, reverse=True):
        text = text.replace(name, f"「{names[name]}」")
    return text
