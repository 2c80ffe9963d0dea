"""Deliveries of an outgoing document to its recipient organisations and the statuses they report back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document
from congvan.orgs.models import Organization


class Status(models.TextChoices):
    """edXML status codes (QCVN 102:2016)."""

    DELIVERED = "01", _("Đã đến")
    REFUSED = "02", _("Từ chối")
    REGISTERED = "03", _("Đã vào sổ")
    DIRECTED = "04", _("Đã phân công")
    IN_PROGRESS = "05", _("Đang xử lý")
    DONE = "06", _("Hoàn thành")
    RECALL_REQUESTED = "13", _("Đề nghị thu hồi")
    RECALL_AGREED = "15", _("Đồng ý thu hồi")
    RECALL_REFUSED = "16", _("Từ chối thu hồi")


class Delivery(models.Model):
    outgoing = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    incoming = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery"
    )
    status = models.CharField(max_length=2, choices=Status.choices, default=Status.DELIVERED)
    status_at = models.DateTimeField()
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outgoing", "recipient"], name="one_delivery_per_recipient")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.outgoing_id} → {self.recipient_id}: {self.status}"
