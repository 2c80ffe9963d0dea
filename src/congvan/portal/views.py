"""The public portal at ``/``: lists with filters and search, a page per document, its files, an Atom feed and
a sitemap. No sign-in; every view starts from ``selectors.public_documents()``."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congvan.documents import storage
from congvan.documents.models import Document
from congvan.search.selectors import SearchParams, search
from congvan.vbhc import doctypes

from .models import Category
from .selectors import (
    live_publications,
    public_attachment,
    public_documents,
    public_page,
    publishing_organizations,
)

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filtered(request: HttpRequest) -> QuerySet[Document]:
    qs = public_documents()
    category = request.GET.get("category", "")
    if category:
        qs = qs.filter(publications__category__slug=category, publications__withdrawn_at__isnull=True)
    org = _int(request.GET.get("org"))
    if org:
        qs = qs.filter(owner_id=org)
    return qs


def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    params = SearchParams(q=q, doc_type=request.GET.get("type", ""), year=_int(request.GET.get("year")))
    page_number = _int(request.GET.get("page")) or 1
    # The public documents are few beside the installation's (a leader chooses each publication): matching
    # each one's entry beats asking the full-text index for every match in the province (on PostgreSQL at
    # 1,000,000 documents, a common word: about 0.15 s instead of 2 s, each time the cached page expires).
    result = search(
        base=_filtered(request),
        params=params,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        related=("owner",),
        few=True,
    )
    pages = max(1, -(-result.total // PAGE_SIZE))
    docs = [h.document for h in result.hits]
    categories = {
        p.document_id: p.category
        for p in live_publications().filter(document__in=docs).select_related("category")
    }
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "portal/index.html",
        {
            "q": q,
            "hits": [(h, categories.get(h.document.pk)) for h in result.hits],
            "total": result.total,
            "page": page_number,
            "pages": pages,
            "previous": page_number - 1 if page_number > 1 else None,
            "next": page_number + 1 if page_number < pages else None,
            "querystring": query_without_page.urlencode(),
            "categories": Category.objects.all(),
            "organizations": publishing_organizations(),
            "types": doctypes.DOC_TYPES,
            "years": range(dt.date.today().year, dt.date.today().year - 10, -1),
            "current": request.GET,
            "title": _("Văn bản chỉ đạo điều hành"),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = public_page(pk)
    if page is None:
        raise Http404(_("Không tìm thấy văn bản."))
    publication, files = page
    doc = publication.document
    return render(
        request,
        "portal/detail.html",
        {
            "doc": doc,
            "files": files,
            "publication": publication,
            "title": doc.number_symbol or doc.subject,
        },
    )


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    found = public_attachment(pk, attachment_pk)
    if found is None:
        raise Http404(_("Không tìm thấy tệp."))
    response = FileResponse(
        storage.open_stored(found.stored),
        as_attachment=False,
        filename=found.name,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class LatestFeed(Feed):
    """Atom feed of the latest publications."""

    feed_type = Atom1Feed
    title = gettext_lazy("Văn bản mới đăng")
    subtitle = gettext_lazy("Văn bản chỉ đạo điều hành mới đăng trên cổng thông tin")

    def link(self) -> str:
        return reverse("portal:index")

    def items(self) -> QuerySet[Document]:
        return public_documents().select_related("owner").order_by("-issued_on", "-pk")[:50]

    def item_title(self, item: Document) -> str:
        return f"{item.number_symbol} — {item.subject}" if item.number_symbol else item.subject

    def item_description(self, item: Document) -> str:
        return item.subject

    def item_link(self, item: Document) -> str:
        return reverse("portal:detail", args=[item.pk])

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return dt.datetime.combine(item.issued_on, dt.time()) if item.issued_on else None

    def item_author_name(self, item: Document) -> str:
        return item.issuer_name or item.owner.name
