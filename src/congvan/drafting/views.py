"""The drafting pages: versions (list, one, compare, restore) and consultations (ask, answer, remind, table)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvan.documents import storage
from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.services import get_document_for
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import State
from congvan.web.views import client_ip, with_actor

from . import selectors, services, summary
from .forms import ConsultationForm, OpinionForm, ReplyForm
from .models import Opinion, OpinionFile
from .presenters import comparison_context, field_rows


@with_actor
def version_list(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = get_document_for(actor, pk)
    versions = list(selectors.versions_of(document))
    return render(
        request,
        "drafting/versions.html",
        {
            "document": document,
            "versions": versions,
            "can_restore": document.state == State.DRAFT and document.drafter_id == actor.user_id,
            "title": _("Các phiên bản"),
        },
    )


@with_actor
def version_detail(request: HttpRequest, actor: Membership, pk: int, number: int) -> HttpResponse:
    document = get_document_for(actor, pk)
    version = services.version_get(document, number)
    return render(
        request,
        "drafting/version.html",
        {
            "document": document,
            "version": version,
            "fields": field_rows(version.fields),
            "title": _("Phiên bản %(n)d") % {"n": number},
        },
    )


def _int(value: str | None, name: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InvalidInput(_("Hãy chọn hai phiên bản để so sánh."), field=name) from None


@with_actor
def version_compare(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = get_document_for(actor, pk)
    a = services.version_get(document, _int(request.GET.get("a"), "a"))
    b = services.version_get(document, _int(request.GET.get("b"), "b"))
    if a.number > b.number:
        a, b = b, a
    return render(
        request,
        "drafting/compare.html",
        {"document": document, **comparison_context(a, b), "title": _("So sánh phiên bản")},
    )


@require_POST
@with_actor
def version_restore(request: HttpRequest, actor: Membership, pk: int, number: int) -> HttpResponse:
    document = get_document_for(actor, pk)
    version = services.version_restore(document=document, actor=actor, number=number, ip=client_ip(request))
    messages.success(
        request,
        _("Đã khôi phục phiên bản %(old)d thành phiên bản %(new)d.") % {"old": number, "new": version.number},
    )
    return redirect("drafting:versions", pk=pk)


@with_actor
def consultation_new(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    document = get_document_for(actor, pk)
    form = ConsultationForm(request.POST or None, actor=actor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consultation = services.consultation_request(
                    document=document,
                    actor=actor,
                    mode=form.cleaned_data["mode"],
                    parties=form.parties(),
                    note=form.cleaned_data["note"],
                    ip=client_ip(request),
                )
            except InvalidInput as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Đã gửi xin ý kiến góp ý dự thảo."))
                return redirect("drafting:consultation", pk=consultation.pk)
        status = 400
    return render(
        request,
        "drafting/consultation_form.html",
        {"document": document, "form": form, "title": _("Xin ý kiến góp ý dự thảo")},
        status=status,
    )


def _consultation_context(actor: Membership, consultation: Any) -> dict[str, Any]:
    document = consultation.document
    parties = list(consultation.parties.all())
    mine = [c for c in parties if services.may_answer(actor, c) and c.opened_at is not None]
    is_drafter = actor.user_id == document.drafter_id and actor.organization_id == document.owner_id
    return {
        "consultation": consultation,
        "document": document,
        "version": consultation.version,
        "fields": field_rows(consultation.version.fields),
        "parties": parties,
        "pending": services.pending(consultation),
        "rows": selectors.summary_rows(consultation),
        "mine": [c for c in mine if not (is_drafter and c.organization_id)],
        "on_behalf": [c for c in parties if is_drafter and c.organization_id and c.opened_at],
        "is_drafter": is_drafter,
        "opinion_form": OpinionForm(),
        "reply_form": ReplyForm(),
        "title": _("Xin ý kiến góp ý dự thảo"),
    }


@with_actor
def consultation_detail(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    consultation = selectors.consultation_for(actor, pk)
    return render(request, "drafting/consultation.html", _consultation_context(actor, consultation))


@require_POST
@with_actor
def opinion_answer(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    consultation = selectors.consultation_for(actor, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Hãy chọn: nhất trí, nhất trí có ý kiến, hoặc không nhất trí."), field="verdict")
    opinion = services.opinion_give(
        consultation=consultation,
        actor=actor,
        verdict=form.cleaned_data["verdict"],
        text=form.cleaned_data["text"],
        consultee_id=form.cleaned_data["consultee"],
        files=[
            services.FileIn(u.name or "", u, u.content_type or "") for u in request.FILES.getlist("files")
        ],
        ip=client_ip(request),
    )
    if opinion.late:
        messages.warning(request, _("Đã ghi nhận ý kiến góp ý (trễ hạn)."))
    else:
        messages.success(request, _("Đã ghi nhận ý kiến góp ý."))
    return redirect("drafting:consultation", pk=pk)


@require_POST
@with_actor
def consultation_remind(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    consultation = selectors.consultation_for(actor, pk)
    n = services.consultation_remind(consultation=consultation, actor=actor, ip=client_ip(request))
    messages.success(request, _("Đã gửi nhắc góp ý đến %(n)d nơi.") % {"n": n})
    return redirect("drafting:consultation", pk=pk)


@require_POST
@with_actor
def opinion_reply(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    opinion = Opinion.objects.select_related("consultee__consultation__document__owner").filter(pk=pk).first()
    if opinion is None:
        raise NotFound(_("Không tìm thấy ý kiến góp ý."))
    services.opinion_reply(
        opinion=opinion, actor=actor, reply=request.POST.get("reply", ""), ip=client_ip(request)
    )
    messages.success(request, _("Đã ghi ý kiến tiếp thu, giải trình."))
    return redirect("drafting:consultation", pk=opinion.consultee.consultation_id)


@with_actor
def summary_page(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    consultation = selectors.consultation_for(actor, pk)
    return render(
        request,
        "drafting/summary.html",
        {**summary.context(consultation), "title": summary.title(consultation)},
    )


@with_actor
def summary_file(request: HttpRequest, actor: Membership, pk: int, kind: str) -> HttpResponse:
    if kind not in summary.WRITERS:
        raise InvalidInput(_("Chỉ có bản PDF hoặc DOCX."), field="kind")
    consultation = selectors.consultation_for(actor, pk)
    response = HttpResponse(summary.WRITERS[kind](consultation), content_type=summary.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="bang-tong-hop-y-kien-{pk}.{kind}"'
    return response


@with_actor
def opinion_file(request: HttpRequest, actor: Membership, pk: int) -> FileResponse:
    row = (
        OpinionFile.objects.select_related("stored", "opinion__consultee__consultation").filter(pk=pk).first()
    )
    if row is None:
        raise NotFound(_("Không tìm thấy tệp."))
    selectors.consultation_for(actor, row.opinion.consultee.consultation_id)
    response = FileResponse(
        storage.open_stored(row.stored),
        as_attachment=True,
        filename=row.name,
        content_type=row.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@with_actor
def asked(request: HttpRequest, actor: Membership) -> HttpResponse:
    return render(
        request,
        "drafting/asked.html",
        {"items": list(selectors.asked_of(actor)), "title": _("Dự thảo xin ý kiến")},
    )
