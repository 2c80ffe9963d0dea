"""The WSGI application hands a complete body over in one piece and ends the request as the server would
(issue 10: granian sends a one-piece body in one call instead of walking the response from Rust)."""

from __future__ import annotations

import io

import pytest
from django.core.signals import request_finished
from django.http import StreamingHttpResponse

from congvan.config import wsgi


def _environ(path: str) -> dict[str, object]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }


def _call(path: str) -> tuple[list[str], object]:
    started: list[str] = []
    body = wsgi.application(_environ(path), lambda status, headers, exc_info=None: started.append(status))
    return started, body


# Outside a test transaction: the server's request_started/request_finished close a connection that is not in
# autocommit, as a test transaction's is (Django's test client disconnects them; this test runs them).
@pytest.mark.django_db(transaction=True)
def test_a_page_is_one_piece_with_its_whole_body():
    """/healthz answers 200 with its JSON as a single bytes item, the same body Django made."""
    started, body = _call("/healthz")
    assert started == ["200 OK"]
    assert body == [b'{"status": "ok"}']


@pytest.mark.django_db(transaction=True)
def test_the_request_is_finished_before_the_body_is_sent():
    """Closing the response (request_finished: the database connections' upkeep) still happens once."""
    finished: list[object] = []

    def note(sender: object, **kwargs: object) -> None:
        finished.append(sender)

    request_finished.connect(note)
    try:
        _call("/healthz")
    finally:
        request_finished.disconnect(note)
    assert len(finished) == 1


def test_a_stream_is_passed_on_untouched(monkeypatch):
    """A streaming answer (a large download) is not read into memory: the server gets Django's object."""
    stream = StreamingHttpResponse(iter([b"a", b"b"]))
    monkeypatch.setattr(wsgi, "django_application", lambda environ, start_response: stream)
    _started, body = _call("/anything")
    assert body is stream
