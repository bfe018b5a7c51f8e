"""数据导入 / 导出: upload a workbook into the register through the CLI's ``import_file`` (all or
nothing, rows outside the caller's scope refused, the audit row in the import's transaction), the
row-level problems shown in the page; and the export workbook in the import format, holding the
rows of the caller's scope (``io.exporter.export_workbook(scope=)``).

Uploads are checked before they are read (``web.uploads.received``, ``io.archive``): a size limit
(here also refused from the request's declared length before the body is parsed) and a bound on
what a workbook expands to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from techzone.access import Role
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected, Problem, summary
from techzone.web.api import API_V1
from techzone.web.auth import Identity, require_role, require_writer, store_of
from techzone.web.errors import error_body
from techzone.web.support import actor_of, is_htmx, rule_packs, today, workbook_download
from techzone.web.templating import render
from techzone.web.uploads import MAX_UPLOAD_BYTES, UploadRejected, UploadTooLarge, received

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix=API_V1, tags=["数据导入"])

_importers = require_role(Role.ZONE, Role.PARK)
_exporters = require_role(Role.PROVINCE, Role.ZONE, Role.PARK)

UPLOAD_PATHS = frozenset({"/import", f"{API_V1}/import"})
# The multipart wrapping around the file: headers and boundaries.
_ENVELOPE = 64 * 1024
SHOWN_PROBLEMS = 200
_EXPORTING = (Role.PROVINCE, Role.ZONE, Role.PARK)


class ProblemOut(BaseModel):
    sheet: str = Field(description="工作表")
    row: int | None = Field(description="行号（表头为第1行）")
    column: str | None = Field(description="列")
    value: str = Field(description="填写的值")
    reason: str = Field(description="原因")


class ImportOut(BaseModel):
    imported: bool = Field(description="是否已导入（有任何问题则全部不写入）")
    written: dict[str, int] = Field(description="各表写入行数")
    changes: dict[str, str] = Field(description="各表新增、修改、未变条数")
    problems: list[ProblemOut] = Field(description="问题（行级）")
    message: str = Field(description="结果说明")


class UploadLimit:
    """Refuse an upload by its declared length before the body is read or parsed (413).

    A plain ASGI middleware: as ``@app.middleware("http")`` it copied every response of every
    route through a stream, some 0.3–0.5 ms of a request's CPU."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = _upload_refusal(Request(scope, receive))
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _upload_refusal(request: Request) -> Response | None:
    if request.method == "POST" and request.url.path in UPLOAD_PATHS:
        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES + _ENVELOPE:
            message = f"上传的文件超过上限 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB（或未说明大小）"
            if request.url.path.startswith("/api/"):
                return JSONResponse(error_body("too_large", message), status_code=413)
            return render(request, "import.html", _context(message=message), status=413)
    return None


def _context(**given: object) -> dict[str, object]:
    return {
        "title": "数据导入",
        "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        "message": None,
        "problems": [],
        "hidden": 0,
        "written": {},
        "changes": {},
        **given,
    }


def _import(request: Request, identity: Identity, upload: UploadFile) -> ImportOut:
    """The upload checked (``web.uploads.received``: size, kind, zip-bomb bound) and imported."""
    with received(upload) as path:
        try:
            written = import_file(
                store_of(request),
                path,
                declared=rule_packs().declarations,
                scope=identity.scope,
                actor=actor_of(request, identity),
            )
        except ImportRejected as rejected:
            return ImportOut(
                imported=False,
                written={},
                changes={},
                problems=[_problem(p) for p in rejected.problems],
                message=summary(rejected.problems),
            )
    return ImportOut(
        imported=True,
        written=dict(written),
        changes={sheet: str(c) for sheet, c in written.changes.items()},
        problems=[],
        message="导入完成。",
    )


def _problem(problem: Problem) -> ProblemOut:
    return ProblemOut(
        sheet=problem.sheet,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        reason=problem.reason,
    )


@router.get("/import")
def import_page(request: Request, identity: Annotated[Identity, Depends(_importers)]) -> Response:
    return render(request, "import.html", _context(export=identity.role in _EXPORTING))


@router.post("/import")
def import_upload(
    request: Request,
    identity: Annotated[Identity, Depends(_importers)],
    _writer: Annotated[Identity, Depends(require_writer)],
    file: UploadFile,
) -> Response:
    try:
        result = _import(request, identity, file)
    except (UploadRejected, UploadTooLarge) as error:
        context = _context(message=error.message)
        # A refusal is a 4xx for htmx too: static/htmx_errors.js swaps it into the page.
        status = error.status
        return render(request, _template(request), context, status=status)
    context = _context(
        message=result.message,
        imported=result.imported,
        problems=result.problems[:SHOWN_PROBLEMS],
        hidden=max(0, len(result.problems) - SHOWN_PROBLEMS),
        written=result.written,
        changes=result.changes,
    )
    status = 200 if result.imported else 422
    return render(request, _template(request), context, status=status)


def _template(request: Request) -> str:
    return "import_result.html" if is_htmx(request) else "import.html"


@api.post("/import", summary="导入工作簿（全部成功或全部不写入）", response_model=ImportOut)
def import_api(
    request: Request,
    identity: Annotated[Identity, Depends(_importers)],
    _writer: Annotated[Identity, Depends(require_writer)],
    file: UploadFile,
) -> Response:
    result = _import(request, identity, file)
    return JSONResponse(result.model_dump(mode="json"), status_code=200 if result.imported else 422)


@router.get("/export.xlsx")
def export_download(
    request: Request, identity: Annotated[Identity, Depends(_exporters)]
) -> Response:
    from techzone.io.exporter import export_workbook

    def write(path: Path) -> None:
        with store_of(request).transaction() as session:
            export_workbook(session, path, rule_packs().declarations, scope=identity.scope)

    return workbook_download(f"techzone-导出-{today(request)}.xlsx", write)
