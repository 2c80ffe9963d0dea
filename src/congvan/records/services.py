"""Writes of the records app: file plans, case files and their documents, freezes, archive reminders.

Each service validates first, then changes rows and writes the audit ``Event`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.directives.models import Notification
from congvan.documents.errors import Duplicate, InvalidInput, InvalidState, NotAllowed, NotFound
from congvan.documents.models import Document
from congvan.documents.permissions import check_read
from congvan.documents.services import event_record
from congvan.orgs.models import Membership, Unit
from congvan.vbhc.workflow import Role

from . import exports, selectors
from .models import CaseFile, CaseFileEntry, FilePlan, Freeze, Rights

ARCHIVE_NOTICE_DAYS = 30  # Phụ lục VI III.5.b
NOTATION_RE = re.compile(r"^[0-9A-Za-zĐđ.\-/]{1,20}$")
MANAGING_ROLES = {Role.CLERK, Role.LEADER, Role.ADMIN}


@dataclass
class CaseFileData:
    notation: str
    title: str
    unit_id: int | None = None
    responsible_id: int | None = None
    retention_years: int | None = None  # None: vĩnh viễn
    rights: str = Rights.PUBLIC
    description: str = ""
    archive_due_on: dt.date | None = None


def _check_admin(actor: Membership) -> None:
    if Role(actor.role) != Role.ADMIN:
        raise NotAllowed(_("Chỉ người quản trị hệ thống được đóng băng hoặc bỏ đóng băng."))


def _check_manage(actor: Membership, case_file: CaseFile) -> None:
    if case_file.plan.organization_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    if Role(actor.role) in MANAGING_ROLES:
        return
    if actor.user_id not in (case_file.created_by_id, case_file.responsible_id):
        raise NotAllowed(
            _("Chỉ người lập hồ sơ, người chịu trách nhiệm, văn thư hoặc lãnh đạo được sửa hồ sơ.")
        )


def plan_frozen(plan_id: int) -> bool:
    return Freeze.objects.filter(plan_id=plan_id, lifted_at__isnull=True).exists()


def case_file_frozen(case_file: CaseFile) -> bool:
    """Frozen itself or through its year's file plan."""
    return (
        Freeze.objects.filter(lifted_at__isnull=True)
        .filter(Q(case_file_id=case_file.pk) | Q(plan_id=case_file.plan_id))
        .exists()
    )


def _check_case_file_not_frozen(case_file: CaseFile) -> None:
    if case_file_frozen(case_file):
        raise InvalidState(_("Hồ sơ đang bị đóng băng; không được thêm, bớt hay sửa văn bản trong hồ sơ."))


def plan_get_or_create(
    *, actor: Membership, year: int, archive_due_on: dt.date | None = None, title: str = ""
) -> FilePlan:
    """The file plan of the actor's organisation for a year (danh mục hồ sơ, Phụ lục VI III.4.a)."""
    if not 1900 <= year <= 2999:
        raise InvalidInput(_("Năm không hợp lệ."), field="year")
    plan, created = FilePlan.objects.get_or_create(
        organization_id=actor.organization_id,
        year=year,
        defaults={"archive_due_on": archive_due_on, "title": title.strip()},
    )
    if created:
        event_record(
            organization=actor.organization,
            action="file_plan_created",
            actor_user_id=actor.user_id,
            comment=str(year),
        )
    return plan


def plan_set_archive_date(*, actor: Membership, plan: FilePlan, archive_due_on: dt.date | None) -> FilePlan:
    if Role(actor.role) not in MANAGING_ROLES or plan.organization_id != actor.organization_id:
        raise NotAllowed(_("Chỉ văn thư, lãnh đạo hoặc quản trị được đặt hạn nộp lưu."))
    if plan_frozen(plan.pk):
        raise InvalidState(_("Danh mục hồ sơ đang bị đóng băng."))
    with transaction.atomic():
        plan.archive_due_on = archive_due_on
        plan.save(update_fields=["archive_due_on"])
        # A new date is a new notice: the files not yet handed over are reminded again.
        plan.case_files.filter(archived_at__isnull=True).update(archive_notified_at=None)
        event_record(
            organization=actor.organization,
            action="file_plan_changed",
            actor_user_id=actor.user_id,
            comment=f"{plan.year}: {archive_due_on or '-'}",
        )
    return plan


def _validate_case_file(actor: Membership, data: CaseFileData) -> None:
    errors: dict[str, str] = {}
    if not NOTATION_RE.match(data.notation.strip()):
        errors["notation"] = _("Số và ký hiệu hồ sơ gồm chữ, số, dấu chấm, gạch; tối đa 20 ký tự.")
    if not data.title.strip():
        errors["title"] = _("Tiêu đề hồ sơ không được để trống.")
    elif len(data.title.strip()) > 500:
        errors["title"] = _("Tiêu đề hồ sơ dài quá 500 ký tự.")
    if data.retention_years is not None and not 1 <= data.retention_years <= 100:
        errors["retention_years"] = _("Thời hạn bảo quản từ 1 đến 100 năm, hoặc để trống nếu vĩnh viễn.")
    if data.rights not in Rights.values:
        errors["rights"] = _("Chế độ sử dụng không hợp lệ.")
    if (
        data.unit_id
        and not Unit.objects.filter(pk=data.unit_id, organization_id=actor.organization_id).exists()
    ):
        errors["unit"] = _("Đơn vị không thuộc cơ quan.")
    if (
        data.responsible_id
        and not Membership.objects.filter(
            user_id=data.responsible_id, organization_id=actor.organization_id
        ).exists()
    ):
        errors["responsible"] = _("Người chịu trách nhiệm không thuộc cơ quan.")
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidInput(message, field=field)


def case_file_create(*, actor: Membership, year: int, data: CaseFileData, ip: str | None = None) -> CaseFile:
    """A new case file in the year's plan; anyone in the organisation may open one (III.4.e)."""
    _validate_case_file(actor, data)
    plan = plan_get_or_create(actor=actor, year=year)
    if plan_frozen(plan.pk):
        raise InvalidState(_("Danh mục hồ sơ đang bị đóng băng."))
    try:
        with transaction.atomic():
            case_file = CaseFile.objects.create(
                plan=plan,
                notation=data.notation.strip(),
                title=data.title.strip(),
                unit_id=data.unit_id,
                responsible_id=data.responsible_id or actor.user_id,
                created_by_id=actor.user_id,
                retention_years=data.retention_years,
                rights=data.rights,
                description=data.description.strip()[:500],
                archive_due_on=data.archive_due_on,
            )
            event_record(
                organization=actor.organization,
                action="case_file_created",
                actor_user_id=actor.user_id,
                comment=case_file.file_code,
                ip=ip,
            )
    except IntegrityError:
        raise Duplicate(
            _("Đã có hồ sơ số %(n)s trong danh mục năm %(y)s.") % {"n": data.notation, "y": year},
            field="notation",
        ) from None
    return case_file


def case_file_add_document(
    *, actor: Membership, case_file: CaseFile, document: Document, ip: str | None = None
) -> CaseFileEntry:
    """Put a document in a case file with the next ordinal (III.4.b); the document is linked, not copied."""
    _check_manage(actor, case_file)
    check_read(actor, document)
    _check_case_file_not_frozen(case_file)
    if case_file.archived_at:
        raise InvalidState(_("Hồ sơ đã nộp lưu; không thêm văn bản được nữa."))
    with transaction.atomic():
        # The case file's row lock serialises ordinals (two people filing into the same file at once).
        locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        if CaseFileEntry.objects.filter(case_file=locked, document=document).exists():
            raise Duplicate(_("Văn bản đã có trong hồ sơ này."), field="document")
        last = CaseFileEntry.objects.filter(case_file=locked).aggregate(m=Max("ordinal"))["m"] or 0
        entry = CaseFileEntry.objects.create(
            case_file=locked, document=document, ordinal=last + 1, added_by_id=actor.user_id
        )
        event_record(
            organization=actor.organization,
            document=document,
            action="filed",
            actor_user_id=actor.user_id,
            comment=case_file.file_code,
            ip=ip,
        )
    return entry


def case_file_remove_document(
    *, actor: Membership, case_file: CaseFile, document: Document, ip: str | None = None
) -> None:
    """Take a document out of a case file and close the gap in the numbering."""
    _check_manage(actor, case_file)
    _check_case_file_not_frozen(case_file)
    from .integrity import check_document_not_frozen

    check_document_not_frozen(document)
    if case_file.archived_at:
        raise InvalidState(_("Hồ sơ đã nộp lưu; không bớt văn bản được nữa."))
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        deleted, _rows = CaseFileEntry.objects.filter(case_file=locked, document=document).delete()
        if not deleted:
            raise NotFound(_("Văn bản không có trong hồ sơ này."))
        entries = list(CaseFileEntry.objects.filter(case_file=locked).order_by("ordinal"))
        # Two passes: the unique (case_file, ordinal) constraint is checked row by row on PostgreSQL.
        for e in entries:
            e.ordinal += 100000
        CaseFileEntry.objects.bulk_update(entries, ["ordinal"])
        for n, e in enumerate(entries, 1):
            e.ordinal = n
        CaseFileEntry.objects.bulk_update(entries, ["ordinal"])
        event_record(
            organization=actor.organization,
            document=document,
            action="unfiled",
            actor_user_id=actor.user_id,
            comment=case_file.file_code,
            ip=ip,
        )


def case_file_mark_archived(*, actor: Membership, case_file: CaseFile, ip: str | None = None) -> CaseFile:
    """The file has been handed to the agency archive (III.5.c)."""
    if Role(actor.role) not in MANAGING_ROLES or case_file.plan.organization_id != actor.organization_id:
        raise NotAllowed(_("Chỉ văn thư, lãnh đạo hoặc quản trị ghi nhận nộp lưu."))
    if case_file.archived_at:
        raise InvalidState(_("Hồ sơ đã nộp lưu."))
    with transaction.atomic():
        case_file.archived_at = timezone.now()
        case_file.save(update_fields=["archived_at"])
        event_record(
            organization=actor.organization,
            action="case_file_archived",
            actor_user_id=actor.user_id,
            comment=case_file.file_code,
            ip=ip,
        )
    return case_file


def freeze(
    *,
    actor: Membership,
    reason: str,
    document: Document | None = None,
    case_file: CaseFile | None = None,
    plan: FilePlan | None = None,
    ip: str | None = None,
) -> Freeze:
    """Freeze a document, a case file or a whole year's file plan (Phụ lục VI IV.1.g); logged."""
    _check_admin(actor)
    if sum(x is not None for x in (document, case_file, plan)) != 1:
        raise InvalidInput(_("Chọn đúng một văn bản, một hồ sơ hoặc một danh mục hồ sơ để đóng băng."))
    if not reason.strip():
        raise InvalidInput(_("Phải ghi lý do đóng băng (yêu cầu của người có thẩm quyền)."), field="reason")
    owner_id = (
        document.owner_id
        if document is not None
        else case_file.plan.organization_id
        if case_file is not None
        else plan.organization_id  # type: ignore[union-attr]
    )
    if owner_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy đối tượng cần đóng băng."))
    active = Freeze.objects.filter(document=document, case_file=case_file, plan=plan, lifted_at__isnull=True)
    with transaction.atomic():
        if active.exists():
            raise InvalidState(_("Đối tượng này đã bị đóng băng."))
        row = Freeze.objects.create(
            organization_id=owner_id,
            document=document,
            case_file=case_file,
            plan=plan,
            reason=reason.strip(),
            frozen_by_id=actor.user_id,
            frozen_at=timezone.now(),
        )
        event_record(
            organization=actor.organization,
            document=document,
            action="frozen",
            actor_user_id=actor.user_id,
            comment=f"{row.target_label}: {row.reason}",
            ip=ip,
        )
    return row


def unfreeze(*, actor: Membership, freeze_row: Freeze, reason: str = "", ip: str | None = None) -> Freeze:
    _check_admin(actor)
    if freeze_row.organization_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy đối tượng cần đóng băng."))
    with transaction.atomic():
        locked = Freeze.objects.select_for_update().get(pk=freeze_row.pk)
        if locked.lifted_at is not None:
            raise InvalidState(_("Đối tượng này không còn bị đóng băng."))
        locked.lifted_at = timezone.now()
        locked.lifted_by_id = actor.user_id
        locked.lift_reason = reason.strip()
        locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        event_record(
            organization=actor.organization,
            document=locked.document,
            action="unfrozen",
            actor_user_id=actor.user_id,
            comment=f"{locked.target_label}: {locked.lift_reason}",
            ip=ip,
        )
    return locked


def archive_reminders(*, today: dt.date | None = None) -> list[Notification]:
    """Thirty days before a case file is due at the agency archive, notify its responsible people once
    (Phụ lục VI III.5.b), in the app's own inbox (directives.Notification). Returns the notifications made."""
    from congvan.directives.models import NotificationKind

    day = today or timezone.localdate()
    horizon = day + dt.timedelta(days=ARCHIVE_NOTICE_DAYS)
    due = [
        f
        for f in CaseFile.objects.filter(archived_at__isnull=True, archive_notified_at__isnull=True)
        .select_related("plan__organization")
        .order_by("pk")
        if f.due_on is not None and f.due_on <= horizon
    ]
    notes: list[Notification] = []
    for f in due:
        text = _("Hồ sơ “%(code)s — %(title)s” đến hạn nộp lưu vào Lưu trữ cơ quan ngày %(date)s.") % {
            "code": f.file_code,
            "title": f.title,
            "date": f.due_on.strftime("%d/%m/%Y"),  # type: ignore[union-attr]
        }
        for user_id in sorted({u for u in (f.responsible_id, f.created_by_id) if u}):
            notes.append(Notification(user_id=user_id, kind=NotificationKind.REMINDER, text=text))
    with transaction.atomic():
        Notification.objects.bulk_create(notes)
        CaseFile.objects.filter(pk__in=[f.pk for f in due]).update(archive_notified_at=timezone.now())
    return notes


EXPORT_TYPES = {
    "pdf": "application/pdf",
    "xml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportedFile:
    data: bytes
    name: str
    content_type: str


def case_file_export(
    *, actor: Membership, case_file_id: int, kind: str, ip: str | None = None
) -> ExportedFile:
    """The case file as one PDF or as XML (Phụ lục VI III.4.g); every export is an audit event."""
    if kind not in ("pdf", "xml"):
        raise InvalidInput(_("Chỉ kết xuất được PDF hoặc XML."), field="kind")
    case_file = selectors.case_file_for(actor, case_file_id)
    selectors.check_export(actor, case_file)
    data = exports.case_file_pdf(case_file) if kind == "pdf" else exports.case_file_xml(case_file)
    event_record(
        organization=actor.organization,
        action="exported",
        actor_user_id=actor.user_id,
        comment=f"{case_file.file_code} {kind}",
        ip=ip,
    )
    return ExportedFile(data, exports.export_name(case_file, kind), EXPORT_TYPES[kind])


def catalogue_export(*, actor: Membership, year: int, kind: str, ip: str | None = None) -> ExportedFile:
    """The year's mục lục hồ sơ (Phụ lục VI V.6) as PDF or XLSX; every export is an audit event."""
    file_plan = selectors.plan_for(actor, year)
    if file_plan is None:
        raise NotFound(_("Chưa có danh mục hồ sơ năm %(y)d.") % {"y": year})
    if kind not in ("pdf", "xlsx"):
        raise InvalidInput(_("Chỉ có bản PDF hoặc XLSX."), field="format")
    data = exports.catalogue_pdf(file_plan) if kind == "pdf" else exports.catalogue_xlsx(file_plan)
    event_record(
        organization=actor.organization,
        action="exported",
        actor_user_id=actor.user_id,
        comment=f"muc-luc-ho-so {year}",
        ip=ip,
    )
    return ExportedFile(data, f"muc-luc-ho-so-{year}.{kind}", EXPORT_TYPES[kind])
