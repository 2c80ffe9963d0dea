from __future__ import annotations

import pytest
from portal_helpers import make_public_doc, publish_row

from congvan.search.indexing import index_documents


@pytest.fixture
def public_doc(agency):
    """One published, issued, ordinary document: what the portal does show."""
    doc = make_public_doc(agency.org, "congkhai")
    publish_row(doc)
    index_documents([doc.pk])
    return doc
