"""``python -m techzone``: the same command line as the ``techzone`` entry point."""

from techzone.cli import app

app(prog_name="techzone")
