"""Demo certificates for ``congvan demo``: a demo CA and PKCS#12 files for the Sở TT&TT Lạng Sơn and its leaders.

Made at the first start into ``<data>/certs/`` (never committed: the data folder is ignored), imported into the
database encrypted, and the CA is written to ``<data>/certs/trust/demo-ca.pem`` so that the document page and
``congvan verify`` (with ``CONGVAN_DATA_DIR`` set) trust it. These certificates prove nothing outside the demo.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.contrib.auth import get_user_model

from congvan.orgs.models import Membership, Organization
from congvan.vbhc.signing import make_certificate, make_demo_ca
from congvan.vbhc.signing.images import demo_seal_png, demo_signature_png

from .models import SigningCertificate
from .services import certificate_store

AGENCY_CODE = "000.00.25.H33"  # Sở Thông tin và Truyền thông Lạng Sơn
LEADERS = ("lhyen", "giamdoc.sotttt")


def ensure_demo_certificates(data_dir: Path, passphrase: str) -> list[str]:
    """Create and import the demo certificates unless some exist; the names of those made."""
    if SigningCertificate.objects.exists():
        return []
    agency = Organization.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return []
    folder = data_dir / "certs"
    (folder / "trust").mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    ca = make_demo_ca("Công Văn Demo CA")
    (folder / "trust" / "demo-ca.pem").write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    secret = passphrase.encode("utf-8")
    made = []
    issuer_line = agency.parent_name or ""
    p12 = make_certificate(ca, common_name=agency.name.upper(), organization=issuer_line, passphrase=secret)
    (folder / "so-tttt.p12").write_bytes(p12)
    certificate_store(
        organization=agency,
        pkcs12=p12,
        passphrase=passphrase,
        image=demo_seal_png(agency.name, parent=issuer_line),
    )
    made.append(agency.name)
    for username in LEADERS:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            continue
        membership = Membership.objects.filter(user=user, organization=agency).first()
        name = user.get_full_name() or username
        p12 = make_certificate(
            ca,
            common_name=name,
            organization=agency.name.upper(),
            title=membership.title if membership else "",
            passphrase=secret,
        )
        (folder / f"{username}.p12").write_bytes(p12)
        certificate_store(user=user, pkcs12=p12, passphrase=passphrase, image=demo_signature_png(name))
        made.append(name)
    return made
