"""``techzone serve``: the web application under uvicorn."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from typing import Annotated

import typer

from techzone.cli.support import fail

# uvicorn's own default: a proxy on the same machine (nginx in front, the usual set-up).
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="监听地址 · address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="端口 · port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="工作进程数 · worker processes")] = 1,
    trusted_proxies: Annotated[
        str,
        typer.Option(
            "--trusted-proxies",
            help="可信反向代理的地址（逗号分隔，可写网段），只采信它们转发的客户端地址"
            " · proxies whose X-Forwarded-For is believed (IPs or networks, comma-separated)",
        ),
    ] = DEFAULT_TRUSTED_PROXIES,
) -> None:
    """启动网页应用 · Start the web application (FastAPI under uvicorn).

    The database is the one the other commands use (TECHZONE_DATABASE_URL or the SQLite file
    in the data folder). Sessions live in the database, so several workers share logins.
    Behind a TLS proxy set TECHZONE_SECURE_COOKIES=1 (docs/deployment.md).
    Behind a reverse proxy on another machine name it with --trusted-proxies, so that failed
    logins are counted per client and not per proxy (docs/deployment.md).
    """
    import uvicorn

    from techzone.store import open_store

    proxies = parse_trusted_proxies(trusted_proxies)
    _check_address(host, port)
    # Migrate once here, not in each worker at the same moment.
    open_store().dispose()
    typer.echo(f"网页应用地址：http://{host}:{port}/  （按 Ctrl+C 停止）")
    uvicorn.run(
        "techzone.web.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Several workers share one socket: each takes one new connection at a time, so a
        # burst of clients is spread over the workers (techzone.web.serving). A selector loop
        # of Python's own: uvloop, which "auto" would prefer, is not among the dependencies.
        loop="techzone.web.serving:FairAcceptLoop" if _fair_accept(workers) else "auto",
        log_level="info",
        # The client's address is what failed logins are counted by (accounts.service): it is
        # taken from X-Forwarded-For only when the connection comes from a named proxy, else
        # anyone could write another address there at each try.
        proxy_headers=True,
        forwarded_allow_ips=proxies,
    )


def parse_trusted_proxies(text: str) -> list[str]:
    """The proxies' addresses or networks, checked; refused in Chinese when one is not."""
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    for entry in entries:
        if entry == "*":
            raise fail(
                "可信代理不能写「*」：那样任何人都能冒充客户端地址，登录失败次数就无从按地址计算；"
                "请写出代理的地址或网段"
            )
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise fail(
                f"可信代理「{entry}」不是地址或网段（如 127.0.0.1、10.0.0.0/8、::1）"
            ) from error
    return entries


def _fair_accept(workers: int) -> bool:
    # uvicorn's own loop on Windows (a proactor: another way of sharing the socket).
    return workers > 1 and sys.platform != "win32"


def _check_address(host: str, port: int) -> None:
    """Refuse, before uvicorn starts, an address it cannot listen on: it would say so in English
    among its start-up lines and exit."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise fail(
            f"监听地址「{host}」无法识别，请写 IP 地址（如 127.0.0.1 或 0.0.0.0）"
        ) from error
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as trial:
        trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            trial.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                why = f"端口 {port} 已被占用（可能已有网页应用在运行），请用 --port 换一个端口"
            elif error.errno in (errno.EACCES, errno.EPERM):
                why = f"没有使用端口 {port} 的权限（1024 以下的端口需要管理员权限）"
            elif error.errno == errno.EADDRNOTAVAIL:
                why = f"本机没有地址「{host}」"
            else:
                why = f"无法在 {host}:{port} 上监听（错误号 {error.errno}）"
            raise fail(why) from error
