"""Reading .txt, .docx and text-layer .pdf; empty documents; files that cannot be read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from techzone.extract import UnreadableDocument, extract_file
from techzone.extract.read import read_document
from tests.extract.documents import write_docx, write_scanned_pdf, write_text_pdf

CLAUSE = "第三条 对获得国家科学技术奖的单位，按照一、二、三等奖分别给予50万元、30万元、20万元奖补。"


def row(*items: object) -> tuple[object, ...]:
    """Values to compare with plain literals (Decimal equals int; mypy cannot know)."""
    return items


def test_a_utf8_text_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(CLAUSE, encoding="utf-8")
    extraction = extract_file(path)
    assert [c.amount_yuan for c in extraction.clauses] == [500_000, 300_000, 200_000]
    assert extraction.document.format == "txt"
    assert extraction.document.characters == len(CLAUSE)


def test_a_gb18030_text_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(CLAUSE.encode("gb18030"))
    assert len(extract_file(path).clauses) == 3


def test_spans_index_the_text_as_read_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes("标题\r\n\r\n对企业给予5O万元奖励。\r\n".encode())
    text = read_document(path).text
    (clause,) = extract_file(path).clauses
    assert text[clause.span[0] : clause.span[1]] == "5O万元"


def test_a_word_document_with_paragraphs_and_a_table(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "policy.docx",
        ["某区科技奖励办法", "第五条 对新认定的高新技术企业给予20万元奖励。"],
        table=[["奖项", "金额"], ["一等奖", "对一等奖获得者给予10万元奖励"]],
    )
    extraction = extract_file(path)
    assert extraction.document.format == "docx"
    assert extraction.document.title == "某区科技奖励办法"
    assert [row(c.article, c.amount_yuan) for c in extraction.clauses] == [
        ("第五条", 200_000),
        ("第五条", 100_000),
    ]
    text = read_document(path).text
    for clause in extraction.clauses:
        assert text[clause.span[0] : clause.span[1]] == clause.amount_text


def test_a_text_layer_pdf(tmp_path: Path) -> None:
    path = write_text_pdf(
        tmp_path / "policy.pdf",
        [
            "第三条 对获得国家科学技术奖的单位，按照一、二、三等奖分别给予",
            "50万元、30万元、20万元奖补。",
            "联系电话：0931-8888888",
        ],
    )
    extraction = extract_file(path)
    assert extraction.document.format == "pdf"
    assert [row(c.grade, c.amount_yuan) for c in extraction.clauses] == [
        ("一等奖", 500_000),
        ("二等奖", 300_000),
        ("三等奖", 200_000),
    ]


def test_a_document_without_rewards_gives_an_empty_result(tmp_path: Path) -> None:
    plain = write_docx(tmp_path / "plain.docx", ["各单位要加强组织领导，确保各项措施落实到位。"])
    assert extract_file(plain).clauses == []
    # A file without any words is said to be one (test_officer_files): "0 clauses" would read as
    # a policy that promises nothing, where a download failed.


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "文件不存在"),
        ("policy.doc", b"\xd0\xcf\x11\xe0", "请另存为 .docx"),
        ("policy.rtf", b"{\\rtf1}", "不支持的文件类型"),
        ("broken.docx", b"not a zip file", "Word 文件已损坏"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "PDF 文件已损坏"),
    ],
)
def test_unreadable_files_say_why_in_chinese(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path)
    assert reason in str(raised.value) and str(path) in str(raised.value)
    # No library's own words ("Package not found at", "Stream has ended unexpectedly").
    said = re.sub(r"\.\w+|Word", "", str(raised.value).replace(str(path), ""))
    assert not re.findall(r"[A-Za-z]*[a-z]{2,}", said), said


def test_a_pdf_without_a_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableDocument, match="没有文字层"):
        extract_file(path)


def test_a_folder_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="文件夹"):
        extract_file(tmp_path)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        # A zip shaped almost like Word: python-docx failed inside (AttributeError, exit 70).
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, "已损坏"),
        ({"[Content_Types].xml": b"<Types", "word/document.xml": b""}, "已损坏"),
        # A few hundred kilobytes that expand to 300 MB would be read whole into memory.
        ({"word/document.xml": b"<" + b"a" * 300_000_000}, "过大"),
    ],
)
def test_a_zip_that_is_no_word_document_says_why_in_chinese(
    tmp_path: Path, members: dict[str, bytes], reason: str
) -> None:
    path = _zip(tmp_path / "policy.docx", members)
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path)
    assert reason in str(raised.value)


def test_a_broken_pdf_leaves_no_library_notice_on_the_terminal(tmp_path: Path) -> None:
    # pypdf logged "invalid pdf header: b'PK…'" and "EOF marker not found" above the Chinese
    # line. A process of its own: pytest's log capture would hide what a terminal shows.
    import os
    import subprocess
    import sys

    path = tmp_path / "policy.pdf"
    path.write_bytes(b"PK\x03\x04 a zip named .pdf")
    done = subprocess.run(
        [sys.executable, "-m", "techzone", "extract", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TECHZONE_DATA_DIR": str(tmp_path / "data")},
    )
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert lines == [f"错误：无法读取 {path}：PDF 文件已损坏"], lines
