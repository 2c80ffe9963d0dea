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
