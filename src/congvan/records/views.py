"""Pages of the records under /app/records/: the year's file plan, a case file, exports, freezes. Thin views:
validate, call a service or a selector, render; every page works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.models import Document
from congvan.documents.services import get_document_for
from congvan.orgs.models import Membership, Unit
from congvan.vbhc.workflow import Role
from congvan.web.views import client_ip, with_actor

from . import selectors, services
from .models import FilePlan, Freeze, Rights


def _int(value: str | None, field: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InvalidInput(_("Giá trị phải là số."), field=field) from None


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def download_response(exported: services.ExportedFile) -> HttpResponse:
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@with_actor
def plan(request: HttpRequest, actor: Membership) -> HttpResponse:
    """Danh mục hồ sơ of a year, its mục lục as PDF or XLSX, and a form for a new case file."""
    year = _year(request)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        return download_response(
            services.catalogue_export(actor=actor, year=year, kind=fmt, ip=client_ip(request))
        )
    file_plan = selectors.plan_for(actor, year)
    years = sorted({*selectors.plan_years(actor), year, timezone.localdate().year}, reverse=True)
    return render(
        request,
        "records/plan.html",
        {
            "title": _("Danh mục hồ sơ"),
            "year": year,
            "years": years,
            "plan": file_plan,
            "case_files": selectors.case_files(actor, year=year),
            "units": Unit.objects.filter(organization_id=actor.organization_id).order_by("name"),
            "rights": Rights.choices,
            "is_admin": actor.role == Role.ADMIN,
            "can_manage": Role(actor.role) in services.MANAGING_ROLES,
            "plan_freeze": selectors.active_freeze_of(plan_id=file_plan.pk) if file_plan else None,
        },
    )


@require_POST
@with_actor
def case_file_new(request: HttpRequest, actor: Membership) -> HttpResponse:
    post = request.POST
    retention = (post.get("retention_years") or "").strip()
    case_file = services.case_file_create(
        actor=actor,
        year=_int(post.get("year"), "year"),
        data=services.CaseFileData(
            notation=post.get("notation", ""),
            title=post.get("title", ""),
            unit_id=_int(post["unit"], "unit") if post.get("unit") else None,
            retention_years=_int(retention, "retention_years") if retention else None,
            rights=post.get("rights") or Rights.PUBLIC,
            description=post.get("description", ""),
            archive_due_on=parse_date(post.get("archive_due_on") or "") or None,
        ),
        ip=client_ip(request),
    )
    messages.success(request, _("Đã lập hồ sơ %(code)s.") % {"code": case_file.file_code})
    return redirect("records:case_file", pk=case_file.pk)


@require_POST
@with_actor
def plan_archive_date(request: HttpRequest, actor: Membership, year: int) -> HttpResponse:
    file_plan = services.plan_get_or_create(actor=actor, year=year)
    services.plan_set_archive_date(
        actor=actor, plan=file_plan, archive_due_on=parse_date(request.POST.get("archive_due_on") or "")
    )
    messages.success(request, _("Đã lưu hạn nộp lưu."))
    return redirect(f"{reverse('records:plan')}?year={year}")


@with_actor
def case_file(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    cf = selectors.case_file_for(actor, pk)
    visible, hidden = selectors.entries(actor, cf)
    return render(
        request,
        "records/case_file.html",
        {
            "title": cf.title,
            "case_file": cf,
            "entries": visible,
            "hidden": hidden,
            "frozen": services.case_file_frozen(cf),
            "freeze": selectors.active_freeze_of(case_file_id=cf.pk),
            "is_admin": actor.role == Role.ADMIN,
            "prefill": request.GET.get("document", ""),
        },
    )


@require_POST
@with_actor
def case_file_add(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    cf = selectors.case_file_for(actor, pk)
    document = get_document_for(actor, _int(request.POST.get("document"), "document"))
    entry = services.case_file_add_document(
        actor=actor, case_file=cf, document=document, ip=client_ip(request)
    )
    messages.success(request, _("Đã đưa văn bản vào hồ sơ, số thứ tự %(n)d.") % {"n": entry.ordinal})
    return redirect("records:case_file", pk=cf.pk)


@require_POST
@with_actor
def case_file_remove(request: HttpRequest, actor: Membership, pk: int, document_pk: int) -> HttpResponse:
    cf = selectors.case_file_for(actor, pk)
    document = get_document_for(actor, document_pk)
    services.case_file_remove_document(actor=actor, case_file=cf, document=document, ip=client_ip(request))
    messages.success(request, _("Đã bỏ văn bản khỏi hồ sơ."))
    return redirect("records:case_file", pk=cf.pk)


@require_POST
@with_actor
def case_file_archived(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    cf = selectors.case_file_for(actor, pk)
    services.case_file_mark_archived(actor=actor, case_file=cf, ip=client_ip(request))
    messages.success(request, _("Đã ghi nhận hồ sơ nộp lưu."))
    return redirect("records:case_file", pk=cf.pk)


@with_actor
def case_file_export(request: HttpRequest, actor: Membership, pk: int, kind: str) -> HttpResponse:
    """The case file as one PDF or as XML (Phụ lục VI III.4.g); each export is logged."""
    return download_response(
        services.case_file_export(actor=actor, case_file_id=pk, kind=kind, ip=client_ip(request))
    )


@require_POST
@with_actor
def freeze(request: HttpRequest, actor: Membership) -> HttpResponse:
    """Freeze a document, a case file or a year's plan (administrator; Phụ lục VI IV.1.g)."""
    kind = request.POST.get("kind")
    target = _int(request.POST.get("target"), "target")
    reason = request.POST.get("reason", "")
    if kind == "document":
        document: Document | None = get_document_for(actor, target)
        services.freeze(actor=actor, reason=reason, document=document, ip=client_ip(request))
    elif kind == "case_file":
        services.freeze(
            actor=actor,
            reason=reason,
            case_file=selectors.case_file_for(actor, target),
            ip=client_ip(request),
        )
    elif kind == "plan":
        file_plan = FilePlan.objects.filter(pk=target, organization_id=actor.organization_id).first()
        if file_plan is None:
            raise NotFound(_("Không tìm thấy danh mục hồ sơ."))
        services.freeze(actor=actor, reason=reason, plan=file_plan, ip=client_ip(request))
    else:
        raise InvalidInput(_("Đối tượng đóng băng không hợp lệ."), field="kind")
    messages.success(request, _("Đã đóng băng."))
    return redirect(request.POST.get("next") or "records:freezes")


@require_POST
@with_actor
def unfreeze(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    row = Freeze.objects.filter(pk=pk, organization_id=actor.organization_id).first()
    if row is None:
        raise NotFound(_("Không tìm thấy đối tượng cần đóng băng."))
    services.unfreeze(
        actor=actor, freeze_row=row, reason=request.POST.get("reason", ""), ip=client_ip(request)
    )
    messages.success(request, _("Đã bỏ đóng băng."))
    return redirect(request.POST.get("next") or "records:freezes")


@with_actor
def freezes(request: HttpRequest, actor: Membership) -> HttpResponse:
    return render(
        request,
        "records/freezes.html",
        {
            "title": _("Đóng băng"),
            "freezes": selectors.active_freezes(actor)[:500],
            "is_admin": actor.role == Role.ADMIN,
        },
    )
