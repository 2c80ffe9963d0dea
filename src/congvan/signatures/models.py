"""Signing certificates of people (leaders) and agencies (the seal), stored encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congvan.orgs.models import Organization


class SigningCertificate(models.Model):
    """A PKCS#12 key file uploaded by an administrator, for one person or one agency.

    The file and its passphrase are encrypted (``crypto.py``); ``image`` is the signature image of a person or
    the seal image of an agency (PNG, transparent background: Phụ lục I II.7.d, II.8.a).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("người ký"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("cơ quan"),
    )
    pkcs12_encrypted = models.BinaryField(editable=False)
    passphrase_encrypted = models.BinaryField(editable=False)
    image = models.BinaryField(_("ảnh chữ ký / con dấu"), blank=True, default=b"", editable=False)
    subject = models.CharField(_("chủ thể"), max_length=255, editable=False)
    issuer = models.CharField(_("tổ chức cấp"), max_length=255, editable=False)
    serial = models.CharField(_("số hiệu"), max_length=64, editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"), editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), editable=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, organization__isnull=False),
                name="certificate_of_a_person_or_an_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.not_after:%d/%m/%Y})" if self.not_after else self.subject
