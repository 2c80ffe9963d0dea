"""The document table's rows written in Python (web/templatetags/document_table.py) are the HTML the template's
loop wrote from the model objects, character for character."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.utils import translation

from congvan.documents import selectors
from congvan.documents.listing import DocumentRows
from congvan.documents.models import Confidentiality, Document, Urgency
from congvan.documents.services import document_submit
from factories import make_draft, make_signed

pytestmark = pytest.mark.django_db

# web/_document_table.html as it was before the rows were written in Python: the reference.
REFERENCE = (
    '{% load i18n %}{% translate "Số, ký hiệu" as l_number %}{% translate "Ngày" as l_date %}'
    '{% translate "Trích yếu" as l_subject %}{% translate "Cơ quan" as l_org %}'
    '{% translate "Trạng thái" as l_state %}{% translate "Số đến" as l_arrival %}'
    "{% url 'web:document' 0 as zero_url %}\n"
    '<table class="list">\n'
    "<thead><tr><th>{{ l_number }}</th><th>{{ l_date }}</th><th>{{ l_subject }}</th><th>{{ l_org }}</th>"
    "<th>{{ l_state }}</th></tr></thead>\n"
    "<tbody>\n"
    '{% with doc_prefix=zero_url|slice:":-2" %}{% for d in page %}\n'
    "<tr>\n"
    '  <td data-label="{{ l_number }}">{{ d.number_symbol|default:"—" }}{% if d.arrival_number %}<br><small>'
    '{{ l_arrival }}: {{ d.arrival_number|stringformat:"02d" }}</small>{% endif %}</td>\n'
    '  <td data-label="{{ l_date }}">{{ d.issued_on|date:"d/m/Y"|default:"—" }}</td>\n'
    '  <td data-label="{{ l_subject }}"><a href="{{ doc_prefix }}{{ d.pk }}/">{{ d.type_name }}: '
    '{{ d.subject|truncatechars:140 }}</a>{% if d.urgency %} <span class="badge urgent">'
    '{{ d.get_urgency_display }}</span>{% endif %}{% if d.confidentiality %} <span class="badge secret">'
    "{{ d.get_confidentiality_display }}</span>{% endif %}</td>\n"
    '  <td data-label="{{ l_org }}">{% if d.direction == "in" %}{{ d.issuer_name }}{% else %}'
    '{{ d.drafting_unit.code|default:"" }}{% endif %}</td>\n'
    '  <td data-label="{{ l_state }}"><span class="state state-{{ d.state }}">{{ d.state_label }}</span></td>\n'
    "</tr>\n"
    '{% empty %}<tr><td colspan="5" class="empty">{% translate "Không có văn bản nào." %}</td></tr>'
    "{% endfor %}{% endwith %}\n"
    "</tbody>\n"
    "</table>\n"
    '{% include "web/_pager.html" %}\n'
)


def render_both(documents, page: int = 1, size: int = 50) -> tuple[str, str]:
    django = engines["django"]
    before = django.from_string(REFERENCE).render({"page": Paginator(documents, size).get_page(page)})
    after = django.get_template("web/_document_table.html").render(
        {"page": Paginator(DocumentRows(documents), size).get_page(page)}
    )
    return before, after


@pytest.fixture
def documents(agency, recipients):
    """Documents of every shape the table shows."""
    make_draft(agency, subject="Về việc <thử> & \"kiểm tra\" 'nháy'", urgency=Urgency.VERY_URGENT)
    make_draft(agency, confidentiality=Confidentiality.SECRET, urgency=Urgency.FLASH)
    make_signed(agency, recipients[0].org)
    document_submit(document=make_draft(agency), actor=agency.drafter)
    Document.objects.create(
        owner=agency.org,
        direction="out",
        state="issued",
        doc_type="QD",
        number=7,
        symbol="QĐ-STTTT&<b>",
        issued_on=dt.date(2024, 5, 2),
        subject="Quyết định " + "rất dài " * 30,
        drafting_unit=agency.unit,
    )
    Document.objects.create(
        owner=agency.org,
        direction="out",
        state="issued",
        number=123456,
        subject="Không đơn vị",
        issued_on=dt.date(999, 1, 9),
    )
    Document.objects.create(
        owner=agency.org,
        direction="in",
        state="registered",
        subject="Văn bản đến không ghi cơ quan",
        arrival_number=3,
        number_text="12",
        symbol="UBND-VX",
        urgency=Urgency.URGENT,
    )
    Document.objects.create(
        owner=agency.org,
        direction="in",
        state="received",
        doc_type="TB",
        subject="Thông báo",
        issuer_name='Báo "Lạng Sơn" & <Đài>',
        issued_on=dt.date(2024, 1, 31),
        confidentiality=Confidentiality.TOP_SECRET,
        arrival_number=125,
    )
    Document.objects.create(owner=agency.org, direction="in", state="directed", subject="Đã giao", number=1)
    Document.objects.create(id=1234567, owner=agency.org, direction="in", state="done", subject="Số lớn")
    # Subjects at the cut: 140 and 141 characters, and decomposed (NFD) text that the filter counts composed.
    for subject in ("ă" * 140, "ă" * 141, unicodedata.normalize("NFD", "Về việc ưu tiên " * 9)[:200]):
        Document.objects.create(owner=agency.org, direction="in", state="received", subject=subject)
    return agency


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("direction", ["in", "out"])
@pytest.mark.parametrize(("page", "size"), [(1, 50), (2, 2), (99, 4)])
def test_rows_are_the_templates_html(documents, language, direction, page, size):
    """Every row — numbers, dates, the link, the subject cut at 140 characters, the urgency and
    confidentiality badges, the issuer or the drafting unit, the state — and the pager are the HTML the
    template wrote, escaped the same way, in either language."""
    pick = selectors.incoming if direction == "in" else selectors.outgoing
    with translation.override(language):
        before, after = render_both(pick(documents.clerk), page, size)
    assert after == before
    assert "<tr>" in after


@pytest.mark.parametrize("language", ["vi", "en"])
def test_empty_table_is_the_templates_html(documents, language):
    """An empty list says so as it did."""
    with translation.override(language):
        before, after = render_both(selectors.outgoing(documents.clerk, q="không có"))
    assert after == before
    assert 'class="empty"' in after


def test_the_to_do_table_is_the_templates_html(documents):
    """The to-do list (/app/) shows the same table."""
    before, after = render_both(selectors.waiting_for(documents.deputy))
    assert after == before


def test_list_pages_show_the_rows(client, documents):
    """/app/incoming/, /app/outgoing/ and /app/ show the rows written by the tag, with the page's own queries
    only: the rows in one query besides the count."""
    client.force_login(documents.clerk.user)
    for url in ("/app/incoming/", "/app/outgoing/", "/app/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('<td data-label="Trích yếu">') == response.context["page"].object_list.__len__()
    assert "Báo &quot;Lạng Sơn&quot; &amp; &lt;Đài&gt;" in client.get("/app/incoming/").content.decode()


def test_a_list_that_fits_in_one_page_is_not_counted_again(client, documents, django_assert_num_queries):
    """/app/outgoing/ reads a list that fits in its first page in one query, its count included; a second page
    and a longer list are counted as before, and the pager shows the same pages."""
    client.force_login(documents.clerk.user)
    client.get("/app/outgoing/")
    with django_assert_num_queries(4):  # the session, its user, the person, the rows
        page = client.get("/app/outgoing/").context["page"]
    assert (page.paginator.count, page.paginator.num_pages) == (6, 1)
    with django_assert_num_queries(5):
        page = client.get("/app/outgoing/?size=4").context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (6, 2, 4)
    page = client.get("/app/outgoing/?size=4&page=2").context["page"]
    assert (page.number, len(page.object_list)) == (2, 2)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_are_the_templates_html_with_grouped_thousands(documents, settings, language):
    """With USE_THOUSAND_SEPARATOR the ids in the links are written as ``{{ d.pk }}`` writes them."""
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override(language):
        before, after = render_both(selectors.incoming(documents.clerk))
    assert after == before
    assert ("1,234,567/" in after) == (language == "en")  # Vietnamese formats group no thousands
