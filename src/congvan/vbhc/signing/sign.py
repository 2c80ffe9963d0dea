"""PAdES signatures with pyHanko, each one an incremental update: a signed file is never rewritten.

Nghị định 30/2020 Điều 5 and Phụ lục I II.7-8: an electronic document is valid when it carries the digital
signature of its signer (image between title and name) and of its agency (the seal over the left third of the
signer's image; on attachments in separate files, number, symbol and signing time at the top right of page 1).
Luật Giao dịch điện tử 2023 Điều 23: the certificate must be valid when the signature is made.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .appearance import image_style, load_image, text_style
from .certificates import Credentials, check_validity, load_pkcs12
from .errors import SigningError
from .loop import off_loop
from .placement import Box, fit_image, seal_box, signature_space, top_right_box

VIETNAM = dt.timezone(dt.timedelta(hours=7), "+07")


def _reader(pdf: bytes) -> PdfFileReader:
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        raise SigningError("Tệp không phải là PDF.", "The file is not a PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018  (parses the trailer and catalog now)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SigningError("Tệp PDF bị hỏng, không đọc được.", f"Damaged PDF: {exc}") from None
    return reader


def check_unmodified(pdf: bytes) -> int:
    """Refuse to sign over a signature the file no longer matches; return the number of signatures.

    A later signature on a file changed after its first signature would seem to vouch for the change.
    """
    from .verify import integrity_only

    reader = _reader(pdf)
    for report in integrity_only(reader):
        if not report.intact or report.modified:
            raise SigningError(
                f"Tệp đã bị sửa đổi sau khi ký (chữ ký “{report.field}” của {report.signer}); không ký tiếp.",
                f"The file was modified after signature {report.field!r}; refusing to sign it.",
            )
    return len(reader.embedded_signatures)


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's signer, using the key already read from the PKCS#12 file.

    pyHanko re-reads its DER key for every raw signature (twice per PDF signature: a dry run to size the
    signature, then the real one), and OpenSSL 3 re-checks an RSA key on each read: ~150 ms each, half the
    signing budget. The key was checked once when the PKCS#12 file was read.
    """

    def __init__(self, *, key: object, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


class _PdfSigner(signers.PdfSigner):
    """pyHanko's PDF signer with the signing time given, so that a stamp showing the time (Phụ lục I II.8.b)
    and the signature's own signing time are the same second."""

    def __init__(self, *args: Any, signing_time: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        if self._signing_time is not None:
            session.system_time = self._signing_time
        return session


def _signer(credentials: Credentials) -> signers.SimpleSigner:
    cert = asn1_x509.Certificate.load(credentials.certificate.public_bytes(serialization.Encoding.DER))
    key_der = credentials.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in credentials.chain
    ]
    return _LoadedKeySigner(
        key=credentials.key,
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )


def _field_name(reader: PdfFileReader, prefix: str) -> str:
    taken = {s.field_name for s in reader.embedded_signatures}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def sign_pdf(
    pdf: bytes,
    *,
    pkcs12: bytes | None = None,
    passphrase: bytes = b"",
    credentials: Credentials | None = None,
    box: Box | None = None,
    image: bytes | None = None,
    stamp_lines: Sequence[str] | None = None,
    field_prefix: str = "Signature",
    reason: str = "",
    location: str = "",
    timestamp_url: str | None = None,
    at: dt.datetime | None = None,
    signing_time: dt.datetime | None = None,
) -> bytes:
    """Sign ``pdf`` as an incremental update and return the signed file (the input's bytes, then the update).

    The key comes from ``pkcs12`` + ``passphrase`` or from already loaded ``credentials``. The appearance is
    ``image`` scaled into ``box``, or ``stamp_lines`` of text in ``box``, or nothing (an invisible signature)
    when ``box`` is None. ``timestamp_url``: an RFC 3161 server whose token is embedded (PAdES B-T).
    ``signing_time``: the time the signature claims (now by default); ``at``: when the certificate must be valid.
    Raises ``SigningError`` (and returns nothing) for a bad key file, a certificate outside its validity,
    input that is not a PDF, a PDF modified after an earlier signature, an unreachable timestamp server.
    """
    if credentials is None:
        if pkcs12 is None:
            raise SigningError("Chưa có chứng thư số để ký.", "No certificate to sign with.")
        credentials = load_pkcs12(pkcs12, passphrase, at=at)
    else:
        check_validity(credentials.certificate, at=at)
    check_unmodified(pdf)
    reader_writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    field = _field_name(PdfFileReader(io.BytesIO(pdf), strict=False), field_prefix)
    style: BaseStampStyle | None = None
    if box is not None and image is not None:
        style = image_style(load_image(image))
    elif box is not None and stamp_lines:
        style = text_style(stamp_lines, width=box.width, height=box.height)
    visible = box if style is not None else None  # no image and no text: an invisible signature
    spec = fields.SigFieldSpec(
        sig_field_name=field,
        on_page=visible.page if visible else 0,
        box=visible.as_tuple() if visible else None,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason or None,
        location=location or None,
        name=credentials.subject_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = _PdfSigner(
        meta,
        signing_time=signing_time,
        signer=_signer(credentials),
        timestamper=HTTPTimeStamper(timestamp_url, timeout=10) if timestamp_url else None,
        stamp_style=style,
        new_field_spec=spec,
    )
    try:
        out = off_loop(pdf_signer.sign_pdf, reader_writer)
    except Exception as exc:  # pyHanko's own errors, and the timestamp client's network errors
        if timestamp_url and (
            "timestamp" in str(exc).lower() or not isinstance(exc, PyHankoSigningError | PdfError)
        ):
            raise SigningError(
                f"Không lấy được dấu thời gian từ máy chủ {timestamp_url}; văn bản chưa được ký.",
                f"No timestamp from {timestamp_url}: {exc}",
            ) from None
        if isinstance(exc, PyHankoSigningError | PdfError | OSError):
            raise SigningError(f"Không ký được văn bản: {exc}", f"Signing failed: {exc}") from None
        raise
    data: bytes = out.getvalue()
    return data


def sign_as_signer(
    pdf: bytes,
    *,
    credentials: Credentials,
    image: bytes | None,
    name: str,
    title: str = "",
    reason: str = "Ký ban hành văn bản",
    location: str = "",
    timestamp_url: str | None = None,
) -> tuple[bytes, Box]:
    """The signer's signature, its image centred between title and name (Phụ lục I II.7.d).

    Returns the signed file and the image's box (where the seal goes next).
    """
    space = signature_space(pdf, name=name, title=title)
    box = fit_image(space, load_image(image).size) if image else space
    signed = sign_pdf(
        pdf,
        credentials=credentials,
        box=box,
        image=image,
        field_prefix="NguoiKy",
        reason=reason,
        location=location,
        timestamp_url=timestamp_url,
    )
    return signed, box


def sign_as_agency(
    pdf: bytes,
    *,
    credentials: Credentials,
    seal: bytes | None,
    signer_box: Box,
    reason: str = "Văn thư ký số của cơ quan, tổ chức",
    location: str = "",
    timestamp_url: str | None = None,
) -> bytes:
    """The agency's signature on the main document: the seal over the left third of the signer's image."""
    return sign_pdf(
        pdf,
        credentials=credentials,
        box=seal_box(signer_box),
        image=seal,
        field_prefix="CoQuan",
        reason=reason,
        location=location,
        timestamp_url=timestamp_url,
    )


def attachment_stamp_lines(number_symbol: str, signed_at: dt.datetime) -> list[str]:
    """Number and symbol, and the signing time in ISO 8601 at Vietnam's offset (Phụ lục I II.8.b)."""
    local = signed_at.astimezone(VIETNAM).replace(microsecond=0)
    return [f"Số: {number_symbol}", f"Thời gian ký: {local.isoformat()}"]


def sign_attachment(
    pdf: bytes,
    *,
    credentials: Credentials,
    number_symbol: str,
    reason: str = "Văn thư ký số văn bản kèm theo",
    location: str = "",
    timestamp_url: str | None = None,
) -> bytes:
    """An attachment in a separate file: the agency signature at the top right of page 1, no image, showing
    number, symbol and signing time in Times New Roman 10 (Phụ lục I II.8.b, III.1.d)."""
    box = top_right_box(pdf)
    now = dt.datetime.now(VIETNAM).replace(microsecond=0)
    return sign_pdf(
        pdf,
        credentials=credentials,
        box=box,
        stamp_lines=attachment_stamp_lines(number_symbol, now),
        signing_time=now,
        field_prefix="CoQuanKemTheo",
        reason=reason,
        location=location,
        timestamp_url=timestamp_url,
    )
