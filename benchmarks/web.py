"""The web application under load: p50/p95 of the enterprise search, the enterprise page and a
self-assessment, with 20 and then 100 concurrent clients on loopback. The self-assessment twice:
every request with the same answers (a worker gives again the answer it kept), and every request
with answers of its own (each one assessed).

    python -m benchmarks.web [--enterprises 100000] [--workers 2] [--requests 200]
                             [--database-url postgresql+psycopg://…] [--store PATH] [--report]
                             [--only search page …]

Loads the demo (SQLite file by default, kept with --store; or the PostgreSQL database given),
creates a 高新区管理员 account for the largest zone, starts ``techzone serve --workers N`` as a
separate process, logs in once, and sends each kind of request from a pool of client threads,
each client with its own kept-alive connection (``http.client``: it reads each answer whole and
looks only at its status). Latency is measured at the client, end to end; each row also gives the
CPU the server's processes and the benchmark's own process spent per request, both on the same
cores.
A route this build does not serve (a 404) is reported as such, not timed. Never run in tests;
``--report`` writes the table into docs/performance.md under "## Web".
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text

from benchmarks.common import Row, markdown, seconds
from techzone.access import Role
from techzone.accounts import Binding, create_account, find_account
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.model import Enterprise, Park, Zone
from techzone.store import Store, open_store

USERNAME, PASSWORD = "bench-zone", "bench-zone-password"
SEARCH = "/api/v1/enterprises?text={text}&page=3"
PAGE = "/enterprises/{uscc}"
# The parts the page loads after it (htmx), each from its own route.
PARTS = ("/assessment", "/steps", "/awards")
SELF = "/api/v1/self-assessment"
PROFILE: dict[str, Any] = {
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "province": "甘肃省",
    "city": "白银市",
    "figures": {
        "2023": {"employees": 120, "tech_staff": 20, "main_business_income": 30000000},
        "2024": {"employees": 130, "tech_staff": 22, "main_business_income": 40000000},
        "2025": {
            "employees": 140,
            "tech_staff": 25,
            "main_business_income": 50000000,
            "rd_expense": 2500000,
            "total_assets": 70000000,
            "liabilities": 25000000,
        },
    },
    "ip": [
        {
            "kind": "发明专利",
            "number": "ZL1",
            "granted_on": "2022-03-01",
            "acquisition": "自主研发",
            "status": "有效",
            "used_for_hnte": False,
        }
    ],
}
DOCS = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(store: Store, enterprises: int, fresh: bool) -> tuple[str, list[str]]:
    """The demo loaded (once), the bench account, the largest zone and some of its enterprises."""
    if fresh:
        load_demo(store, enterprises)
        with store.transaction() as session:
            if session.bind is not None and session.bind.dialect.name == "sqlite":
                session.execute(text("ANALYZE"))
        if store.engine.dialect.name == "postgresql":
            # Left to itself, PostgreSQL's autovacuum vacuums and analyzes every table a fresh
            # load filled, within a minute or so: on the same two cores as the timed requests.
            # Done here, before anything is timed (VACUUM runs outside a transaction).
            with store.engine.connect() as connection:
                single = connection.execution_options(isolation_level="AUTOCOMMIT")
                single.execute(text("VACUUM (ANALYZE)"))
    with store.transaction() as session:
        zone = session.execute(
            select(Zone.code)
            .join(Park, Park.zone_id == Zone.id)
            .join(Enterprise, Enterprise.park_id == Park.id)
            .group_by(Zone.code)
            .order_by(func.count(Enterprise.id).desc())
            .limit(1)
        ).scalar_one()
        usccs = list(
            session.scalars(
                select(Enterprise.uscc)
                .join(Park, Enterprise.park_id == Park.id)
                .join(Zone, Park.zone_id == Zone.id)
                .where(Zone.code == zone)
                .order_by(Enterprise.uscc)
                .limit(500)
            )
        )
        if find_account(session, USERNAME) is None:
            create_account(
                session, Actor(name="benchmark", source="benchmarks/web.py"), USERNAME, PASSWORD,
                Role.ZONE, Binding(zone=zone),
            )  # fmt: skip
    return zone, usccs


def start_server(url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TECHZONE_DATABASE_URL": url}
    command = [sys.executable, "-m", "techzone.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    stop(server)
    raise SystemExit("techzone serve did not answer within 120 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def log_in(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        answer = client.post(
            "/login",
            data={"username": USERNAME, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        if answer.status_code not in (200, 303) or "techzone_session" not in client.cookies:
            raise SystemExit(f"login failed: {answer.status_code}")
        return client.cookies


class Answer:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class Client:
    """One client's kept-alive connection: its requests with the session's cookie, each answer
    read to its last byte and left unparsed. The clients share the two cores with the server:
    httpx spent some 2.2 ms of CPU on each 150 kB self-assessment answer (a fifth of what the
    server spent), this some 0.3 ms."""

    def __init__(self, base: str, cookies: httpx.Cookies) -> None:
        address = httpx.URL(base)
        self._connection = http.client.HTTPConnection(address.host, address.port, timeout=120)
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self._headers = {"Cookie": cookie} if cookie else {}

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None
    ) -> Answer:
        self._connection.request(
            method, path, body=body, headers={**self._headers, **(headers or {})}
        )
        response = self._connection.getresponse()
        response.read()
        return Answer(response.status)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self._send("GET", path, None, headers)

    def post(self, path: str, content: bytes, headers: dict[str, str] | None = None) -> Answer:
        return self._send("POST", path, content, headers)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self._connection.close()


Request = Callable[[Client, int], Answer]


def load(
    base: str, cookies: httpx.Cookies, request: Request, clients: int, total: int
) -> tuple[list[float], int]:
    """``total`` requests from ``clients`` threads, each with its own connection."""
    per_client = max(1, total // clients)

    def run(number: int) -> tuple[list[float], int]:
        times, failures = [], 0
        with Client(base, cookies) as client:
            for i in range(per_client):
                start = time.perf_counter()
                answer = request(client, number * per_client + i)
                times.append(time.perf_counter() - start)
                failures += answer.status_code >= 400
        return times, failures

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(run, range(clients)))
    return [t for times, _ in results for t in times], sum(f for _, f in results)


def _group_cpu(group: int) -> float:
    """Seconds of CPU the processes of a process group have spent (Linux's /proc), the server's
    workers and their parent; 0 where there is no /proc."""
    if not Path("/proc").is_dir():
        return 0.0
    spent, tick = 0, os.sysconf("SC_CLK_TCK")
    for pid in (entry for entry in os.listdir("/proc") if entry.isdigit()):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:
            spent += int(fields[11]) + int(fields[12])
    return spent / tick


def _own_cpu() -> float:
    own = os.times()
    return own.user + own.system


def _p(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * share) - 1))]


def _with_parts(client: Client, uscc: str) -> Answer:
    """The page, then each part it loads after it, one after another (a browser asks for the
    parts together): the time until the whole dossier is on the screen, at most."""
    answer = client.get(PAGE.format(uscc=uscc))
    for part in PARTS:
        if answer.status_code >= 400:
            break
        answer = client.get(PAGE.format(uscc=uscc) + part, headers={"HX-Request": "true"})
    return answer


def measure(
    base: str,
    usccs: list[str],
    requests: int,
    levels: list[int],
    only: list[str] | None = None,
    server: int | None = None,
) -> list[Row]:
    """The rows of the table; ``server``: the server's process group, whose CPU per request is
    given beside the benchmark's own."""
    cookies = log_in(base)
    body = json.dumps(PROFILE, ensure_ascii=False).encode()
    named = itertools.count()

    def own(client: Client, _: int) -> Answer:
        # A name of its own: answers no other request gives, which a worker never keeps.
        mine = {**PROFILE, "name": f"自评示例企业{next(named)}"}
        content = json.dumps(mine, ensure_ascii=False).encode()
        return client.post(SELF, content=content, headers={"content-type": "application/json"})

    shapes: dict[str, Request] = {
        "enterprise search": lambda c, i: c.get(SEARCH.format(text=usccs[i % len(usccs)][:10])),
        "enterprise page": lambda c, i: c.get(PAGE.format(uscc=usccs[i % len(usccs)])),
        "enterprise page and its parts": lambda c, i: _with_parts(c, usccs[i % len(usccs)]),
        # Every client gives the same unnamed answers: after the first, each worker gives the
        # answer it kept (``web.selfassess._ANSWERS``) — what many enterprises starting the form
        # cost, not what an assessment costs.
        "self-assessment (API), the same answers": lambda c, i: c.post(
            SELF, content=body, headers={"content-type": "application/json"}
        ),
        "self-assessment (API), answers of its own": own,
    }
    if only:
        shapes = {name: shape for name, shape in shapes.items() if any(w in name for w in only)}
    rows = []
    with Client(base, cookies) as probe:
        for name, request in list(shapes.items()):
            status = request(probe, 0).status_code
            if status == 404:
                rows.append(Row(name, "not served by this build (404)"))
                del shapes[name]
            elif status >= 400:
                rows.append(Row(name, f"answered {status}: not timed"))
                del shapes[name]
    for clients in levels:
        for name, request in shapes.items():
            # Every worker warm first (packs, catalogue, the day's rules, the first batch): one
            # connection goes to one worker, so a warm-up over one left the other cold, and its
            # first answers (some 1 s) fell among the timed ones. Twice over as many connections
            # as clients: some reach each worker.
            for _ in range(2):
                load(base, cookies, request, clients, clients)
            served = _group_cpu(server) if server is not None else 0.0
            asked, started = _own_cpu(), time.perf_counter()
            times, failures = load(base, cookies, request, clients, max(requests, clients))
            elapsed = time.perf_counter() - started
            asked = (_own_cpu() - asked) / len(times)
            cpu = f"CPU per request: client {asked * 1000:.1f} ms"
            if server is not None:
                served = (_group_cpu(server) - served) / len(times)
                cpu += f", server {served * 1000:.1f} ms"
            rows.append(
                Row(
                    f"{name}, {clients} clients: p50 / p95",
                    f"{seconds(statistics.median(times))} / {seconds(_p(times, 0.95))} "
                    f"({len(times) / elapsed:.0f} req/s, {failures} errors; {cpu})",
                    "< 150 ms p95" if clients == 20 else "",
                )
            )
    return rows


def report(table: str) -> None:
    text_ = DOCS.read_text(encoding="utf-8")
    section = "## Web\n\n" + table.strip() + "\n"
    if "## Web\n" in text_:
        head, _, rest = text_.partition("## Web\n")
        following = rest.find("\n## ")
        tail = rest[following + 1 :] if following >= 0 else ""
        text_ = head + section + ("\n" + tail if tail else "")
    else:
        text_ = text_.rstrip() + "\n\n" + section
    DOCS.write_text(text_, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200, help="requests per kind and level")
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (else SQLite)")
    parser.add_argument("--store", type=Path, default=None, help="SQLite file to keep")
    parser.add_argument("--report", action="store_true", help="write docs/performance.md")
    parser.add_argument(
        "--only", nargs="+", default=None, help="time only the kinds whose name holds a word given"
    )
    arguments = parser.parse_args()
    if arguments.database_url:
        url, backend = arguments.database_url, "PostgreSQL"
        store = open_store(url)
        with store.transaction() as session:
            fresh = not session.scalar(select(func.count(Enterprise.id)))
    else:
        folder = Path(tempfile.mkdtemp(prefix="techzone-web-"))
        path = arguments.store or folder / "techzone.sqlite"
        fresh = not path.exists()
        url, backend = f"sqlite:///{path}", "SQLite"
        store = open_store(url)
    try:
        _, usccs = prepare(store, arguments.enterprises, fresh)
        with store.transaction() as session:
            count = session.scalar(select(func.count(Enterprise.id))) or 0
    finally:
        store.dispose()
    port = _free_port()
    server = start_server(url, arguments.workers, port)
    try:
        rows = measure(
            f"http://127.0.0.1:{port}",
            usccs,
            arguments.requests,
            arguments.clients,
            arguments.only,
            server=server.pid,
        )
    finally:
        stop(server)
    title = f"Web, {backend}, {arguments.workers} workers, clients on loopback"
    table = markdown(rows, title, count)
    print(table)
    if arguments.report:
        report(table)


if __name__ == "__main__":
    main()
