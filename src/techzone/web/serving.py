"""How each worker of ``techzone serve`` takes new connections.

The workers share one listening socket. Python's event loop, woken by a waiting connection,
accepts every connection waiting at that moment (up to the backlog), so when twenty clients
connect at once the first worker awake takes them all and the other none: for as long as those
connections are kept open, one worker's requests queue behind each other on one core while the
other core idles (seen in the self-assessment benchmark: 310 requests answered by one worker, 30
by the other). Here a worker takes one connection, then leaves the socket to the others for a
millisecond (``PAUSE``), so a burst is shared out; a busy worker's loop wakes later still, so the
freer worker takes more. The kernel's queue keeps its length (``listen(backlog)`` unchanged) and
nothing else of the loop changes.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

# Long enough for another worker's loop to be woken and take the next connection (0.5 ms was
# enough for two idle workers to share out bursts of 20 and 100 connections 10/10 and 50/50),
# short beside a request: a connection waits at most this long per connection ahead of it.
PAUSE = 0.001


class FairAcceptLoop(asyncio.SelectorEventLoop):
    """The standard selector loop, taking one connection each time, then pausing."""

    def _accept_connection(
        self,
        protocol_factory: Any,
        sock: socket.socket,
        sslcontext: Any = None,
        server: Any = None,
        backlog: int = 100,
        *args: Any,
    ) -> None:
        super()._accept_connection(  # type: ignore[misc]
            protocol_factory, sock, sslcontext, server, 1, *args
        )
        fd = sock.fileno()
        if fd < 0 or not self._remove_reader(fd):  # type: ignore[attr-defined]
            return
        self.call_later(
            PAUSE, self._resume, fd, protocol_factory, sock, sslcontext, server, backlog, *args
        )

    def _resume(self, fd: int, *accepting: Any) -> None:
        sock: socket.socket = accepting[1]
        server = accepting[3]
        # Closed meanwhile (the server stopping): its socket is no longer watched.
        if sock.fileno() != fd or (server is not None and not server.is_serving()):
            return
        self._add_reader(fd, self._accept_connection, *accepting)  # type: ignore[attr-defined]
