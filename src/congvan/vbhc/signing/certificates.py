"""Certificates for signing: a demo CA with person and agency certificates, and reading PKCS#12 files.

Luật Giao dịch điện tử 2023 (Điều 22-23) and Nghị định 30/2020 Điều 5 require a digital signature made with a
certificate valid at the time of signing; ``load_pkcs12`` refuses anything else with a clear message. The demo
helpers make keys for tests and ``congvan demo`` only: they are generated on the spot and never committed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .errors import SigningError

_KEY_SIZE = 2048


@dataclass(frozen=True)
class Credentials:
    """A private key with its certificate and the chain up to (and usually including) the root."""

    key: PrivateKeyTypes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def subject_name(self) -> str:
        return common_name(self.certificate)


@dataclass(frozen=True)
class DemoCA:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_demo_ca(name: str = "Công Văn Demo CA", *, years: int = 10) -> DemoCA:
    """A self-signed root for the demo and tests (not a real CA: its certificates prove nothing outside)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Công Văn (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    start = _now() - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return DemoCA(key=key, certificate=cert)


def make_certificate(
    ca: DemoCA,
    *,
    common_name: str,
    organization: str = "",
    title: str = "",
    passphrase: bytes,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> bytes:
    """A signing certificate issued by ``ca`` as a PKCS#12 file protected by ``passphrase``.

    A person's certificate has the person's name as common name and the title; an agency's certificate has the
    agency's name (the seal's owner). ``not_before``/``not_after`` let tests make expired or future certificates.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    start = not_before or _now() - dt.timedelta(days=1)
    end = not_after or start + dt.timedelta(days=365 * 3)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: the signer cannot deny the document
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=common_name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=[ca.certificate],
        encryption_algorithm=_pkcs12_encryption(passphrase),
    )


def _pkcs12_encryption(passphrase: bytes) -> serialization.KeySerializationEncryption:
    # AES-256 with PBKDF2-SHA256 at OpenSSL's default 2,048 rounds (PKCS12_DEFAULT_ITER): cryptography's
    # "best available" uses far more rounds and costs ~100 ms per read, a third of the signing budget.
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )


def load_pkcs12(data: bytes, passphrase: bytes, *, at: dt.datetime | None = None) -> Credentials:
    """Read a PKCS#12 file and check that its certificate is valid at ``at`` (now by default).

    Raises ``SigningError`` for an empty or damaged file, a wrong passphrase, a file without a key or
    certificate, and a certificate expired or not yet valid (Luật Giao dịch điện tử 2023, Điều 23).
    """
    if not data:
        raise SigningError("Tệp chứng thư số (PKCS#12) rỗng.", "The PKCS#12 file is empty.")
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise SigningError(
                "Mật khẩu của chứng thư số không đúng (hoặc tệp PKCS#12 bị hỏng).",
                "Wrong passphrase for the PKCS#12 file (or the file is damaged).",
            ) from None
        raise SigningError(
            "Tệp chứng thư số không đọc được: không phải tệp PKCS#12 (.p12/.pfx) hợp lệ.",
            f"Unreadable PKCS#12 file: {exc}",
        ) from None
    except TypeError:
        raise SigningError(
            "Tệp chứng thư số được bảo vệ bằng mật khẩu; cần nhập mật khẩu.",
            "The PKCS#12 file is protected by a passphrase; one is needed.",
        ) from None
    if key is None or cert is None:
        raise SigningError(
            "Tệp PKCS#12 không chứa khóa bí mật và chứng thư số của người ký.",
            "The PKCS#12 file holds no private key and signing certificate.",
        )
    check_validity(cert, at=at)
    return Credentials(key=key, certificate=cert, chain=tuple(extra))


def check_validity(cert: x509.Certificate, *, at: dt.datetime | None = None) -> None:
    """Refuse a certificate outside its validity period at ``at``."""
    moment = at or _now()
    name = common_name(cert)
    if moment < cert.not_valid_before_utc:
        since = cert.not_valid_before_utc.strftime("%d/%m/%Y %H:%M UTC")
        raise SigningError(
            f"Chứng thư số của {name} chưa có hiệu lực (có hiệu lực từ {since}).",
            f"The certificate of {name} is not valid yet (valid from {since}).",
        )
    if moment > cert.not_valid_after_utc:
        until = cert.not_valid_after_utc.strftime("%d/%m/%Y %H:%M UTC")
        raise SigningError(
            f"Chứng thư số của {name} đã hết hạn ngày {until}.",
            f"The certificate of {name} expired on {until}.",
        )


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates from PEM (one or several) or DER bytes, for trust roots."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise SigningError(
            "Không đọc được chứng thư số gốc tin cậy (cần tệp PEM hoặc DER).",
            f"Unreadable trust root certificate: {exc}",
        ) from None
