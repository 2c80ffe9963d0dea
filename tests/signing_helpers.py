"""Keys, certificates and signed files for the signature tests, generated in memory (never committed)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from pypdf import PdfWriter

from congvan.vbhc.layout import render_pdf, sample_document
from congvan.vbhc.signing import DemoCA, load_pkcs12, make_certificate, make_demo_ca
from congvan.vbhc.signing.images import demo_seal_png, demo_signature_png

SIGNER_PASS = b"mat-khau-nguoi-ky"
AGENCY_PASS = b"mat-khau-co-quan"
SIGNER = "Lê Hải Yến"
TITLE = "PHÓ GIÁM ĐỐC"
AGENCY = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LẠNG SƠN"


@dataclass(frozen=True)
class Keys:
    ca: DemoCA
    signer_p12: bytes
    agency_p12: bytes
    signature_png: bytes
    seal_png: bytes


@cache
def keys() -> Keys:
    ca = make_demo_ca("Test CA")
    return Keys(
        ca=ca,
        signer_p12=make_certificate(
            ca, common_name=SIGNER, organization=AGENCY, title=TITLE, passphrase=SIGNER_PASS
        ),
        agency_p12=make_certificate(
            ca, common_name=AGENCY, organization="UBND TỈNH LẠNG SƠN", passphrase=AGENCY_PASS
        ),
        signature_png=demo_signature_png(SIGNER),
        seal_png=demo_seal_png("Sở Thông tin và Truyền thông", parent="UBND tỉnh Lạng Sơn"),
    )


def certificate_p12(*, days_from_now: int, days_valid: int) -> bytes:
    """A certificate whose validity starts ``days_from_now`` (negative: in the past)."""
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=days_from_now)
    return make_certificate(
        keys().ca,
        common_name=SIGNER,
        passphrase=SIGNER_PASS,
        not_before=start,
        not_after=start + dt.timedelta(days=days_valid),
    )


def issued_letter() -> dict[str, Any]:
    doc = sample_document()
    doc["number"] = "05"
    doc["date"] = "2024-04-05"
    return doc


@cache
def letter_pdf() -> bytes:
    return render_pdf(issued_letter())


@cache
def signed_letter() -> tuple[bytes, bytes, Any]:
    """(signed by the signer only, then also by the agency, the signer's image box)."""
    from congvan.vbhc.signing import sign_as_agency, sign_as_signer

    k = keys()
    once, box = sign_as_signer(
        letter_pdf(),
        credentials=load_pkcs12(k.signer_p12, SIGNER_PASS),
        image=k.signature_png,
        name=SIGNER,
        title=TITLE,
        location="Lạng Sơn",
    )
    twice = sign_as_agency(
        once, credentials=load_pkcs12(k.agency_p12, AGENCY_PASS), seal=k.seal_png, signer_box=box
    )
    return once, twice, box


def append_blank_page(pdf: bytes) -> bytes:
    """An incremental update adding a page and no signature (pypdf, not pyHanko)."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
