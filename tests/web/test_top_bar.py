"""The layout's header written in Python (the top_bar tag, web/templatetags/layout.py) is the HTML the base
layout's template wrote, character for character, for every kind of visitor and in both languages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role
from congvan.web.templatetags import layout
from factories import make_member

pytestmark = pytest.mark.django_db

# web/base.html's header as it was before it was written in Python: the reference.
REFERENCE = (
    '<header class="top">\n'
    '  <a class="brand" href="{% url \'web:home\' %}">{% translate "Công Văn" %}</a>\n'
    "  {% if user.is_authenticated %}\n"
    "  {% main_menu %}\n"
    '  <form method="get" action="{% url \'search:search\' %}" class="inline search" role="search">\n'
    '    <label for="top-search" class="visually-hidden">{% translate "Tìm văn bản" %}</label>\n'
    '    <input id="top-search" name="q" type="search" value="{{ request.GET.q }}" placeholder="{% translate \'Tìm văn bản, số, ký hiệu…\' %}">\n'
    '    <button type="submit">{% translate "Tìm" %}</button>\n'
    "  </form>\n"
    '  <div class="who">\n'
    '    <span class="user" data-testid="current-user">{{ user.get_full_name|default:user.username }}{% if membership %} · {{ membership.get_role_display }} · {{ membership.organization.short_name|default:membership.organization.name }}{% endif %}</span>\n'
    '    <a href="{% url \'web:tokens\' %}">{% translate "API" %}</a>\n'
    '    <form method="post" action="{% url \'web:logout\' %}" class="inline">{% csrf_token %}<button type="submit" class="link">{% translate "Đăng xuất" %}</button></form>\n'
    "  </div>\n"
    "  {% endif %}\n"
    '  <form action="{% url \'set_language\' %}" method="post" class="inline lang">{% csrf_token %}\n'
    '    <input name="next" type="hidden" value="{{ request.get_full_path }}">\n'
    '    <select name="language" aria-label="{% translate \'Ngôn ngữ\' %}" onchange="this.form.submit()">\n'
    '      {% get_available_languages as LANGUAGES %}{% for code, name in LANGUAGES %}<option value="{{ code }}"{% if code == LANG %} selected{% endif %}>{{ name }}</option>{% endfor %}\n'
    "    </select>\n"
    '    <noscript><button type="submit">OK</button></noscript>\n'
    "  </form>\n"
    "</header>"
)
SPLIT = "\n=====\n"
BOTH = "{% load i18n layout %}{% get_current_language as LANG %}" + REFERENCE + SPLIT + "{% top_bar %}"


def render_both(user, path: str = "/app/incoming/?q=x", language: str = "vi") -> tuple[str, str]:
    """The reference and the tag, rendered from one request's context (so with the same CSRF token)."""
    request = RequestFactory().get(path)
    request.user = user
    with translation.override(language):
        html = engines["django"].from_string(BOTH).render({}, request)
    before, after = html.split(SPLIT)
    return before, after


@pytest.fixture(autouse=True)
def _fresh_frames():
    layout._frames.clear()
    layout._menus.clear()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("who", ["clerk", "drafter", "deputy"])
def test_header_of_a_member_is_the_templates(agency, language, who):
    """A member's header: the menu, the search box, their name, role and organisation, the sign-out and
    language forms, in the page's language."""
    before, after = render_both(getattr(agency, who).user, language=language)
    assert 'data-testid="current-user"' in after
    assert after == before


@pytest.mark.parametrize("language", ["vi", "en"])
def test_header_of_a_visitor_is_the_templates(db, language):
    """Someone not signed in sees the brand and the language switch only."""
    before, after = render_both(AnonymousUser(), path="/app/login/?next=/app/", language=language)
    assert "current-user" not in after
    assert after == before


def test_values_are_escaped_as_the_template_did(agency):
    """The search words, the address and the names are escaped as ``{{ … }}`` escapes them."""
    member = make_member(agency.org, Role.SPECIALIST, full_name="Lê <b>\"Ánh\" & 'Tú'</b>")
    agency.org.short_name = "<Sở & Ban>"
    agency.org.save()
    member.organization.refresh_from_db()
    before, after = render_both(member.user, path="/app/search/?q=%3Cb%3E%22a%22%26%27b%27&page=2")
    assert "&lt;b&gt;&quot;a&quot;&amp;&#x27;b&#x27;" in after
    assert after == before


def test_organisation_without_short_name_shows_its_name(agency):
    """Without a short name, the organisation's full name is shown, as ``default`` did."""
    agency.org.short_name = ""
    agency.org.save()
    agency.clerk.organization.refresh_from_db()
    before, after = render_both(agency.clerk.user)
    assert agency.org.name in after
    assert after == before


def test_user_without_full_name_or_membership(agency):
    """A person without a full name shows their user name; one without a membership no role."""
    member = make_member(agency.org, Role.SPECIALIST, full_name="")
    user = member.user
    Membership.objects.filter(pk=member.pk).delete()
    before, after = render_both(user)
    assert user.username in after
    assert after == before


def test_language_options_follow_the_active_language(agency):
    """The language kept for one language is not shown in another: each marks its own as selected."""
    render_both(agency.clerk.user, language="en")
    before, after = render_both(agency.clerk.user, language="vi")
    assert '<option value="vi" selected>' in after
    assert after == before
