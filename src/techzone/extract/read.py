"""Reading a policy document's text: .txt/.md, .html (lxml), .docx (python-docx), .pdf (pypdf).

The text returned is "the text as read": every span techzone reports is an offset into it.
A file that cannot be read raises ``UnreadableDocument`` with a reason an officer can act on.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from techzone.extract.html import read_html
from techzone.extract.numbering import Numbering
from techzone.io.files import InputRefused, readable

Format = Literal["txt", "md", "html", "docx", "pdf"]
FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


class UnreadableDocument(Exception):
    """A document techzone cannot read, with the reason in Chinese."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"无法读取 {path}：{reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SourceText:
    path: Path
    format: Format
    text: str


def read_document(path: Path) -> SourceText:
    """The text of ``path`` as read; raises ``UnreadableDocument``."""
    if not path.exists():
        raise UnreadableDocument(path, "文件不存在")
    if path.is_dir():
        raise UnreadableDocument(path, "这是一个文件夹，请给出文件")
    readers = {
        "txt": _read_txt,
        "md": _read_markdown,
        "html": read_html,
        "docx": _read_docx,
        "pdf": _read_pdf,
    }
    # A named pipe or the shell's <(…): read as what comes through it, never waited on for ever.
    try:
        with readable(path) as local:
            kind = _kind(local, path.suffix.lower())
            _check_size(local, kind)
            text = readers[kind](local)
    except InputRefused as error:
        raise UnreadableDocument(path, str(error)) from error
    except UnreadableDocument as error:
        raise UnreadableDocument(path, error.reason) from error  # named as given, not the copy
    if not text.strip():
        raise UnreadableDocument(path, "文件中没有文字")
    if len(text) > MAX_CHARACTERS:
        raise UnreadableDocument(
            path,
            f"文件过长（约{len(text) // 10_000}万字，上限{MAX_CHARACTERS // 10_000}万字），"
            "请只提供政策文件本身，多份文件请分开提取",
        )
    return SourceText(path, kind, text)


# What a file holds, from its first bytes: a site's "下载附件" often saves a Word file as .doc or
# .wps, a page as .doc or without a suffix, a PDF as .txt — read as what it is.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, WPS .wps, Excel .xls
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|meta|body)\b", re.IGNORECASE
)
# A policy text is a few tens of thousands of characters (the longest in the evaluation set has
# 24 000): a file ten times that is a compilation or not a policy, and its reading would take
# minutes. A PDF or Word file carries pictures, so its own size says less than its text.
MAX_CHARACTERS = 200_000
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_PACKAGE_BYTES = 100 * 1024 * 1024


def _kind(path: Path, suffix: str) -> Format:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise UnreadableDocument(path, "文件是空的（0 字节）")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _is_word_package(path):
        return "docx"
    if head.startswith(_OLE):
        raise UnreadableDocument(
            path, "这是旧版 Word（.doc）或 WPS 文件，无法直接读取，请另存为 .docx 或 PDF 后再提取"
        )
    kind = FORMATS.get(suffix)
    if kind not in ("txt", "md", "html") and _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"  # a page saved as .doc (Word's "网页" format), .pdf or without a suffix
    if kind is None:
        hint = "（旧版 Word .doc 或 WPS 文件请另存为 .docx）" if suffix in (".doc", ".wps") else ""
        raise UnreadableDocument(
            path,
            f"不支持的文件类型“{suffix or '无后缀'}”，请使用 .txt、.md、.html、.docx 或 .pdf{hint}",
        )
    if kind in ("docx", "pdf") or not head.startswith(b"PK\x03\x04"):
        return kind
    raise UnreadableDocument(path, "这是一个压缩包，不是文本；请解压后给出其中的文件")


def _is_word_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _check_size(path: Path, kind: Format) -> None:
    limit = MAX_PACKAGE_BYTES if kind in ("docx", "pdf") else MAX_TEXT_BYTES
    size = path.stat().st_size
    if size > limit:
        raise UnreadableDocument(
            path,
            f"文件过大（{size / 1024 / 1024:.0f}MB，上限{limit // (1024 * 1024)}MB），"
            "请只提供政策文件本身",
        )


def _read_txt(path: Path) -> str:
    return decoded(path, path.read_bytes())


def _read_markdown(path: Path) -> str:
    return markdown_text(decoded(path, path.read_bytes()))


# Markdown's marks around the words: **最高不超过30万元** hid the sum from the rules, "## 第一条"
# the article, \% the rate, [text](url) put an address inside the condition. A line keeps its
# place; a table row's cells are separated by tabs, as a .docx or .html table's are.
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.MULTILINE)
# >100万元 or >=50% opening a line is a condition's comparison, not a quote.
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>(?![=\d])[ \t]?)+", re.MULTILINE)
_MD_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_MD_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M
)
HAN = "\u4e00-\u9fff"
# A link's address has no Chinese and no space: 甘政发[2024](15号) is a document's number.
_MD_ADDRESS = rf"\((?:[^)\s{HAN}]*)\)"
_MD_IMAGE = re.compile(rf"!\[([^\]]*)\]{_MD_ADDRESS}")
_MD_LINK = re.compile(rf"\[([^\]]+)\]{_MD_ADDRESS}")
_MD_EMPHASIS = re.compile(r"(\*{2,3}|_{2,3}|~~)(?=\S)(.+?)(?<=\S)\1")
# A single * between two digits is a product (3*4*5), not emphasis.
_MD_STAR = r"(?<!\*)(?:(?<!\d)\*|\*(?!\d))(?!\*)"
_MD_ITALIC = re.compile(rf"{_MD_STAR}(?=[^\s*])(.+?)(?<=[^\s*]){_MD_STAR}")
_MD_CELL = re.compile(r"(?<!\\)\|")  # a cell's own | is written \|
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|%~<>])")
_MD_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """The words of a Markdown text, without its marks (see above)."""
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub(r"\1", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    for _ in range(2):  # ***…*** and **…*…*…**
        text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_ITALIC.sub(r"\1", text)
    text = _MD_BREAK.sub("\n", text)
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            line = "\t".join(cell.strip() for cell in _MD_CELL.split(stripped[1:-1]))
        lines.append(line)
    return _MD_ESCAPE.sub(r"\1", "\n".join(lines))


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decoded(path: Path, raw: bytes, declared: str | None = None) -> str:
    """By its byte-order mark (记事本's "Unicode" is UTF-16), else UTF-8, else the declared
    encoding, else GB18030 (which covers GBK and GB2312).

    UTF-8 is tried before the declared one: a page re-saved as UTF-8 keeps its old
    <meta charset=gb2312>, and Chinese in GBK is never valid UTF-8, while UTF-8 can read as
    GBK's mojibake."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 but for a few broken bytes (a page cut mid-character by its site): read as UTF-8,
    # the broken bytes as U+FFFD. GB18030 would read anything, and the whole page as mojibake;
    # GBK text read as UTF-8 breaks at nearly every Chinese character.
    lenient = raw.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if broken <= UTF8_BROKEN_MOST and broken <= UTF8_BROKEN_SHARE * len(lenient):
        # Beside a figure the broken character may have been a digit (a full-width １ is three
        # bytes): reading on would give a sum cut short, or none, in silence.
        figure = _BROKEN_FIGURE.search(lenient)
        if figure is not None:
            line = lenient.count("\n", 0, figure.start()) + 1
            raise UnreadableDocument(
                path,
                f"文件第{line}行的数字旁有损坏的字符（下载不完整或编码有误），金额可能读错；"
                "请重新下载原文或另存为 UTF-8",
            )
        return lenient
    for candidate in (declared, "gb18030"):
        if candidate is None:
            continue
        try:
            return raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableDocument(path, "文本编码无法识别（请另存为 UTF-8）")


UTF8_BROKEN_MOST = 20
_FIGURE_CHARS = "0-9０-９.．%％零〇一二三四五六七八九十百千万亿元"
_BROKEN_FIGURE = re.compile(rf"[{_FIGURE_CHARS}]\ufffd|\ufffd+[{_FIGURE_CHARS}]")
UTF8_BROKEN_SHARE = 0.001


def _read_docx(path: Path) -> str:
    from techzone.io.archive import UnsafeArchive, check_archive

    # A .docx is a zip, read whole into memory: a bomb is refused as a workbook would be.
    try:
        check_archive(path)
    except UnsafeArchive as error:
        raise UnreadableDocument(path, str(error)) from error
    try:
        document = docx.Document(str(path))
        numbering = Numbering(document)
        blocks = [
            _block_text(block, numbering) for block in _blocks(document.element.body, document)
        ]
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        SyntaxError,
        # A zip shaped almost like Word: python-docx fails deep inside on what is missing.
        AttributeError,
        TypeError,
        IndexError,
    ) as error:
        raise UnreadableDocument(path, "Word 文件已损坏或不是 .docx 格式") from error
    return "\n".join(blocks)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Text a reader of the page does not see: deleted or moved-away in tracked changes, and a text
# box's own paragraphs (python-docx never read those either).
_HIDDEN = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}
_CONTAINERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}


def _blocks(body: Any, document: Any) -> Iterator[Paragraph | Table]:
    """The paragraphs and tables of ``body`` in order, with those inside a content control or
    custom XML (a form template's fields), which python-docx's own iteration skips."""
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, document._body)
        elif child.tag == f"{_W}tbl":
            yield Table(child, document._body)
        elif child.tag in _CONTAINERS:
            yield from _blocks(child, document)


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it. python-docx reads only the runs directly in the
    paragraph: a figure in a tracked insertion, a content control, a smart tag or a field
    (给予1<smartTag>00</smartTag>万元) was lost, and 100万元 read as 1万元."""
    out = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if _hidden(node, paragraph):
            continue
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif node.get(f"{_W}type") not in ("page", "column"):
            out.append("\n")
    return "".join(out)


def _hidden(node: Any, paragraph: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _HIDDEN:
            return True
        parent = parent.getparent()
    return False


def _digit_at(text: str, index: int) -> bool:
    return text[index : index + 1].isdigit()


def _block_text(block: Paragraph | Table, numbering: Numbering) -> str:
    if isinstance(block, Paragraph):
        text = paragraph_text(block._p)
        label = numbering.label(block)  # counted even on an empty paragraph, as Word counts it
        shown, typed = label.strip(), text.lstrip()
        if not typed or (shown and typed.startswith(shown) and not _digit_at(typed, len(shown))):
            return text  # a number typed as well as drawn (第一条 第一条) is read once
        if label.endswith((".", "．")) and text[:1].isdigit():
            # Word sets the number apart by a tab: 1.|500万元以上 is not 1.500万元以上.
            label += "\t"
        return label + text
    rows = []
    for row in block.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append("\n".join(paragraph_text(p) for p in cell._tc.iterchildren(f"{_W}p")))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_pdf(path: Path) -> str:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(path, "PDF 已加密，请先解除密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DependencyError as error:
        # AES encryption, as a PDF that forbids copying usually has even without a password to
        # open it: pypdf decrypts it with the cryptography library (pypdf[crypto]); should an
        # installation lack it, the officer is told what to do rather than shown an error.
        raise UnreadableDocument(
            path,
            "PDF 设有 AES 加密（常见于禁止复制的文件），无法读取其中文字；"
            "请在 PDF 阅读器中另存为或打印为不加密的 PDF，或提供 Word/文本版",
        ) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise UnreadableDocument(path, "PDF 文件已损坏") from error
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(
            path, "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文本版"
        )
    if _garbled(text):
        raise UnreadableDocument(
            path,
            "PDF 的文字层是乱码（字体没有附带文字编码，复制出来也是乱码），"
            "请先做文字识别（OCR）或提供 Word/文本版",
        )
    return text


# A PDF whose fonts carry no map back to characters gives its glyph numbers as text: control
# characters among stray letters (TTtK+!\x19JF…). Read on, it would give "no rewards" in silence.
GARBLED_SHARE = 0.05
GARBLED_LEAST = 10


def _garbled(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    odd = sum(1 for ch in visible if ch == "\ufffd" or unicodedata.category(ch) == "Cc")
    return odd >= GARBLED_LEAST and odd > GARBLED_SHARE * len(visible)
