"""The application as ``techzone serve`` builds it: from the CLI's configuration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from techzone.web import selfassess
from techzone.web.app import served_app
from techzone.web.settings import SECURE_COOKIES_ENV, WebSettings


def test_the_served_app_uses_the_clis_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECURE_COOKIES_ENV, "1")
    warmed: list[date] = []
    monkeypatch.setattr(selfassess, "warm", warmed.append)
    app = served_app()
    # Each worker starts on the self-assessment's rules for its own today.
    assert warmed == [app.state.settings.clock().date()]
    assert app.state.settings.secure_cookies is True
    assert str(app.state.store.engine.url.database) == str(data_dir / "techzone.sqlite")
    with TestClient(app) as client:
        login = client.get("/login")
        assert login.status_code == 200
        assert "Secure" in login.headers["set-cookie"]  # the setting, though the request is http
    app.state.store.dispose()


def test_secure_cookies_are_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SECURE_COOKIES_ENV, raising=False)
    assert WebSettings.from_environment().secure_cookies is False
    monkeypatch.setenv(SECURE_COOKIES_ENV, "no")
    assert WebSettings.from_environment().secure_cookies is False


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_believes_forwarded_addresses_from_the_named_proxies_only(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from techzone.cli import app

    started: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **kwargs: started.append(kwargs))
    runner = CliRunner()
    port = str(_free_port())
    assert runner.invoke(app, ["serve", "--port", port]).exit_code == 0
    named = ["serve", "--port", port, "--trusted-proxies", "10.0.0.5, 192.168.8.0/24"]
    assert runner.invoke(app, named).exit_code == 0
    assert [(run["proxy_headers"], run["forwarded_allow_ips"]) for run in started] == [
        (True, ["127.0.0.1", "::1"]),
        (True, ["10.0.0.5", "192.168.8.0/24"]),
    ]
    for wrong, said in (("*", "不能写「*」"), ("nginx-host", "不是地址或网段")):
        refused = runner.invoke(app, ["serve", "--port", port, "--trusted-proxies", wrong])
        assert refused.exit_code == 1 and said in refused.output
    assert len(started) == 2
