from __future__ import annotations

import pytest
from search_helpers import make_doc


@pytest.fixture
def doc_factory(agency):
    return lambda **fields: make_doc(agency.org, **fields)
