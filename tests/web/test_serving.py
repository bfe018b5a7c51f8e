"""The workers' event loop: one connection taken at a time, none lost or refused."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from techzone.cli.serve import _fair_accept
from techzone.web import serving
from techzone.web.serving import FairAcceptLoop

T = TypeVar("T")


def _run_apart(loop: asyncio.AbstractEventLoop, work: Coroutine[Any, Any, T]) -> T:
    """``loop.run_until_complete`` in a thread of its own, then the loop closed: the browser
    tests keep Playwright's loop running in the test thread, where no other loop may run."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = loop.run_until_complete(work)
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error
        finally:
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result


async def _echo_burst(clients: int) -> tuple[list[bytes], int]:
    accepted = 0

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    listening = socket.create_server(("127.0.0.1", 0))
    server = await asyncio.start_server(echo, sock=listening)
    port = listening.getsockname()[1]

    async def client(number: int) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"{number}\n".encode())
        await writer.drain()
        line = await reader.readline()
        writer.close()
        return line

    # All connect before any is taken: the burst the pause spreads over workers.
    answers = await asyncio.gather(*(client(n) for n in range(clients)))
    server.close()
    await server.wait_closed()
    return list(answers), accepted


def test_a_burst_of_connections_is_taken_one_at_a_time_and_all_answered() -> None:
    answers, accepted = _run_apart(FairAcceptLoop(), _echo_burst(25))
    assert answers == [f"{n}\n".encode() for n in range(25)]
    assert accepted == 25


def test_each_wake_takes_one_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[int] = []
    original = asyncio.SelectorEventLoop._accept_connection  # type: ignore[attr-defined]

    def spy(self: object, factory: object, sock: object, ssl: object, server: object,
            backlog: int, *rest: object) -> None:  # fmt: skip
        taken.append(backlog)
        original(self, factory, sock, ssl, server, backlog, *rest)

    monkeypatch.setattr(asyncio.SelectorEventLoop, "_accept_connection", spy)
    answers, _ = _run_apart(FairAcceptLoop(), _echo_burst(6))
    assert len(answers) == 6
    assert taken and set(taken) == {1}  # the stock loop would take up to 100 per wake


def test_a_server_closed_during_the_pause_is_not_watched_again() -> None:
    async def run() -> None:
        async def nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.close()

        server = await asyncio.start_server(nothing, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.sleep(0)  # taken; the pause begins
        server.close()
        await server.wait_closed()
        await asyncio.sleep(serving.PAUSE * 3)  # the resumption finds it closed
        writer.close()

    errors: list[dict[str, object]] = []
    loop = FairAcceptLoop()
    loop.set_exception_handler(lambda _, context: errors.append(context))
    _run_apart(loop, run())
    assert errors == []


def test_several_workers_use_the_loop_one_does_not(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from techzone.cli import app

    asked: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_, loop, **__: asked.append(loop))
    for workers in ("2", "1"):
        port = str(_free_port())
        assert (
            CliRunner().invoke(app, ["serve", "--port", port, "--workers", workers]).exit_code == 0
        )
    assert asked == ["techzone.web.serving:FairAcceptLoop", "auto"]
    assert _fair_accept(2) is True
    assert _fair_accept(1) is False
    # uvicorn reads a loop given by name as the loop's own factory.
    config = uvicorn.Config("techzone.web.app:app_from_environment", loop=asked[0])
    assert config.get_loop_factory() is FairAcceptLoop


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
