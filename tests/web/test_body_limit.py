"""A request body larger than any upload may be is refused before it is read, by anyone."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from techzone.access import Role
from techzone.web.uploads import MAX_UPLOAD_BYTES
from tests.web.conftest import SessionClient

TOO_LARGE = b"x" * (MAX_UPLOAD_BYTES + 2 * 1024 * 1024)


def _upload(client: SessionClient, url: str, token: str) -> tuple[int, str]:
    answer = client.post(
        url,
        data={"csrf_token": token},
        files={"file": ("big.pdf", TOO_LARGE, "application/pdf")},
        follow_redirects=False,
    )
    return answer.status_code, answer.text


def test_an_oversized_body_from_a_visitor_is_refused_unread(anonymous: SessionClient) -> None:
    # Without a session the form used to be parsed (every byte spooled to disk) to find the
    # CSRF token before the visitor was turned away.
    status, text = _upload(anonymous, "/fulfilment/cases/1/materials", "forged")
    assert status == 413
    assert "太大" in text or "超过" in text


def test_an_oversized_upload_from_an_officer_is_refused(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    for url in ("/fulfilment/cases/1/materials", "/api/v1/payments/import"):
        status, _ = _upload(client, url, client.csrf)
        assert status == 413, url


def test_a_body_without_a_declared_length_is_counted_as_it_streams(
    anonymous: SessionClient,
) -> None:
    def chunks() -> Iterator[bytes]:
        head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
        yield head
        for _ in range(len(TOO_LARGE) // (1024 * 1024)):
            yield b"x" * (1024 * 1024)

    answer = anonymous.post(
        "/api/v1/payments/import",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
