"""Reading a policy document's text: .txt/.md, .html (lxml), .docx (python-docx), .pdf (pypdf).

The text returned is "the text as read": every span techzone reports is an offset into it.
A file that cannot be read raises ``UnreadableDocument`` with a reason an officer can act on.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from techzone.extract.html import read_html
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
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        hint = "（旧版 Word .doc 请另存为 .docx）" if path.suffix.lower() == ".doc" else ""
        raise UnreadableDocument(
            path,
            f"不支持的文件类型“{path.suffix or '无后缀'}”，"
            f"请使用 .txt、.md、.html、.docx 或 .pdf{hint}",
        )
    readers = {
        "txt": _read_txt,
        "md": _read_txt,
        "html": read_html,
        "docx": _read_docx,
        "pdf": _read_pdf,
    }
    # A named pipe or the shell's <(…): read as what comes through it, never waited on for ever.
    try:
        with readable(path) as local:
            return SourceText(path, kind, readers[kind](local))
    except InputRefused as error:
        raise UnreadableDocument(path, str(error)) from error
    except UnreadableDocument as error:
        raise UnreadableDocument(path, error.reason) from error  # named as given, not the copy


def _read_txt(path: Path) -> str:
    return decoded(path, path.read_bytes())


def decoded(path: Path, raw: bytes, declared: str | None = None) -> str:
    """UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312), or the declared one."""
    for encoding in (declared, "utf-8-sig", "gb18030"):
        if encoding is None:
            continue
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(path, "文本编码无法识别（请另存为 UTF-8）")


def _read_docx(path: Path) -> str:
    from techzone.io.archive import UnsafeArchive, check_archive

    # A .docx is a zip, read whole into memory: a bomb is refused as a workbook would be.
    try:
        check_archive(path)
    except UnsafeArchive as error:
        raise UnreadableDocument(path, str(error)) from error
    try:
        document = docx.Document(str(path))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
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


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    rows = []
    for row in block.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_pdf(path: Path) -> str:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(path, "PDF 已加密，请先解除密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise UnreadableDocument(path, "PDF 文件已损坏") from error
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(
            path, "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文本版"
        )
    return text
