"""Verifying the signatures of a PDF: validity, signer, time, certificate chain, changes after signing.

Luật Giao dịch điện tử 2023 Điều 22-23 and Nghị định 30/2020 Điều 5 khoản 2: an electronic document counts when
its signatures are valid and it was not changed after it was signed. pyHanko's validation gives each signature's
integrity (the signed bytes still hash to the signed digest), its cryptographic validity, its trust (the chain
reaches a trusted root) and the kind of changes made by later incremental updates (only signatures, or more).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .errors import SigningError
from .loop import off_loop
from .sign import _reader

# Changes after a signature that do not alter what was signed: more signatures, timestamps, validation data.
_HARMLESS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF, as ``congvan verify``, the document page and the API show it."""

    field: str
    signer: str  # the certificate's common name
    organization: str
    signing_time: dt.datetime | None  # claimed by the signer (or the timestamp's, when there is one)
    timestamp: dt.datetime | None  # an RFC 3161 token's time, None without one
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the chain reaches one of the trust roots
    chain: tuple[str, ...]  # subjects from the signer's certificate up to the root
    coverage: str  # "entire_file" | "entire_revision" | "contiguous_block" | "incomplete"
    modification_level: (
        str  # of later updates: "none" | "lta_updates" | "form_filling" | "annotations" | "other"
    )
    modified: bool  # content changed after this signature (a page added, bytes altered ...)
    reason: str = ""
    location: str = ""
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified

    @property
    def changes_after(self) -> str:
        if self.modified:
            return "modified"
        return "none" if self.coverage == "entire_file" else "signatures"

    def summary_vi(self) -> str:
        if not self.intact:
            return "Không hợp lệ: nội dung đã bị thay đổi sau khi ký"
        if self.modified:
            return "Không hợp lệ: văn bản đã bị sửa đổi sau khi ký"
        if not self.valid:
            return "Không hợp lệ: chữ ký số sai"
        if not self.trusted:
            return "Chưa xác thực: chứng thư số không thuộc tổ chức cung cấp dịch vụ tin cậy"
        if self.changes_after == "signatures":
            return "Hợp lệ (sau khi ký chỉ thêm chữ ký số khác)"
        return "Hợp lệ, văn bản không thay đổi sau khi ký"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("signing_time", "timestamp"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["chain"] = list(self.chain)
        data["problems"] = list(self.problems)
        data["ok"] = self.ok
        data["changes_after"] = self.changes_after
        data["summary"] = self.summary_vi()
        return data


def _asn1(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _name_part(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    return value if isinstance(value, str) else ", ".join(value)


def _context(trust_roots: Sequence[asn1_x509.Certificate]) -> ValidationContext:
    # No network: revocation is checked when the CA publishes it in the file or a later validation adds it.
    return ValidationContext(trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail")


def _embedded_chain(sig: EmbeddedPdfSignature) -> tuple[str, ...]:
    """The chain as the signature carries it (issuer by issuer), when it does not reach a trusted root."""
    by_subject = {c.subject.hashable: c for c in sig.other_embedded_certs}
    cert: asn1_x509.Certificate | None = sig.signer_cert
    chain: list[str] = []
    while cert is not None and len(chain) < 8:
        chain.append(cert.subject.human_friendly)
        if cert.self_signed != "no":  # "maybe" or "yes"
            break
        cert = by_subject.get(cert.issuer.hashable)
    return tuple(chain)


@contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko logs a traceback for every untrusted chain and every suspicious change; the report says it."""
    loggers = [logging.getLogger(name) for name in ("pyhanko.sign.validation", "pyhanko.sign.diff_analysis")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _report(sig: EmbeddedPdfSignature, status: PdfSignatureStatus | None, error: str = "") -> SignatureReport:
    cert = sig.signer_cert
    diff = getattr(status, "diff_result", None) if status else sig.diff_result
    level = getattr(diff, "modification_level", None)
    if level is None and diff is not None:
        level = ModificationLevel.OTHER  # the diff analysis gave up: treat as a real change
    coverage = status.coverage if status else sig.coverage
    docmdp_ok = status.docmdp_ok if status else None
    modified = bool(
        coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
        or (coverage == SignatureCoverageLevel.ENTIRE_REVISION and level not in _HARMLESS)
        or docmdp_ok is False
    )
    path = getattr(status, "validation_path", None) if status else None
    if path is not None:
        chain = tuple(c.subject.human_friendly for c in reversed(list(path.iter_certs(include_root=True))))
    else:
        chain = _embedded_chain(sig)
    ts_status = getattr(status, "timestamp_validity", None) if status else None
    timestamp = ts_status.timestamp if ts_status is not None else None
    signed = sig.sig_object
    problems = [error] if error else []
    if status is not None and not status.trusted:
        problems.append("chain not trusted")
    return SignatureReport(
        field=str(sig.field_name),
        signer=_name_part(cert, "common_name"),
        organization=_name_part(cert, "organization_name"),
        signing_time=timestamp or sig.self_reported_timestamp,
        timestamp=timestamp,
        intact=bool(status.intact) if status else False,
        valid=bool(status.valid) if status else False,
        trusted=bool(status.trusted) if status else False,
        chain=chain,
        coverage=coverage.name.lower() if coverage else "incomplete",
        modification_level=level.name.lower() if level else "none",
        modified=modified,
        reason=str(signed.get("/Reason", "")),
        location=str(signed.get("/Location", "")),
        problems=tuple(problems),
    )


def _validate(reader: PdfFileReader, context: ValidationContext | None) -> list[SignatureReport]:
    reports = []
    for sig in reader.embedded_signatures:
        # No trust roots given: each signer's own certificate stands in, so only integrity is judged.
        ctx = context or _context([sig.signer_cert])
        try:
            with _quiet():
                status = off_loop(validate_pdf_signature, sig, signer_validation_context=ctx)
        except (SignatureValidationError, ValueError, KeyError) as exc:
            reports.append(_report(sig, None, str(exc)))
            continue
        reports.append(_report(sig, status))
    return reports


def integrity_only(reader: PdfFileReader) -> list[SignatureReport]:
    """Integrity and later changes of each signature, without judging trust (before adding a signature)."""
    return _validate(reader, None)


def verify_pdf(
    pdf: bytes, *, trust_roots: Iterable[x509.Certificate | asn1_x509.Certificate]
) -> list[SignatureReport]:
    """Every signature of ``pdf``, oldest first. Raises ``SigningError`` when the file is not a readable PDF.

    A signature is ``ok`` when intact, valid, trusted (its chain reaches one of ``trust_roots``) and not
    followed by changes other than signatures: one byte changed makes it not intact, a page appended without a
    signature makes it ``modified``.
    """
    reader = _reader(pdf)
    try:
        return _validate(reader, _context([_asn1(c) for c in trust_roots]))
    except (KeyError, IndexError, TypeError) as exc:
        raise SigningError("Tệp PDF bị hỏng, không kiểm tra được chữ ký.", f"Damaged PDF: {exc}") from None
