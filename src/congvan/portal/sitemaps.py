from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from congvan.documents.models import Document

from .selectors import public_documents


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Document]:
        return public_documents().order_by("pk")

    def location(self, item: Document) -> str:
        return reverse("portal:detail", args=[item.pk])

    def lastmod(self, item: Document):  # type: ignore[no-untyped-def]
        return item.updated_at


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["portal:index"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"documents": DocumentSitemap, "pages": StaticSitemap}
