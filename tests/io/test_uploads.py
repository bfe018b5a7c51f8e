"""Uploads are checked before they are read: size, kind, and what a workbook expands to."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from techzone.io import uploads
from techzone.io.uploads import UploadRejected, check_upload


def _archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_workbook_within_the_bounds_passes(tmp_path: Path) -> None:
    check_upload(_archive(tmp_path / "a.xlsx", {"xl/workbook.xml": b"<workbook/>"}))
    (tmp_path / "b.csv").write_text("统一社会信用代码\n", encoding="utf-8")
    check_upload(tmp_path / "b.csv")


def test_an_archive_expanding_beyond_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_EXPANDED_BYTES", 1024 * 1024)
    bomb = _archive(tmp_path / "bomb.xlsx", {"xl/a.xml": b"\0" * (1024 * 1024 + 1)})
    assert bomb.stat().st_size < 20_000  # small on disk, large when expanded
    with pytest.raises(UploadRejected, match="解压后超过"):
        check_upload(bomb)
    # At the bound exactly, it passes (the bound is inclusive).
    check_upload(_archive(tmp_path / "edge.xlsx", {"xl/a.xml": b"\0" * (1024 * 1024)}))


def test_a_bound_spread_over_members_is_counted_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_EXPANDED_BYTES", 1000)
    spread = _archive(tmp_path / "s.xlsx", {f"m{i}.xml": b"x" * 400 for i in range(3)})
    with pytest.raises(UploadRejected, match="解压后超过"):
        check_upload(spread)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", b"MZ", "只能上传"),
        ("a.xlsx", b"", "空的"),
        ("a.xlsx", b"not a zip", "不是有效的 Excel 工作簿"),
    ],
)
def test_other_files_are_refused(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UploadRejected, match=message):
        check_upload(path)


def test_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(UploadRejected, match="超过上限"):
        check_upload(path, limit=100)
    check_upload(path, limit=101)
