"""Case files (hồ sơ), the yearly file plan (danh mục hồ sơ), freezes and the fingerprint of issued documents.

The fields follow Phụ lục VI Phần II Mục III (thông tin đầu vào của dữ liệu quản lý hồ sơ): FileCode = OrganId,
FileCatalog (year) and FileNotation; Title, Maintenance, Rights, Creator, Language, StartDate, EndDate, DocTotal,
PageTotal, Description. A document sits in a file through ``CaseFileEntry`` (DocOrdinal), never copied (III.4.e).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Document
from congvan.orgs.models import Organization, Unit


class FilePlan(models.Model):
    """Danh mục hồ sơ of one organisation for one year; the archive's hand-over date applies to its files."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="file_plans", verbose_name=_("cơ quan")
    )
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên danh mục"), max_length=300, blank=True)
    archive_due_on = models.DateField(
        _("hạn nộp lưu vào Lưu trữ cơ quan"),
        null=True,
        blank=True,
        help_text=_("Người có trách nhiệm được thông báo trước 30 ngày (Phụ lục VI III.5.b)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("danh mục hồ sơ")
        verbose_name_plural = _("danh mục hồ sơ")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_file_plan_per_org_year")
        ]

    def __str__(self) -> str:
        return self.title or f"{_('Danh mục hồ sơ năm')} {self.year}"


class Rights(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    RESTRICTED = "restricted", _("Hạn chế sử dụng")


class CaseFile(models.Model):
    """One hồ sơ of the file plan; its code is OrganId.FileCatalog.FileNotation."""

    plan = models.ForeignKey(FilePlan, on_delete=models.PROTECT, related_name="case_files")
    notation = models.CharField(_("số và ký hiệu hồ sơ"), max_length=20)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("đơn vị")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người lập hồ sơ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    retention_years = models.PositiveSmallIntegerField(
        _("thời hạn bảo quản (năm)"), null=True, blank=True, help_text=_("Để trống: vĩnh viễn.")
    )
    rights = models.CharField(
        _("chế độ sử dụng"), max_length=16, choices=Rights.choices, default=Rights.PUBLIC
    )
    language = models.CharField(_("ngôn ngữ"), max_length=50, default="Tiếng Việt")
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    archive_due_on = models.DateField(_("hạn nộp lưu"), null=True, blank=True)
    archive_notified_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(_("đã nộp lưu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["plan", "notation"]
        constraints = [models.UniqueConstraint(fields=["plan", "notation"], name="case_file_notation_unique")]

    def __str__(self) -> str:
        return f"{self.notation} — {self.title}"

    @property
    def file_code(self) -> str:
        return f"{self.plan.organization.code}.{self.plan.year}.{self.notation}"

    @property
    def maintenance(self) -> str:
        return str(_("Vĩnh viễn")) if self.retention_years is None else f"{self.retention_years} {_('năm')}"

    @property
    def due_on(self):  # type: ignore[no-untyped-def]
        return self.archive_due_on or self.plan.archive_due_on


class CaseFileEntry(models.Model):
    """A document's place in a case file (DocOrdinal): the same document may sit in several files."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="entries")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="case_file_entries")
    ordinal = models.PositiveIntegerField(_("số thứ tự trong hồ sơ"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_file", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["case_file", "document"], name="document_once_per_case_file"),
            models.UniqueConstraint(fields=["case_file", "ordinal"], name="ordinal_unique_in_case_file"),
        ]

    def __str__(self) -> str:
        return f"{self.case_file.notation} #{self.ordinal}"


class Freeze(models.Model):
    """An administrator's freeze of a document, a case file or a whole file plan (Phụ lục VI IV.1.g).

    The row stays after an unfreeze (``lifted_at``), so the history of freezes is kept; each change is also an
    audit ``Event``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    case_file = models.ForeignKey(
        CaseFile, null=True, blank=True, on_delete=models.CASCADE, related_name="freezes"
    )
    plan = models.ForeignKey(
        FilePlan, null=True, blank=True, on_delete=models.CASCADE, related_name="freezes"
    )
    reason = models.TextField(_("lý do"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("đóng băng")
        verbose_name_plural = _("đóng băng")
        ordering = ["-frozen_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(document__isnull=False, case_file__isnull=True, plan__isnull=True)
                    | Q(document__isnull=True, case_file__isnull=False, plan__isnull=True)
                    | Q(document__isnull=True, case_file__isnull=True, plan__isnull=False)
                ),
                name="freeze_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_label} ({self.frozen_at:%Y-%m-%d})"

    @property
    def target_label(self) -> str:
        if self.document_id:
            return f"{_('Văn bản')} #{self.document_id}"
        if self.case_file_id:
            return f"{_('Hồ sơ')} #{self.case_file_id}"
        return f"{_('Danh mục hồ sơ')} #{self.plan_id}"


class IssuedFingerprint(models.Model):
    """The SHA-256 of a document's metadata as it was issued or registered; ``congvan verify`` compares it with
    the row as it is now, so a changed number, date, subject or signer shows."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="issued_fingerprint")
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256
