"""The demo's portal: the Trung tâm Công nghệ số of the Sở republishes the two central letters (and the
campaign letter once issued) under "Văn bản chỉ đạo điều hành" (DESIGN §1, step 3)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission

from congvan.documents.models import Document
from congvan.orgs.models import Membership

from .models import Category
from .selectors import PUBLIC_STATES
from .services import document_publish

CATEGORY = "van-ban-chi-dao-dieu-hanh"


def grant_publish(member: Membership) -> None:
    member.user.user_permissions.add(
        Permission.objects.get(codename="publish_document", content_type__app_label="portal")
    )
    # Django caches permissions on the user object.
    for cache in ("_perm_cache", "_user_perm_cache"):
        member.user.__dict__.pop(cache, None)


def publish_demo(
    *, publisher: Membership, documents: Iterable[object], shared_by: Membership | None = None
) -> list[Document]:
    """Publish what the publisher may. Under the read scope ``unit`` the portal team does not read the
    agency's documents by office: ``shared_by`` (the clerk) first shares each one with the team's unit, as the
    agency would (docs/security.md, changes of access)."""
    from congvan.documents.access import document_share
    from congvan.documents.permissions import can_read

    grant_publish(publisher)
    # The section comes with a migration; a test database emptied between tests has lost it, so make sure.
    category, _created = Category.objects.get_or_create(
        slug=CATEGORY, defaults={"name": "Văn bản chỉ đạo điều hành", "position": 1}
    )
    published = []
    for doc in documents:
        if not isinstance(doc, Document):
            continue
        doc = Document.objects.get(pk=doc.pk)
        if (
            doc.owner_id == publisher.organization_id
            and doc.state in PUBLIC_STATES
            and doc.confidentiality == 0
        ):
            if shared_by is not None and publisher.unit_id and not can_read(publisher, doc):
                document_share(document=doc, actor=shared_by, unit_id=publisher.unit_id)
                doc = Document.objects.get(pk=doc.pk)
            document_publish(document=doc, actor=publisher, category=category)
            published.append(doc)
    return published
