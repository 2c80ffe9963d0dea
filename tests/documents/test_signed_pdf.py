"""The signed PDF in the workflow (issue 4, Signatures; Nghị định 30/2020 Điều 5, 13-16; Phụ lục I II.7-8).

At "sign" the leader's certificate must be able to sign, else nothing changes; at "issue" the PDF is rendered
with its number and date and signed by the signer, then by the agency (two incremental updates), and attached.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cryptography.hazmat.primitives import serialization

from congvan.documents import storage
from congvan.documents.errors import InvalidInput, InvalidState
from congvan.documents.models import Register
from congvan.documents.rendering import document_layout
from congvan.documents.services import (
    attachment_add,
    document_approve,
    document_issue,
    document_sign,
    document_submit,
)
from congvan.signatures import crypto
from congvan.signatures.models import SigningCertificate
from congvan.signatures.services import certificate_store, signed_attachments
from congvan.vbhc.signing import verify_pdf
from congvan.vbhc.workflow import SigningAuthority, State
from factories import fresh, make_draft, make_signed
from signing_helpers import AGENCY, AGENCY_PASS, SIGNER, SIGNER_PASS, certificate_p12, keys, letter_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _trust_test_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pem = tmp_path / "test-ca.pem"
    pem.write_bytes(keys().ca.certificate.public_bytes(serialization.Encoding.PEM))
    monkeypatch.setenv("CONGVAN_TRUST_ROOTS", str(pem))
    monkeypatch.delenv("CONGVAN_REQUIRE_SIGNATURES", raising=False)
    monkeypatch.delenv("CONGVAN_TSA_URL", raising=False)


def orgs(agencies):  # type: ignore[no-untyped-def]
    return [a.org for a in agencies]


def give_agency_certificate(agency) -> None:  # type: ignore[no-untyped-def]
    certificate_store(
        organization=agency.org,
        pkcs12=keys().agency_p12,
        passphrase=AGENCY_PASS.decode(),
        image=keys().seal_png,
    )


def give_signer_certificate(agency) -> None:  # type: ignore[no-untyped-def]
    certificate_store(
        user=agency.deputy.user,
        pkcs12=keys().signer_p12,
        passphrase=SIGNER_PASS.decode(),
        image=keys().signature_png,
    )


def signed_pdf_of(document) -> bytes:  # type: ignore[no-untyped-def]
    attachment = document.attachments.get(content_type="application/pdf", name__startswith="01-")
    with storage.open_stored(attachment.stored) as fh:
        return fh.read()


class TestIssueSigns:
    """Điều 5, Phụ lục I II.7-8: after issue the document's PDF carries two valid signatures, signer then agency,
    and shows the number and date the clerk gave (Điều 15)."""

    def test_two_valid_signatures_after_issue(self, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        doc = make_signed(agency, *orgs(recipients))
        doc = document_issue(document=doc, actor=agency.clerk)
        pdf = signed_pdf_of(doc)
        reports = verify_pdf(pdf, trust_roots=[keys().ca.certificate])
        assert [r.signer for r in reports] == [SIGNER, AGENCY]
        assert all(r.ok for r in reports), [r.to_dict() for r in reports]
        text = "".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().split())
        assert "Số:01/STTTT-TTBCXB" in text
        assert f"ngày{doc.issued_on.day:02d}tháng" in text
        assert "KT.GIÁMĐỐC" in "".join(
            pdfium.PdfDocument(pdf)[len(pdfium.PdfDocument(pdf)) - 1].get_textpage().get_text_range().split()
        )

    def test_recipients_receive_the_signed_pdf(self, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
        copy = doc.copies.first()
        assert copy is not None
        assert signed_pdf_of(copy) == signed_pdf_of(doc)

    def test_page_shows_each_signature(self, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
        [(attachment, reports, error)] = signed_attachments(doc)
        assert attachment.name == "01-STTTT-TTBCXB.pdf" and not error
        assert [r.ok for r in reports] == [True, True]

    def test_pdf_attachment_in_a_separate_file_gets_the_agency_signature(self, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        """Phụ lục I II.8.b: number, symbol and time at the top right of page 1, an incremental update."""
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        draft = make_draft(agency, *orgs(recipients))
        attachment_add(document=draft, actor=agency.drafter, name="phu-luc.pdf", content=letter_pdf())
        document_submit(document=draft, actor=agency.drafter)
        document_approve(document=draft, actor=agency.unit_head)
        doc = document_sign(document=draft, actor=agency.deputy, authority=SigningAuthority.KT)
        doc = document_issue(document=doc, actor=agency.clerk)
        annex = doc.attachments.get(name="phu-luc.pdf")
        with storage.open_stored(annex.stored) as fh:
            content = fh.read()
        assert content.startswith(letter_pdf())
        [report] = verify_pdf(content, trust_roots=[keys().ca.certificate])
        assert report.ok and report.signer == AGENCY

    def test_no_certificates_no_signing(self, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        """An agency without a certificate issues as before (paper seal), unless signatures are required."""
        doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
        assert doc.state == State.ISSUED
        assert not doc.attachments.filter(content_type="application/pdf").exists()


def _store_raw(*, user=None, organization=None, p12: bytes, passphrase: bytes) -> None:  # type: ignore[no-untyped-def]
    """A certificate row as it would be after it expired or its passphrase changed (upload refuses those)."""
    import datetime as dt

    SigningCertificate.objects.create(
        user=user,
        organization=organization,
        pkcs12_encrypted=crypto.encrypt(p12),
        passphrase_encrypted=crypto.encrypt(passphrase),
        subject=SIGNER,
        issuer="CN=Test CA",
        serial="1",
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )


class TestSigningFailuresChangeNothing:
    """A leader who cannot sign (no certificate, wrong passphrase, expired) gets a clear Vietnamese message and
    the document stays where it was; an issue that cannot be signed takes no number (Điều 15)."""

    @pytest.mark.parametrize(
        ("case", "message"),
        [
            pytest.param("none", "chưa có chứng thư số", id="no-certificate"),
            pytest.param("wrong-passphrase", "Mật khẩu của chứng thư số không đúng", id="wrong-passphrase"),
            pytest.param("expired", "đã hết hạn", id="expired-certificate"),
        ],
    )
    def test_sign_refused(self, agency, recipients, case: str, message: str) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        if case == "wrong-passphrase":
            _store_raw(user=agency.deputy.user, p12=keys().signer_p12, passphrase=b"sai")
        elif case == "expired":
            _store_raw(
                user=agency.deputy.user,
                p12=certificate_p12(days_from_now=-400, days_valid=30),
                passphrase=SIGNER_PASS,
            )
        draft = make_draft(agency, *orgs(recipients))
        document_submit(document=draft, actor=agency.drafter)
        document_approve(document=draft, actor=agency.unit_head)
        with pytest.raises(InvalidState) as caught:
            document_sign(document=draft, actor=agency.deputy, authority=SigningAuthority.KT)
        assert message in str(caught.value)
        assert fresh(draft).state == State.SIGNATURE
        assert not fresh(draft).signing_authority

    def test_issue_refused_without_agency_certificate_when_required(  # type: ignore[no-untyped-def]
        self, agency, recipients, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        give_signer_certificate(agency)
        doc = make_signed(agency, *orgs(recipients))
        monkeypatch.setenv("CONGVAN_REQUIRE_SIGNATURES", "1")
        with pytest.raises(InvalidState, match="chưa có chứng thư số của cơ quan"):
            document_issue(document=doc, actor=agency.clerk)
        doc = fresh(doc)
        assert doc.state == State.SIGNED and doc.number is None
        assert not Register.objects.filter(organization=agency.org, next_number__gt=1).exists()
        assert not doc.attachments.exists()


class TestCertificates:
    """Certificates are uploaded as PKCS#12 and stored encrypted; bad files are refused at upload."""

    def test_stored_encrypted(self, agency) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        row = SigningCertificate.objects.get(organization=agency.org)
        assert bytes(row.pkcs12_encrypted) != keys().agency_p12
        assert AGENCY_PASS not in bytes(row.passphrase_encrypted)
        assert crypto.decrypt(row.pkcs12_encrypted) == keys().agency_p12
        assert row.subject == AGENCY

    @pytest.mark.parametrize(
        ("p12", "passphrase", "message"),
        [
            pytest.param(b"not a key file", "x", "không phải tệp PKCS#12", id="broken-pkcs12"),
            pytest.param(None, "sai", "Mật khẩu", id="wrong-passphrase"),
        ],
    )
    def test_bad_upload_refused(self, agency, p12: bytes | None, passphrase: str, message: str) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(InvalidInput, match=message):
            certificate_store(organization=agency.org, pkcs12=p12 or keys().agency_p12, passphrase=passphrase)
        assert not SigningCertificate.objects.exists()

    def test_new_upload_retires_the_old(self, agency) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_agency_certificate(agency)
        assert list(SigningCertificate.objects.values_list("active", flat=True)) == [True, False]


def test_document_layout_dict(agency, recipients) -> None:  # type: ignore[no-untyped-def]
    doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
    data = document_layout(doc)
    assert data["number"] == "01" and data["symbol"] == "STTTT-TTBCXB"
    assert data["signature"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Lê Hải Yến"}
    assert data["recipients"] == [r.org.name for r in recipients]
    assert data["distribution"][0] == "Như trên" and data["type"] == "Công văn"


class TestShown:
    """Every signed PDF shows, on the document page and through the API, each signature's validity, signer,
    time, certificate chain and whether the file changed after signing."""

    def test_document_page(self, client, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
        client.force_login(agency.clerk.user)
        html = client.get(f"/app/documents/{doc.pk}/").content.decode()
        assert 'data-testid="signatures"' in html
        assert SIGNER in html and AGENCY in html
        assert "Test CA" in html  # the chain
        assert "Không (chỉ thêm chữ ký số sau)" in html  # the signer's signature: only the seal came after
        assert html.count("✔") == 2

    def test_api(self, client, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        give_signer_certificate(agency)
        doc = document_issue(document=make_signed(agency, *orgs(recipients)), actor=agency.clerk)
        client.force_login(agency.clerk.user)
        response = client.get(f"/api/v1/documents/{doc.pk}/signatures")
        assert response.status_code == 200, response.content
        [signed] = response.json()
        assert signed["ok"] is True and signed["name"] == "01-STTTT-TTBCXB.pdf"
        first, second = signed["signatures"]
        assert (first["signer"], second["signer"]) == (SIGNER, AGENCY)
        assert first["changes_after"] == "signatures" and second["changes_after"] == "none"
        assert first["chain"][-1].startswith("Common Name: Test CA") and first["signing_time"]

    def test_sign_failure_page_says_why(self, client, agency, recipients) -> None:  # type: ignore[no-untyped-def]
        give_agency_certificate(agency)
        draft = make_draft(agency, *orgs(recipients))
        document_submit(document=draft, actor=agency.drafter)
        document_approve(document=draft, actor=agency.unit_head)
        client.force_login(agency.deputy.user)
        response = client.post(f"/app/documents/{draft.pk}/sign/", {"authority": SigningAuthority.KT.value})
        assert response.status_code == 409
        assert "chưa có chứng thư số" in response.content.decode()
        assert fresh(draft).state == State.SIGNATURE


class TestAdminUpload:
    """Administrators upload a person's or an agency's PKCS#12 in /admin/; it is checked and stored encrypted."""

    def _admin(self, client):  # type: ignore[no-untyped-def]
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser(username="quantri", password="x", email="a@b.vn")
        client.force_login(admin)

    def test_upload_for_an_agency(self, client, agency) -> None:  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        self._admin(client)
        response = client.post(
            "/admin/signatures/signingcertificate/add/",
            {
                "organization": agency.org.pk,
                "passphrase": AGENCY_PASS.decode(),
                "pkcs12_file": SimpleUploadedFile("so.p12", keys().agency_p12),
                "image_file": SimpleUploadedFile("dau.png", keys().seal_png),
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        row = SigningCertificate.objects.get(organization=agency.org)
        assert row.subject == AGENCY and bytes(row.image) == keys().seal_png

    def test_wrong_passphrase_is_shown(self, client, agency) -> None:  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        self._admin(client)
        response = client.post(
            "/admin/signatures/signingcertificate/add/",
            {
                "organization": agency.org.pk,
                "passphrase": "sai",
                "pkcs12_file": SimpleUploadedFile("so.p12", keys().agency_p12),
            },
        )
        assert response.status_code == 200
        assert "Mật khẩu của chứng thư số không đúng" in response.content.decode()
        assert not SigningCertificate.objects.exists()
