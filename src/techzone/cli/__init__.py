"""The command line: one face over the core (the web application in `techzone.web` is the other).

Nothing in the core imports this package."""

from techzone.cli.main import app

__all__ = ["app"]
