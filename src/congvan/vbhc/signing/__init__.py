"""Digital signatures of documents (Nghị định 30/2020 Điều 5, Phụ lục I II.7-8; Luật Giao dịch điện tử 2023).

    from congvan.vbhc.signing import sign_pdf, verify_pdf, load_pkcs12, SigningError
    signed = sign_pdf(pdf, pkcs12=p12, passphrase=b"...", box=box, image=png, reason="...")
    for report in verify_pdf(signed, trust_roots=[ca_cert]): print(report.signer, report.ok)

Pure Python, no Django. Every signature is an incremental update: a signed file is never rewritten.
"""

from __future__ import annotations

from .certificates import Credentials, DemoCA, load_certificates, load_pkcs12, make_certificate, make_demo_ca
from .errors import SigningError
from .placement import Box, fit_image, seal_box, signature_space, top_right_box
from .sign import (
    attachment_stamp_lines,
    check_unmodified,
    sign_as_agency,
    sign_as_signer,
    sign_attachment,
    sign_pdf,
)
from .verify import SignatureReport, verify_pdf

__all__ = [
    "Box",
    "Credentials",
    "DemoCA",
    "SignatureReport",
    "SigningError",
    "attachment_stamp_lines",
    "check_unmodified",
    "fit_image",
    "load_certificates",
    "load_pkcs12",
    "make_certificate",
    "make_demo_ca",
    "seal_box",
    "sign_as_agency",
    "sign_as_signer",
    "sign_attachment",
    "sign_pdf",
    "signature_space",
    "top_right_box",
    "verify_pdf",
]
