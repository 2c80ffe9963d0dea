"""What the search keeps besides the full-text index itself.

The index proper is backend-specific and created by the migration: an FTS5 table ``search_fts`` on SQLite,
a ``vector tsvector`` column of ``search_searchentry`` with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document, StoredFile


class SearchEntry(models.Model):
    """One indexed document: the digest of what was indexed tells a stale entry (``congvan reindex --check``)."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="+")
    digest = models.CharField(max_length=40)
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return f"{self.document_id} {self.digest}"


class ExtractedText(models.Model):
    """The text of a stored file, extracted once per content (files are content-addressed)."""

    stored = models.OneToOneField(StoredFile, on_delete=models.CASCADE, primary_key=True, related_name="+")
    text = models.TextField(blank=True)
    warnings = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.stored_id}: {self.text[:40]}"


class SavedSearch(models.Model):
    """A person's saved query string (the search page's GET parameters), to run again with one click."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("tên"), max_length=120)
    query = models.CharField(_("điều kiện tìm kiếm"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tìm kiếm đã lưu")
        verbose_name_plural = _("tìm kiếm đã lưu")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
