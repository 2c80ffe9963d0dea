"""Pages of issue 9: who may read a document (sharing), the owner's alerts of access changes, the audit export,
and the two-factor code page (congvan.web.twofactor)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congvan.documents import access, auditlog
from congvan.documents.errors import InvalidInput
from congvan.documents.permissions import can_share
from congvan.orgs.models import Membership, Unit

from .views import client_ip, with_actor


def _int_or_none(value: str | None, field: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(_("Giá trị không hợp lệ."), field=field) from None


@with_actor
def document_access(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    """Who may read this document beyond the rule, with the form to share it and the owner's open alerts."""
    document = access.readable_or_404(actor, pk)
    if request.method == "POST":
        if request.POST.get("revoke"):
            access.document_unshare(
                share_id=_int_or_none(request.POST["revoke"], "revoke") or 0,
                actor=actor,
                ip=client_ip(request),
            )
            messages.success(request, _("Đã thu hồi quyền đọc."))
        else:
            access.document_share(
                document=document,
                actor=actor,
                user_id=_int_or_none(request.POST.get("user"), "user"),
                unit_id=_int_or_none(request.POST.get("unit"), "unit"),
                ip=client_ip(request),
            )
            messages.success(request, _("Đã chia sẻ văn bản."))
        return redirect("web:document_access", pk=pk)
    context = {
        "document": document,
        "shares": access.shares_of(document),
        "can_share": can_share(actor, document),
        "people": Membership.objects.filter(organization_id=actor.organization_id)
        .select_related("user", "unit")
        .order_by("user__full_name", "user__username"),
        "units": Unit.objects.filter(organization_id=actor.organization_id).order_by("name"),
        "alerts": access.alerts_for(actor).filter(document=document),
        "title": _("Quyền truy cập văn bản"),
    }
    return render(request, "web/document_access.html", context)


@with_actor
def access_alerts(request: HttpRequest, actor: Membership) -> HttpResponse:
    """The access changes of this person's documents, until they confirm each one (Phụ lục VI III.3.c)."""
    if request.method == "POST":
        access.access_alert_confirm(
            alert_id=_int_or_none(request.POST.get("confirm"), "confirm") or 0,
            actor=actor,
            ip=client_ip(request),
        )
        messages.success(request, _("Đã xác nhận thay đổi quyền truy cập."))
        return redirect("web:access_alerts")
    return render(
        request,
        "web/access_alerts.html",
        {"alerts": access.alerts_for(actor)[:500], "title": _("Thay đổi quyền truy cập cần xác nhận")},
    )


@with_actor
def audit_export(request: HttpRequest, actor: Membership) -> HttpResponse:
    """The organisation's audit log as CSV or XLSX; the export itself is logged."""
    data, content_type, name = auditlog.audit_export(
        actor=actor, fmt=request.GET.get("format", "csv"), ip=client_ip(request)
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
