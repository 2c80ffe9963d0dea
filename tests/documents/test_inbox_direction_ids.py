"""The to-do list (documents.selectors.waiting_for; GET /api/v1/inbox) names the documents directed to a person
or a unit as a set of ids (listing.InIdsOf: ``= ANY(ARRAY(…))`` on PostgreSQL, issue 10): the same documents, in
the same order and the same count, as the rule written with ``pk__in`` — for every role, with directions naming
the person, the unit, someone else, and documents in and out of the hands' states."""

from __future__ import annotations

import pytest
from django.db.models import Q

from congvan.directives.models import Direction
from congvan.documents.models import Document
from congvan.documents.selectors import _listing, readable_by, waiting_for
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role, State
from factories import Agency, make_draft

pytestmark = pytest.mark.django_db


def rule_with_pk_in(actor: Membership):
    """The to-do rule as it was written before (pk__in the directions' sub-select)."""
    role = Role(actor.role)
    in_hand = [State.DIRECTED, State.IN_PROGRESS]
    cond = Q(drafter_id=actor.user_id, state=State.DRAFT)
    if role == Role.UNIT_HEAD and actor.unit_id:
        cond |= Q(drafting_unit_id=actor.unit_id, state=State.CONTENT_REVIEW)
        cond |= Q(
            pk__in=Direction.objects.filter(lead_unit_id=actor.unit_id).values("document_id"),
            state__in=in_hand,
        )
    if role == Role.LEADER:
        cond |= Q(state__in=[State.SIGNATURE, State.REGISTERED])
    if role == Role.CLERK:
        cond |= Q(state__in=[State.SIGNED, State.RECEIVED])
    cond |= Q(
        pk__in=Direction.objects.filter(lead_person_id=actor.user_id).values("document_id"), state__in=in_hand
    )
    return _listing(readable_by(actor).filter(cond))


@pytest.fixture
def documents(agency: Agency) -> list[Document]:
    """Documents in every state of the rule, directed to the unit, to people, to another unit, or to no one."""
    states = [
        State.DRAFT,
        State.CONTENT_REVIEW,
        State.SIGNATURE,
        State.SIGNED,
        State.RECEIVED,
        State.REGISTERED,
        State.DIRECTED,
        State.IN_PROGRESS,
        State.DONE,
    ]
    docs = []
    for i, state in enumerate(states * 3):
        doc = make_draft(agency, subject=f"Văn bản {i}")
        Document.objects.filter(pk=doc.pk).update(state=state)
        docs.append(doc)
        lead = i % 4
        if lead == 0:
            Direction.objects.create(document=doc, directed_by=agency.head.user, lead_unit_id=agency.unit.pk)
        elif lead == 1:
            Direction.objects.create(
                document=doc, directed_by=agency.head.user, lead_person_id=agency.drafter.user_id
            )
        elif lead == 2:
            Direction.objects.create(
                document=doc, directed_by=agency.head.user, lead_person_id=agency.deputy.user_id
            )
            Direction.objects.create(
                document=doc, directed_by=agency.head.user, lead_unit_id=agency.office.pk
            )
    return docs


@pytest.mark.parametrize("who", ["drafter", "unit_head", "head", "deputy", "clerk"])
def test_the_same_documents_in_the_same_order_as_pk_in(
    agency: Agency, documents: list[Document], who: str
) -> None:
    """Each role's to-do list: the same ids in the same order, the same count."""
    actor = getattr(agency, who)
    expected = list(rule_with_pk_in(actor).values_list("pk", flat=True))
    assert expected  # every role has something to do in this set
    assert list(waiting_for(actor).values_list("pk", flat=True)) == expected
    assert waiting_for(actor).count() == len(expected)
