"""Hostile messages at the exchange endpoint (issue 7, "done when": external DTDs and zip bombs are refused
without reading local files, calling out or exhausting memory), alone and inside a batch. XXE, billion laughs
and a declared gigabyte are in test_exchange_endpoint.py::TestHostileInput; the reader's own tests are in
tests/vbhc/test_edxml_safety.py."""

from __future__ import annotations

import io
import json
import socket
import tracemalloc
import zipfile

import pytest
from exchange_helpers import post_signed, remote_edoc

from congvan.documents.models import Document, StoredFile
from congvan.exchange import batch, keys
from congvan.vbhc import edxml
from congvan.vbhc.edxml import write_edoc

SECRET = "BI-MAT-DTD-42"


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def nothing_connected(server: socket.socket) -> bool:
    try:
        server.accept()
    except BlockingIOError:
        return True
    return False


def zip_bomb(megabytes: int) -> bytes:
    """``megabytes`` of zeros deflated to about a thousandth of that."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


def with_dtd(url: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "{url}">'
        "<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&x;</Subject>"
        "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    ).encode()


@pytest.mark.parametrize("scheme", ["http", "file"], ids=["network", "local-file"])
def test_external_dtd_is_refused_without_fetching(
    client, agency, remote_peer, remote_key, listener, tmp_path, scheme
):
    """A DOCTYPE naming an external DTD is refused (400): nothing connects to the DTD's host, the local DTD's
    content appears nowhere, no document is created."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY x "{SECRET}">')
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}/evil.dtd" if scheme == "http" else f"file://{dtd}"
    response = post_signed(client, with_dtd(url), remote_key)
    assert response.status_code == 400
    assert SECRET.encode() not in response.content
    assert nothing_connected(listener)
    assert not Document.objects.filter(direction="in").exists()


def test_zip_bomb_attachment_is_refused_without_inflating_it(client, agency, remote_peer, remote_key):
    """An attachment that inflates to 200 MB from a few hundred KB is refused (400) from the zip's directory:
    the receiver's memory grows by far less than the bomb, nothing is stored, no document is created."""
    bomb = zip_bomb(200)
    message = remote_edoc(agency.org.code, attachments=0)
    message.attachments = [
        edxml.Attachment(content_id="a0", name="ho-so.zip", data=bomb, content_type="application/zip")
    ]
    body = write_edoc(message)
    stored_before = StoredFile.objects.count()
    tracemalloc.start()
    try:
        response = post_signed(client, body, remote_key)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "zip" in response.content.decode()
    assert peak < 40 * 1024 * 1024  # the message is ~0.3 MB; 200 MB inflated would show
    assert StoredFile.objects.count() == stored_before
    assert not Document.objects.filter(direction="in").exists()


def test_hostile_message_inside_a_batch_is_refused_alone(client, agency, remote_peer, remote_key, tmp_path):
    """In a batch, an XXE message is refused like one sent alone (400, the file's content nowhere); the letter
    before it is received, the one after it is not applied (503) and will be sent again."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&x;</Subject>"
        "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    ).encode()
    bodies = [
        write_edoc(remote_edoc(agency.org.code, number="1")),
        xxe,
        write_edoc(remote_edoc(agency.org.code, number="2")),
    ]
    data = batch.encode([(b, keys.sign(b, remote_key)) for b in bodies])
    response = client.post("/exchange/v1/messages", data=data, content_type=batch.CONTENT_TYPE)
    assert SECRET.encode() not in response.content
    assert [r["status"] for r in json.loads(response.content)["results"]] == [200, 400, 503]
    assert list(Document.objects.filter(direction="in").values_list("number_text", flat=True)) == ["1"]
