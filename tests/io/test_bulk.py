import gc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from techzone.io import exporter, importer, reader
from techzone.io.bulk import collecting_later
from techzone.io.declared import Vocabulary
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected
from techzone.io.reader import RawFile
from techzone.io.sheets import SHEETS, Sheet
from techzone.store import Store
from tests.io.factory import sample, write_xlsx


def test_the_collector_is_off_in_the_block_and_on_after_it_even_on_an_error() -> None:
    assert gc.isenabled()
    with collecting_later():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collecting_later():
        raise ValueError
    assert gc.isenabled()


def test_a_nested_block_leaves_the_collector_off_for_the_outer_one() -> None:
    with collecting_later():
        with collecting_later():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_block_does_not_turn_on_a_collector_it_found_off() -> None:
    gc.disable()
    try:
        with collecting_later():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_import_checks_its_rows_with_the_collector_off_and_leaves_it_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    read = reader.read_file

    def reading(path: Path) -> RawFile:
        seen.append(gc.isenabled())
        return read(path)

    monkeypatch.setattr(importer, "read_file", reading)
    book = sample(3)
    import_file(store, write_xlsx(tmp_path / "good.xlsx", book))
    assert seen == [False]
    assert gc.isenabled()
    book["企业"][0]["统一社会信用代码"] = "坏"
    with pytest.raises(ImportRejected):
        import_file(store, write_xlsx(tmp_path / "bad.xlsx", book))
    assert seen == [False, False]
    assert gc.isenabled()


def test_an_export_reads_its_rows_with_the_collector_off_and_leaves_it_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store, write_xlsx(tmp_path / "good.xlsx", sample(3)))
    seen: list[bool] = []
    cells = exporter.sheet_cells

    def reading(
        session: Session, sheet: type[Sheet], declared: Vocabulary | None, scope: Any = None
    ) -> list[list[Any]]:
        seen.append(gc.isenabled())
        return cells(session, sheet, declared, scope)

    monkeypatch.setattr(exporter, "sheet_cells", reading)
    with store.transaction() as session:
        exporter.export_workbook(session, tmp_path / "export.xlsx")
        exporter.export_csv(session, tmp_path / "csv")
    assert seen == [False] * 2 * len(SHEETS)
    assert gc.isenabled()
