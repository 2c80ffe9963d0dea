"""Untrusted messages cannot read local files, call out, or exhaust memory (issue 7, 'Done when')."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import pathlib
import socket
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congvan.vbhc.edxml import EdxmlError, Limits, extract_zip, read_message, read_message_file, to_json

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "edxml"
SECRET = "TOP-SECRET-7f3a"

MINIMAL = (
    '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>'
    "<From><OrganId>A</OrganId></From><To><OrganId>B</OrganId></To><Subject>{subject}</Subject>"
    "</MessageHeader></edXMLHeader></edXMLEnvelope>{attachments}</edXML>"
)


def message(subject: str = "S", attachments: str = "", prolog: str = "") -> bytes:
    return (prolog + MINIMAL.format(subject=subject, attachments=attachments)).encode()


def with_attachment(data: bytes, content_type: str = "application/zip") -> bytes:
    encoded = base64.b64encode(data).decode()
    return message(
        attachments="<AttachmentEncoded><Attachment><ContentId>cid:1</ContentId><AttachmentName>a.zip"
        f"</AttachmentName><ContentType>{content_type}</ContentType>"
        f"<ContentTransferEncoded>{encoded}</ContentTransferEncoded></Attachment></AttachmentEncoded>"
    )


@pytest.fixture
def secret_file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


class TestEntities:
    @pytest.mark.parametrize(
        "entity",
        [
            '<!ENTITY x SYSTEM "file://{path}">',
            '<!ENTITY x SYSTEM "file:///etc/passwd">',
            '<!ENTITY % p SYSTEM "file://{path}"> %p;',
            '<!ENTITY x "internal">',
        ],
        ids=["xxe-local-file", "xxe-etc-passwd", "parameter-entity", "internal-entity"],
    )
    def test_entity_declarations_refused(self, entity: str, secret_file: pathlib.Path) -> None:
        """A DOCTYPE declaring entities is refused, and no local file's content is read into anything."""
        prolog = f"<!DOCTYPE edXML [{entity.format(path=secret_file)}]>"
        data = message(subject="&x;", prolog=prolog)
        with pytest.raises(EdxmlError) as caught:
            read_message(data)
        assert SECRET not in str(caught.value) and "root:" not in str(caught.value)
        assert "DOCTYPE" in caught.value.en

    def test_entity_in_utf16_refused(self, secret_file: pathlib.Path) -> None:
        """The entity check also sees through UTF-16 encoded input."""
        prolog = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file://{secret_file}">]>'
        with pytest.raises(EdxmlError, match="DOCTYPE"):
            read_message((prolog + MINIMAL.format(subject="&x;", attachments="")).encode("utf-16"))

    def test_billion_laughs_refused_quickly(self) -> None:
        """Exponential entity expansion is refused before it expands: well under a second."""
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
        )
        started = time.process_time()
        with pytest.raises(EdxmlError):
            read_message(message(subject="&lol9;", prolog=f"<!DOCTYPE edXML [{entities}]>"))
        assert time.process_time() - started < 1.0  # CPU time: the work done, whatever the load


class TestExternalDtd:
    @pytest.mark.parametrize("scheme", ["http", "file"], ids=["network", "local-file"])
    def test_external_dtd_refused_without_fetching(
        self, scheme: str, listener: socket.socket, tmp_path
    ) -> None:
        """A DOCTYPE naming an external DTD is refused and the DTD is never fetched (no network, no file)."""
        port = listener.getsockname()[1]
        dtd = tmp_path / "evil.dtd"
        dtd.write_text(f'<!ENTITY x "{SECRET}">')
        url = f"http://127.0.0.1:{port}/evil.dtd" if scheme == "http" else f"file://{dtd}"
        with pytest.raises(EdxmlError) as caught:
            read_message(message(prolog=f'<!DOCTYPE edXML SYSTEM "{url}">'))
        assert "DTD" in caught.value.en
        assert SECRET not in str(caught.value)
        assert_no_connection(listener)

    def test_public_dtd_refused(self, listener: socket.socket) -> None:
        """PUBLIC identifiers are external DTDs too."""
        port = listener.getsockname()[1]
        with pytest.raises(EdxmlError):
            read_message(message(prolog=f'<!DOCTYPE edXML PUBLIC "-//X//Y" "http://127.0.0.1:{port}/x.dtd">'))
        assert_no_connection(listener)

    def test_bare_doctype_read(self) -> None:
        """A DOCTYPE with no entities and no external DTD is harmless and read."""
        assert read_message(message(prolog="<!DOCTYPE edXML>")).sender.organ_id == "A"


class TestSize:
    def test_oversized_bytes_refused_before_parsing(self) -> None:
        """A message over the size limit is refused from its length alone."""
        data = message(subject="x" * 5000)
        with pytest.raises(EdxmlError, match="too large"):
            read_message(data, limits=Limits(max_message_bytes=1000))

    def test_one_gigabyte_file_refused_without_reading(self, tmp_path: pathlib.Path) -> None:
        """A 1 GB message file (sparse: no disk used) is refused from its size, in milliseconds, not read."""
        path = tmp_path / "huge.edxml"
        with path.open("wb") as handle:
            handle.write(message())
            handle.truncate(1024**3)
        started = time.process_time()
        with pytest.raises(EdxmlError, match="too large"):
            read_message_file(path)
        assert time.process_time() - started < 0.5  # CPU time: the work done, whatever the load

    def test_too_many_elements_refused(self) -> None:
        """Millions of tiny elements would exhaust memory as objects; the element limit stops them early."""
        data = message(attachments="<x/>" * 2000)
        with pytest.raises(EdxmlError, match="elements"):
            read_message(data, limits=Limits(max_elements=1000))

    def test_deep_nesting_refused(self) -> None:
        """Pathological nesting is refused by the parser's depth limit (huge_tree is off)."""
        depth = 100_000
        with pytest.raises(EdxmlError):
            read_message(message(attachments="<a>" * depth + "</a>" * depth))

    def test_large_attachment_read(self) -> None:
        """Limits do not refuse real traffic: a 12 MB attachment (16 MB of base64, over libxml2's 10 MB
        text-node limit for trees) reads, because we parse through a streaming target."""
        payload = bytes(range(256)) * (12 * 4096)
        [attachment] = read_message(with_attachment(payload, "application/pdf")).attachments  # type: ignore[union-attr]
        assert attachment.data == payload


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class TestZipBombs:
    def test_high_ratio_refused(self) -> None:
        """An entry compressed far beyond any real document (20 MB of zeros in ~20 KB) is a zip bomb."""
        with pytest.raises(EdxmlError, match="zip bomb"):
            read_message(with_attachment(make_zip({"zeros.bin": b"\0" * (20 * 1024 * 1024)})))

    def test_total_size_refused(self) -> None:
        """Entries whose declared sizes add up past the limit are refused before extraction."""
        bomb = make_zip({f"part{i}.txt": bytes(range(256)) * 4096 for i in range(4)})
        with pytest.raises(EdxmlError, match="zip bomb"):
            read_message(with_attachment(bomb), limits=Limits(max_unzipped_bytes=2 * 1024 * 1024))

    def test_too_many_entries_refused(self) -> None:
        """A zip with more entries than the limit is refused."""
        many = make_zip({f"f{i}.txt": b"x" for i in range(50)})
        with pytest.raises(EdxmlError, match="entries"):
            read_message(with_attachment(many), limits=Limits(max_zip_entries=10))

    def test_docx_is_checked_too(self) -> None:
        """DOCX/XLSX are zips: the same checks apply whatever the declared content type."""
        bomb = make_zip({"word/document.xml": b" " * (20 * 1024 * 1024)})
        with pytest.raises(EdxmlError, match="zip bomb"):
            read_message(
                with_attachment(
                    bomb, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                )
            )

    def test_ordinary_zip_read_and_extracted(self) -> None:
        """An ordinary zip passes, and extract_zip returns its members."""
        data = make_zip({"a.txt": "Công văn".encode() * 100})
        [attachment] = read_message(with_attachment(data)).attachments  # type: ignore[union-attr]
        assert extract_zip(attachment.data, Limits()) == [("a.txt", "Công văn".encode() * 100)]

    def test_extract_counts_real_bytes(self) -> None:
        """A zip whose directory understates an entry's size passes the directory check, but extract_zip
        inflates no more than the declared size and refuses the entry."""
        data = bytearray(make_zip({"a.bin": b"\0" * (4 * 1024 * 1024)}))
        central = data.index(b"PK\x01\x02")
        data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # uncompressed size: "1000 bytes"
        read_message(with_attachment(bytes(data)))  # declared sizes look harmless
        with pytest.raises(EdxmlError):
            extract_zip(bytes(data), Limits())


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, length, insert in cuts:
        position %= len(out) + 1
        out[position : position + length] = insert
    return bytes(out)


SEEDS = [
    (FIXTURES / name).read_bytes()
    for name in (
        "late-namespace.edxml",
        "empty-and-commented.edxml",
        "unaccented.edxml",
        "zipped-attachment.edxml",
    )
] + [(FIXTURES / "reference" / "status-03-sample.edxml").read_bytes()]

_TOKENS = [b"<", b">", b"/", b"&", b"]]>", b"<!DOCTYPE x [<!ENTITY e 'v'>]>", b"<!--", b"\x00", b"\xff", b"PK\x03\x04",
           b"<edXML:To>", b"</MessageHeader>", b"&#0;", b"&#x110000;", b'"', b"=", b"\xc3"]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    cuts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4000),
            st.integers(min_value=0, max_value=40),
            st.one_of(st.sampled_from(_TOKENS), st.binary(max_size=8)),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_fuzzed_messages_raise_only_edxml_error(seed: bytes, cuts: list[tuple[int, int, bytes]]) -> None:
    """Whatever the damage, read_message returns a message or raises EdxmlError, nothing else; what it
    returns always prints as JSON (inspect never crashes on a message that was read)."""
    with contextlib.suppress(EdxmlError):
        json.dumps(to_json(read_message(_mutate(seed, cuts))), ensure_ascii=False)
