"""Rendering pages: Jinja2 templates in Chinese, with the caller, the menu and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from techzone.web.navigation import sections_for

TEMPLATES = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=TEMPLATES)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A page (or an htmx fragment) with what the layout needs: who is asking, their menu."""
    from techzone.web.auth import optional_identity

    identity = getattr(request.state, "identity", None)
    if identity is None and not hasattr(request.state, "identity"):
        identity = optional_identity(request)
    full: dict[str, Any] = {
        "identity": identity,
        "sections": sections_for(identity.role) if identity is not None else [],
        "csrf_token": identity.csrf_token if identity is not None else "",
        "vendor": request.app.state.vendor,
        "current_path": request.url.path,
    }
    full.update(context or {})
    return templates.TemplateResponse(request, template, full, status_code=status, headers=headers)
