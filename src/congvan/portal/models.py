"""What the public portal shows: categories the administrator defines, and publications of documents.

A publication is a step an authorised person of the document's organisation takes (the permission
``portal.publish_document``, given in /admin/ to the web team — the Trung tâm Công nghệ số in the demo), and
undoes by withdrawing it; the row stays, with who withdrew it when, and both steps are in the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document


class Category(models.Model):
    """A section of the portal ("Văn bản chỉ đạo điều hành", "Văn bản quy phạm pháp luật" …)."""

    name = models.CharField(_("tên chuyên mục"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A document shown on the portal under a category, from ``published_at`` until it is withdrawn."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="publications", verbose_name=_("văn bản")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="publications", verbose_name=_("chuyên mục")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đăng"),
    )
    published_at = models.DateTimeField(_("thời điểm đăng"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("thời điểm gỡ"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đăng cổng thông tin")
        verbose_name_plural = _("văn bản đăng cổng thông tin")
        ordering = ["-published_at"]
        permissions = [("publish_document", _("Đăng văn bản lên cổng thông tin và gỡ xuống"))]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_publication_per_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.category}"
