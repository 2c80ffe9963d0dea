"""The English catalog: pages and domain errors come out in English, and the committed catalog is complete.

Vietnamese is the source language (the msgids); ``src/congvan/locale/en/LC_MESSAGES/django.po`` holds the
English, and its compiled ``django.mo`` is committed beside it (docs/i18n.md).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from congvan.documents.errors import InvalidInput
from congvan.documents.services import document_create_draft
from factories import draft_data

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\{\s*[\w.]+\s*\}\}")


def _unquote(lines: list[str]) -> str:
    text = "".join(m.group(1) for line in lines for m in [_STRING.search(line)] if m)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def po_entries(path: Path = PO) -> list[dict]:
    """The live entries of a .po file: flags, msgid, msgid_plural, msgstr (a list, one per plural form)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        entry: dict = {"flags": set(), "msgid": [], "msgid_plural": [], "msgstr": {}}
        current: list[str] | None = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt "):
                current = entry.setdefault("msgctxt", [])
                current.append(line)
            elif line.startswith("msgid_plural "):
                current = entry["msgid_plural"]
                current.append(line)
            elif line.startswith("msgid "):
                current = entry["msgid"]
                current.append(line)
            elif line.startswith("msgstr"):
                index = int(m.group(1)) if (m := re.match(r"msgstr\[(\d+)\]", line)) else 0
                current = entry["msgstr"].setdefault(index, [])
                current.append(line)
            elif line.startswith('"') and current is not None:
                current.append(line)
        entries.append(
            {
                "flags": entry["flags"],
                "msgctxt": _unquote(entry["msgctxt"]) if "msgctxt" in entry else None,
                "msgid": _unquote(entry["msgid"]),
                "msgid_plural": _unquote(entry["msgid_plural"]),
                "msgstr": [_unquote(entry["msgstr"][i]) for i in sorted(entry["msgstr"])],
            }
        )
    return entries


def messages() -> list[dict]:
    return [e for e in po_entries() if e["msgid"]]  # without the header


# --- the catalog files ------------------------------------------------------------------------------


def test_po_is_complete_without_fuzzy_entries():
    entries = po_entries()
    header = [e for e in entries if not e["msgid"]]
    assert header and "Language: en" in header[0]["msgstr"][0]
    assert len(messages()) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"fuzzy entries in {PO.name}: {fuzzy}"
    untranslated = [e["msgid"] for e in messages() if not e["msgstr"] or not all(e["msgstr"])]
    assert untranslated == [], f"untranslated entries in {PO.name}: {untranslated}"


def test_translations_keep_the_placeholders():
    wrong = [
        (e["msgid"], s)
        for e in messages()
        for s in e["msgstr"]
        if sorted(_PLACEHOLDER.findall(s)) != sorted(_PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
        and sorted(_PLACEHOLDER.findall(s)) != sorted(_PLACEHOLDER.findall(e["msgid"]))
    ]
    assert wrong == []


def test_mo_is_compiled_from_the_current_po():
    """Every message of the .po is in the committed .mo with the same English: the .mo was recompiled."""
    with MO.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in messages():
        key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"]:
            found = [catalog.get((key, i)) for i in range(len(e["msgstr"]))]
        else:
            found = [catalog.get(key)]
        if found != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == [], f"{MO.name} is older than {PO.name}; run compilemessages: {stale}"


# --- English on the pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_in_english_from_accept_language(client):
    html = client.get("/app/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Username" in html and "Password" in html
    assert "Đăng nhập" not in html


@pytest.mark.django_db
def test_login_page_stays_vietnamese_by_default(client):
    html = client.get("/app/login/").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_language_cookie_chooses_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/app/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Sign in" in html
    assert "Vietnamese" in html  # the language switcher


@pytest.mark.django_db
def test_set_language_switches_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/app/login/"})
    assert response.status_code == 302
    assert "Sign in" in client.get("/app/login/").content.decode()


@pytest.mark.django_db
def test_public_portal_in_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff sign-in" in html
    assert "Search documents" in html


def test_signed_in_menu_in_english(client, agency):
    client.force_login(agency.drafter.user)
    html = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in ("To do", "Incoming documents", "Outgoing documents", "New document", "Sign out"):
        assert label in html
    assert "Specialist" in html  # the role of the signed-in member
    assert "Văn bản đến" not in html


# --- English from the services ----------------------------------------------------------------------


def test_domain_error_in_english(agency):
    with translation.override("en"), pytest.raises(InvalidInput) as exc:
        document_create_draft(actor=agency.drafter, data=draft_data(subject="   "))
    assert str(exc.value) == "The subject cannot be empty."
    assert exc.value.field == "subject"


def test_domain_error_in_vietnamese_by_default(agency):
    with translation.override("vi"), pytest.raises(InvalidInput) as exc:
        document_create_draft(actor=agency.drafter, data=draft_data(subject=""))
    assert str(exc.value) == "Trích yếu không được để trống."


def test_model_choices_in_english():
    from congvan.documents.models import Confidentiality, Urgency

    with translation.override("en"):
        assert str(Urgency.FLASH.label) == "Express"
        assert str(Confidentiality.ABSOLUTE.label) == "Top secret"
