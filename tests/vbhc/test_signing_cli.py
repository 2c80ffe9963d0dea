"""``congvan verify FILE...`` (issue 4, Signatures): each signature's validity, signer, time, chain and
whether the file changed after signing; exit 1 when any is invalid or changed (Luật Giao dịch điện tử 2023
Điều 22; Nghị định 30/2020 Điều 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from congvan import cli
from congvan.commands import verify
from signing_helpers import AGENCY, SIGNER, append_blank_page, keys, letter_pdf, signed_letter


@pytest.fixture
def ca_pem(tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    path.write_bytes(keys().ca.certificate.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_letter()[1])
    return path


@pytest.fixture(autouse=True)
def _no_env_roots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONGVAN_TRUST_ROOTS", raising=False)
    monkeypatch.delenv("CONGVAN_DATA_DIR", raising=False)


def test_valid_file_exit_0_and_prints_signers(
    signed: Path, ca_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["verify", str(signed), "--trust", str(ca_pem)]) == 0
    out = capsys.readouterr().out
    assert "HỢP LỆ / VALID — 2" in out
    assert SIGNER in out and AGENCY in out
    assert "chuỗi chứng thư / chain" in out and "Test CA" in out
    assert "thay đổi sau khi ký / changed after signing: không / none" in out


def test_json_output(signed: Path, ca_pem: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify.main([str(signed), "--trust", str(ca_pem), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert [s["signer"] for s in data["signatures"]] == [SIGNER, AGENCY]
    assert data["signatures"][0]["changes_after"] == "signatures"


def test_trust_roots_from_the_environment(
    signed: Path, ca_pem: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONGVAN_TRUST_ROOTS", str(ca_pem))
    assert verify.main([str(signed)]) == 0


def test_untrusted_chain_exit_1(signed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify.main([str(signed)]) == 1
    assert "tin cậy / trusted: KHÔNG" in capsys.readouterr().out


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda b: b.replace(b"WeasyPrint", b"WeasyPrinu", 1), id="one-byte-changed"),
        pytest.param(None, id="page-appended"),
    ],
)
def test_modified_file_exit_1(
    tmp_path: Path, ca_pem: Path, tamper, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    data = signed_letter()[1]
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tamper(data) if tamper else append_blank_page(data))
    assert verify.main([str(path), "--trust", str(ca_pem)]) == 1
    assert "KHÔNG HỢP LỆ" in capsys.readouterr().out


def test_unsigned_pdf_exit_1(tmp_path: Path, ca_pem: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "unsigned.pdf"
    path.write_bytes(letter_pdf())
    assert verify.main([str(path), "--trust", str(ca_pem)]) == 1
    assert "không có chữ ký số" in capsys.readouterr().out


def test_not_a_pdf_exit_2(tmp_path: Path, ca_pem: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("không phải PDF")
    assert verify.main([str(path), "--trust", str(ca_pem)]) == 2
    assert "không phải là PDF" in capsys.readouterr().err
