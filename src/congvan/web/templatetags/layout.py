"""Parts of the base layout (web/base.html) that are the same on every page.

The main menu is ten links and their labels: through the template engine that is ten URL reversals and ten
translations on every page. It depends on nothing of the person but whether the audit link shows, so it is
written once per language, URL prefix and that choice, and kept for the life of the process (issue 10). Not
kept with DEBUG, so that an edited template shows at once.
"""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

_menus: dict[tuple[Any, ...], SafeString] = {}
_frames: dict[tuple[Any, ...], dict[str, str]] = {}

AUDIT_ROLES = ("clerk", "leader", "admin")


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """web/_menu.html for the signed-in person (``membership`` in the context)."""
    show_audit = getattr(context.get("membership"), "role", None) in AUDIT_ROLES
    key = (get_language(), get_script_prefix(), get_urlconf(), show_audit)
    menu = _menus.get(key)
    if menu is None or settings.DEBUG:
        if len(_menus) >= 64:  # a bound, whatever prefixes the server is given
            _menus.clear()
        menu = _menus[key] = mark_safe(render_to_string("web/_menu.html", {"show_audit": show_audit}))  # noqa: S308
    return menu


def _text(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless safe."""
    if type(value) is str:  # the common case: a plain string is only escaped
        return html.escape(value)
    return str(conditional_escape(localize(value)))


def _frame() -> dict[str, str]:
    """The header's links and labels in the active language, escaped: the same on every page."""
    key = (get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    frame = _frames.get(key)
    if frame is None:
        if len(_frames) >= 64:  # a bound, whatever prefixes the server is given
            _frames.clear()
        language = key[0]
        # {% get_available_languages %}: each name (lazy in the settings) translated by gettext
        options = "".join(
            f'<option value="{_text(code)}"{" selected" if code == language else ""}>'
            f"{_text(gettext(name))}</option>"  # type: ignore[arg-type]
            for code, name in settings.LANGUAGES
        )
        frame = _frames[key] = {
            "home": _text(reverse("web:home")),
            "brand": _text(gettext("Công Văn")),
            "search": _text(reverse("search:search")),
            "search_label": _text(gettext("Tìm văn bản")),
            "search_hint": _text(gettext("Tìm văn bản, số, ký hiệu…")),
            "search_button": _text(gettext("Tìm")),
            "tokens": _text(reverse("web:tokens")),
            "api": _text(gettext("API")),
            "logout": _text(reverse("web:logout")),
            "logout_button": _text(gettext("Đăng xuất")),
            "set_language": _text(reverse("set_language")),
            "language_label": _text(gettext("Ngôn ngữ")),
            "options": options,
        }
    return frame


def _csrf_input(context: template.Context) -> str:
    """``{% csrf_token %}``"""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


@register.simple_tag(takes_context=True)
def top_bar(context: template.Context) -> SafeString:
    """The layout's ``<header>``: brand, menu, search box, the person and the language switch — what its template
    wrote (``tests/web/test_top_bar.py`` compares both), without some forty template nodes, seven URL reversals
    and nine translations on every page (issue 10)."""
    f = _frame()
    request = context.get("request")
    user = context.get("user")
    csrf = _csrf_input(context)
    out = [f'<header class="top">\n  <a class="brand" href="{f["home"]}">{f["brand"]}</a>\n  ']
    if user is not None and getattr(user, "is_authenticated", False):
        q = request.GET.get("q", "") if request is not None else ""
        who = _text(user.get_full_name() or user.username)
        membership = context.get("membership")
        if membership:
            org = membership.organization
            who += f" · {_text(membership.get_role_display())} · {_text(org.short_name or org.name)}"
        out.append(
            f"\n  {main_menu(context)}\n"
            f'  <form method="get" action="{f["search"]}" class="inline search" role="search">\n'
            f'    <label for="top-search" class="visually-hidden">{f["search_label"]}</label>\n'
            f'    <input id="top-search" name="q" type="search" value="{_text(q)}"'
            f' placeholder="{f["search_hint"]}">\n'
            f'    <button type="submit">{f["search_button"]}</button>\n'
            "  </form>\n"
            '  <div class="who">\n'
            f'    <span class="user" data-testid="current-user">{who}</span>\n'
            f'    <a href="{f["tokens"]}">{f["api"]}</a>\n'
            f'    <form method="post" action="{f["logout"]}" class="inline">{csrf}<button type="submit"'
            f' class="link">{f["logout_button"]}</button></form>\n'
            "  </div>\n  "
        )
    path = _text(request.get_full_path()) if request is not None else ""
    out.append(
        f'\n  <form action="{f["set_language"]}" method="post" class="inline lang">{csrf}\n'
        f'    <input name="next" type="hidden" value="{path}">\n'
        f'    <select name="language" aria-label="{f["language_label"]}" onchange="this.form.submit()">\n'
        f"      {f['options']}\n"
        "    </select>\n"
        '    <noscript><button type="submit">OK</button></noscript>\n'
        "  </form>\n"
        "</header>"
    )
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped
