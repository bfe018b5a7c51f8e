"""A received workbook is decompressed and counted before anything reads it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from techzone.io import archive
from techzone.io.archive import UnsafeArchive, check_archive
from techzone.io.output import write_table


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def test_a_real_workbook_and_a_csv_pass(tmp_path: Path) -> None:
    book = tmp_path / "企业.xlsx"
    write_table(book, "企业", ["名称", "代码"], [[f"企业{i}", f"{i:018d}"] for i in range(500)])
    check_archive(book)
    csv = tmp_path / "企业.csv"
    csv.write_text("名称\n企业1\n", encoding="utf-8")
    check_archive(csv)


def test_a_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/sheet1.xml": b"0" * (8 * 1024 * 1024)})
    assert bomb.stat().st_size * archive.MAX_RATIO < 8 * 1024 * 1024
    with pytest.raises(UnsafeArchive, match="压缩炸弹"):
        check_archive(bomb)


def test_the_expanded_size_bound_on_both_sides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes that barely compress
    book = _zip(tmp_path / "book.xlsx", {"a.xml": data})
    monkeypatch.setattr(archive, "MAX_EXPANDED_BYTES", len(data))
    check_archive(book)
    monkeypatch.setattr(archive, "MAX_EXPANDED_BYTES", len(data) - 1)
    with pytest.raises(UnsafeArchive, match="解压后过大"):
        check_archive(book)


def test_too_many_members_and_a_broken_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    crowded = _zip(tmp_path / "many.xlsx", {f"m{i}.xml": b"x" for i in range(4)})
    with pytest.raises(UnsafeArchive, match="超过上限3"):
        check_archive(crowded)
    good = _zip(tmp_path / "broken.xlsx", {"a.xml": b"hello " * 2000})
    raw = bytearray(good.read_bytes())
    start = raw.index(b"a.xml") + len(b"a.xml")
    raw[start : start + 40] = b"\xff" * 40  # the compressed stream, corrupted
    good.write_bytes(bytes(raw))
    with pytest.raises(UnsafeArchive, match="已损坏"):
        check_archive(good)
