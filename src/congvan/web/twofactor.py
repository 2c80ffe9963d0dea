"""Sign-in hardening (issue 9): the lockout backend and TOTP two-factor for the roles that hold the keys.

Leaders, clerks and administrators (and Django staff) must confirm a TOTP code after their password when
``settings.CONGVAN_REQUIRE_2FA`` is on (production mode). The first time, the page shows the secret as a QR code
and its text, and the device becomes confirmed with the first correct code. django-otp keeps the devices and
marks the session verified; this module only decides who must and routes them to the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvan.orgs.selectors import membership_of
from congvan.vbhc.workflow import Role

TWO_FACTOR_ROLES = {Role.LEADER, Role.CLERK, Role.ADMIN}
VERIFY_PATH = "/app/2fa/"
# What an unverified person may still reach: the code page itself, signing out, the login page, static files,
# the language switch, the public portal and the health check.
OPEN_PREFIXES = (VERIFY_PATH, "/app/login/", "/app/logout/", "/static/", "/i18n/", "/healthz", "/exchange/")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes's lockout for sign-ins from a request (the login pages).

    ``authenticate()`` without a request is a call from code (the test client, a shell), not a sign-in through
    the web; django-axes would refuse it outright, so this backend steps aside and the model backend answers.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def needs_two_factor(user: Any) -> bool:
    if not getattr(settings, "CONGVAN_REQUIRE_2FA", False) or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    membership = membership_of(user)
    return membership is not None and Role(membership.role) in TWO_FACTOR_ROLES


class RequireTwoFactorMiddleware:
    """After the password, the code: every page of a person who needs two-factor leads to the code page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is not None
            and user.is_authenticated
            and not path.startswith(OPEN_PREFIXES)
            and (path.startswith(("/app/", "/admin/", "/api/")))
            and not user.is_verified()  # type: ignore[union-attr]
            and needs_two_factor(user)
        ):
            if path.startswith("/api/"):
                return JsonResponse({"detail": _("Cần xác thực hai lớp trước khi dùng API.")}, status=401)
            return redirect(f"{VERIFY_PATH}?next={request.get_full_path()}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Mã gồm 6 chữ số.")},
    )


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code of the authenticator app; the first time, enrol it from the QR code."""
    user = request.user
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))  # type: ignore[arg-type]
    enrolling = not devices
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user,
            name=_("Ứng dụng xác thực"),
            confirmed=False,  # type: ignore[misc]
        )
        devices = [device]
    next_url = request.POST.get("next") or request.GET.get("next") or "/app/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/app/"
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        for device in devices:
            if device.verify_token(code):
                if not device.confirmed:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                otp_login(request, device)
                return redirect(next_url)
        form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
    context: dict[str, Any] = {"form": form, "next": next_url, "title": _("Xác thực hai lớp")}
    if enrolling:
        context["qr_svg"] = _qr_svg(devices[0].config_url)
        context["secret"] = _base32(devices[0].bin_key)
    return render(request, "web/two_factor.html", context)


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")
