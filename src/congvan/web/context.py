from __future__ import annotations

from django.http import HttpRequest

from congvan.orgs.selectors import membership_of


def membership(request: HttpRequest) -> dict[str, object]:
    return {"membership": membership_of(getattr(request, "user", None))}
