"""Pages of the directives under /app/directives/: thin views that validate, call a service or a selector,
and render. Charts are CSS bars drawn on the server: the pages need no JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvan.documents import services as doc_services
from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.permissions import check_read
from congvan.documents.services import get_document_for
from congvan.orgs.models import Membership, Organization, Unit
from congvan.vbhc.workflow import Role
from congvan.web.views import client_ip, with_actor

from . import registers, selectors, services
from .models import Assignment, AssignmentState, Directive, FigureKind, NotificationKind

MAX_FORM_ROWS = 8


def _date(value: str | None, field: str) -> dt.date:
    parsed = parse_date(value or "")
    if parsed is None:
        raise InvalidInput(_("Ngày không hợp lệ (định dạng YYYY-MM-DD)."), field=field)
    return parsed


def _int_list(values: list[str], field: str) -> list[int]:
    try:
        return [int(v) for v in values if v]
    except ValueError:
        raise InvalidInput(_("Lựa chọn không hợp lệ."), field=field) from None


@with_actor
def dashboard(request: HttpRequest, actor: Membership) -> HttpResponse:
    data = selectors.dashboard(actor)
    received = list(selectors.assignments_received(actor)[:50])
    today = timezone.localdate()
    return render(
        request,
        "directives/dashboard.html",
        {
            "title": _("Theo dõi nhiệm vụ"),
            "data": data,
            "received": [(a, a.progress(today)) for a in received],
            "year": today.year,
        },
    )


@with_actor
def directive_detail(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(actor, pk)
    view = selectors.overview(directive=directive)
    return render(
        request,
        "directives/overview.html",
        {"title": directive.title, "view": view, "directive": directive, "can_follow": True},
    )


@with_actor
def assignment_detail(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    a = selectors.visible_assignment(actor, pk)
    view = selectors.overview(directive=a.directive, node=a)
    is_assignee = actor.organization_id == a.organization_id and Role(actor.role) != Role.ADMIN
    is_reviewer = actor.organization_id == a.assigned_by_org_id and Role(actor.role) != Role.ADMIN
    org = a.organization
    targets: list[Organization] = []
    units: list[Unit] = []
    if (
        is_assignee
        and a.unit_id is None
        and a.state not in (AssignmentState.SUBMITTED, AssignmentState.ACCEPTED)
    ):
        units = list(Unit.objects.filter(organization=org).order_by("name"))
        taken = Assignment.objects.filter(directive_id=a.directive_id, unit__isnull=True).values(
            "organization_id"
        )
        candidates = Organization.objects.filter(is_active=True).exclude(pk=org.pk).exclude(pk__in=taken)
        scope = [org.pk] + ([org.parent_id] if org.parent_id else [])
        tree = list(candidates.filter(parent_id__in=scope)) + list(
            candidates.filter(parent__parent_id=org.pk)
        )
        targets = sorted({o.pk: o for o in tree if o.pk != org.parent_id}.values(), key=lambda o: o.name)
    return render(
        request,
        "directives/overview.html",
        {
            "title": a.title,
            "view": view,
            "directive": a.directive,
            "assignment": a,
            "progress": a.progress(timezone.localdate()),
            "reports": list(a.reports.select_related("author", "reviewed_by").prefetch_related("files")),
            "is_assignee": is_assignee,
            "is_reviewer": is_reviewer,
            "can_follow": Role(actor.role) != Role.ADMIN,  # the assignee and everyone above it in the chain
            "can_report": is_assignee
            and a.state in (AssignmentState.NEW, AssignmentState.IN_PROGRESS, AssignmentState.RETURNED),
            "cascade_units": units,
            "cascade_orgs": targets,
        },
    )


@require_POST
@with_actor
def assignment_report(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    a = selectors.visible_assignment(actor, pk)
    figures = {f["code"]: request.POST.get(f"fig_{f['code']}", "") for f in a.form}
    files = [
        services.UploadedReportFile(
            name=f.name or "tep", content=cast(BinaryIO, f), content_type=f.content_type or ""
        )
        for f in request.FILES.getlist("files")
    ]
    services.report_submit(
        assignment=a, actor=actor, figures=figures, text=request.POST.get("text", ""), files=files
    )
    messages.success(request, _("Đã gửi báo cáo kết quả."))
    return redirect("directives:assignment", pk=a.pk)


@require_POST
@with_actor
def assignment_review(request: HttpRequest, actor: Membership, pk: int, verdict: str) -> HttpResponse:
    a = selectors.visible_assignment(actor, pk)
    comment = request.POST.get("comment", "")
    if verdict == "accept":
        services.report_accept(assignment=a, actor=actor, comment=comment)
        messages.success(request, _("Đã chấp nhận báo cáo."))
    elif verdict == "return":
        services.report_return(assignment=a, actor=actor, comment=comment)
        messages.success(request, _("Đã trả lại báo cáo để bổ sung."))
    elif verdict == "start":
        services.assignment_start(assignment=a, actor=actor)
        messages.success(request, _("Đã bắt đầu thực hiện."))
    else:
        raise NotFound(_("Thao tác không hợp lệ."))
    return redirect("directives:assignment", pk=a.pk)


@require_POST
@with_actor
def assignment_cascade(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    a = selectors.visible_assignment(actor, pk)
    targets = [
        services.CascadeTarget(organization_id=i)
        for i in _int_list(request.POST.getlist("organizations"), "targets")
    ]
    targets += [
        services.CascadeTarget(unit_id=i) for i in _int_list(request.POST.getlist("units"), "targets")
    ]
    created = services.assignment_cascade(
        assignment=a,
        actor=actor,
        targets=targets,
        deadline=_date(request.POST.get("deadline"), "deadline"),
        detail=request.POST.get("detail", ""),
    )
    messages.success(request, _("Đã giao tiếp nhiệm vụ cho %(n)d nơi.") % {"n": len(created)})
    return redirect("directives:assignment", pk=a.pk)


@require_POST
@with_actor
def remind(request: HttpRequest, actor: Membership, kind: str, pk: int) -> HttpResponse:
    """Remind (or ask for a report) everyone below who has not reported: a directive or an assignment."""
    scope: Any = (
        selectors.visible_directive(actor, pk)
        if kind == "directive"
        else selectors.visible_assignment(actor, pk)
    )
    what = request.POST.get("what", NotificationKind.REMINDER)
    n = services.assignments_remind(scope=scope, actor=actor, kind=what)
    if what == NotificationKind.REPORT_REQUEST:
        messages.success(request, _("Đã gửi yêu cầu báo cáo kết quả đến %(n)d nơi chưa báo cáo.") % {"n": n})
    else:
        messages.success(request, _("Đã đôn đốc %(n)d nơi chưa báo cáo.") % {"n": n})
    if kind == "directive":
        return redirect("directives:directive", pk=pk)
    return redirect("directives:assignment", pk=pk)


@with_actor
def directive_new(request: HttpRequest, actor: Membership, document_pk: int) -> HttpResponse:
    """Attach a request to a draft: what, who, by when, and the report form (up to eight figures)."""
    document = get_document_for(actor, document_pk)
    recipients = list(
        Organization.objects.filter(pk__in=services.action_recipient_ids(document)).order_by("name")
    )
    if request.method == "POST":
        post = request.POST
        form = []
        for i in range(MAX_FORM_ROWS):
            name = post.get(f"name_{i}", "").strip()
            if not name:
                continue
            form.append(
                services.Figure(
                    code=post.get(f"code_{i}", "").strip() or f"chi_tieu_{i + 1}",
                    name=name,
                    unit=post.get(f"unit_{i}", ""),
                    kind=post.get(f"kind_{i}", FigureKind.INTEGER),
                )
            )
        chosen = _int_list(post.getlist("organizations"), "organizations")
        services.directive_add(
            document=document,
            actor=actor,
            data=services.DirectiveData(
                title=post.get("title", ""),
                detail=post.get("detail", ""),
                deadline=_date(post.get("deadline"), "deadline"),
                organization_ids=chosen or None,
                form=form,
                remind_days=int(post.get("remind_days") or 3),
            ),
        )
        messages.success(request, _("Đã thêm nhiệm vụ vào dự thảo."))
        return redirect("web:document", pk=document.pk)
    return render(
        request,
        "directives/directive_form.html",
        {
            "title": _("Giao nhiệm vụ kèm văn bản"),
            "document": document,
            "recipients": recipients,
            "rows": range(MAX_FORM_ROWS),
            "kinds": FigureKind.choices,
            "default_deadline": timezone.localdate() + dt.timedelta(days=14),
        },
    )


@require_POST
@with_actor
def directive_delete(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    directive = Directive.objects.select_related("document").filter(pk=pk).first()
    if directive is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    check_read(actor, directive.document)
    services.directive_remove(directive=directive, actor=actor)
    messages.success(request, _("Đã bỏ nhiệm vụ khỏi dự thảo."))
    return redirect("web:document", pk=directive.document_id)


@require_POST
@with_actor
def notifications_read(request: HttpRequest, actor: Membership) -> HttpResponse:
    services.notification_mark_read(actor=actor, ids=_int_list(request.POST.getlist("ids"), "ids"))
    return redirect(request.POST.get("next") or "web:home")


@with_actor
def register_report(request: HttpRequest, actor: Membership, kind: str) -> HttpResponse:
    """Phụ lục VI V: the tracking register and the two handling reports, as a page, XLSX or PDF."""
    if kind not in registers.KINDS:
        raise NotFound(_("Không tìm thấy báo cáo."))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    table = registers.build(kind, actor.organization, year)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        doc_services.event_record(
            organization=actor.organization,
            action="exported",
            actor_user_id=actor.user_id,
            comment=f"{kind} {year} {fmt}",
            ip=client_ip(request),
        )
        if fmt == "xlsx":
            response = HttpResponse(
                registers.workbook(table),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(registers.pdf(table), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{table.slug}.{fmt}"'
        return response
    return render(
        request,
        "directives/register.html",
        {
            "title": table.title.capitalize(),
            "table": table,
            "kind": kind,
            "year": year,
            "kinds": [
                ("tracking", _("Sổ theo dõi giải quyết văn bản đến")),
                ("incoming", _("Báo cáo giải quyết văn bản đến")),
                ("outgoing", _("Báo cáo giải quyết văn bản đi")),
            ],
        },
    )
