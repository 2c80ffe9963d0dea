"""Deliveries of an outgoing document to its recipient organisations and the statuses they report back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document
from congvan.orgs.models import Organization


class Status(models.TextChoices):
    """edXML status codes (QCVN 102:2016): the codes and labels of ``congvan.vbhc.edxml.STATUS_CODES``, the one
    table (tests/exchange/test_exchange_status_codes.py keeps them equal); written out here because gettext
    needs the literal strings. RECALL_AGREED and RECALL_REFUSED answer an update or a replacement too."""

    DELIVERED = "01", _("Đã đến")
    REFUSED = "02", _("Từ chối tiếp nhận")
    REGISTERED = "03", _("Đã tiếp nhận (vào sổ)")
    DIRECTED = "04", _("Đã phân công")
    IN_PROGRESS = "05", _("Đang xử lý")
    DONE = "06", _("Hoàn thành")
    RECALL_REQUESTED = "13", _("Đề nghị thu hồi")
    RECALL_AGREED = "15", _("Đồng ý thu hồi, cập nhật, thay thế")
    RECALL_REFUSED = "16", _("Từ chối thu hồi, cập nhật, thay thế")


class Delivery(models.Model):
    outgoing = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    incoming = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery"
    )
    status = models.CharField(max_length=2, choices=Status.choices, default=Status.DELIVERED, blank=True)
    status_at = models.DateTimeField()
    # Set when the recipient is served by another installation; status stays empty until its 01 comes back.
    peer = models.ForeignKey("Peer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outgoing", "recipient"], name="one_delivery_per_recipient")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.outgoing_id} → {self.recipient_id}: {self.status}"


class Peer(models.Model):
    """Another installation we exchange edXML with: the organ ids it serves, its endpoint and its key."""

    name = models.CharField(_("tên"), max_length=200)
    url = models.URLField(_("địa chỉ tiếp nhận"), max_length=500, help_text=_("…/exchange/v1/messages"))
    public_key = models.TextField(_("khóa công khai (Ed25519, base64)"))
    organ_ids = models.TextField(
        _("mã định danh các cơ quan"),
        help_text=_("Mỗi dòng một mã định danh cơ quan do hệ thống này phục vụ"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # One sender at a time per peer keeps its messages in order (a worker holds the lease while it sends).
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hệ thống liên thông")
        verbose_name_plural = _("hệ thống liên thông")

    def __str__(self) -> str:
        return self.name

    @property
    def organ_id_list(self) -> list[str]:
        return [line.strip() for line in self.organ_ids.replace(",", "\n").splitlines() if line.strip()]


class OutboxMessage(models.Model):
    """An edXML message to send, written in the same transaction as the change that causes it."""

    class Kind(models.TextChoices):
        EDOC = "edoc", _("Văn bản")
        STATUS = "status", _("Trạng thái")

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    payload = models.BinaryField(blank=True, default=b"")  # small messages (statuses)
    stored = models.ForeignKey(
        "documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # large messages (edocs with attachments)
    summary = models.CharField(max_length=300, blank=True)
    # A recall, update or replacement: sent alone, after every earlier message to the peer was delivered
    # (other messages are independent of each other and may travel side by side).
    barrier = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("thông điệp chờ gửi")
        verbose_name_plural = _("thông điệp chờ gửi")
        indexes = [models.Index(fields=["delivered_at", "next_attempt_at"])]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.peer_id}: {self.summary}"


class InboxReceipt(models.Model):
    """One row per message accepted from outside: the receiver's idempotency key (document id, business type,
    sender for an edoc; the status's own identity for a status)."""

    key = models.CharField(max_length=600, unique=True)
    kind = models.CharField(max_length=8)
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class IncomingOrigin(models.Model):
    """Where an incoming copy came from when the sender is outside this database: statuses go back there."""

    incoming = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="origin")
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender_organ_id = models.CharField(max_length=32)
    sender_name = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.incoming_id} ← {self.sender_organ_id}"


class ChangeRequest(models.Model):
    """A sender's recall, update or replacement of a document it issued, waiting for the receiving clerk."""

    class Kind(models.IntegerChoices):
        RECALL = 1, _("Thu hồi")
        UPDATE = 2, _("Cập nhật")
        REPLACE = 3, _("Thay thế")

    class Answer(models.TextChoices):
        PENDING = "", _("Chờ xử lý")
        AGREED = "agreed", _("Đồng ý")
        REFUSED = "refused", _("Từ chối")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    incoming = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="change_requests"
    )
    replacement = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # for a replacement: the new incoming copy
    document_id = models.CharField(max_length=200)  # the document the request is about
    sender_organ_id = models.CharField(max_length=32)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)  # for an update: the fields to change on agreement
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True, default=Answer.PENDING)
    answer_note = models.TextField(blank=True)
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_id}"


class Tombstone(models.Model):
    """What remains of an incoming copy destroyed by an agreed recall (Phụ lục VI III.8.b–c)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document_id = models.CharField(max_length=200)
    number_symbol = models.CharField(max_length=120, blank=True)
    subject = models.CharField(max_length=1000, blank=True)
    issuer_name = models.CharField(max_length=255, blank=True)
    arrival_number = models.PositiveIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField()
    destroyed_by = models.ForeignKey(
        "orgs.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.document_id} ({self.destroyed_at:%Y-%m-%d})"


class Replacement(models.Model):
    """A document that replaces an earlier one (business type 3), on the sender's or the receiver's side."""

    old = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL, related_name="replaced_by")
    new = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="replaces")
    old_document_id = models.CharField(max_length=200)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.old_document_id} → {self.new_id}"
