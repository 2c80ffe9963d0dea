"""``{% publish_panel document %}``: the portal box of the staff document page (publish / withdraw)."""

from __future__ import annotations

from typing import Any

from django import template

from congvan.documents.models import Document
from congvan.orgs.selectors import membership_of

from ..models import Category
from ..selectors import is_public, live_publications
from ..services import can_publish

register = template.Library()


@register.inclusion_tag("portal/_publish_panel.html", takes_context=True)
def publish_panel(context: dict[str, Any], document: Document) -> dict[str, Any]:
    request = context.get("request")
    actor = membership_of(getattr(request, "user", None))
    allowed = can_publish(actor, document)
    publication = live_publications().select_related("category").filter(document=document).first()
    return {
        "document": document,
        "allowed": allowed,
        "publication": publication,
        "public": publication is not None and is_public(document),
        "categories": Category.objects.all() if allowed and publication is None else [],
        "csrf_token": context.get("csrf_token"),
    }
