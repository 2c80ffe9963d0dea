"""Sign-in and HTTP hardening (issue 9): argon2, lockout after repeated failures (django-axes), TOTP two-factor
for leaders, clerks and administrators in production mode (django-otp), secure sessions, CSP and the other
security headers, and ``congvan manage check --deploy`` clean with the production settings."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congvan.vbhc.workflow import Role
from factories import PASSWORD, make_member

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a production server never has it.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CONGVAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        CONGVAN_PRODUCTION="1",
        CONGVAN_SECRET_KEY=secrets.token_urlsafe(64),
        CONGVAN_ALLOWED_HOSTS="vanban.example.gov.vn",
        CONGVAN_DATA_DIR=str(tmp_path),
    )
    if os.environ.get("CONGVAN_DATABASE_URL"):
        env["CONGVAN_DATABASE_URL"] = os.environ["CONGVAN_DATABASE_URL"]
    return env


class TestProductionSettings:
    def test_check_deploy_is_clean(self, tmp_path):
        """`congvan manage check --deploy` reports nothing, not even a warning, in production mode."""
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "congvan"),
                "manage",
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
            ],
            env=_production_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_production_mode_turns_on_secure_cookies_hsts_and_two_factor(self, tmp_path):
        code = (
            "import json; from django.conf import settings as s; import django; django.setup(); print(json.dumps("
            "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
            " s.CONGVAN_REQUIRE_2FA, s.SESSION_COOKIE_NAME]))"
        )
        env = _production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "congvan.config.settings"}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
        )
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [
            True,
            True,
            True,
            True,
            True,
            "__Host-sessionid",
        ]

    def test_argon2_hashes_new_passwords(self, db):
        """argon2 first in PASSWORD_HASHERS; PBKDF2 stays only to read older hashes."""
        assert django_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        user = get_user_model().objects.create_user(username="kiemthu", password="mat-khau-dai-du")
        assert user.password.startswith("argon2$")

    def test_the_demo_signs_in_without_a_second_factor(self):
        """Two-factor is off by default (the demo and the tests) and on in production mode."""
        assert django_settings.CONGVAN_REQUIRE_2FA is False


@pytest.mark.django_db
class TestHeaders:
    def test_security_headers_on_pages(self, client):
        response = client.get("/app/login/")
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_session_cookie_is_http_only_and_ends_with_the_browser(self, client, agency):
        response = client.post("/app/login/", {"username": agency.clerk.user.username, "password": PASSWORD})
        cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["expires"]


@pytest.mark.django_db
class TestLockout:
    def _fail(self, client, username, times):
        for _ in range(times):
            client.post("/app/login/", {"username": username, "password": "sai-mat-khau"})

    def test_repeated_failures_lock_the_account_even_with_the_right_password(self, client, agency):
        """After AXES_FAILURE_LIMIT wrong passwords from one address, the right one is refused too (429)."""
        username = agency.clerk.user.username
        self._fail(client, username, django_settings.AXES_FAILURE_LIMIT)
        response = client.post("/app/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 429
        assert "Tạm khóa đăng nhập" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_fewer_failures_do_not_lock(self, client, agency):
        username = agency.clerk.user.username
        self._fail(client, username, django_settings.AXES_FAILURE_LIMIT - 1)
        response = client.post("/app/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302

    def test_the_lock_is_per_account_and_address(self, agency):
        """Another address may still sign in to the account (no lock-out of a person by a stranger's guesses)."""
        username = agency.clerk.user.username
        self._fail(Client(REMOTE_ADDR="10.6.6.6"), username, django_settings.AXES_FAILURE_LIMIT)
        response = Client(REMOTE_ADDR="10.7.7.7").post(
            "/app/login/", {"username": username, "password": PASSWORD}
        )
        assert response.status_code == 302


@pytest.mark.django_db
class TestTwoFactor:
    @pytest.fixture(autouse=True)
    def _required(self, settings):
        settings.CONGVAN_REQUIRE_2FA = True

    @pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.ADMIN], ids=["clerk", "leader", "admin"])
    def test_keyholders_are_sent_to_the_code_page(self, client, agency, role):
        member = make_member(agency.org, role)
        client.force_login(member.user)
        response = client.get("/app/")
        assert response.status_code == 302 and response["Location"].startswith("/app/2fa/")

    @pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_HEAD], ids=["specialist", "unit_head"])
    def test_other_roles_sign_in_with_a_password(self, client, agency, role):
        client.force_login(make_member(agency.org, role).user)
        assert client.get("/app/").status_code == 200

    def test_the_api_answers_401_until_the_code_is_given(self, client, agency):
        client.force_login(agency.clerk.user)
        assert client.get("/api/v1/me").status_code == 401

    def test_enrolment_and_verification(self, client, agency, settings):
        """The first visit shows the QR code and secret; the first right code confirms the device and opens
        the pages; a wrong code does not."""
        settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code delays the next try; not what this test is about
        client.force_login(agency.head.user)
        page = client.get("/app/2fa/?next=/app/outgoing/")
        assert page.status_code == 200 and "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=agency.head.user)
        assert not device.confirmed
        wrong = client.post("/app/2fa/", {"code": "000000" if totp(device.bin_key) != 0 else "111111"})
        assert wrong.status_code == 200 and client.get("/app/").status_code == 302
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        right = client.post("/app/2fa/", {"code": code, "next": "/app/outgoing/"})
        assert right.status_code == 302 and right["Location"] == "/app/outgoing/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/app/").status_code == 200

    def test_next_cannot_lead_off_site(self, client, agency):
        client.force_login(agency.clerk.user)
        client.get("/app/2fa/")
        device = TOTPDevice.objects.get(user=agency.clerk.user)
        code = f"{totp(device.bin_key):06d}"
        right = client.post("/app/2fa/", {"code": code, "next": "https://evil.example/"})
        assert right["Location"] == "/app/"


def test_every_inline_handler_is_allowed_by_its_hash():
    """CSP allows no inline script; each on…="…" handler in a template must have its hash in script-src, or
    the browser ignores it (and a javascript: link never runs)."""
    import base64
    import hashlib
    import re

    templates = Path(__file__).resolve().parents[2] / "src" / "congvan"
    allowed = set(django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"])
    handlers = set()
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "javascript:" not in text, path
        handlers.update(re.findall(r'\son[a-z]+="([^"]*)"', text))
    assert handlers
    for handler in handlers:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, handler
