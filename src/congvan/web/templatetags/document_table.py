"""The document table (web/_document_table.html) written in Python: its head, rows and pager (issue 10).

The template's loop resolved some twenty variables and filters per row through the template engine: a page of
50 documents cost more to render than to read. ``document_rows`` writes the same HTML, character for
character, from the list's rows (documents.listing.DocumentRow): the values escaped and localised as
``{{ … }}`` does, the labels translated as ``{% translate %}`` does. ``tests/web/test_document_table.py`` compares
it with the loop the template had.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from congvan.documents.listing import DocumentRow

register = template.Library()


def _truncated(text: str, length: int = 140) -> str:
    """``{{ text|truncatechars:140 }}``: Truncator normalises the text (NFC) and cuts it past ``length``
    characters; a text no longer than that once normalised is returned whole without the Truncator's
    per-character walk (a third of the table's cost)."""
    normal = unicodedata.normalize("NFC", text)
    return normal if len(normal) <= length else Truncator(text).chars(length)


def _date(value: dt.date | None) -> str:
    """``{{ value|date:"d/m/Y"|default:"—" }}``"""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else "—"


@register.simple_tag
def document_rows(rows: Iterable[DocumentRow]) -> SafeString:
    """The ``<tr>`` of each row, or the row saying the list is empty."""
    l_number, l_date, l_subject = escape(_("Số, ký hiệu")), escape(_("Ngày")), escape(_("Trích yếu"))
    l_org, l_state, l_arrival = escape(_("Cơ quan")), escape(_("Trạng thái")), escape(_("Số đến"))
    prefix = escape(reverse("web:document", args=[0])[:-2])
    # {{ d.pk }}: localize() writes an integer as str() does unless thousands are grouped.
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    # A state's cell is the same for every row in that state: translated and escaped once per table.
    states: dict[str, str] = {}
    out = []
    for d in rows:
        state = states.get(d.state)
        if state is None:
            state = states[d.state] = (
                f'<span class="state state-{escape(d.state)}">{escape(d.state_label)}</span>'
            )
        arrival = f"<br><small>{l_arrival}: {d.arrival_number:02d}</small>" if d.arrival_number else ""
        marks = ""
        if d.urgency:
            marks += f' <span class="badge urgent">{escape(d.urgency_label)}</span>'
        if d.confidentiality:
            marks += f' <span class="badge secret">{escape(d.confidentiality_label)}</span>'
        org = d.issuer_name if d.direction == "in" else (d.drafting_unit_code or "")
        out.append(
            f'\n<tr>\n  <td data-label="{l_number}">{escape(d.number_symbol or "—")}{arrival}</td>\n'
            f'  <td data-label="{l_date}">{_date(d.issued_on)}</td>\n'
            f'  <td data-label="{l_subject}"><a href="{prefix}{number(d.pk)}/">{escape(d.type_name)}: '
            f"{escape(_truncated(d.subject))}</a>{marks}</td>\n"
            f'  <td data-label="{l_org}">{escape(org)}</td>\n'
            f'  <td data-label="{l_state}">{state}</td>\n</tr>\n'
        )
    if not out:
        return mark_safe(f'<tr><td colspan="5" class="empty">{escape(_("Không có văn bản nào."))}</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


def _value(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless safe."""
    if type(value) is str:  # the common case: a plain string is only escaped
        return escape(value)
    return str(conditional_escape(localize(value)))


def pager(page: Any, state: Any) -> str:
    """web/_pager.html: the links to the previous and next pages (keeping the state filter) and "Trang n/t"."""
    if page is None:
        return ""
    pages = page.paginator.num_pages
    if not pages > 1:
        return ""
    query = f"state={_value(state)}&" if state else ""
    out = ['<nav class="pager">']
    if page.has_previous():
        out.append(f'<a href="?{query}page={_value(page.previous_page_number())}">‹ {escape(_("Trước"))}</a>')
    # {% blocktranslate %}: the message is not escaped, its values are
    out.append(" " + _("Trang %(n)s/%(t)s") % {"n": _value(page.number), "t": _value(pages)} + " ")
    if page.has_next():
        out.append(f'<a href="?{query}page={_value(page.next_page_number())}">{escape(_("Sau"))} ›</a>')
    out.append("</nav>")
    return "".join(out)


@register.simple_tag(takes_context=True)
def document_table(context: template.Context) -> SafeString:
    """web/_document_table.html for ``page`` (and ``state``) of the context: the table's head, its rows and the
    pager, written without the template's translations, variables and include (issue 10)."""
    page = context.get("page")
    labels = (_("Số, ký hiệu"), _("Ngày"), _("Trích yếu"), _("Cơ quan"), _("Trạng thái"))
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    return mark_safe(  # noqa: S308 — every value is escaped
        f'\n<table class="list">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{document_rows(page if page is not None else ())}\n</tbody>\n'
        f"</table>\n{pager(page, context.get('state'))}\n\n"  # (_pager.html's last newline, then the table's)
    )


@register.simple_tag(takes_context=True)
def list_filters(context: template.Context) -> SafeString:
    """web/document_list.html's tools above the table: the clerk's link to register a file (incoming list) and
    the state and words filter, written as the template wrote them, without a template loop over the states and
    six translations (issue 10)."""
    out = []
    membership = context.get("membership")
    if context.get("direction") == "in" and getattr(membership, "role", None) == "clerk":
        out.append(
            f'<p><a class="button" href="{escape(reverse("web:incoming_upload"))}">'
            f"{escape(_('Vào sổ từ tệp (PDF, Word, ảnh quét)'))}</a></p>"
        )
    chosen = context.get("state")
    options = "".join(
        f'<option value="{_value(value)}"{" selected" if value == chosen else ""}>{_value(label)}</option>'
        for value, label in context.get("states") or ()
    )
    request = context.get("request")
    q = request.GET.get("q", "") if request is not None else ""
    out.append(
        '\n<form method="get" class="filters">\n'
        f'  <select name="state" aria-label="{escape(_("Trạng thái"))}"><option value="">'
        f"{escape(_('Mọi trạng thái'))}</option>{options}</select>\n"
        f'  <input name="q" value="{_value(q)}" placeholder="{escape(_("Tìm theo trích yếu, ký hiệu"))}"'
        f' aria-label="{escape(_("Tìm"))}">\n'
        f'  <button type="submit">{escape(_("Lọc"))}</button>\n'
        "</form>"
    )
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped
