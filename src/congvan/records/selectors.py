"""Reads of the records app, with the related rows the pages show (constant query counts)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from congvan.documents.errors import NotAllowed, NotFound
from congvan.documents.selectors import readable_by
from congvan.orgs.models import Membership

from .models import CaseFile, CaseFileEntry, FilePlan, Freeze


def plan_years(actor: Membership) -> list[int]:
    return list(FilePlan.objects.filter(organization_id=actor.organization_id).values_list("year", flat=True))


def plan_for(actor: Membership, year: int) -> FilePlan | None:
    return (
        FilePlan.objects.filter(organization_id=actor.organization_id, year=year)
        .select_related("organization")
        .first()
    )


def case_files(actor: Membership, *, year: int) -> QuerySet[CaseFile]:
    return (
        CaseFile.objects.filter(plan__organization_id=actor.organization_id, plan__year=year)
        .select_related("plan__organization", "unit", "responsible")
        .annotate(document_count=Count("entries"))
        .order_by("notation")
    )


def case_file_for(actor: Membership, pk: int) -> CaseFile:
    case_file = (
        CaseFile.objects.filter(pk=pk, plan__organization_id=actor.organization_id)
        .select_related("plan__organization", "unit", "responsible", "created_by")
        .first()
    )
    if case_file is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return case_file


def entries(actor: Membership, case_file: CaseFile) -> tuple[list[CaseFileEntry], int]:
    """The entries whose documents ``actor`` may read, and how many others are hidden from them."""
    rows = list(
        CaseFileEntry.objects.filter(case_file=case_file)
        .select_related("document__owner", "added_by")
        .order_by("ordinal")
    )
    readable = set(
        readable_by(actor).filter(pk__in=[e.document_id for e in rows]).values_list("pk", flat=True)
    )
    return [e for e in rows if e.document_id in readable], sum(e.document_id not in readable for e in rows)


def check_export(actor: Membership, case_file: CaseFile) -> None:
    """The whole file or nothing: an export never silently leaves out documents the person may not read."""
    _visible, hidden = entries(actor, case_file)
    if hidden:
        raise NotAllowed(_("Hồ sơ có %(n)d văn bản bạn không được xem; không kết xuất được.") % {"n": hidden})


def active_freezes(actor: Membership) -> QuerySet[Freeze]:
    return (
        Freeze.objects.filter(organization_id=actor.organization_id)
        .select_related("document", "case_file", "plan", "frozen_by", "lifted_by")
        .order_by("-frozen_at", "-id")
    )


def active_freeze_of(
    *, document_id: int | None = None, case_file_id: int | None = None, plan_id: int | None = None
) -> Freeze | None:
    """The active freeze held directly by one target (the one given; the others None)."""
    targets = {"document_id": document_id, "case_file_id": case_file_id, "plan_id": plan_id}
    lookup = {
        (k if v is not None else f"{k}__isnull"): (v if v is not None else True) for k, v in targets.items()
    }
    return Freeze.objects.filter(lifted_at__isnull=True, **lookup).first()
