"""The search form of the staff page and the API: the box, the filters and the columns to show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from congvan.documents import statements
from congvan.documents.models import STATE_LABELS, Direction, Register
from congvan.orgs.models import Membership, Unit
from congvan.vbhc import doctypes

from .fields import DEFAULT_FIELDS, FIELDS
from .selectors import SearchParams
from .widgets import WIDGET_RENDERER


def _sql_of(query: QuerySet[Any]) -> str:
    """The SQL the ORM writes for ``query`` filtered by an organisation (its one parameter)."""
    sql, params = query.query.sql_with_params()
    assert len(params) == 1
    return sql


_CHOICE_QUERIES: dict[str, Callable[[], QuerySet[Any]]] = {
    # (organization_id=0 stands for the organisation: the statement's one parameter)
    "registers": lambda: Register.objects.filter(organization_id=0).values_list(
        "pk", "name", "direction", "year", "series"
    ),
    "units": lambda: Unit.objects.filter(organization_id=0).values_list("pk", "name"),
}


def _statement(key: str) -> str:
    """The choices' read as a fixed statement (documents.statements): the ORM's own SQL, compiled once per
    process instead of at every search page (issue 10)."""
    return statements.made(f"search_form_{key}", lambda: _sql_of(_CHOICE_QUERIES[key]()))


def register_choices(organization_id: int) -> list[tuple[int, str]]:
    """The organisation's registers as ``(pk, str(register))``, read as values: the label is
    ``Register.__str__``'s (its name, or its direction, year and series), each kind's label translated once
    instead of a model object and two ``get_…_display`` per register (issue 10)."""
    directions: dict[str, str] = {}
    series: dict[str, str] = {}
    direction_field = Register._meta.get_field("direction")
    series_field = Register._meta.get_field("series")
    out = []
    for pk, name, direction, year, serie in statements.rows(_statement("registers"), [organization_id]):
        if not name:
            if direction not in directions:
                directions[direction] = str(dict(direction_field.flatchoices).get(direction, direction))
            if serie not in series:
                series[serie] = str(dict(series_field.flatchoices).get(serie, serie))
            name = f"{directions[direction]} {year} ({series[serie]})"
        out.append((pk, name))
    return out


_FIXED_CHOICES: dict[str | None, dict[str, list[tuple[Any, str]]]] = {}


def fixed_choices() -> dict[str, list[tuple[Any, str]]]:
    """The choices that are the same for everyone (and "Tất cả", the empty choice), their labels translated
    into the active language once per process: lazy labels were translated again at each page, each option's
    label several times over (normalised, copied, rendered) — some fifty translations per search page (issue 10).
    The lists are shared: nothing changes them (a field's choices are a copy)."""
    language = get_language()
    found = _FIXED_CHOICES.get(language)
    if found is None:
        anything = [("", str(_("Tất cả")))]
        found = _FIXED_CHOICES[language] = {
            "anything": anything,
            "doc_type": anything + [(t.code, str(t.name)) for t in doctypes.DOC_TYPES],
            "direction": anything + [(value, str(label)) for value, label in Direction.choices],
            "state": anything + [(s.value, str(label)) for s, label in STATE_LABELS.items()],
            "columns": [(k, str(f.label)) for k, f in FIELDS.items()],
        }
    return found


class SearchForm(forms.Form):
    default_renderer = WIDGET_RENDERER  # the same HTML as Django's templates, without one per option

    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=500)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    direction = forms.ChoiceField(label=_("Chiều"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    number = forms.CharField(label=_("Số"), required=False, max_length=16)
    symbol = forms.CharField(label=_("Ký hiệu"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    register = forms.TypedChoiceField(label=_("Sổ đăng ký"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Đơn vị soạn thảo"), required=False, coerce=int, empty_value=None)
    columns = forms.MultipleChoiceField(
        label=_("Cột hiển thị"),
        required=False,
        choices=[(k, f.label) for k, f in FIELDS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, actor: Membership, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        fixed = fixed_choices()
        anything = fixed["anything"]
        choices: dict[str, list] = {
            "doc_type": fixed["doc_type"],
            "direction": fixed["direction"],
            "state": fixed["state"],
            "columns": fixed["columns"],
            "register": anything + register_choices(actor.organization_id),
            "unit": anything + statements.rows(_statement("units"), [actor.organization_id]),
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values

    def params(self) -> SearchParams:
        d = self.cleaned_data
        return SearchParams(
            q=d.get("q") or "",
            doc_type=d.get("doc_type") or "",
            direction=d.get("direction") or "",
            issuer=d.get("issuer") or "",
            signer=d.get("signer") or "",
            year=d.get("year"),
            number=d.get("number") or "",
            symbol=d.get("symbol") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            state=d.get("state") or "",
            register=d.get("register"),
            unit=d.get("unit"),
        )

    def shown_fields(self) -> list[str]:
        return list(self.cleaned_data.get("columns") or DEFAULT_FIELDS)


class SaveSearchForm(forms.Form):
    default_renderer = WIDGET_RENDERER

    name = forms.CharField(label=_("Tên tìm kiếm"), max_length=120)
    query = forms.CharField(widget=forms.HiddenInput, max_length=2000, required=False)
