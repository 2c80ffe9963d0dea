"""The search form's widgets written in Python (congvan.search.widgets) give Django's own HTML."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import override

from congvan.documents.models import Register
from congvan.search.forms import SaveSearchForm, SearchForm
from congvan.search.widgets import WIDGET_RENDERER

TEMPLATES = DjangoTemplates()


def _both(make) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Each field of the form as the Python writers render it and as Django's templates do."""
    fast, slow = make(None), make(TEMPLATES)
    assert fast.renderer is WIDGET_RENDERER
    fast.is_bound and fast.is_valid()
    slow.is_bound and slow.is_valid()
    return [(str(fast[name]), str(slow[name])) for name in fast.fields]


class Odd(forms.Form):
    """Widgets and values the search form does not have today, for the edge cases of the templates."""

    default_renderer = WIDGET_RENDERER

    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Nhóm <1>", [("a", "A & B"), ("b", mark_safe("<b>B</b>"))]), ("c", "C")],
        widget=forms.Select(attrs={"class": "x", "data-v": '"q"', "disabled": False, "autofocus": True}),
    )
    many = forms.MultipleChoiceField(
        choices=[(1, 1000), ("Nhóm", [(2, "Hai"), (3, "Ba")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "cols"}),
        required=False,
    )
    unnamed = forms.MultipleChoiceField(
        choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    multi = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


@pytest.mark.django_db
class TestWidgetsLikeDjango:
    @pytest.mark.parametrize(
        "data",
        [
            None,
            {"q": "báo cáo"},
            {
                "q": "\"xóa nhà\" <tạm> & 'dột'",
                "doc_type": "CV",
                "direction": "in",
                "year": "2024",
                "issuer": "Sở <X>",
                "date_from": "2024-01-31",
                "state": "issued",
                "register": "REG",
                "unit": "UNIT",
                "columns": ["subject", "signer"],
            },
            {"year": "nineteen", "date_to": "31/02/2024", "doc_type": "??", "columns": ["nope"]},
        ],
        ids=["unbound", "words", "every-filter", "errors"],
    )
    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_search_form(self, agency, data, language):
        """Every field of the search form renders exactly as with Django's templates, bound or not, with
        values to escape, choices selected and errors."""
        register = Register.objects.create(
            organization=agency.org, direction="in", year=2024, name='Sổ "đến" <A>'
        )
        if data and "register" in data:
            data = {**data, "register": str(register.pk), "unit": str(agency.unit.pk)}
        with override(language):
            pairs = _both(lambda r: SearchForm(data, actor=agency.drafter, renderer=r))
        for fast, slow in pairs:
            assert fast == slow

    def test_save_form(self):
        """The save-search form's text and hidden inputs too."""
        pairs = _both(lambda r: SaveSearchForm(initial={"query": "q=a&b=<c>"}, renderer=r))
        for fast, slow in pairs:
            assert fast == slow

    @pytest.mark.parametrize(
        "data",
        [
            None,
            {"grouped": "b", "many": ["1", "3"], "unnamed": ["x"], "when": dt.date(2024, 5, 1).isoformat()},
            {"grouped": "zz", "secret": mark_safe("<i>")},
        ],
        ids=["unbound", "chosen", "invalid"],
    )
    def test_edge_cases(self, data):
        """Option groups, safe labels, numbers as labels, boolean and quoted attributes, a class on the
        checkbox list, a multiple select, all as Django writes them."""
        pairs = _both(lambda r: Odd(data, renderer=r, auto_id="f_%s"))
        pairs += _both(lambda r: Odd(data, renderer=r, auto_id=False))
        for fast, slow in pairs:
            assert fast == slow

    def test_errors_still_render(self, agency):
        """What has no writer (the error list) goes to Django's renderer."""
        form = SearchForm({"year": "x"}, actor=agency.drafter)
        assert not form.is_valid()
        assert str(form.errors) == str(
            SearchForm({"year": "x"}, actor=agency.drafter, renderer=TEMPLATES).errors
        )
        assert 'class="errorlist"' in str(form.errors)
