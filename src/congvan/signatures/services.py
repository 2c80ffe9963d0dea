"""Certificates and signing in the workflow (Nghị định 30/2020 Điều 5, 13-16; Phụ lục I II.7-8).

At "sign" the leader approves: ``check_signer_ready`` makes sure their certificate can sign (present, the
passphrase right, valid today), or the workflow stays where it is. At "issue", inside the clerk's transaction and
after the number and date are given, ``sign_issued`` renders the PDF with them and applies the leader's signature
and then the agency's (two incremental updates), stores the file and attaches it to the document; PDF attachments
in separate files get the agency signature at the top right of page 1. Any failure raises and rolls the issue
back. Design and reasons: docs/decisions/0005-signing-at-issue.md.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents import storage
from congvan.documents.errors import InvalidInput, InvalidState
from congvan.documents.models import Attachment, Document
from congvan.documents.rendering import document_layout
from congvan.orgs.models import Membership, Organization
from congvan.vbhc.signing import (
    Credentials,
    SignatureReport,
    SigningError,
    load_certificates,
    load_pkcs12,
    sign_as_agency,
    sign_as_signer,
    sign_attachment,
    verify_pdf,
)
from congvan.vbhc.signing.appearance import load_image
from congvan.vbhc.signing.certificates import common_name

from . import crypto
from .models import SigningCertificate

PDF = "application/pdf"


# --- configuration (environment, read when used) ---------------------------------------------------------


def signatures_required() -> bool:
    """``CONGVAN_REQUIRE_SIGNATURES=1``: every agency signs digitally; otherwise those with a certificate do."""
    return os.environ.get("CONGVAN_REQUIRE_SIGNATURES", "") == "1"


def timestamp_url() -> str | None:
    """``CONGVAN_TSA_URL``: an RFC 3161 timestamp server; none by default."""
    return os.environ.get("CONGVAN_TSA_URL") or None


def trust_roots() -> list[x509.Certificate]:
    """Roots from ``CONGVAN_TRUST_ROOTS`` (files separated by os.pathsep) and ``DATA_DIR/certs/trust/*.pem``."""
    files = [Path(p) for p in os.environ.get("CONGVAN_TRUST_ROOTS", "").split(os.pathsep) if p]
    folder = Path(settings.DATA_DIR) / "certs" / "trust"
    if folder.is_dir():
        files += sorted(folder.glob("*.pem"))
    roots: list[x509.Certificate] = []
    for path in files:
        try:
            roots += load_certificates(path.read_bytes())
        except (OSError, SigningError):
            continue
    return roots


# --- certificates ------------------------------------------------------------------------------------


def certificate_store(
    *,
    pkcs12: bytes,
    passphrase: str,
    user: AbstractBaseUser | None = None,
    organization: Organization | None = None,
    image: bytes = b"",
) -> SigningCertificate:
    """Check and store a PKCS#12 file for a person or an agency, encrypted; the previous one is retired."""
    if (user is None) == (organization is None):
        raise InvalidInput(_("Chứng thư số thuộc về một người hoặc một cơ quan."), field="user")
    try:
        creds = load_pkcs12(pkcs12, passphrase.encode("utf-8"))
        if image:
            load_image(image)
    except SigningError as exc:
        raise InvalidInput(exc.vi, field="pkcs12") from None
    cert = creds.certificate
    with transaction.atomic():
        owner = {"user": user} if user is not None else {"organization": organization}
        SigningCertificate.objects.filter(**owner, active=True).update(active=False)
        return SigningCertificate.objects.create(
            **owner,
            pkcs12_encrypted=crypto.encrypt(pkcs12),
            passphrase_encrypted=crypto.encrypt(passphrase.encode("utf-8")),
            image=image,
            subject=common_name(cert)[:255],
            issuer=cert.issuer.rfc4514_string()[:255],
            serial=format(cert.serial_number, "x")[:64],
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
        )


def _active(
    *, user_id: int | None = None, organization: Organization | None = None
) -> SigningCertificate | None:
    rows = SigningCertificate.objects.filter(active=True)
    rows = rows.filter(user_id=user_id) if user_id is not None else rows.filter(organization=organization)
    return rows.first()


def _credentials(cert: SigningCertificate, whose: str) -> Credentials:
    try:
        return load_pkcs12(crypto.decrypt(cert.pkcs12_encrypted), crypto.decrypt(cert.passphrase_encrypted))
    except crypto.InvalidToken:
        raise InvalidState(
            _("Không giải mã được chứng thư số của %(who)s (khóa mã hóa đã đổi); quản trị cần tải lên lại.")
            % {"who": whose}
        ) from None
    except SigningError as exc:
        raise InvalidState(_("Không ký số được: %(why)s") % {"why": exc.vi}) from None


def signing_enabled(organization: Organization) -> bool:
    return signatures_required() or _active(organization=organization) is not None


def _signer_credentials(user_id: int | None, name: str) -> tuple[Credentials, SigningCertificate]:
    cert = _active(user_id=user_id) if user_id else None
    if cert is None:
        raise InvalidState(
            _("%(name)s chưa có chứng thư số để ký số; quản trị cần tải lên tệp PKCS#12 (.p12) của người ký.")
            % {"name": name}
        )
    return _credentials(cert, name), cert


def _agency_credentials(organization: Organization) -> tuple[Credentials, SigningCertificate]:
    cert = _active(organization=organization)
    if cert is None:
        raise InvalidState(
            _("%(org)s chưa có chứng thư số của cơ quan; quản trị cần tải lên trước khi phát hành.")
            % {"org": organization.name}
        )
    return _credentials(cert, organization.name), cert


# --- the workflow --------------------------------------------------------------------------------------


def check_signer_ready(*, document: Document, actor: Membership) -> None:
    """Before "sign": the leader's certificate must be able to sign today, or the state does not change."""
    if signing_enabled(document.owner):
        _signer_credentials(actor.user_id, actor.user.get_full_name() or actor.user.get_username())


def _file_name(document: Document) -> str:
    return f"{document.number_symbol.replace('/', '-')}.pdf"


def sign_issued(*, document: Document, actor_user_id: int | None) -> Attachment | None:
    """Render the numbered document, sign it as its signer then as its agency, and attach the signed PDF.

    Runs inside the issuing transaction, after the number and date are set; raises ``InvalidState`` (the issue
    is rolled back) when a certificate is missing, expired or unreadable. None when the agency does not sign.
    """
    if not signing_enabled(document.owner):
        return None
    from congvan.vbhc.layout import LayoutError, render_pdf

    signer, signer_cert = _signer_credentials(document.signer_id, document.signer_name or "Người ký")
    agency, agency_cert = _agency_credentials(document.owner)
    approved = timezone.localtime(document.signed_at) if document.signed_at else None
    reason = _("Ký ban hành văn bản")
    if approved:
        reason += _("; duyệt ký lúc %(t)s") % {"t": approved.strftime("%H:%M %d/%m/%Y")}
    location = document.place or document.owner.place
    tsa = timestamp_url()
    try:
        pdf = render_pdf(document_layout(document))
        once, box = sign_as_signer(
            pdf,
            credentials=signer,
            image=bytes(signer_cert.image) or None,
            name=document.signer_name,
            title=document.signer_title,
            reason=reason,
            location=location,
            timestamp_url=tsa,
        )
        signed = sign_as_agency(
            once,
            credentials=agency,
            seal=bytes(agency_cert.image) or None,
            signer_box=box,
            location=location,
            timestamp_url=tsa,
        )
        separate = [
            a
            for a in document.attachments.select_related("stored")
            if a.content_type == PDF or a.name.lower().endswith(".pdf")
        ]
        stamped = []
        for attachment in separate:  # Phụ lục I II.8.b: attachments in separate files
            with storage.open_stored(attachment.stored) as fh:
                content = fh.read()
            stamped.append(
                (
                    attachment,
                    sign_attachment(
                        content,
                        credentials=agency,
                        number_symbol=document.number_symbol,
                        location=location,
                        timestamp_url=tsa,
                    ),
                )
            )
    except (SigningError, LayoutError) as exc:
        message = exc.vi if isinstance(exc, SigningError) else str(exc)
        raise InvalidState(_("Không ký số được văn bản: %(why)s") % {"why": message}) from None
    for attachment, content in stamped:
        attachment.stored = storage.store(content)
        attachment.content_type = PDF
        attachment.save(update_fields=["stored", "content_type"])
    return Attachment.objects.create(
        document=document,
        stored=storage.store(signed),
        name=_file_name(document),
        content_type=PDF,
        position=0,
        uploaded_by_id=actor_user_id,
    )


# --- reads ---------------------------------------------------------------------------------------------


def signed_attachments(document: Document) -> list[tuple[Attachment, list[SignatureReport], str]]:
    """Each signed PDF attached to the document with its signatures' verification (or an error message)."""
    roots = None
    result = []
    for attachment in document.attachments.select_related("stored"):
        if attachment.content_type != PDF and not attachment.name.lower().endswith(".pdf"):
            continue
        with storage.open_stored(attachment.stored) as fh:
            content = fh.read()
        if b"/ByteRange" not in content:
            continue
        roots = trust_roots() if roots is None else roots
        try:
            result.append((attachment, verify_pdf(content, trust_roots=roots), ""))
        except SigningError as exc:
            result.append((attachment, [], exc.vi))
    return result


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None
