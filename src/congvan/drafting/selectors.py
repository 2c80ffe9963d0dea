"""Reads of the drafting app, each with what its page shows joined or prefetched (constant query counts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from congvan.documents.errors import NotFound
from congvan.documents.models import Document
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role

from . import services
from .models import Consultation, Consultee, Opinion, Version


def versions_of(document: Document) -> QuerySet[Version]:
    """The version list, newest first, without the snapshots (the list shows who, when and what changed)."""
    return (
        Version.objects.filter(document_id=document.pk)
        .select_related("author", "signed_by")
        .defer("body", "fields", "attachments")
        .order_by("-number")
    )


def _consultation_qs() -> QuerySet[Consultation]:
    return Consultation.objects.select_related(
        "document__owner", "document__drafter", "version", "requested_by", "letter"
    ).prefetch_related(
        Prefetch(
            "parties",
            queryset=Consultee.objects.select_related("user", "unit", "organization").prefetch_related(
                Prefetch(
                    "opinions",
                    queryset=Opinion.objects.select_related("version", "author").prefetch_related("files"),
                )
            ),
        )
    )


def consultations_of(document: Document) -> QuerySet[Consultation]:
    return _consultation_qs().filter(document_id=document.pk)


def consultation_for(actor: Membership | None, pk: int) -> Consultation:
    """A consultation the actor may see: a reader of the draft, or a party asked."""
    consultation = _consultation_qs().filter(pk=pk).first()
    if consultation is None:
        raise NotFound(_("Không tìm thấy đợt xin ý kiến."))
    services.check_view(actor, consultation)
    return consultation


def asked_of(actor: Membership) -> QuerySet[Consultee]:
    """The requests for opinions addressed to the actor (as a person, a unit member or their organisation)."""
    who = Q(user_id=actor.user_id)
    if actor.unit_id:
        who |= Q(unit_id=actor.unit_id, consultation__document__owner_id=actor.organization_id)
    if Role(actor.role) in services.PARTY_ROLES:
        who |= Q(organization_id=actor.organization_id)
    return (
        Consultee.objects.filter(who, opened_at__isnull=False)
        .select_related("consultation__document", "consultation__version", "user", "unit", "organization")
        .prefetch_related("opinions")
        .order_by("deadline", "pk")
    )


def summary_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """The rows of the summary table of opinions (bảng tổng hợp ý kiến): one per answer, then the silent."""
    rows: list[dict[str, Any]] = []
    for party in consultation.parties.all():
        opinions = list(party.opinions.all())
        for o in opinions:
            rows.append(
                {
                    "party": party.name,
                    "deadline": party.deadline,
                    "verdict": o.get_verdict_display(),
                    "verdict_code": o.verdict,
                    "text": o.text,
                    "version": o.version.number,
                    "answered_at": o.answered_at,
                    "late": o.late,
                    "reply": o.reply,
                    "files": [f.name for f in o.files.all()],
                    "opinion": o,
                }
            )
        if not opinions:
            rows.append(
                {
                    "party": party.name,
                    "deadline": party.deadline,
                    "verdict": _("Chưa có ý kiến") if party.opened_at else _("Chưa đến lượt"),
                    "verdict_code": "",
                    "text": "",
                    "version": None,
                    "answered_at": None,
                    "late": False,
                    "reply": "",
                    "files": [],
                    "opinion": None,
                }
            )
    return rows
