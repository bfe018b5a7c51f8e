"""Files as an officer has them (issue #16): saved under the wrong suffix, empty, too large, in
an encoding a Windows tool chose, a page re-saved as UTF-8 that still declares gb2312."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from techzone.extract import UnreadableDocument, extract_file
from techzone.extract import read as reading
from techzone.extract.read import read_document
from tests.extract.documents import (
    write_docx,
    write_numbered_docx,
    write_paged_pdf,
    write_text_pdf,
)

CLAUSE = "对新认定的高新技术企业，给予一次性奖励50万元。"


def amounts(path: Path) -> list[object]:
    return [clause.amount_yuan for clause in extract_file(path).clauses]


def refused(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path)
    said = str(raised.value).replace(str(path), "")
    # Chinese only: no library's words ("Document is empty"); suffixes and "Word"/"PDF" may stay.
    assert not re.findall(r"[A-Za-z]*[a-z]{2,}", re.sub(r"\.\w+|Word|WPS|PDF|UTF", "", said))
    return said


@pytest.mark.parametrize("name", ["附件.doc", "附件.wps", "附件", "附件.txt"])
def test_a_word_file_under_another_suffix_is_read_as_word(tmp_path: Path, name: str) -> None:
    word = write_docx(tmp_path / "source.docx", [CLAUSE])
    path = tmp_path / name
    path.write_bytes(word.read_bytes())
    assert amounts(path) == [500_000]
    assert extract_file(path).document.format == "docx"


@pytest.mark.parametrize("name", ["附件.txt", "附件.docx", "附件"])
def test_a_pdf_under_another_suffix_is_read_as_pdf(tmp_path: Path, name: str) -> None:
    pdf = write_text_pdf(tmp_path / "source.pdf", [CLAUSE])
    path = tmp_path / name
    path.write_bytes(pdf.read_bytes())
    assert amounts(path) == [500_000]


@pytest.mark.parametrize("name", ["附件.doc", "附件.pdf", "附件"])
def test_a_web_page_saved_as_a_document_is_read_as_a_page(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page = f"<html><head><meta charset='gbk'></head><body><p>{CLAUSE}</p></body></html>"
    path.write_bytes(page.encode("gbk"))
    assert amounts(path) == [500_000]
    assert extract_file(path).document.format == "html"


def test_a_text_file_that_only_holds_tags_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(f"<html>{CLAUSE}", encoding="utf-8")
    assert extract_file(path).document.format == "txt"


@pytest.mark.parametrize("name", ["附件.doc", "附件.wps", "附件.docx", "附件.txt"])
def test_an_old_binary_word_or_wps_file_asks_to_be_saved_as_docx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    said = refused(path)
    assert "旧版 Word" in said and "WPS" in said and "另存为 .docx" in said


def test_a_zip_that_is_not_word_is_named_as_a_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "policy.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("policy.txt", CLAUSE)
    assert "压缩包" in refused(path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
def test_an_empty_file_says_it_is_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"policy{suffix}"
    path.write_bytes(b"")
    assert "空的" in refused(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("blank.txt", b" \r\n\r\n\t"),
        ("blank.html", b"<html><body><div class='nav'>\xca\xd7\xd2\xb3</div></body></html>"),
        ("spaces.html", b"   \n"),
    ],
)
def test_a_file_without_words_says_so(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    said = refused(path)
    assert "没有文字" in said


def test_a_word_file_without_words_says_so(tmp_path: Path) -> None:
    assert "没有文字" in refused(write_docx(tmp_path / "blank.docx", ["", " "]))


def test_a_file_too_large_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 10 * len(CLAUSE.encode()))
    path = tmp_path / "policy.txt"
    path.write_bytes(CLAUSE.encode() * 10 + b"\n")
    assert "文件过大" in refused(path)
    path.write_bytes(CLAUSE.encode() * 10)  # at the limit
    assert extract_file(path).document.characters == 10 * len(CLAUSE)


def test_a_text_too_long_to_be_one_policy_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 10 * len(CLAUSE))
    path = tmp_path / "policy.txt"
    path.write_text(CLAUSE * 10 + "。", encoding="utf-8")
    said = refused(path)
    assert "文件过长" in said and "分开提取" in said
    path.write_text(CLAUSE * 10, encoding="utf-8")
    assert extract_file(path).document.characters == 10 * len(CLAUSE)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_a_notepad_unicode_text_file_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "policy.txt"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe"}[encoding]
    path.write_bytes(bom + CLAUSE.encode(encoding))
    assert amounts(path) == [500_000]


def test_a_page_resaved_as_utf8_with_its_old_gbk_declaration_is_read_as_utf8(
    tmp_path: Path,
) -> None:
    # "获得" in UTF-8 reads as valid GBK ("鑾峰緱"): the declaration first would give mojibake.
    assert "获得".encode().decode("gbk") != "获得"
    path = tmp_path / "page.html"
    page = "<html><head><meta charset='gbk'></head><body><p>对获得认定的企业，给予50万元奖励。</p>"
    path.write_bytes(page.encode("utf-8"))
    extraction = extract_file(path)
    assert [c.amount_yuan for c in extraction.clauses] == [500_000]
    assert extraction.clauses[0].condition == "对获得认定的企业"
    # What UTF-8 cannot read is read as declared.
    path.write_bytes(page.encode("gbk"))
    assert extract_file(path).clauses[0].condition == "对获得认定的企业"


ISSUER = "某某高新技术产业开发区管理委员会"


def clauses_of(path: Path) -> list[tuple[object, ...]]:
    return [
        (c.kind, c.amount_yuan, c.cap_yuan, c.rate, c.condition) for c in extract_file(path).clauses
    ]


@pytest.mark.parametrize(
    "footer",
    ["第 3 页 共 12 页", "第3页/共12页", "共 12 页 第 3 页", "3 / 12", "Page 3 of 12", "－ 3 －"],
)
def test_a_pdfs_page_footer_and_running_head_inside_a_sentence_are_left_out(
    tmp_path: Path, footer: str
) -> None:
    # Each page ends on its footer and starts with the issuer's name; the page breaks fall inside
    # a cap (最高 | 不超过) and inside a figure (10 | 0万元).
    pages = [
        [ISSUER, "一、对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高", footer],
        [ISSUER, "不超过30万元。", "二、对主导制定国际标准的企业给予10", footer.replace("3", "4")],
        [ISSUER, "0万元奖励。"],
    ]
    clean = tmp_path / "clean.txt"
    clean.write_text(
        "一、对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。\n"
        "二、对主导制定国际标准的企业给予100万元奖励。",
        encoding="utf-8",
    )
    expected = clauses_of(clean)
    assert [row[:4] for row in expected] == [
        ("rate_cap", None, 300_000, Decimal("0.08")),
        ("fixed", 1_000_000, None, None),
    ]
    assert clauses_of(write_paged_pdf(tmp_path / "paged.pdf", pages)) == expected


def test_a_footer_between_two_sentences_stays_out_of_both(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(
        f"对新认定的企业，给予20万元奖励。\n第 1 页 共 2 页\n{ISSUER}\n"
        f"对主导制定国际标准的企业，给予100万元奖励。\n第 2 页 共 2 页\n{ISSUER}\n",
        encoding="utf-8",
    )
    assert [(int(c.amount_yuan or 0), c.condition) for c in extract_file(path).clauses] == [
        (200_000, "对新认定的企业"),
        (1_000_000, "对主导制定国际标准的企业"),
    ]


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_mark_inside_a_figure_does_not_cut_it(tmp_path: Path, mark: str) -> None:
    path = tmp_path / "policy.txt"
    written = f"对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过3{mark}0万元。"
    path.write_text(written, encoding="utf-8")
    (clause,) = extract_file(path).clauses
    assert clause.kind == "rate_cap" and clause.cap_yuan == Decimal(300_000)
    # The span is still an offset into the text as read, mark and all.
    assert f"3{mark}0万元" in written[clause.span[0] : clause.span[1]]


BODY = (
    "<div class='content'><p>一、对主导制定国际标准的企业给予100万元奖励。</p>"
    "<p>二、对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。</p>"
    "<p>附件：1.关于给予企业奖励50万元申请表.docx</p></div>"
)


@pytest.mark.parametrize(
    "links",
    [
        # related notices, hot news, the previous and next page: other pages' titles
        "<div class='xgwz'><h3>相关文章</h3><ul><li><a href='/1'>关于对新认定高新技术企业给予"
        "20万元奖励的通知</a> 2026-03-01</li><li><a href='/2'>关于兑现科技奖励资金500万元的公示"
        "</a></li></ul></div>",
        "<div class='rd'><div>热点信息</div><a href='/3'>高新区对瞪羚企业给予最高200万元奖励</a>"
        "<br><a href='/4'>2026年科技项目申报指南</a></div>",
        "<div class='fy'><a href='/5'>上一条</a>：<a href='/6'>关于对科技型企业给予10万元奖励的通知"
        "</a></div>",
    ],
)
def test_a_pages_lists_of_links_to_other_notices_are_no_clauses(tmp_path: Path, links: str) -> None:
    path = tmp_path / "page.html"
    page = f"<html><head><meta charset='gb2312'></head><body>{links}{BODY}{links}</body></html>"
    path.write_bytes(page.encode("gb18030"))
    assert [(c.amount_yuan or c.cap_yuan, c.condition) for c in extract_file(path).clauses] == [
        (Decimal(1_000_000), "对主导制定国际标准的企业"),
        (Decimal(300_000), "对企业购买技术成果的"),
    ]


def test_a_link_inside_a_sentence_keeps_the_sentence(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = (
        "<html><body><p>对通过<a href='/7'>高新技术企业</a>认定的企业，给予20万元奖励。</p>"
        "<p><a href='/8'>对通过认定的企业，给予10万元奖励。</a></p></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    assert [(c.amount_yuan, c.condition) for c in extract_file(path).clauses] == [
        (Decimal(200_000), "对通过高新技术企业认定的企业"),
        (Decimal(100_000), "对通过认定的企业"),
    ]


def test_a_pdf_whose_text_layer_is_glyph_numbers_asks_for_ocr(tmp_path: Path) -> None:
    # Without its ToUnicode map the font's codes come out as control characters and stray letters.
    made = write_text_pdf(tmp_path / "made.pdf", [CLAUSE] * 3)
    path = tmp_path / "garbled.pdf"
    path.write_bytes(made.read_bytes().replace(b" /ToUnicode 5 0 R", b""))
    assert "乱码" in refused(path)
    assert amounts(made) == [500_000]  # the same file with its map reads


def test_a_few_odd_characters_do_not_make_a_text_garbled() -> None:
    assert not reading._garbled("对新认定的企业\x0c给予50万元奖励。" * 3)
    assert reading._garbled("TTtK+!\x19JF\x01\x01\x01\x01\x0b\t8s\x14\x1d\x12\x17\x0b\x05\x03")


NARROW = (
    "一、对企业购买技术\n成果的，按合同成交\n额的8%给予补助，单\n个企业最高不超过\n30万元。\n"
    "二、对主导制定国际\n标准的企业给予\n100万元奖励。\n"
)


def test_a_narrow_column_is_read_as_its_paragraphs(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "narrow.pdf", NARROW.splitlines())
    assert clauses_of(path) == [
        ("rate_cap", None, Decimal(300_000), Decimal("0.08"), "对企业购买技术成果的"),
        ("fixed", Decimal(1_000_000), None, None, "对主导制定国际标准的企业"),
    ]


def test_short_headings_over_long_paragraphs_are_no_narrow_column() -> None:
    from techzone.extract.layout import LONG_LINE
    from techzone.extract.normalise import normalise, wrap_width

    assert wrap_width(NARROW) == 9
    paragraph = "扶持战略性新兴产业发展，对临港地区新一代信息技术、高端装备制造等产业给予支持。"
    headed = "".join(f"第{n}条设立产业引导基金\n{paragraph}\n" for n in "一二三四五")
    assert wrap_width(headed) == LONG_LINE
    assert normalise(headed).text.count("\n") == 10  # every heading stays a line of its own


@pytest.mark.parametrize(
    "written",
    [
        "二、对主导制定国际标准的企业给予**100万元**奖励。",
        "二、对[主导制定国际标准](http://example.cn/a_5.html)的企业给予100万元奖励。",
        "> 二、对主导制定国际标准的企业给予100万元奖励。",
        "- 二、对主导制定国际标准的企业给予`100万元`奖励。",
    ],
)
def test_markdown_marks_do_not_hide_a_sum_or_enter_a_condition(
    tmp_path: Path, written: str
) -> None:
    path = tmp_path / "policy.md"
    path.write_text(f"# 若干措施\n\n{written}\n", encoding="utf-8")
    assert [(c.amount_yuan, c.condition) for c in extract_file(path).clauses] == [
        (Decimal(1_000_000), "对主导制定国际标准的企业")
    ]


def test_markdown_headings_tables_and_escapes(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(
        "## 第一条 技术交易\n对企业购买技术成果的，按合同成交额的8\\%给予补助，"
        "单个企业最高不超过30万元。\n\n| 事项 | 标准 |\n|:---|---:|\n"
        "| 对主导制定国际标准的企业 | 给予100万元奖励 |\n\n---\n",
        encoding="utf-8",
    )
    assert read_document(path).text.splitlines()[:2] == [
        "第一条 技术交易",
        "对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。",
    ]
    assert clauses_of(path) == [
        ("rate_cap", None, Decimal(300_000), Decimal("0.08"), "对企业购买技术成果的"),
        ("fixed", Decimal(1_000_000), None, None, "对主导制定国际标准的企业"),
    ]
    assert [c.article for c in extract_file(path).clauses] == ["第一条", "第一条"]
    # A lone star or underscore in the words is no mark.
    path.write_text("注*：对新认定的企业（类型_A）给予20万元奖励。", encoding="utf-8")
    assert read_document(path).text == "注*：对新认定的企业（类型_A）给予20万元奖励。"


def test_the_issuer_heading_the_only_next_page_is_left_out(tmp_path: Path) -> None:
    pages = [
        ["二、对主导制定国际标准的企业给予10", "第 1 页 共 2 页"],
        [ISSUER, "0万元奖励。"],
    ]
    (clause,) = extract_file(write_paged_pdf(tmp_path / "two.pdf", pages)).clauses
    assert clause.amount_yuan == Decimal(1_000_000)
    assert clause.condition == "对主导制定国际标准的企业"
    # Without a page mark before it, a line naming an office is the document's own.
    from techzone.extract.normalise import normalise

    written = f"二、对主导制定国际标准的企业给予10\n\n{ISSUER}\n0万元奖励。"
    assert ISSUER in normalise(written).text


ARTICLES = [
    "对首次认定为国家级高新技术企业的，给予一次性奖励20万元。",
    "对企业年度研发投入超过上年度50%以上的，按超出部分的20%给予补贴，最高不超过200万元。",
    "对获得国家发明专利授权的企业，每项给予5万元奖励，每家企业每年最高不超过50万元。",
    "对企业购买技术成果的，按合同成交额的8%给予补助，单个企业最高不超过30万元。",
]


def every_kind_of_file(folder: Path) -> list[Path]:
    """One measure as an officer may get it: typed, in GB18030, as Markdown, as a GBK page
    with its site around it, as a Word file numbered by Word, as a PDF of pages with running head
    and footer and its lines wrapped inside phrases and figures."""
    numbered = [f"第{n}条 {text}" for n, text in zip("一二三四", ARTICLES, strict=True)]
    files = []
    typed = folder / "typed.txt"
    typed.write_text("\n".join(numbered), encoding="utf-8")
    files.append(typed)
    gb = folder / "gb18030.txt"
    gb.write_bytes("\r\n".join(numbered).encode("gb18030"))
    files.append(gb)
    md = folder / "policy.md"
    md.write_text("\n\n".join(f"## {line[:3]}\n{line[4:]}" for line in numbered), "utf-8")
    files.append(md)
    page = folder / "page.html"
    page.write_bytes(
        (
            "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            "</head><body><div>首页 | 政务公开 | 政策文件 | 办事服务</div>"
            "<div>当前位置：首页 &gt; 政策文件</div><div>字号：[大 中 小] 打印本页 分享到：</div>"
            "<div>关键词：科技创新 奖补</div><div class='content'>"
            + "".join(f"<p>{line}</p>" for line in numbered)
            + "</div><div><a href='/p'>上一篇：关于对企业给予10万元奖励的通知</a><br>"
            "<a href='/n'>下一篇：关于2026年度高企认定的通知</a></div>"
            "<div>主办单位：某某高新区管委会 电话：0123-12345678</div></body></html>"
        ).encode("gbk")
    )
    files.append(page)
    files.append(numbered_word(folder / "numbered.docx"))
    wrapped = [
        piece for line in numbered for piece in (line[i : i + 27] for i in range(0, len(line), 27))
    ]
    pages = [wrapped[i : i + 3] for i in range(0, len(wrapped), 3)]
    files.append(
        write_paged_pdf(
            folder / "paged.pdf",
            [[ISSUER, *lines, f"第 {n} 页 共 {len(pages)} 页"] for n, lines in enumerate(pages, 1)],
        )
    )
    return files


def numbered_word(path: Path) -> Path:
    return write_numbered_docx(path, [(0, text) for text in ARTICLES])


def with_articles(path: Path) -> list[tuple[object, ...]]:
    return [
        (c.kind, c.amount_yuan, c.cap_yuan, c.rate, c.condition, c.article)
        for c in extract_file(path).clauses
    ]


def test_every_kind_of_file_gives_the_clauses_of_the_typed_text(tmp_path: Path) -> None:
    typed, *others = every_kind_of_file(tmp_path)
    expected = with_articles(typed)
    assert [row[:4] for row in expected] == [
        ("fixed", Decimal(200_000), None, None),
        ("rate_cap", None, Decimal(2_000_000), Decimal("0.2")),
        ("per_unit_cap", Decimal(50_000), Decimal(500_000), None),
        ("rate_cap", None, Decimal(300_000), Decimal("0.08")),
    ]
    for path in others:
        assert with_articles(path) == expected, path.name


def test_a_utf8_page_with_a_broken_byte_is_read_as_utf8(tmp_path: Path) -> None:
    # A site cut a character in two; GB18030 reads any bytes, and would read the page as mojibake.
    page = "<html><body>" + "<p>各单位要加强组织领导，确保各项措施落实到位。</p>" * 40
    raw = (page + f"<p>{CLAUSE}</p></body></html>").encode("utf-8")
    path = tmp_path / "page.html"
    path.write_bytes(raw[:200] + b"\xe5" + raw[200:])
    assert amounts(path) == [500_000]
    # GBK stays GBK, however short.
    path.write_bytes(f"<p>{CLAUSE}</p>".encode("gbk"))
    assert amounts(path) == [500_000]


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_a_pdf_that_forbids_copying_with_aes_is_read(tmp_path: Path, algorithm: str) -> None:
    # A PDF that forbids copying has an owner password only and is usually encrypted with AES:
    # pypdf decrypts it with the cryptography library (pypdf[crypto]). Without it, such a file
    # ended the command as an internal error, then was refused; it is a policy like any other.
    from pypdf import PdfWriter

    plain = write_text_pdf(tmp_path / "plain.pdf", [CLAUSE])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    protected = tmp_path / "protected.pdf"
    writer.write(str(protected))
    assert b"/Encrypt" in protected.read_bytes()
    assert amounts(protected) == amounts(plain) != []


def test_a_pdf_that_needs_a_password_to_open_says_so(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(write_text_pdf(tmp_path / "plain.pdf", [CLAUSE])))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    writer.write(str(locked))
    assert "密码" in refused(locked)
