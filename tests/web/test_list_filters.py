"""The document lists' tools written by the list_filters tag (web/templatetags/document_table.py) are the HTML
web/document_list.html wrote: the clerk's link to register a file, the state and words filter, in both
languages."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from congvan.documents.models import STATE_LABELS
from congvan.vbhc.workflow import INCOMING_STATES

pytestmark = pytest.mark.django_db

# web/document_list.html's tools as they were before they were written in Python: the reference.
REFERENCE = (
    "{% load i18n %}"
    + '{% if direction == "in" and membership.role == "clerk" %}<p><a class="button" href="{% url \'web:incoming_upload\' %}">{% translate "Vào sổ từ tệp (PDF, Word, ảnh quét)" %}</a></p>{% endif %}\n<form method="get" class="filters">\n  <select name="state" aria-label="{% translate \'Trạng thái\' %}"><option value="">{% translate "Mọi trạng thái" %}</option>{% for v, l in states %}<option value="{{ v }}"{% if v == state %} selected{% endif %}>{{ l }}</option>{% endfor %}</select>\n  <input name="q" value="{{ request.GET.q }}" placeholder="{% translate \'Tìm theo trích yếu, ký hiệu\' %}" aria-label="{% translate \'Tìm\' %}">\n  <button type="submit">{% translate "Lọc" %}</button>\n</form>'
)
SPLIT = "\n=====\n"
BOTH = (
    "{% load i18n document_table %}"
    + REFERENCE.removeprefix("{% load i18n %}")
    + SPLIT
    + "{% list_filters %}"
)


def render_both(member, direction: str, state, path: str = "/app/incoming/") -> tuple[str, str]:
    request = RequestFactory().get(path)
    request.user = member.user
    states = [(s.value, STATE_LABELS[s]) for s in INCOMING_STATES]
    context = {"direction": direction, "state": state, "states": states}
    html = engines["django"].from_string(BOTH).render(context, request)
    before, after = html.split(SPLIT)
    return before, after


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("who", "direction"), [("clerk", "in"), ("clerk", "out"), ("drafter", "in")])
@pytest.mark.parametrize("state", [None, "", "received", 'x"<&>'])
def test_tools_are_the_templates(agency, language, who, direction, state):
    """The link for clerks on the incoming list only, every state with the chosen one selected, in the page's
    language."""
    with translation.override(language):
        before, after = render_both(getattr(agency, who), direction, state)
    assert ('class="button"' in after) == (who == "clerk" and direction == "in")
    assert after == before


def test_words_are_escaped_as_the_template_did(agency):
    """The words searched are shown back in the box, escaped as ``{{ … }}`` escapes them."""
    before, after = render_both(
        agency.clerk, "in", "received", "/app/incoming/?q=%22a%22%3Cb%3E%26%27c%27&q=d"
    )
    assert 'value="d"' in after
    assert after == before
