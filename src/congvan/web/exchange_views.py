"""Staff pages of the edXML exchange: download an issued document's message, import a message as an incoming
document, recall an issued document, answer a sender's recall, update or replacement (Phụ lục VI III.8)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congvan.documents import services
from congvan.documents.errors import InvalidInput, NotAllowed, NotFound
from congvan.exchange.changes import change_answer as do_change_answer
from congvan.exchange.changes import document_recall
from congvan.exchange.edxml_mapping import edoc_of
from congvan.exchange.models import ChangeRequest
from congvan.exchange.transport import import_edoc
from congvan.orgs.models import Membership
from congvan.vbhc.edxml import EdocMessage, EdxmlError, read_message, write_edoc
from congvan.vbhc.workflow import Role

from .views import client_ip, with_actor


class EdxmlUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp thông điệp edXML"))


@with_actor
def document_edxml(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    """The issued document as an edoc message with its files (QCVN 102:2016)."""
    document = services.get_document_for(actor, pk)
    data = write_edoc(edoc_of(document))
    services.document_record_view(
        document=document, actor=actor, ip=client_ip(request), action="exported", comment="edXML"
    )
    response = HttpResponse(data, content_type="application/xml")
    name = f"{document.number_display}-{document.symbol}".replace("/", "-") or str(document.pk)
    response["Content-Disposition"] = f'attachment; filename="{name}.edxml"'
    return response


@with_actor
def incoming_edxml(request: HttpRequest, actor: Membership) -> HttpResponse:
    """The clerk imports an edoc message received outside the exchange (e-mail, disk) as an incoming document."""
    if Role(actor.role) != Role.CLERK:
        raise NotAllowed(_("Chỉ văn thư được tiếp nhận văn bản đến."))
    title = _("Tiếp nhận văn bản từ tệp edXML")
    form = EdxmlUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = read_message(form.cleaned_data["file"].read())
        except EdxmlError as error:
            raise InvalidInput(_("Tệp không phải thông điệp edXML hợp lệ: %(e)s") % {"e": error.vi}) from None
        if not isinstance(message, EdocMessage):
            raise InvalidInput(_("Tệp là thông điệp trạng thái, không phải văn bản."))
        result = import_edoc(message, organization=actor.organization, actor_user_id=actor.user_id)
        if result.duplicate:
            messages.warning(request, _("Văn bản này đã được tiếp nhận trước đó."))
            return redirect("web:incoming")
        messages.success(request, _("Đã tiếp nhận văn bản; hãy kiểm tra rồi vào sổ."))
        return redirect("web:document", pk=result.copies[0].pk)
    return render(request, "web/edxml_upload.html", {"form": form, "title": title})


@require_POST
@with_actor
def document_recall_view(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    """The clerk or a leader recalls an issued document (Phụ lục VI III.8.a)."""
    document = services.get_document_for(actor, pk)
    document_recall(
        document=document, actor=actor, reason=request.POST.get("reason", ""), ip=client_ip(request)
    )
    messages.success(request, _("Đã thu hồi văn bản; các nơi nhận được đề nghị hủy văn bản."))
    return redirect("web:document", pk=pk)


@require_POST
@with_actor
def change_answer(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    """The receiving clerk agrees with or refuses a recall, update or replacement."""
    change = ChangeRequest.objects.filter(pk=pk, organization_id=actor.organization_id).first()
    if change is None:
        raise NotFound(_("Không tìm thấy đề nghị."))
    back = change.incoming_id
    agree = request.POST.get("agree") == "1"
    change = do_change_answer(
        change=change, actor=actor, agree=agree, note=request.POST.get("note", ""), ip=client_ip(request)
    )
    messages.success(request, _("Đã đồng ý.") if agree else _("Đã từ chối."))
    if change.incoming_id is None or back is None:
        return redirect("web:incoming")
    return redirect("web:document", pk=back)
