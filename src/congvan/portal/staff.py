"""The two staff steps of the portal, on the document page in /app/: publish and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvan.documents.models import Document
from congvan.orgs.models import Membership
from congvan.web.views import with_actor

from . import services
from .models import Category


@require_POST
@with_actor
def publish(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk, owner_id=actor.organization_id)
    category = get_object_or_404(Category, pk=request.POST.get("category") or 0)
    services.document_publish(document=document, actor=actor, category=category)
    messages.success(request, _("Đã đăng văn bản lên cổng thông tin."))
    return redirect("web:document", pk=pk)


@require_POST
@with_actor
def unpublish(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk, owner_id=actor.organization_id)
    services.document_unpublish(document=document, actor=actor)
    messages.success(request, _("Đã gỡ văn bản khỏi cổng thông tin."))
    return redirect("web:document", pk=pk)
