"""Import and export, the packs' check remembered, never load the rules' engine: Polars, sqlglot
and the compiler are most of what a command would spend starting (docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from techzone.config import DATA_DIR_ENV
from techzone.rules.loader import CACHE_DIR_ENV
from tests.io.factory import sample, write_xlsx

_RUN = """
import sys
from techzone.cli.main import app

for arguments in sys.argv[1:]:
    try:
        app(arguments.split("|"))
    except SystemExit as stop:
        assert not stop.code, stop.code
engine = ("polars", "sqlglot", "techzone.rules.compiler", "techzone.rules.frame")
print("loaded:", *(name for name in engine if name in sys.modules))
"""


def _techzone(tmp_path: Path, *commands: str) -> str:
    environment = {
        **os.environ,
        DATA_DIR_ENV: str(tmp_path / "data"),
        CACHE_DIR_ENV: str(tmp_path / "cache"),
    }
    environment.pop("TECHZONE_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", _RUN, *commands],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()[-1].removeprefix("loaded:").strip()


def test_import_and_export_load_no_rule_engine_once_the_packs_check_is_remembered(
    tmp_path: Path,
) -> None:
    book = write_xlsx(tmp_path / "book.xlsx", sample(3))
    # The first command checks the packs' rules, compiling them, and remembers that they passed.
    assert "polars" in _techzone(tmp_path, f"template|--out|{tmp_path / 'template.xlsx'}")
    loaded = _techzone(tmp_path, f"import|{book}", f"export|--out|{tmp_path / 'out.xlsx'}")
    assert loaded == ""
    assert (tmp_path / "out.xlsx").stat().st_size > 0
