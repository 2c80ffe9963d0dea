"""Indexing after commit, in the background, and ``congvan reindex`` / ``--check`` (Phụ lục VI III.6)."""

from __future__ import annotations

import pytest
from search_helpers import make_doc

from congvan.commands import reindex
from congvan.documents.models import Document
from congvan.documents.selectors import readable_by
from congvan.search.selectors import SearchParams, search


def found(actor, q: str) -> list[int]:
    page = search(base=readable_by(actor), params=SearchParams(q=q), owner_id=actor.organization_id)
    return [h.document.pk for h in page.hits]


@pytest.mark.django_db
class TestAfterCommit:
    def test_saved_document_is_indexed_by_the_task_after_commit(
        self, agency, settings, django_capture_on_commit_callbacks
    ):
        """A document saved in a transaction is indexed by the background task once it commits."""
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        with django_capture_on_commit_callbacks(execute=True):
            doc = Document.objects.create(
                owner=agency.org, direction="in", state="registered", subject="Phòng chống lụt bão"
            )
        assert found(agency.clerk, "lut bao") == [doc.pk]

    def test_nothing_is_indexed_before_commit(self, agency, django_capture_on_commit_callbacks):
        """Until the transaction commits the index is untouched (a rollback leaves nothing behind)."""
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            Document.objects.create(
                owner=agency.org, direction="in", state="registered", subject="Phòng chống lụt bão"
            )
        assert callbacks
        assert found(agency.clerk, "lut bao") == []

    def test_one_task_per_transaction(self, agency, django_capture_on_commit_callbacks):
        """The documents of one transaction go to the worker as one batch."""
        from django_tasks_db.models import DBTaskResult

        before = DBTaskResult.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            for k in range(3):
                Document.objects.create(
                    owner=agency.org, direction="in", state="registered", subject=f"Văn bản {k}"
                )
        assert DBTaskResult.objects.count() == before + 1


@pytest.mark.django_db
class TestReindexCommand:
    def test_check_reports_missing_and_stale(self, agency, capsys):
        """`congvan reindex --check` lists documents missing from the index and stale ones, exit status 1."""
        Document.objects.bulk_create(
            [Document(owner=agency.org, direction="in", state="received", subject="Mới đến")]
        )
        stale = make_doc(agency.org, subject="Trước khi sửa")
        Document.objects.filter(pk=stale.pk).update(subject="Sau khi sửa")
        assert reindex.main(["--check"]) == 1
        out = capsys.readouterr().out
        assert "missing: 1" in out
        assert "stale: 1" in out

    def test_fix_then_check_is_clean(self, agency, capsys):
        """`--fix` indexes what `--check` reported; the next check exits 0."""
        Document.objects.bulk_create(
            [Document(owner=agency.org, direction="in", state="received", subject="Mới đến")]
        )
        reindex.main(["--fix"])
        assert reindex.main(["--check"]) == 0

    def test_rebuild_indexes_everything(self, agency):
        """`congvan reindex` rebuilds the whole index: bulk-written documents become searchable."""
        (doc,) = Document.objects.bulk_create(
            [Document(owner=agency.org, direction="in", state="received", subject="Diễn tập phòng cháy")]
        )
        reindex.main(["--quiet"])
        assert found(agency.clerk, "dien tap phong chay") == [doc.pk]


ROWS = {
    "plain": ("xoa nha tam", "qqn219ttcstttq cuc thong tin", "thuc hien chi dao", ""),
    "repeated-words": ("tuyen truyen tuyen truyen", "", "tuyen truyen 2024 tuyen", "tuyen"),
    "empty-columns": ("", "", "", "noi dung tep dinh kem"),
    "digits-and-tags": ("219 2024 05", "qqo12 qqiso qqsnguyen", "1e5 0x1f v2", "a b c"),
}


class TestTsvectorLiteral:
    @pytest.mark.django_db
    @pytest.mark.parametrize("columns", list(ROWS.values()), ids=list(ROWS))
    def test_same_vector_as_to_tsvector(self, columns):
        """PostgreSQL: the vector built in Python is the one ``setweight(to_tsvector('simple', …))`` concatenated
        makes (same lexemes, positions and weights), so phrase and ranking queries behave the same."""
        from django.db import connection

        from congvan.search.indexing import Row, tsvector_literal

        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL only")
        subject, meta, body, files = columns
        row = Row(document_id=1, subject=subject, meta=meta, body=body, files=files, tags="")
        with connection.cursor() as cur:
            cur.execute(
                "SELECT %s::tsvector = (setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C')"
                " || setweight(to_tsvector('simple', %s), 'D'))",
                [tsvector_literal(row), subject, f"{meta} ", body, files],
            )
            assert cur.fetchone()[0] is True

    @pytest.mark.parametrize(
        "columns",
        [("tu " * 20_000, "", "", ""), ("", "", "lap " * 300, "")],
        ids=["past-position-16383", "word-over-255-times"],
    )
    def test_left_to_postgresql_past_its_limits(self, columns):
        """Past PostgreSQL's position limits no literal is built: its own clamping rules apply."""
        from congvan.search.indexing import Row, tsvector_literal

        subject, meta, body, files = columns
        assert tsvector_literal(Row(1, subject, meta, body, files, "")) is None


@pytest.mark.django_db(transaction=True)
def test_rebuild_with_workers_indexes_everything(agency):
    """`congvan reindex --workers 2` (processes folding in parallel) indexes every document, none stale."""
    from congvan.search import indexing

    docs = Document.objects.bulk_create(
        [
            Document(owner=agency.org, direction="in", state="received", subject=f"Diễn tập phòng cháy {k}")
            for k in range(2500)
        ]
    )
    assert indexing.rebuild(workers=2) == Document.objects.count()
    assert indexing.missing_ids() == [] and indexing.stale_ids() == []
    assert docs[-1].pk in found(agency.clerk, '"dien tap phong chay 2499"')


@pytest.mark.django_db
def test_incoming_copies_written_in_bulk_are_indexed_after_commit(
    agency, recipients, settings, django_capture_on_commit_callbacks
):
    """The exchange writes each recipient's incoming copy with one bulk insert (no ``post_save``); the copies
    are still found by their recipients' search once the transaction commits (Phụ lục VI III.6, issue 10)."""
    from congvan.exchange.services import envelope_of, receive

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sent = make_doc(agency.org, direction="out", state="issued", subject="Phòng chống cháy rừng mùa khô")
    with django_capture_on_commit_callbacks(execute=True):
        copies = receive(envelope=envelope_of(sent), recipients=[r.org for r in recipients])
    for recipient, copy in zip(recipients, copies, strict=True):
        assert found(recipient.clerk, "chay rung mua kho") == [copy.pk]
