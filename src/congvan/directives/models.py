"""The handling of an incoming document: the leader's direction (phiếu giải quyết) and the assignee's progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document
from congvan.orgs.models import Organization, Unit


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


# --- Requests sent down with an outgoing document, the assignments they create, the reports back up ---------

PATH_WIDTH = 10  # digits per level in Assignment.path: "0000000012/0000000345/"


class FigureKind(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")


class Directive(models.Model):
    """A request (nhiệm vụ) attached to an outgoing document: what to do, who acts, by when, what to report.

    ``form`` is the report form: a list of figures ``{"code", "name", "unit", "kind"}`` (kind: FigureKind);
    free text and files are always allowed in a report.
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="directives", verbose_name=_("văn bản")
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    detail = models.TextField(_("yêu cầu cụ thể"), blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    all_recipients = models.BooleanField(_("tất cả nơi nhận ở mục Kính gửi"), default=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("cơ quan thực hiện")
    )
    form = models.JSONField(_("mẫu báo cáo"), default=list, blank=True)
    remind_days = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày)"), default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "position", "id"]

    def __str__(self) -> str:
        return self.title[:80]


class AssignmentState(models.TextChoices):
    NEW = "new", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Đã báo cáo")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class Progress(models.TextChoices):
    """What the sender sees for an assignment (computed from state, deadline and report day)."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    ON_TIME = "on_time", _("Hoàn thành đúng hạn")
    LATE = "late", _("Hoàn thành quá hạn")
    OVERDUE = "overdue", _("Quá hạn")


REPORTED_STATES = (AssignmentState.SUBMITTED, AssignmentState.ACCEPTED)


class Assignment(models.Model):
    """One organisation's (or one unit's) share of a directive; ``parent`` is whoever passed it down.

    ``path`` is the chain of ids from the top (fixed-width, so a prefix is a subtree and ``depth`` levels
    of it name the ancestor); ``figures`` are this assignment's own reported figures, ``totals`` its own plus
    everything below it, kept up to date when a report is submitted or returned.
    """

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    assigned_by_org = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giao")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("cơ quan thực hiện"),
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    incoming = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    detail = models.TextField(_("yêu cầu cụ thể"), blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    form = models.JSONField(_("mẫu báo cáo"), default=list, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.NEW
    )
    figures = models.JSONField(default=dict, blank=True)
    totals = models.JSONField(default=dict, blank=True)
    text = models.TextField(_("kết quả"), blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    report_requested_at = models.DateTimeField(null=True, blank=True)
    reminded_before_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("việc được giao")
        verbose_name_plural = _("việc được giao")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "organization"],
                condition=models.Q(unit__isnull=True),
                name="one_assignment_per_org_and_directive",
            ),
            models.UniqueConstraint(
                fields=["directive", "organization", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_assignment_per_unit_and_directive",
            ),
        ]
        # Covers the status counts (grouped by path prefix) and the timeline: read from the index alone.
        indexes = [
            models.Index(
                fields=["directive", "path", "state", "deadline", "submitted_on"],
                name="assignment_rollup_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.unit_id or '-'}: {self.title[:60]}"

    @property
    def assignee_name(self) -> str:
        org = self.organization.short_name or self.organization.name
        return f"{self.unit.name} ({org})" if self.unit_id and self.unit else org

    def progress(self, today: object) -> Progress:
        if self.state in REPORTED_STATES:
            late = self.submitted_on is not None and self.submitted_on > self.deadline
            return Progress.LATE if late else Progress.ON_TIME
        if self.deadline < today:  # type: ignore[operator]
            return Progress.OVERDUE
        if self.state == AssignmentState.NEW:
            return Progress.NOT_STARTED
        return Progress.IN_PROGRESS

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class Report(models.Model):
    """A report of results (báo cáo kết quả) on one assignment; the latest one counts."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(default=dict, blank=True)
    text = models.TextField(_("nội dung báo cáo"), blank=True)
    state = models.CharField(max_length=20, choices=ReportState.choices, default=ReportState.SUBMITTED)
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.state}"


class ReportFile(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    stored = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Nhiệm vụ mới")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    REMINDER = "reminder", _("Đôn đốc")
    REPORT_REQUEST = "report_request", _("Yêu cầu báo cáo kết quả")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    ACCEPTED = "accepted", _("Báo cáo được chấp nhận")


class Notification(models.Model):
    """A message to one person in the app (shown on /app/); reminders are also sent by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text[:80]
