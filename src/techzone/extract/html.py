"""A web page's document text, without the page around it (lxml).

Re-hosted policy pages wrap the document in menus, breadcrumbs, share bars, keyword bars and
footers. Scripts, styles and the page's structural chrome (nav, header, footer, aside, form) are
dropped, and so is any short element whose class or id names chrome (nav, menu, breadcrumb,
footer, share, keyword …): short, so that a wrapper called "main-header-box" around the whole
document is never dropped with it. A hidden element (display:none) that repeats the visible
document — a print or share copy of the body — is dropped too: read, every clause came twice.
Block elements end a line, table cells a tab, as .docx does.
What is left still goes through ``furniture`` like any text.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                "form", "iframe", "select", "button")  # fmt: skip
CHROME = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|header|share|sidebar|toolbar|position|location"
    r"|keyword|tags|copyright|banner|pager|related|search|login",
    re.IGNORECASE,
)
CHROME_TEXT = 300  # longer than any menu; shorter than a document body
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "title"}  # fmt: skip
CELLS = {"td", "th"}
# Blocks that may be a line of links, what may stand beside the links (a date, 上一篇：, a bullet),
# and a link text that is a sentence of the document rather than a title.
LINK_BLOCKS = ("li", "p", "div", "dd", "dt", "tr", "td", "span", "ul", "ol", "dl")
LINK_LABELS = re.compile(r"[\s\d\-/.:：\[\]()（）【】·•>»|、]+")
LINK_LINE_WORDS = 6
SENTENCE_END = re.compile(r"[。；;]")
# A sum or a rate beside the links (…企业</a>，奖励50万元; a table row whose first cell links):
# the links are the subject of an award, not a list of other pages.
AWARD_BESIDE = re.compile(r"\d\s*(?:万|亿|元|%|％)|[一二三四五六七八九十百千]+(?:万|亿)?元")
# Words beside the links that make the block a clause: an end of sentence
# (须符合<a>《办法》</a>规定。), what a clause does (对<a>高新技术企业</a>给予奖励,
# 按<a>《办法》</a>执行). A list of other pages has dates, 上一篇：, 来源 beside its links.
CLAUSE_BESIDE = re.compile(r"[。；;]|给予|奖励|补助|补贴|资助|按照|依照|符合|执行|享受")
# Parts of a line or a row: a cell, a term and its description, a span. One holding only a link
# beside a sum in the rest of its row (<td><a>…小巨人企业</a></td><td>50万元</td>) is the
# award's subject.
LINE_PARTS = ("td", "dd", "dt", "span")
# A hidden copy of the body: styled display:none, and nearly every sentence of it (of a few at
# least) stands elsewhere on the page too. A hidden element whose text is nowhere else (a body a
# script shows later) is kept: its clauses are the page's only copy.
HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
HIDDEN_SENTENCES = 5
HIDDEN_REPEATED = 0.9
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def read_html(path: Path) -> str:
    from techzone.extract.read import UnreadableDocument, decoded

    raw = path.read_bytes()
    declared = CHARSET.search(raw[:4096])
    text = decoded(path, raw, declared.group(1).decode("ascii") if declared else None)
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except (etree.ParserError, ValueError) as error:
        # lxml's own words ("Document is empty") are no help to an officer.
        raise UnreadableDocument(path, "网页中没有文字或无法解析") from error
    return page_text(root)


def page_text(root: lxml.html.HtmlElement) -> str:
    """The text of the page's document, a line per block."""
    title = root.findtext(".//title") or ""
    _drop_hidden_copies(root)
    for element in list(root.iter()):
        # Comments and processing instructions have no string tag.
        if (
            not isinstance(element.tag, str)
            or element.tag in (*DROPPED_TAGS, "head")
            or _is_chrome(element)
        ):
            _remove(element)
    for element in list(root.iter(*LINK_BLOCKS)):
        parent = element.getparent()
        if parent is None or not _only_links(element):
            continue
        if element.tag in LINE_PARTS and _clause_beside(parent):
            continue
        _remove(element)
    for element in root.iter():
        if element.tag in BLOCKS:
            element.tail = "\n" + (element.tail or "")
        elif element.tag in CELLS:
            element.tail = "\t" + (element.tail or "")
    body = root.text_content()
    lines = [line.strip(" \t\u00a0\r") for line in body.split("\n")]
    text = "\n".join(line for line in lines if line)
    return f"{title.strip()}\n{text}" if title.strip() else text


def _drop_hidden_copies(root: lxml.html.HtmlElement) -> None:
    """广州 government pages keep a second copy of the body in a hidden block (class bbnr):
    nobody sees it on the page, and read it would put every clause in the draft twice."""
    hidden = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and HIDDEN.search(element.get("style", ""))
    ]
    if not hidden:
        return
    whole = re.sub(r"\s+", "", root.text_content())
    for element in hidden:
        own = re.sub(r"\s+", "", element.text_content())
        sentences = [s for s in re.split(r"[。；;]", own) if len(s) >= 10]
        if len(sentences) < HIDDEN_SENTENCES:
            continue
        repeated = sum(whole.count(sentence) >= 2 for sentence in sentences)
        if repeated >= HIDDEN_REPEATED * len(sentences):
            _remove(element)


def _only_links(element: lxml.html.HtmlElement) -> bool:
    """Whether a block holds nothing but links to other pages: a list of related notices, hot
    news, the previous and next article (…给予20万元奖励的通知 is another page's title, never a
    clause of this one). A link inside a sentence (按照《…办法》给予…) leaves words around it,
    and a link whose text is a sentence of its own (…。) is kept."""
    texts = [link.text_content() for link in element.iter("a")]
    if not any(text.strip() for text in texts) or any(SENTENCE_END.search(t) for t in texts):
        return False
    if _clause_beside(element):
        return False
    words = len(LINK_LABELS.sub("", element.text_content()))
    linked = len(LINK_LABELS.sub("", "".join(texts)))
    return words - linked <= LINK_LINE_WORDS


def _clause_beside(element: lxml.html.HtmlElement) -> bool:
    """Whether a sum, a rate or a clause's words stand in ``element`` outside its links."""
    beside = element.text_content()
    for link in element.iter("a"):
        beside = beside.replace(link.text_content(), "", 1)
    return AWARD_BESIDE.search(beside) is not None or CLAUSE_BESIDE.search(beside) is not None


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(CHROME.search(names)) and len(element.text_content()) < CHROME_TEXT


def _remove(element: etree._Element) -> None:
    """Drop an element but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
