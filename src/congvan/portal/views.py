"""The public portal at ``/``. Publishing documents comes with the portal issue; today it introduces the system."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {"q": request.GET.get("q", "")})
