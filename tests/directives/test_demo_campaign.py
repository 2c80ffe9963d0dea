"""The demo shows the sample letter's campaign half-way (issue 5): some districts done with figures from their
communes, some overdue, one commune radio that reported late; the sample letter itself still waits for its
number, with its request attached."""

from __future__ import annotations

from decimal import Decimal

import pytest

from congvan.demo.data import load_demo
from congvan.directives import selectors
from congvan.directives.models import Assignment, Directive, Progress
from congvan.documents.models import Document
from congvan.vbhc.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> dict[str, object]:
    return load_demo()


def test_sample_letter_waits_for_its_number_with_its_request(demo: dict[str, object]) -> None:
    """The walk issues the sample letter: it must still be signed, unnumbered, carrying its request."""
    letter = demo["sample_letter"]
    assert isinstance(letter, Document)
    assert letter.state == State.SIGNED and letter.number is None
    assert Directive.objects.filter(document=letter).count() == 1
    assert not Assignment.objects.filter(directive__document=letter).exists()


def test_campaign_letter_is_in_last_years_register(demo: dict[str, object]) -> None:
    """So the sample letter still gets number 01 of this year when the walk issues it (Điều 15)."""
    campaign = demo["campaign_letter"]
    assert isinstance(campaign, Document)
    assert campaign.number == 1 and campaign.register is not None and campaign.issued_on is not None
    assert campaign.register.year == campaign.issued_on.year < letter_year(demo)


def letter_year(demo: dict[str, object]) -> int:
    from django.utils import timezone

    return timezone.localdate().year


def test_campaign_is_half_way(demo: dict[str, object]) -> None:
    """Some districts done (their totals include their communes'), some overdue, exactly one late report."""
    campaign = demo["campaign_letter"]
    assert isinstance(campaign, Document)
    directive = Directive.objects.get(document=campaign)
    view = selectors.overview(directive=directive)
    progress = [r.progress for r in view.rows]
    assert len(view.rows) == 11
    assert progress.count(Progress.ON_TIME) == 5
    assert progress.count(Progress.OVERDUE) == 6
    assert view.counts.late == 1
    done = next(r for r in view.rows if r.progress == Progress.ON_TIME)
    below = Assignment.objects.filter(path__startswith=done.assignment.path)
    own = sum(Decimal(str(a.figures.get("tin_bai", 0))) for a in below)
    assert Decimal(str(done.totals["tin_bai"])) == own > Decimal(str(done.assignment.figures["tin_bai"]))
