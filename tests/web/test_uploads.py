"""Uploads: size-limited, archive-checked, in a temporary folder removed afterwards."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, UploadFile

from techzone.access import Role
from techzone.accounts.demo import DemoAccount
from techzone.store import Store
from techzone.web import WebSettings, create_app
from techzone.web.auth import Identity, current_identity
from techzone.web.uploads import received
from tests.web.conftest import SessionClient, log_in

LIMIT = 8192
seen: list[Path] = []


@pytest.fixture
def client(
    web_store: Store, web_store_url: str, demo_accounts: dict[Role, DemoAccount]
) -> SessionClient:
    app = create_app(WebSettings(database_url=web_store_url), store=web_store)

    def take(file: UploadFile, _: Annotated[Identity, Depends(current_identity)]) -> dict[str, int]:
        with received(file, max_bytes=LIMIT) as path:
            seen.append(path)
            return {"bytes": path.stat().st_size}

    app.router.add_api_route("/api/v1/upload", take, methods=["POST"])
    test_client = SessionClient(app)
    account = demo_accounts[Role.ZONE]
    log_in(test_client, account.username, account.password)
    return test_client


def _send(client: SessionClient, name: str, content: bytes) -> tuple[int, dict[str, object]]:
    answer = client.post(
        "/api/v1/upload",
        files={"file": (name, content)},
        headers={"X-CSRF-Token": client.csrf},
    )
    return answer.status_code, answer.json()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/sheet1.xml", b"0" * (4 * 1024 * 1024))
    return buffer.getvalue()


def test_a_file_within_the_limit_is_received_then_removed(client: SessionClient) -> None:
    assert _send(client, "名录.csv", b"a" * LIMIT) == (200, {"bytes": LIMIT})
    assert not seen[-1].exists() and not seen[-1].parent.exists()


def test_refusals_in_chinese(client: SessionClient) -> None:
    status, body = _send(client, "名录.csv", b"a" * (LIMIT + 1))
    assert status == 413
    assert body["error"] == {"code": "too_large", "message": "上传的文件超过8KB，已拒绝"}
    status, body = _send(client, "script.exe", b"MZ")
    assert status == 422 and "只接受.xlsx、.csv文件" in str(body)
    status, body = _send(client, "empty.csv", b"")
    assert status == 422 and "空的" in str(body)
    bomb = _bomb()
    assert len(bomb) < LIMIT
    status, body = _send(client, "bomb.xlsx", bomb)
    assert status == 422 and "压缩炸弹" in str(body)


def test_a_form_upload_carries_the_token_as_a_field(client: SessionClient) -> None:
    answer = client.post(
        "/api/v1/upload",
        files={"file": ("名录.csv", b"a,b\n")},
        data={"csrf_token": client.csrf},
    )
    assert answer.status_code == 200 and answer.json() == {"bytes": 4}
    refused = client.post("/api/v1/upload", files={"file": ("名录.csv", b"a,b\n")})
    assert refused.status_code == 403


def test_each_refusal_names_the_file_and_an_old_workbook_is_told_to_save_as_xlsx(
    client: SessionClient,
) -> None:
    # 「只接受.xlsx、.csv文件」 for the .xls an office keeps, or the .et WPS saves by default,
    # told neither which file nor what to do.
    for name in ("2026年名单.xls", "名单.et"):
        status, body = _send(client, name, b"\xd0\xcf\x11\xe0" + b"\0" * 60)
        said = str(body)
        assert status == 422 and name in said and "另存为" in said and ".xlsx" in said
    status, body = _send(client, "名单.pdf", b"%PDF")
    assert status == 422 and "名单.pdf" in str(body) and "只接受.xlsx、.csv文件" in str(body)
    assert "另存为" not in str(body)
    status, body = _send(client, "名单.xlsx", b"")
    assert status == 422 and "名单.xlsx" in str(body) and "空的" in str(body)
    status, body = _send(client, "名单.xlsx", _bomb())
    assert status == 422 and "名单.xlsx" in str(body) and "压缩炸弹" in str(body)
