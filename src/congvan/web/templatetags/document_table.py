"""The rows of the document table (web/_document_table.html) written in Python (issue 10).

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

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
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
