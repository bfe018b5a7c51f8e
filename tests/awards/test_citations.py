"""Every policy quotes its document: the quoted words are in the seed, in the article it cites.

The seeds are the truth (``../shared/seeds``). Each document numbers its articles its own way, so
each has a splitter here: 甘肃 measures "措施N" (``N.``), 城关 "五(五)14" (chapter, section, item),
the 白银 news item "seed 000 第N段" (body paragraphs from "为充分调动…"), the 白银 list's own
opening "政策清单 第N条", and 柳州 "（N）". Whitespace and punctuation are compared loosely (full-
and half-width, quotes); the words must be there, in order, with "……" standing for words left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from techzone.awards.catalogue import CataloguedPolicy, load_catalogue

HERE = Path(__file__).resolve()


def _shared() -> Path | None:
    for parent in HERE.parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared"
    return None


SHARED = _shared()
NUMERALS = "一二三四五六七八九十"


def _loose(text: str) -> str:
    """Text with whitespace, punctuation and quotes removed: the words as a sequence."""
    return re.sub(r"[\s,，.。;；:：、!！?？\"'“”‘’「」《》()（）\[\]【】—\-…·]", "", text)


def _gansu(text: str) -> dict[str, str]:
    return {
        f"措施{m.group(1)}": m.group(0) for m in re.finditer(r"^(\d+)\.(.*)$", text, re.MULTILINE)
    }


def _chengguan(text: str) -> dict[str, str]:
    articles: dict[str, str] = {}
    chapter = section = ""
    for line in text.splitlines():
        line = line.strip()
        if m := re.match(rf"^([{NUMERALS}]+)、", line):
            chapter, section = m.group(1), ""
        elif m := re.match(rf"^\(([{NUMERALS}]+)\)", line):
            section = m.group(1)
        if m := re.match(r"^(\d+)\.", line):
            articles[f"{chapter}({section}){m.group(1)}"] = line
    return articles


def _baiyin_news(text: str) -> dict[str, str]:
    body = text[text.index("为充分调动各类创新主体积极性") :]
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    return {f"seed 000 第{n}段": paragraph for n, paragraph in enumerate(paragraphs, start=1)}


def _baiyin_list(text: str) -> dict[str, str]:
    found = re.finditer(rf"^(第[{NUMERALS}]+条)(.*)$", text, re.MULTILINE)
    return {f"政策清单 {m.group(1)}": m.group(0) for m in found}


def _liuzhou(text: str) -> dict[str, str]:
    found = re.finditer(rf"^\(([{NUMERALS}]+)\)(.*)$", text, re.MULTILINE)
    return {f"（{m.group(1)}）": m.group(0) for m in found}


SPLITTERS = {
    "seeds/001_": _gansu,
    "seeds/003_": _chengguan,
    "seeds/000_": _baiyin_news,
    "reference/baiyin-policy-list-opening": _baiyin_list,
    "seeds/004_": _liuzhou,
}


def _articles() -> dict[str, str]:
    """Every article of every document a policy pack cites, by its ref as the packs write it."""
    assert SHARED is not None
    articles: dict[str, str] = {}
    for prefix, split in SPLITTERS.items():
        folder, _, stem = prefix.partition("/")
        (path,) = (SHARED / folder).glob(f"{stem}*.txt")
        articles.update(split(path.read_text(encoding="utf-8")))
    return articles


def _quoted() -> Iterator[CataloguedPolicy]:
    for entry in load_catalogue().policies.values():
        if any(prefix in entry.source.pack.document.source for prefix in SPLITTERS):
            yield entry


def _base_ref(ref: str) -> str:
    """``seed 000 第12段（主体培育）`` → ``seed 000 第12段``: the dimension is a gloss."""
    return re.sub(r"（[^）]*）$", "", ref) if ref.startswith("seed 000") else ref


def _in_order(parts: list[str], article: str) -> bool:
    at = 0
    for part in parts:
        found = article.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


POLICIES = list(_quoted())


@pytest.mark.skipif(SHARED is None, reason="the seed documents (shared/seeds) are not beside")
@pytest.mark.parametrize("entry", POLICIES, ids=[entry.id for entry in POLICIES])
def test_the_quoted_text_is_in_the_cited_article(entry: CataloguedPolicy) -> None:
    articles = _articles()
    ref = _base_ref(entry.policy.clause.ref)
    assert ref in articles, f"{entry.id}: 引用的条款「{ref}」在原文中找不到"
    parts = [_loose(part) for part in entry.policy.clause.text.split("……")]
    assert all(parts)
    assert _in_order(parts, _loose(articles[ref])), (
        f"{entry.id}: 引文不在「{ref}」中：{entry.policy.clause.text}"
    )


@pytest.mark.skipif(SHARED is None, reason="the seed documents (shared/seeds) are not beside")
def test_a_wrong_article_is_caught() -> None:
    """The check can fail: 城关's award words are in 五(五)14, not in 五(一)1."""
    articles = _articles()
    words = _loose("重新认定的每家给予一次性奖补10万元")
    assert words in _loose(articles["五(五)14"])
    assert words not in _loose(articles["五(一)1"])
    assert _loose(articles["措施5"]).startswith("5加强关键核心技术攻关")
