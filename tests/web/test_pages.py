"""The layout, placeholders, errors in Chinese, the API's error shape and its OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from techzone.access import Role
from techzone.accounts.demo import DemoAccount
from techzone.store import Store
from techzone.web import WebSettings, create_app
from techzone.web.auth import Identity, require_writer
from techzone.web.navigation import SECTIONS, sections_for
from tests.web.conftest import SessionClient, log_in


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_section_answers_for_its_roles(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    for section in SECTIONS:
        answer = client.get(section.path)
        if role in section.roles:
            assert answer.status_code == 200, section.path
            assert section.label in answer.text
        else:
            assert answer.status_code == 403, section.path
            assert "没有权限" in answer.text


def test_menu_lists_only_the_roles_sections(client_as: Callable[[Role], SessionClient]) -> None:
    home = client_as(Role.ENTERPRISE).get("/").text
    for section in SECTIONS:
        shown = f'href="{section.path}"' in home
        assert shown is (section in sections_for(Role.ENTERPRISE)), section.label


def test_pages_are_chinese_and_load_nothing_from_elsewhere(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.ZONE).get("/")
    assert '<html lang="zh-CN">' in answer.text
    assert "http://" not in answer.text and "https://" not in answer.text
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert answer.headers["cache-control"] == "no-store"


def test_pages_send_the_csrf_token_with_htmx(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    assert f'hx-headers=\'{{"X-CSRF-Token": "{client.csrf}"}}\'' in client.get("/").text


def test_unknown_page_is_a_chinese_404(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).get("/no-such-page")
    assert answer.status_code == 404
    assert "没有这个页面" in answer.text


def test_api_errors_have_a_code_and_a_chinese_message(anonymous: SessionClient) -> None:
    answer = anonymous.get("/api/v1/no-such-route")
    assert answer.status_code == 404
    assert answer.json() == {"error": {"code": "not_found", "message": "没有这个页面或接口"}}
    assert anonymous.get("/api/v1/me").json()["error"]["message"] == "请先登录"


def test_openapi_document_lists_the_api_not_the_pages(anonymous: SessionClient) -> None:
    document = anonymous.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in document["paths"]
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    answers = document["paths"]["/api/v1/me"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(answers)
    assert answers["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    # No page that would load Swagger UI from a CDN.
    assert anonymous.get("/docs").status_code in (303, 404)


def test_static_assets_are_served_locally(anonymous: SessionClient) -> None:
    assert anonymous.get("/static/app.css").status_code == 200


def test_licences_page_lists_the_vendored_components(anonymous: SessionClient) -> None:
    page = anonymous.get("/licenses")
    assert page.status_code == 200
    assert "第三方组件许可" in page.text


def test_app_starts_without_vendored_assets(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from pathlib import Path

    from techzone.web import assets

    monkeypatch.setattr(assets, "VENDOR", Path(str(tmp_path)) / "absent")
    assert assets.vendored() == frozenset()
    assert "make install" in caplog.text


def _app_with(web_store: Store, web_store_url: str) -> FastAPI:
    app = create_app(WebSettings(database_url=web_store_url), store=web_store)

    def count(n: int) -> dict[str, int]:
        return {"n": n}

    def broken() -> None:
        raise RuntimeError("a defect")

    app.router.add_api_route("/api/v1/count", count, methods=["GET"])
    app.router.add_api_route("/api/v1/broken", broken, methods=["GET"])
    app.router.add_api_route("/broken", broken, methods=["GET"])

    def change(_: Annotated[Identity, Depends(require_writer)]) -> dict[str, bool]:
        return {"changed": True}

    app.router.add_api_route("/api/v1/change", change, methods=["POST"])
    return app


def test_the_province_reads_but_does_not_change(
    web_store: Store, web_store_url: str, demo_accounts: dict[Role, DemoAccount]
) -> None:
    app = _app_with(web_store, web_store_url)
    for role, status in ((Role.PROVINCE, 403), (Role.ZONE, 200)):
        with SessionClient(app) as client:
            log_in(client, demo_accounts[role].username, demo_accounts[role].password)
            answer = client.post("/api/v1/change", headers={"X-CSRF-Token": client.csrf})
            assert answer.status_code == status, role
    # (403 carries the reason in Chinese)
    with SessionClient(app) as client:
        account = demo_accounts[Role.PROVINCE]
        log_in(client, account.username, account.password)
        refused = client.post("/api/v1/change", headers={"X-CSRF-Token": client.csrf})
        assert refused.json()["error"]["message"] == "省级管理员账号只能查看，不能修改"


def test_api_validation_errors_name_the_field_in_chinese(
    web_store: Store, web_store_url: str
) -> None:
    with TestClient(_app_with(web_store, web_store_url)) as client:
        answer = client.get("/api/v1/count", params={"n": "many"})
        assert answer.status_code == 422
        assert answer.json() == {
            "error": {
                "code": "invalid_input",
                "message": "提交的内容有误：「n」须为整数",
                "fields": [{"field": "query.n", "label": "n", "message": "须为整数"}],
            }
        }
        assert client.get("/api/v1/count").json()["error"]["fields"][0]["message"] == "必须填写"


def test_a_defect_answers_in_chinese_without_a_traceback(
    web_store: Store, web_store_url: str
) -> None:
    app = _app_with(web_store, web_store_url)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/v1/broken")
        assert api.status_code == 500
        assert api.json()["error"]["code"] == "server_error"
        page = client.get("/broken")
        assert page.status_code == 500 and "系统内部错误" in page.text
        assert "Traceback" not in page.text and "a defect" not in page.text
