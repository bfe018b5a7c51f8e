"""Policy documents made in the tests: .docx with python-docx, a text-layer .pdf by hand.

The PDF is the smallest valid one that carries Chinese text: a Type0 font with Identity-H
encoding whose ToUnicode map gives each two-byte code its character, so a reader (pypdf) gets
the text back exactly as a real text-layer PDF gives it. No font is embedded; nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    return path


LEVELS = (
    ("chineseCounting", "第%1条"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
)


def write_numbered_docx(path: Path, items: list[tuple[int | None, str]], start: int = 1) -> Path:
    """A Word file whose paragraphs are numbered by a list of three levels (第%1条, （%2）, %3.);
    a level of None is a paragraph outside the list."""
    document = docx.Document()
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start if level == 0 else 1}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text) in enumerate(LEVELS)
    )
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    '<w:numId w:val="90"/></w:numPr>'
                )
            )
    document.save(str(path))
    return path


def write_text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer holds ``lines``, one per line."""
    return write_paged_pdf(path, [lines])


def write_paged_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF of one page per item of ``pages``, whose text layer holds its lines, one per line."""
    chars = sorted({ch for lines in pages for line in lines for ch in line})
    codes = {ch: index for index, ch in enumerate(chars, start=1)}
    pairs = "\n".join(
        f"<{code:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, code in codes.items()
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    first_page = 7  # objects 1–6: catalogue, page tree, fonts, ToUnicode map, descriptor
    kids = " ".join(f"{first_page + 2 * index} 0 R" for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode("ascii"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 6 0 R /DW 1000 >>",
        _stream(cmap.encode("ascii")),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    for index, lines in enumerate(pages):
        content = ["BT", "/F1 12 Tf", "16 TL", "50 780 Td"]
        for line in lines:
            content.append("<" + "".join(f"{codes[ch]:04X}" for ch in line) + "> Tj T*")
        content.append("ET")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (first_page + 2 * index + 1)
        )
        objects.append(_stream("\n".join(content).encode("ascii")))
    path.write_bytes(_pdf(objects))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF page with no text layer, as a scanner makes it (here: blank)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
