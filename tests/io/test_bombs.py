"""A workbook that inflates far beyond its size (a zip bomb renamed .xlsx) is refused by every
command that reads a workbook, as the web upload refuses it, before anything inflates it.

At the command line such a file of 2 MB inflating to 2 GB was read whole: about 2 GB of memory
and half a minute, then imported as if nothing were wrong."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from techzone.awards import reform
from techzone.fulfilment import payments
from techzone.fulfilment.errors import FulfilmentError
from techzone.io import archive
from techzone.io.archive import UnsafeArchive
from techzone.io.reader import read_file, workbook_rows
from techzone.store import Store
from tests.fulfilment.conftest import ALL, OFFICER
from tests.io.factory import sample, write_xlsx

_PADDING = 8 * 1024 * 1024


def _inflated(source: Path, target: Path) -> Path:
    """``source`` with its first sheet padded by whitespace between rows: still a well-formed
    workbook, but one that inflates far beyond the bound on the ratio."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        padded = False
        for item in book.infolist():
            data = book.read(item.filename)
            if not padded and item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</row>", b"</row>" + b" " * _PADDING, 1)
                padded = True
            out.writestr(item.filename, data)
    assert target.stat().st_size * archive.MAX_RATIO < _PADDING
    return target


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bomb")
    return _inflated(write_xlsx(folder / "good.xlsx", sample(2)), folder / "企业名单.xlsx")


def test_the_import_refuses_a_bomb_naming_the_file(bomb: Path) -> None:
    raw = read_file(bomb)
    assert raw.unreadable and not raw.sheets
    assert [(p.sheet, p.row, p.column) for p in raw.problems] == [("企业名单.xlsx", None, None)]
    assert "压缩炸弹" in raw.problems[0].reason


def test_a_workbook_just_within_the_ratio_is_still_read(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", sample(2))
    raw = read_file(good)
    assert not raw.problems and raw.row_count > 0


def test_a_damaged_zip_keeps_its_own_words(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", sample(2))
    data = bytearray(good.read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 40
    data[start : start + 200] = b"\xff" * 200
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    raw = read_file(broken)
    assert raw.unreadable
    assert "压缩炸弹" not in raw.problems[0].reason


def test_every_workbook_reader_is_bounded(bomb: Path) -> None:
    with pytest.raises(UnsafeArchive):
        list(workbook_rows(bomb))


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)  # about the file, not the store
def test_the_returned_payment_sheet_refuses_a_bomb_saying_why(store: Store, bomb: Path) -> None:
    # Before: 「请使用导出的支付批次表」 after reading it whole, or the sheet read as if sound.
    with store.transaction() as session, pytest.raises(FulfilmentError) as refused:
        payments.import_payments(session, ALL, OFFICER, bomb)
    assert "企业名单.xlsx" in str(refused.value) and "压缩炸弹" in str(refused.value)


def test_a_reform_workbook_refuses_a_bomb_saying_why(bomb: Path) -> None:
    with pytest.raises(reform.ReformRejected) as refused:
        reform._entries(bomb)
    said = " ".join(str(p) for p in refused.value.problems)
    assert "企业名单.xlsx" in said and "压缩炸弹" in said


def test_a_large_workbook_of_an_ordinary_ratio_is_read_by_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cells formatted down to row 1,048,576 inflate to some 290 MB at an ordinary ratio (13 to
    # 1): too large for an upload, but a command given it read it before and must still.
    good = write_xlsx(tmp_path / "good.xlsx", sample(2))
    monkeypatch.setattr(archive, "MAX_EXPANDED_BYTES", 1024)
    raw = read_file(good)
    assert not raw.problems and raw.row_count > 0
    with pytest.raises(UnsafeArchive, match="解压后过大"):
        archive.check_archive(good)  # the web upload's own check keeps its bound


def test_the_ratio_refusal_says_the_ratio(bomb: Path) -> None:
    with pytest.raises(UnsafeArchive) as refused:
        archive.check_archive(bomb, size_bound=False)
    assert f"{archive.MAX_RATIO}倍" in str(refused.value) and "压缩炸弹" in str(refused.value)
