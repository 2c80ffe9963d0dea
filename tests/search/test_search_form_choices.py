"""The search form's register and unit choices, read as values, are the labels the model objects gave:
``str(register)`` (its name, or its direction, year and series in the active language) and the unit's name,
in the same order, in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from congvan.documents.models import Register
from congvan.orgs.models import Unit
from congvan.search.forms import SearchForm
from factories import Agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_choices_are_the_models_labels(agency, language):
    """Each register's label is str(register), each unit's its name, in the queryset's order."""
    for direction, year, series, name in [
        ("in", 2024, "ordinary", ""),
        ("out", 2024, "ordinary", "Sổ văn bản đi <chính>"),
        ("out", 2025, Register._meta.get_field("series").choices[-1][0], ""),
        ("in", 2025, Register._meta.get_field("series").choices[-1][0], "Sổ mật"),
    ]:
        Register.objects.create(
            organization=agency.org, direction=direction, year=year, series=series, name=name
        )
    Register.objects.create(organization=Agency("Sở Tài chính", "STC").org, direction="in", year=2024)
    with translation.override(language):
        form = SearchForm({"q": "x"}, actor=agency.drafter)
        registers = [(r.pk, str(r)) for r in Register.objects.filter(organization_id=agency.org.pk)]
        units = [(u.pk, u.name) for u in Unit.objects.filter(organization_id=agency.org.pk)]
        assert len(registers) == 4
        assert list(form.fields["register"].choices)[1:] == registers
        assert list(form.fields["unit"].choices)[1:] == units
