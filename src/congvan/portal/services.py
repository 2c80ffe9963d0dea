"""Publishing a document on the portal and withdrawing it: checked, logged, in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.errors import Duplicate, InvalidState, NotAllowed, NotFound
from congvan.documents.models import Confidentiality, Document, Event
from congvan.documents.permissions import can_read
from congvan.orgs.models import Membership

from .models import Category, Publication
from .selectors import PUBLIC_STATES, forget_publishing_organizations, live_publications

PERMISSION = "portal.publish_document"


def can_publish(actor: Membership | None, document: Document) -> bool:
    """A person of the document's organisation holding the publish permission."""
    return bool(
        actor is not None
        and actor.organization_id == document.owner_id
        and actor.user.has_perm(PERMISSION)
        and can_read(actor, document)
    )


def _check(actor: Membership, document: Document) -> None:
    if not can_read(actor, document):
        raise NotFound(_("Không tìm thấy văn bản."))
    if not can_publish(actor, document):
        raise NotAllowed(_("Bạn không có quyền đăng văn bản lên cổng thông tin."))


def document_publish(*, document: Document, actor: Membership, category: Category) -> Publication:
    _check(actor, document)
    if document.confidentiality != Confidentiality.NONE:
        raise NotAllowed(_("Văn bản mật không được đăng lên cổng thông tin."))
    recalled_original = document.source_document is not None and document.source_document.state == "recalled"
    if document.state not in PUBLIC_STATES or recalled_original:
        raise InvalidState(_("Chỉ đăng được văn bản đã ban hành hoặc đã vào sổ, chưa bị thu hồi."))
    with transaction.atomic():
        if live_publications().filter(document=document).exists():
            raise Duplicate(_("Văn bản đã được đăng trên cổng thông tin."))
        now = timezone.now()
        publication = Publication.objects.create(
            document=document, category=category, published_by=actor.user, published_at=now
        )
        Event.objects.create(
            document=document,
            organization_id=document.owner_id,
            actor=actor.user,
            action="published",
            comment=category.name,
            at=now,
        )
        transaction.on_commit(forget_publishing_organizations)
    return publication


def document_unpublish(*, document: Document, actor: Membership) -> None:
    _check(actor, document)
    with transaction.atomic():
        now = timezone.now()
        updated = (
            live_publications().filter(document=document).update(withdrawn_at=now, withdrawn_by=actor.user)
        )
        if not updated:
            raise InvalidState(_("Văn bản chưa được đăng trên cổng thông tin."))
        Event.objects.create(
            document=document,
            organization_id=document.owner_id,
            actor=actor.user,
            action="unpublished",
            at=now,
        )
        transaction.on_commit(forget_publishing_organizations)
