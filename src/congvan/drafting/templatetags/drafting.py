"""Template tags of the drafting app: the versions and consultations panel of a document page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from congvan.vbhc.workflow import State

from ..models import Consultation, Version
from ..presenters import change_labels

register = template.Library()


@register.filter
def version_summary(version: Version) -> str:
    if version.reason == "restored":
        return _("Khôi phục từ phiên bản %(n)s") % {"n": version.restored_from}
    if version.number == 1 or not version.changes:
        return _("Tạo dự thảo")
    return change_labels(version.changes)


@register.inclusion_tag("drafting/_document_panel.html", takes_context=True)
def document_drafting(context: dict[str, Any], document: Any) -> dict[str, Any]:
    """Versions and consultations of an outgoing document (three queries)."""
    membership = context.get("membership")
    if document.direction != "out":
        return {"show": False}
    versions = Version.objects.filter(document_id=document.pk)
    latest = versions.only("number", "signed_at").order_by("-number").first()
    signed = versions.filter(signed_at__isnull=False).only("number").order_by("-number").first()
    consultations = []
    for c in (
        Consultation.objects.filter(document_id=document.pk)
        .select_related("version")
        .prefetch_related("parties__opinions")
    ):
        parties = list(c.parties.all())
        c.total = len(parties)  # type: ignore[attr-defined]
        c.answered = sum(1 for p in parties if p.opinions.all())  # type: ignore[attr-defined]
        consultations.append(c)
    return {
        "show": True,
        "document": document,
        "latest": latest,
        "count": latest.number if latest else 0,
        "signed": signed,
        "consultations": consultations,
        "can_ask": document.state == State.DRAFT
        and membership is not None
        and membership.user_id == document.drafter_id,
    }
