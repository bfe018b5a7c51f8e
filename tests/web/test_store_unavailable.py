"""A database that cannot be used while the web runs — not a database, damaged, or changed under
it by a newer techzone — is refused in Chinese with 503 and a stable code, the file untouched;
never the generic internal error."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from techzone.store import Store, open_store
from techzone.web import WebSettings, create_app
from tests.web.conftest import log_in


def test_a_file_that_is_no_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    broken = tmp_path / "techzone.sqlite"
    broken.write_bytes(b"this is no sqlite database, only text\n" * 200)
    before = broken.read_bytes()
    store = open_store(f"sqlite:///{broken}", upgrade=False)
    app = create_app(WebSettings(database_url=f"sqlite:///{broken}"), store=store)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            client.cookies.set("techzone_session", "x" * 40)  # a session to look up
            answer = client.get("/api/v1/lists")
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["code"] == "store_unavailable"
            assert "不是 techzone 的数据库，或已损坏" in error["message"]
            page = client.get("/login")
            assert page.status_code == 503 and "已损坏" in page.text
            assert "内部错误" not in page.text
            client.cookies.clear()
            tried = log_in(client, "someone", "password-1")
            assert tried.status_code == 503
            assert "已损坏" in tried.text and "内部错误" not in tried.text
    finally:
        store.dispose()
    assert broken.read_bytes() == before


def test_a_database_changed_by_a_newer_techzone_is_refused_naming_it(
    web_store_url: str, web_store: Store, tmp_path: Path
) -> None:
    """The web started over a current database; a newer techzone then migrated it (a table it
    reads is gone, the stamp is one this program does not know)."""
    source = Path(web_store_url.removeprefix("sqlite:///"))
    copy = tmp_path / "techzone.sqlite"
    shutil.copyfile(source, copy)
    url = f"sqlite:///{copy}"
    store = open_store(url)
    app = create_app(WebSettings(database_url=url), store=store)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.execute("DROP TABLE web_session")
    connection.close()
    before = copy.read_bytes()
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            client.cookies.set("techzone_session", "x" * 40)
            answer = client.get("/api/v1/lists")
            assert answer.status_code == 503, answer.text
            message = answer.json()["error"]["message"]
            assert "较新版本" in message and "9999_from_the_future" in message
            assert "请先升级 techzone" in message
            page = client.get("/")
            assert page.status_code == 503 and "请先升级 techzone" in page.text
            # A part of a page (htmx) gets the sentence alone.
            part = client.get("/", headers={"HX-Request": "true"})
            assert part.status_code == 503 and "请先升级 techzone" in part.text
            assert "<html" not in part.text
    finally:
        store.dispose()
    assert copy.read_bytes() == before
