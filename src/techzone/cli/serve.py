"""``techzone serve``: the web application under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="监听地址 · address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="端口 · port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="工作进程数 · worker processes")] = 1,
) -> None:
    """启动网页应用 · Start the web application (FastAPI under uvicorn).

    The database is the one the other commands use (TECHZONE_DATABASE_URL or the SQLite file
    in the data folder). Sessions live in the database, so several workers share logins.
    Behind a TLS proxy set TECHZONE_SECURE_COOKIES=1 (docs/deployment.md).
    """
    import uvicorn

    from techzone.store import open_store

    # Migrate once here, not in each worker at the same moment.
    open_store().dispose()
    typer.echo(f"网页应用地址：http://{host}:{port}/  （按 Ctrl+C 停止）")
    uvicorn.run(
        "techzone.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
