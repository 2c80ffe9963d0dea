"""Documents, their attachments, recipients and references, the registers that number them, and the audit trail."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congvan.orgs.models import Organization, Unit
from congvan.vbhc import doctypes, numbering
from congvan.vbhc.workflow import State


class Direction(models.TextChoices):
    OUTGOING = "out", _("Văn bản đi")
    INCOMING = "in", _("Văn bản đến")


class Series(models.TextChoices):
    ORDINARY = "ordinary", _("Thường")
    CONFIDENTIAL = "confidential", _("Mật")


class Urgency(models.IntegerChoices):
    NORMAL = 0, _("Thường")
    URGENT = 1, _("Khẩn")
    VERY_URGENT = 2, _("Thượng khẩn")
    FLASH = 3, _("Hỏa tốc")


class Confidentiality(models.IntegerChoices):
    NONE = 0, _("Thường")
    SECRET = 1, _("Mật")
    TOP_SECRET = 2, _("Tối mật")
    ABSOLUTE = 3, _("Tuyệt mật")


STATE_LABELS = {
    State.DRAFT: _("Dự thảo"),
    State.CONTENT_REVIEW: _("Chờ kiểm tra nội dung"),
    State.SIGNATURE: _("Chờ ký"),
    State.SIGNED: _("Đã ký, chờ cấp số"),
    State.ISSUED: _("Đã ban hành"),
    State.RECALLED: _("Đã thu hồi"),
    State.RECEIVED: _("Mới đến, chờ vào sổ"),
    State.REFUSED: _("Đã từ chối"),
    State.REGISTERED: _("Đã vào sổ"),
    State.DIRECTED: _("Đã phân công"),
    State.IN_PROGRESS: _("Đang giải quyết"),
    State.DONE: _("Đã hoàn thành"),
}


class Register(models.Model):
    """A register (sổ đăng ký) of one organisation, direction, year and series; numbers come from here."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="registers", verbose_name=_("cơ quan")
    )
    direction = models.CharField(_("loại sổ"), max_length=3, choices=Direction.choices)
    year = models.PositiveIntegerField(_("năm"))
    series = models.CharField(_("dãy số"), max_length=16, choices=Series.choices, default=Series.ORDINARY)
    name = models.CharField(_("tên sổ"), max_length=200, blank=True)
    next_number = models.PositiveIntegerField(_("số tiếp theo"), default=1)

    class Meta:
        verbose_name = _("sổ đăng ký")
        verbose_name_plural = _("sổ đăng ký")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "direction", "year", "series"],
                name="one_register_per_org_direction_year_series",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_direction_display()} {self.year} ({self.get_series_display()})"


class _LabelledColumns(Protocol):
    doc_type: str
    number: int | None
    number_text: str
    symbol: str
    state: str


def _number_display(row: _LabelledColumns) -> str:
    if row.number_text:
        return row.number_text
    return numbering.format_number(row.number) if row.number else ""


class DocumentLabels:
    """The values a document shows that are derived from its columns: a ``Document`` and a list's plain row
    (``listing.DocumentRow``) both have them, written once here."""

    __slots__ = ()

    @property
    def type_name(self: _LabelledColumns) -> str:
        return doctypes.get(self.doc_type).name

    @property
    def number_display(self: _LabelledColumns) -> str:
        return _number_display(self)

    @property
    def number_symbol(self: _LabelledColumns) -> str:
        number = _number_display(self)
        return f"{number}/{self.symbol}" if self.symbol else number

    @property
    def state_label(self: _LabelledColumns) -> str:
        return str(STATE_LABELS[State(self.state)])


class Document(DocumentLabels, models.Model):
    """One organisation's record of a document: its outgoing original or its incoming copy."""

    owner = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="documents", verbose_name=_("cơ quan quản lý")
    )
    direction = models.CharField(_("chiều"), max_length=3, choices=Direction.choices)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=[(s.value, STATE_LABELS[s]) for s in State]
    )
    doc_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=[(t.code, t.name) for t in doctypes.DOC_TYPES], default="CV"
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=1000)
    body = models.TextField(_("nội dung"), blank=True)
    urgency = models.PositiveSmallIntegerField(_("độ khẩn"), choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    # who wrote it and who signs it
    drafting_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị soạn thảo"),
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người soạn thảo"),
    )
    drafter_initials = models.CharField(_("ký hiệu người soạn thảo"), max_length=16, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ký"),
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=200, blank=True, help_text=_("Ví dụ: KT. GIÁM ĐỐC")
    )
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    # numbering
    register = models.ForeignKey(
        Register,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("sổ đăng ký"),
    )
    document_id = models.CharField(_("mã định danh văn bản"), max_length=200, blank=True, db_index=True)
    # incoming copy: who sent it and how it arrived
    issuer_code = models.CharField(_("mã định danh cơ quan ban hành"), max_length=32, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    number_text = models.CharField(_("số (như ghi trên văn bản)"), max_length=16, blank=True)
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm đến"), null=True, blank=True)
    registered_at = models.DateTimeField(_("thời điểm vào sổ"), null=True, blank=True)
    source_document = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("văn bản gốc"),
    )
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        indexes = [
            models.Index(fields=["owner", "direction", "state"]),
            models.Index(fields=["register", "number"]),
            models.Index(fields=["register", "arrival_number"]),
            # The lists' order (newest change first) within an organisation's incoming or outgoing documents:
            # a page is read from the index instead of sorting every document of the organisation, whose rows
            # lie one per table page (issue 10: 14 → 0.2 ms at 1,000,000 documents).
            models.Index(fields=["owner", "direction", "-updated_at", "-id"], name="document_list_newest"),
            # The register books and their counts (Phụ lục IV) answered from the index alone.
            models.Index(
                fields=["owner", "direction", "register"],
                include=["number", "arrival_number"],
                name="document_register_book",
            ),
            # The check at registration that the same incoming document (issuer, number, symbol, date) is not
            # registered twice: one row to look at instead of the organisation's incoming documents.
            models.Index(fields=["owner", "symbol", "issued_on"], name="document_same_incoming"),
        ]
        constraints = [
            # The last guard of Điều 15: one number per register (numbers never repeat).
            models.UniqueConstraint(
                fields=["register", "number"],
                condition=Q(direction="out"),
                name="outgoing_number_unique_in_register",
            ),
            models.UniqueConstraint(
                fields=["register", "arrival_number"],
                condition=Q(direction="in"),
                name="arrival_number_unique_in_register",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} — {self.subject[:80]}"


class Recipient(models.Model):
    """A line of "Kính gửi" (action) or "Nơi nhận" (information), with the organisations it stands for."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Kính gửi")
        INFO = "info", _("Nơi nhận")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    organizations = models.ManyToManyField(Organization, blank=True, related_name="+")

    class Meta:
        ordering = ["kind", "position"]

    def __str__(self) -> str:
        return self.text


class Reference(models.Model):
    """Another document this one cites (căn cứ, thực hiện …), picked from the system or typed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references")
    referenced = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60, blank=True)
    number = models.CharField(max_length=16)
    symbol = models.CharField(max_length=100)
    date = models.DateField(null=True, blank=True)
    issuer_name = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol}"


class StoredFile(models.Model):
    """File content stored once by its SHA-256, shared by every copy of a document that carries it."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    path = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def sha256(self) -> str:
        return self.stored.sha256

    @property
    def size(self) -> int:
        return self.stored.size


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event through the application."""


class EventQuerySet(models.QuerySet["Event"]):
    # Append-only (issue 9): no bulk change or deletion through the ORM. The database triggers of migration
    # 0004 refuse the same below the application (UPDATE on both backends, DELETE on PostgreSQL).
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")


class Event(models.Model):
    """The audit trail and history of a document: who did what, when, from where. Append-only."""

    # SET_NULL, not CASCADE: destroying a document (a recalled incoming copy, III.8.b) keeps its history.
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")


class DocumentShare(models.Model):
    """An explicit grant to read a document, to one person or to one unit of its organisation (issue 9).

    A revoked grant stays as a row with who revoked it when; both steps are in the audit trail."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người được chia sẻ"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("đơn vị được chia sẻ"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chia sẻ văn bản")
        verbose_name_plural = _("chia sẻ văn bản")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(unit__isnull=True))
                | (Q(user__isnull=True) & Q(unit__isnull=False)),
                name="share_to_one_person_or_one_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.user_id or self.unit_id}"


class AccessAlert(models.Model):
    """A change of who may read a document, shown to its owner until they confirm it (Phụ lục VI III.3.c).

    The owner is the drafter of an outgoing document; ``user`` empty means the organisation's clerks (the
    keepers of incoming documents)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="access_alerts")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change = models.CharField(_("thay đổi"), max_length=500)
    at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cảnh báo thay đổi quyền truy cập")
        verbose_name_plural = _("cảnh báo thay đổi quyền truy cập")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "confirmed_at"])]

    def __str__(self) -> str:
        return self.change


class ApiToken(models.Model):
    """A personal access token for the REST API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
