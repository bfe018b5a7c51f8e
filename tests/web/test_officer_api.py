"""The officers' API twins are typed in the OpenAPI document and name their path parameters
``uscc`` and ``application_id`` (the isolation matrix finds routes by these names)."""

from __future__ import annotations

from collections.abc import Callable

from techzone.access import Role
from tests.web.conftest import SessionClient

ROUTES = {
    ("get", "/api/v1/dashboard"): "Dashboard",
    ("get", "/api/v1/enterprises"): "Page_EnterpriseRow_",
    ("get", "/api/v1/enterprises/{uscc}"): "Dossier",
    ("get", "/api/v1/lists"): "ListsOut",
    ("get", "/api/v1/applications"): None,
    ("post", "/api/v1/applications/{application_id}/status"): "StatusChanged",
    ("post", "/api/v1/import"): "ImportOut",
}


def test_every_twin_is_in_the_openapi_document_with_its_model(
    client_as: Callable[[Role], SessionClient],
) -> None:
    document = client_as(Role.ZONE).get("/api/v1/openapi.json").json()
    for (method, path), model in ROUTES.items():
        operation = document["paths"][path][method]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if model is None:
            assert schema["type"] == "array" and "$ref" in schema["items"]
        else:
            assert schema["$ref"].endswith("/" + model), (path, schema)
    pages = [p for p in document["paths"] if not p.startswith("/api/")]
    assert pages == []  # pages stay out of the API document


def test_the_targets_name_their_documents_not_internal_files(
    client_as: Callable[[Role], SessionClient],
) -> None:
    fragment = client_as(Role.ZONE).get("/dashboard/targets", headers={"HX-Request": "true"})
    assert "seeds/" not in fragment.text
