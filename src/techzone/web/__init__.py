"""The web application (issue #14): a face over the core, beside the command line.

Pages are rendered on the server in Chinese (Jinja2, htmx for partial updates), the REST API
lives under /api/v1, and every route hands the caller's ``access.Scope`` to the same core
functions the CLI calls. Start it with ``techzone serve``; build it with ``create_app``.
"""

from techzone.web.app import create_app
from techzone.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
