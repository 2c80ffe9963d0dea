from __future__ import annotations

from django.http import HttpRequest

from .actor import membership_for


def membership(request: HttpRequest) -> dict[str, object]:
    return {"membership": membership_for(getattr(request, "user", None))}
