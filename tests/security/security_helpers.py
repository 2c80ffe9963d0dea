"""The world of the access matrix: two agencies, a person in every role, one document per confidentiality level.

``expected_read`` restates the permission model of docs/security.md independently of the code under test, as a
table a reader can check against the document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from congvan.documents.models import Attachment, Confidentiality, Document, Register
from congvan.documents.storage import store
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role
from factories import Agency, make_member

LEVELS = [c.value for c in Confidentiality]
LEVEL_IDS = ["thuong", "mat", "toi-mat", "tuyet-mat"]

# Who, by the model (docs/security.md, "The rule"): role key → (reads ordinary with scope "organization",
# reads ordinary with scope "unit", reads confidential).
MODEL: dict[str, tuple[bool, bool, bool]] = {
    "drafter": (True, True, True),  # named on the document
    "specialist_same_unit": (True, True, False),  # the owning unit; not named
    "specialist_other_unit": (True, False, False),
    "unit_head": (True, True, True),  # checks the content of its unit's drafts (Điều 11)
    "clerk": (True, True, True),  # keeps the confidential series (Điều 15)
    "head_of_agency": (True, True, True),
    "deputy": (True, True, False),  # a leader, but not named on it
    "admin": (False, False, False),  # manages users and settings, reads nothing unless granted
    "other_org_clerk": (False, False, False),  # organisations are isolated
    "other_org_head": (False, False, False),
}
ROLE_KEYS = list(MODEL)


def expected_read(role_key: str, level: int, scope: str) -> bool:
    org_scope, unit_scope, confidential = MODEL[role_key]
    if level != Confidentiality.NONE:
        return confidential
    return org_scope if scope == "organization" else unit_scope


@dataclass
class World:
    a: Agency
    b: Agency
    people: dict[str, Membership]
    docs: dict[int, Document] = field(default_factory=dict)
    attachments: dict[int, Attachment] = field(default_factory=dict)


def token(level: int) -> str:
    """A word found only in the document of this level (the search and export checks look for it)."""
    return f"matranquyen{level}x"


def build_world() -> World:
    a, b = Agency(), Agency("Sở Tài chính", "STC")
    people = {
        "drafter": a.drafter,
        "specialist_same_unit": make_member(a.org, Role.SPECIALIST, unit=a.unit, full_name="Hoàng Văn Bình"),
        "specialist_other_unit": make_member(a.org, Role.SPECIALIST, unit=a.office, full_name="Vũ Thị Hoa"),
        "unit_head": a.unit_head,
        "clerk": a.clerk,
        "head_of_agency": a.head,
        "deputy": a.deputy,
        "admin": make_member(a.org, Role.ADMIN, full_name="Quản Trị Viên"),
        "other_org_clerk": b.clerk,
        "other_org_head": b.head,
    }
    world = World(a=a, b=b, people=people)
    year = dt.date.today().year
    for level in LEVELS:
        series = "ordinary" if level == Confidentiality.NONE else "confidential"
        register, _created = Register.objects.get_or_create(
            organization=a.org, direction="out", year=year, series=series
        )
        doc = Document.objects.create(
            owner=a.org,
            direction="out",
            state="issued",
            doc_type="CV",
            number=level + 1,
            symbol="STTTT-TTBCXB",
            register=register,
            issued_on=dt.date(year, 1, 5),
            subject=f"Kế hoạch {token(level)} kiểm thử quyền truy cập",
            body=f"Nội dung {token(level)}",
            confidentiality=level,
            drafting_unit=a.unit,
            drafter=a.drafter.user,
            document_id=f"{a.org.code},{year}/01/05,0{level + 1}/STTTT-TTBCXB",
        )
        stored = store(f"tệp đính kèm {token(level)}".encode())
        world.attachments[level] = Attachment.objects.create(
            document=doc, stored=stored, name=f"phu-luc-{level}.txt", content_type="text/plain"
        )
        world.docs[level] = doc
    from congvan.search.indexing import index_documents

    index_documents([d.pk for d in world.docs.values()])
    return world


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def normalised(body: bytes, *paths: str) -> str:
    """A response body without what differs between any two renderings: the CSRF token and the path asked."""
    text = CSRF.sub('name="csrfmiddlewaretoken" value=""', body.decode("utf-8", "replace"))
    for path in paths:
        text = text.replace(path, "PATH")
    return text


def same_denial(client: Any, path_of: Any, real_pk: int, missing_pk: int, **kw: Any) -> tuple[int, str]:
    """Status and normalised body for the real id; asserts the missing id answers the same."""
    real_path, missing_path = path_of(real_pk), path_of(missing_pk)
    real, missing = client.get(real_path, **kw), client.get(missing_path, **kw)
    r_body = normalised(real.content, real_path)
    m_body = normalised(missing.content, missing_path)
    assert (real.status_code, r_body) == (missing.status_code, m_body), (real_path, real.status_code)
    return real.status_code, r_body
