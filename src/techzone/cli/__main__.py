"""`python -m techzone.cli` runs the command line (the benchmarks time it this way)."""

from techzone.cli.main import app

app()
