"""Document lists read as plain rows (issue 10): the same documents, values and labels as the model gives."""

from __future__ import annotations

import pytest

from congvan.documents.models import Confidentiality, Document
from congvan.documents.selectors import readable_by
from factories import Agency, make_draft


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "head"])
def test_clerk_and_head_read_every_document_of_their_organisation(agency, who):
    """The clerk and the head of the agency read every document their organisation owns — ordinary and
    confidential, in any state, whoever drafted it — and nothing of another organisation."""
    other = Agency("Sở Tài chính", "STC")
    mine = [
        make_draft(agency).pk,
        make_draft(agency, confidentiality=Confidentiality.SECRET).pk,
        make_draft(agency, confidentiality=Confidentiality.ABSOLUTE).pk,
        Document.objects.create(owner=agency.org, direction="in", state="received", subject="Đến").pk,
        Document.objects.create(
            owner=agency.org, direction="in", state="directed", subject="Mật đến", confidentiality=2
        ).pk,
    ]
    make_draft(other)
    make_draft(other, confidentiality=Confidentiality.SECRET)
    actor = getattr(agency, who)
    assert sorted(readable_by(actor).values_list("pk", flat=True)) == sorted(mine)
