"""The search form's widgets written in Python instead of one template per option (issue 10).

Django renders a ``<select>`` through the template engine once for the select and once more for each of its
options (and each of those includes the attributes template): the search page's five selects and twelve
column checkboxes were a third of its CPU. :class:`WidgetRenderer` writes the same HTML, character for
character, for the widgets the search form uses (text, number, date and hidden inputs, selects, checkbox
lists), from the same context Django builds (``Widget.get_context``), escaping and localising each value as
``{{ … }}`` does; any other template (errors, the form as a whole, a widget of another kind) goes to Django's
default renderer. ``tests/search/test_widgets.py`` compares both outputs.

It mirrors Django's built-in widget templates (``django/forms/widgets/*.html``); a project that overrides one of
those templates should drop the matching writer here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"


def _out(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless safe."""
    if type(value) is str:  # (the common case: a plain string is not localised, only escaped)
        return html.escape(value)
    return str(conditional_escape(localize(value)))


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe, otherwise the result is escaped."""
    if type(value) is str:
        return html.escape(value)
    if type(value) is int:  # (digits and a sign: nothing to escape)
        return str(value)
    try:
        text = "%s" % (value,)  # noqa: UP031 — the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else _out(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_stringformat(value)}"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    """input.html"""
    value = widget["value"]
    shown = f' value="{_stringformat(value)}"' if value is not None else ""
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'


def _include_input(widget: Mapping[str, Any]) -> str:
    """text.html, number.html, date.html, hidden.html…: ``{% include "…/input.html" %}``"""
    return _input(widget) + "\n"


def _select_option(widget: Mapping[str, Any]) -> str:
    """select_option.html"""
    return (
        f'<option value="{_stringformat(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_out(widget['label'])}</option>\n"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    """input_option.html"""
    if not widget["wrap_label"]:
        return _input(widget) + "\n"
    ident = widget["attrs"].get("id")
    label_for = f' for="{_out(ident)}"' if ident else ""
    return f"<label{label_for}>{_input(widget)} {_out(widget['label'])}</label>\n"


def _checkbox_option(widget: Mapping[str, Any]) -> str:
    """checkbox_option.html: ``{% include "…/input_option.html" %}``"""
    return _input_option(widget) + "\n"


def _include(template_name: str, widget: Mapping[str, Any]) -> str:
    write = _WRITERS.get(template_name)
    if write is None:
        return get_default_renderer().render(template_name, {"widget": widget}) + "\n"
    return write(widget)


def _select(widget: Mapping[str, Any]) -> str:
    """select.html"""
    out = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            out.append("\n  " + _include(option["template_name"], option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: Mapping[str, Any]) -> str:
    """multiple_input.html"""
    ident = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    out = ["<div", f' id="{_out(ident)}"' if ident else "", f' class="{_out(css)}"' if css else "", ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            out.append("<div>\n    " + _include(option["template_name"], option) + "</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _checkbox_select(widget: Mapping[str, Any]) -> str:
    """checkbox_select.html: ``{% include "…/multiple_input.html" %}``"""
    return _multiple_input(widget) + "\n"


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{
        f"{_WIDGETS}{kind}.html": _include_input
        for kind in ("text", "number", "date", "time", "datetime", "hidden", "email", "url", "search", "tel")
    },
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}select_option.html": _select_option,
    f"{_WIDGETS}checkbox_select.html": _checkbox_select,
    f"{_WIDGETS}checkbox_option.html": _checkbox_option,
}


class WidgetRenderer(BaseRenderer):
    """Django's default form renderer, but the widgets above written in Python (same HTML)."""

    def get_template(self, template_name: str) -> Any:
        return get_default_renderer().get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = _WRITERS.get(template_name)
        if write is None or "widget" not in context:
            return get_default_renderer().render(template_name, context, request)
        return write(context["widget"]).strip()


WIDGET_RENDERER = WidgetRenderer()
