"""The handling of an incoming document: the leader's direction (phiếu giải quyết) and the assignee's progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document
from congvan.orgs.models import Unit


class Direction(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="directions")
    directed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người chủ trì"),
    )
    co_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("đơn vị phối hợp"))
    deadline = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    note = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.note[:60]}"


class ProgressNote(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="progress_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("nội dung"))
    done = models.BooleanField(default=False)
    reply_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("văn bản trả lời"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]
