"""Fixtures of the directives tests; the helpers live in directives_helpers."""

from __future__ import annotations

import pytest
from directives_helpers import Chain, build_chain


@pytest.fixture
def chain(db: None) -> Chain:
    return build_chain()
