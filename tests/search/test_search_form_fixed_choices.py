"""The search form's fixed choices, translated once per language (search.forms.fixed_choices), are the lazy
choices the form had, label for label, and its fields render the same HTML with them, in both languages."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from congvan.documents.models import STATE_LABELS, Direction
from congvan.search.fields import FIELDS
from congvan.search.forms import SearchForm
from congvan.vbhc import doctypes

pytestmark = pytest.mark.django_db

DATA = {"q": "x", "doc_type": "CV", "direction": "in", "state": "issued", "columns": ["subject", "signer"]}


def former_choices() -> dict[str, list]:
    """The choices as the form set them before: lazy labels, translated at each use."""
    anything = [("", gettext_lazy("Tất cả"))]
    return {
        "doc_type": anything + [(t.code, t.name) for t in doctypes.DOC_TYPES],
        "direction": anything + list(Direction.choices),
        "state": anything + [(s.value, label) for s, label in STATE_LABELS.items()],
        "columns": [(k, f.label) for k, f in FIELDS.items()],
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_labels_are_the_former_ones_in_the_active_language(agency, language):
    """Each fixed field offers the same values with the same labels, as plain text of the page's language."""
    with translation.override("en" if language == "vi" else "vi"):
        SearchForm(DATA, actor=agency.drafter)  # the other language's labels kept first must not show
    with translation.override(language):
        form = SearchForm(DATA, actor=agency.drafter)
        for name, former in former_choices().items():
            field = form.fields[name]
            assert isinstance(field, forms.ChoiceField)
            assert list(field.choices) == [(v, str(label)) for v, label in former], name
            assert all(type(label) is str for _, label in field.choices), name


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "filtered"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_fields_render_as_with_the_former_choices(agency, data, language):
    """The selects and the column checkboxes are the same HTML as with the former lazy choices."""
    with translation.override(language):
        form = SearchForm(data, actor=agency.drafter)
        former = SearchForm(data, actor=agency.drafter)
        for name, choices in former_choices().items():
            field = former.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        for name in former_choices():
            assert str(form[name]) == str(former[name]), name
