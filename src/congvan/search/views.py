"""The staff search page (/app/search/): box, filters, chosen columns, saved searches, exports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvan.documents.models import Event
from congvan.orgs.models import Membership
from congvan.web.views import client_ip, with_actor

from . import exports
from .fields import FIELDS, related_of
from .forms import SaveSearchForm, SearchForm
from .models import SavedSearch
from .selectors import saved_searches_of, staff_search

PAGE_SIZE = 20


def _query_without(request: HttpRequest, *keys: str) -> str:
    q = request.GET.copy()
    for k in keys:
        q.pop(k, None)
    return q.urlencode()


@with_actor
def search_page(request: HttpRequest, actor: Membership) -> HttpResponse:
    form = SearchForm(request.GET or None, actor=actor)
    context: dict[str, object] = {
        "form": form,
        "title": _("Tìm kiếm văn bản"),
        "saved": saved_searches_of(actor.user_id),
        "save_form": SaveSearchForm(initial={"query": _query_without(request, "page", "format")}),
    }
    if request.GET and form.is_valid():
        params = form.params()
        fields = form.shown_fields()
        export = request.GET.get("format", "")
        if export in exports.WRITERS:
            page = staff_search(
                actor, params, limit=exports.EXPORT_LIMIT, snippets=False, related=related_of(fields)
            )
            docs = [h.document for h in page.hits]
            title = _("Kết quả tìm kiếm văn bản")
            data = exports.WRITERS[export](docs, fields, title)
            Event.objects.create(
                organization_id=actor.organization_id,
                actor_id=actor.user_id,
                action="exported",
                comment=f"search {export}: {_query_without(request, 'format')}"[:4000],
                at=timezone.now(),
                ip=client_ip(request),
            )
            response = HttpResponse(data, content_type=exports.CONTENT_TYPES[export])
            response["Content-Disposition"] = f'attachment; filename="tim-kiem.{export}"'
            return response
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        page = staff_search(
            actor, params, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, related=related_of(fields)
        )
        pages = max(1, -(-page.total // PAGE_SIZE))
        base_qs = _query_without(request, "page", "format")
        context.update(
            page=page,
            fields=[(k, FIELDS[k]) for k in fields],
            rows=[(h, [FIELDS[k].value(h.document) for k in fields]) for h in page.hits],
            number=number,
            pages=pages,
            previous=number - 1 if number > 1 else None,
            next=number + 1 if number < pages else None,
            querystring=base_qs,
            exports=[(f, f"?{base_qs}&{urlencode({'format': f})}") for f in exports.WRITERS],
        )
    return render(request, "search/search.html", context)


@require_POST
@with_actor
def save_search(request: HttpRequest, actor: Membership) -> HttpResponse:
    form = SaveSearchForm(request.POST)
    if form.is_valid():
        SavedSearch.objects.create(
            user_id=actor.user_id, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
        )
        messages.success(request, _("Đã lưu tìm kiếm."))
        return redirect(f"{request.path.rsplit('save/', 1)[0]}?{form.cleaned_data['query']}")
    messages.error(request, _("Hãy đặt tên cho tìm kiếm."))
    return redirect("search:search")


@require_POST
@with_actor
def delete_saved(request: HttpRequest, actor: Membership, pk: int) -> HttpResponse:
    get_object_or_404(SavedSearch, pk=pk, user_id=actor.user_id).delete()
    messages.success(request, _("Đã xóa tìm kiếm đã lưu."))
    return redirect("search:search")
