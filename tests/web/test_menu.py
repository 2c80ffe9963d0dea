"""The main menu written once per language and kept (web/templatetags/layout.py) is the header the base layout
wrote on every page, for every role, language and section of the site."""

from __future__ import annotations

import pytest
from django.template import engines

from congvan.vbhc.workflow import Role
from congvan.web.templatetags import layout
from factories import make_member

pytestmark = pytest.mark.django_db

# web/base.html's header as it was before the menu was kept: the reference.
REFERENCE = (
    "{% load i18n %}"
    + (
        '<header class="top">\n'
        '  <a class="brand" href="{% url \'web:home\' %}">{% translate "Công Văn" %}</a>\n'
        "  {% if user.is_authenticated %}\n"
        '  <nav class="menu">\n'
        '    <a href="{% url \'web:home\' %}">{% translate "Việc cần làm" %}</a>\n'
        '    <a href="{% url \'web:incoming\' %}">{% translate "Văn bản đến" %}</a>\n'
        '    <a href="{% url \'web:outgoing\' %}">{% translate "Văn bản đi" %}</a>\n'
        '    <a href="{% url \'web:document_new\' %}">{% translate "Soạn văn bản" %}</a>\n'
        '    <a href="{% url \'web:registers\' %}">{% translate "Sổ đăng ký" %}</a>\n'
        '    <a href="{% url \'directives:dashboard\' %}">{% translate "Nhiệm vụ" %}</a>\n'
        '    <a href="{% url \'records:plan\' %}">{% translate "Hồ sơ" %}</a>\n'
        '    <a href="{% url \'drafting:asked\' %}">{% translate "Góp ý dự thảo" %}</a>\n'
        '    <a href="{% url \'web:access_alerts\' %}">{% translate "Thay đổi quyền" %}</a>\n'
        "    {% if membership.role == 'clerk' or membership.role == 'leader' or membership.role == 'admin' %}<a href=\"{% url 'web:audit' %}\">{% translate \"Nhật ký\" %}</a>{% endif %}\n"
        "  </nav>\n"
    )
    + "{% endif %}"
)


def header(html: str) -> str:
    return html[html.index('<header class="top">') : html.index("</nav>") + len("</nav>")]


@pytest.mark.parametrize("who", ["clerk", "drafter", "deputy", "admin"])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("url", ["/app/", "/app/incoming/", "/app/directives/"])
def test_menu_is_the_layouts_header(client, agency, who, language, url):
    """The header up to the end of the menu is what the layout wrote: the links, their labels in the page's
    language, the audit link for clerks, leaders and administrators only — whatever was kept before."""
    layout._menus.clear()
    member = make_member(agency.org, Role.ADMIN) if who == "admin" else getattr(agency, who)
    other = agency.drafter if who != "drafter" else agency.clerk
    for person in (other, member):  # the menu of another role and language kept first must not show
        client.force_login(person.user)
        for lang in ("en", "vi"):
            client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(member.user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    expected = (
        engines["django"]
        .from_string(REFERENCE)
        .render({"membership": member, "user": member.user}, request=response.wsgi_request)
    )
    assert header(response.content.decode()) == header(expected)
    assert ("/app/audit/" in header(expected)) == (who != "drafter")
