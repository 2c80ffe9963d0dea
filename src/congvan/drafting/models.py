"""Versions of a draft and the opinions gathered on it (góp ý dự thảo, Phụ lục VI III.5.a).

A ``Version`` is an immutable snapshot of what a save left: the fields, the body and the attachment list by
SHA-256 (the bytes stay in the content-addressed store, so a version copies none). A ``Consultation`` asks
people, units or other organisations for their opinion on one version; each ``Consultee`` answers with an
``Opinion`` against a version, on time or late.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document, StoredFile
from congvan.orgs.models import Organization, Unit


class Version(models.Model):
    """One saved state of a draft. Rows are written once and never changed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"))
    reason = models.CharField(_("lý do"), max_length=32)  # created, edited, attached, restored
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    fields = models.JSONField(default=dict)
    body = models.TextField(blank=True)
    attachments = models.JSONField(default=list)  # [{"name", "sha256", "size", "content_type"}]
    changes = models.JSONField(default=list)  # the keys that differ from the previous version
    digest = models.CharField(max_length=64)  # SHA-256 of the canonical snapshot
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Mode(models.TextChoices):
    PARALLEL = "parallel", _("Đồng thời")
    SEQUENTIAL = "sequential", _("Lần lượt")


class Verdict(models.TextChoices):
    AGREE = "agree", _("Nhất trí")
    AGREE_WITH_COMMENTS = "comments", _("Nhất trí, có ý kiến")
    DISAGREE = "disagree", _("Không nhất trí")


class Consultation(models.Model):
    """A request for opinions on a draft (xin ý kiến), sent with one version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="consultations")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="consultations")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(_("cách xin ý kiến"), max_length=12, choices=Mode.choices)
    note = models.TextField(_("nội dung đề nghị góp ý"), blank=True)
    created_at = models.DateTimeField()
    letter = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the outgoing "xin ý kiến" letter when other organisations are asked

    class Meta:
        verbose_name = _("đợt xin ý kiến")
        verbose_name_plural = _("đợt xin ý kiến")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.pk}"


class Consultee(models.Model):
    """One party asked: a person or a unit of the same organisation, or another organisation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("hạn góp ý"))
    opened_at = models.DateTimeField(null=True, blank=True)  # sequential: when the turn came
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()  # type: ignore[union-attr]
        if self.unit_id:
            return self.unit.name  # type: ignore[union-attr]
        return self.organization.name if self.organization else ""


class Opinion(models.Model):
    """An answer of a consulted party against a specific version; late answers are kept and marked."""

    consultee = models.ForeignKey(Consultee, on_delete=models.CASCADE, related_name="opinions")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="opinions")
    verdict = models.CharField(_("ý kiến"), max_length=12, choices=Verdict.choices)
    text = models.TextField(_("nội dung góp ý"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    reply = models.TextField(_("tiếp thu, giải trình"), blank=True)  # the drafter's answer, for the table

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} (v{self.version_id})"


class OpinionFile(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="files")
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
