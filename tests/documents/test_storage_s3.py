"""The documents' file store on Django's storage API (issue 10): with ``CONGVAN_STORAGE=s3`` the content-addressed
files go to S3-compatible object storage — here a real S3 HTTP server (moto's ``ThreadedMotoServer``) on a local
port, reached by django-storages' S3Storage through boto3 exactly as a production bucket would be. The default,
a folder at MEDIA_ROOT/blobs, keeps its layout."""

from __future__ import annotations

import hashlib
import io
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.files.storage import FileSystemStorage, storages
from moto.server import ThreadedMotoServer

from congvan.documents import storage, uploads
from congvan.documents.errors import InvalidInput
from congvan.documents.models import StoredFile
from congvan.documents.services import attachment_add
from congvan.records.verification import verify_store
from factories import Agency, blank_pdf, make_draft

pytestmark = pytest.mark.django_db

CREDENTIALS = {"aws_access_key_id": "congvan-test", "aws_secret_access_key": "congvan-test-secret"}
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server for this module's tests."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    """A boto3 client of the test server (to look into the bucket behind the application's back)."""
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)


@pytest.fixture
def bucket(s3: Any, s3_endpoint: str, settings: Any) -> str:
    """A fresh bucket, and the documents' store on it as settings.py configures it for CONGVAN_STORAGE=s3."""
    name = f"congvan-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    settings.STORAGES = {  # setting_changed resets django.core.files.storage.storages' cached backends
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "location": "blobs",
            },
        },
    }
    assert not isinstance(storages["documents"], FileSystemStorage)
    return name


def keys(s3: Any, bucket: str) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


class TestObjectStorage:
    def test_a_file_is_stored_under_its_sha256_and_the_row_points_at_it(self, s3: Any, bucket: str) -> None:
        """Content-addressed on object storage too: the object is blobs/ab/cd/<sha256>, written before the row,
        and StoredFile.path is its name in the backend (the same relative path as on disk)."""
        content = b"Cong van so 12/UBND-VP"
        sha = hashlib.sha256(content).hexdigest()
        row = storage.store(content)
        assert (row.sha256, row.size, row.path) == (sha, len(content), f"{sha[:2]}/{sha[2:4]}/{sha}")
        assert keys(s3, bucket) == [f"blobs/{row.path}"]
        assert s3.get_object(Bucket=bucket, Key=f"blobs/{row.path}")["Body"].read() == content

    def test_the_same_content_twice_is_one_object(self, s3: Any, bucket: str) -> None:
        """Written once per SHA-256: a second store of the same bytes finds the object and writes nothing (the
        backend must not save a renamed copy beside it)."""
        first = storage.store(b"Quyet dinh so 5")
        second = storage.store(io.BytesIO(b"Quyet dinh so 5"))
        assert first.pk == second.pk
        assert keys(s3, bucket) == [f"blobs/{first.path}"]
        assert StoredFile.objects.count() == 1

    def test_a_too_large_file_is_refused_and_leaves_nothing(self, s3: Any, bucket: str) -> None:
        """The size limit holds while streaming, with the Vietnamese message; nothing reaches the bucket and no
        row is written."""
        with pytest.raises(InvalidInput) as refused:
            storage.store(iter([b"x" * 600_000, b"x" * 600_000]), max_bytes=1_048_576)
        assert "Tệp vượt quá dung lượng cho phép (1.0 MB)." in str(refused.value)
        assert keys(s3, bucket) == []
        assert not StoredFile.objects.exists()

    def test_open_stored_reads_back_the_bytes(self, bucket: str) -> None:
        """open_stored reads the file from the backend, whatever it is."""
        content = bytes(range(256)) * 4096  # 1 MiB, binary
        row = storage.store(content)
        with storage.open_stored(row) as fh:
            assert fh.read() == content

    def test_an_uploaded_pdf_goes_to_the_bucket(self, s3: Any, bucket: str, agency: Agency) -> None:
        """The real upload path (documents/uploads.py): the file is written to the bucket, read back from it to
        learn its type and page count, and the attachment recorded as a PDF."""
        content = blank_pdf(2)
        stored, checked = uploads.store_upload("cong-van.pdf", content)
        assert checked.content_type == "application/pdf"
        assert keys(s3, bucket) == [f"blobs/{stored.path}"]
        a = attachment_add(
            document=make_draft(agency), actor=agency.drafter, name="ban-chinh.pdf", content=content
        )
        assert a.content_type == "application/pdf" and a.stored.pk == stored.pk

    def test_a_refused_upload_leaves_nothing_in_the_bucket(self, s3: Any, bucket: str) -> None:
        """A program is refused after it is read back from the store, and its object is removed again."""
        with pytest.raises(InvalidInput):
            uploads.store_upload("bao-cao.pdf", b"MZ" + b"\x90" * 200)
        assert keys(s3, bucket) == []

    def test_the_integrity_check_reports_a_missing_object(self, s3: Any, bucket: str) -> None:
        """records/verification.py reads every stored file through the backend: an object deleted from the
        bucket is reported missing, an intact one is not."""
        kept = storage.store(b"Bao cao so 1")
        lost = storage.store(b"Phu luc so 2")
        s3.delete_object(Bucket=bucket, Key=f"blobs/{lost.path}")
        report = verify_store()
        assert report.files_checked == 2
        assert [(p.sha256, p.path, p.problem) for p in report.files] == [(lost.sha256, lost.path, "missing")]
        assert kept.sha256 not in {p.sha256 for p in report.files}


class TestOperations:
    def test_readiness_asks_the_object_store(self, client: Any, s3: Any, bucket: str) -> None:
        """/readyz checks that the bucket answers; a missing bucket takes the server out of rotation."""
        assert client.get("/readyz").json()["checks"]["storage"] == "ok"
        s3.delete_bucket(Bucket=bucket)
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["storage"].startswith("error:")

    def test_backup_refuses_an_object_store_and_writes_nothing(self, bucket: str, tmp_path: Any) -> None:
        """`congvan backup` copies a local store only: on object storage it refuses, in Vietnamese, naming the
        object store's own tools, rather than write a backup without the files."""
        from congvan.records.backup import BackupError, backup

        with pytest.raises(BackupError) as refused:
            backup(tmp_path / "backup")
        assert "công cụ của kho đối tượng" in refused.value.message
        assert not (tmp_path / "backup").exists()


class TestLocalDefault:
    def test_the_default_store_is_the_folder_media_root_blobs(self, settings: Any) -> None:
        """Unchanged layout on disk: MEDIA_ROOT/blobs/ab/cd/<sha256>, no temporary file left beside it."""
        content = b"Cong van luu tren dia"
        sha = hashlib.sha256(content).hexdigest()
        row = storage.store(content)
        on_disk = settings.MEDIA_ROOT / "blobs" / sha[:2] / sha[2:4] / sha
        assert row.path == f"{sha[:2]}/{sha[2:4]}/{sha}"
        assert on_disk.read_bytes() == content
        assert storage.blob_path(sha) == on_disk
        assert sorted(p.name for p in (settings.MEDIA_ROOT / "blobs").rglob("*") if p.is_file()) == [sha]
