"""Parts of the base layout (web/base.html) that are the same on every page.

The main menu is ten links and their labels: through the template engine that is ten URL reversals and ten
translations on every page. It depends on nothing of the person but whether the audit link shows, so it is
written once per language, URL prefix and that choice, and kept for the life of the process (issue 10). Not
kept with DEBUG, so that an edited template shows at once.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_menus: dict[tuple[Any, ...], SafeString] = {}

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
