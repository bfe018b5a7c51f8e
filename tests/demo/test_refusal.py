"""`techzone demo` never slips invented enterprises into a register of real ones."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from techzone.cli import app
from techzone.demo.generator import generate
from techzone.demo.identity import demo_index, synthetic_uscc
from techzone.io.importer import import_file
from techzone.io.sheets import EnterpriseRow
from techzone.model import Enterprise
from techzone.store import open_store
from tests.io.factory import sample, write_xlsx

runner = CliRunner()


def _enterprises() -> int:
    store = open_store()
    try:
        with store.transaction() as session:
            return session.scalar(select(func.count()).select_from(Enterprise)) or 0
    finally:
        store.dispose()


def test_every_demo_code_is_recognised_and_an_ordinary_code_is_not() -> None:
    codes = [row.uscc for row in generate(200, 5).rows(EnterpriseRow)]
    assert sorted(demo_index(code) or 0 for code in codes) == list(range(1, 201))
    assert all(demo_index(synthetic_uscc(number)) is None for number in range(1, 200))
    assert demo_index("91620100MA71X2YC8C") is None
    assert demo_index("not a code") is None


def test_the_demo_loads_twice_into_its_own_register(data_dir: Path) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["demo", "--enterprises", "30"])
        assert result.exit_code == 0, result.output
    assert _enterprises() == 30


def test_the_demo_is_refused_beside_real_records(data_dir: Path, tmp_path: Path) -> None:
    store = open_store()
    import_file(store, write_xlsx(tmp_path / "real.xlsx", sample(5)))
    store.dispose()
    refused = runner.invoke(app, ["demo", "--enterprises", "30"])
    assert refused.exit_code == 1
    assert "5家不是示范数据的企业" in refused.output and "--into-real-register" in refused.output
    assert "Traceback" not in refused.output
    assert _enterprises() == 5
    forced = runner.invoke(app, ["demo", "--enterprises", "30", "--into-real-register"])
    assert forced.exit_code == 0, forced.output
    assert _enterprises() == 35
