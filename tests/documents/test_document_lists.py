"""The to-do list (Việc cần làm): what waits for each person's step."""

from __future__ import annotations

import pytest

from congvan.directives.models import Direction
from congvan.documents.models import Document
from congvan.documents.selectors import waiting_for


@pytest.mark.django_db
def test_a_document_directed_twice_is_listed_once(agency):
    """A document directed to a unit, then directed again (a new direction replacing the first), stands once in
    the unit head's to-do list and counts once, not once per direction."""
    doc = Document.objects.create(
        owner=agency.org, direction="in", state="directed", subject="Về việc phòng cháy"
    )
    for note in ("Giao phòng chủ trì.", "Giao lại phòng chủ trì, báo cáo trước ngày 15."):
        Direction.objects.create(document=doc, directed_by=agency.head.user, lead_unit=agency.unit, note=note)
    todo = waiting_for(agency.unit_head)
    assert [d.pk for d in todo] == [doc.pk]
    assert todo.count() == 1


@pytest.mark.django_db
def test_a_document_led_by_a_person_waits_for_them(agency):
    """A document whose direction names a person as lead waits in that person's to-do list while it is handled,
    and leaves it once done."""
    doc = Document.objects.create(
        owner=agency.org, direction="in", state="in_progress", subject="Về việc báo cáo"
    )
    Direction.objects.create(document=doc, directed_by=agency.head.user, lead_person=agency.drafter.user)
    assert [d.pk for d in waiting_for(agency.drafter)] == [doc.pk]
    Document.objects.filter(pk=doc.pk).update(state="done")
    assert list(waiting_for(agency.drafter)) == []
