"""Documents that arrive as files: read, checked by the clerk, registered; folders imported once (issue 3)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from congvan.commands import importer
from congvan.documents.models import Document
from congvan.vbhc.workflow import State

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent.parent / "fixtures" / "documents"
LETTER = CORPUS / "02_ubndquangngai_congvan_kgvx.txt"
DECISION = CORPUS / "03_ubndninhbinh_quyetdinh_232.txt"


def upload(client, path: Path):
    with path.open("rb") as handle:
        return client.post("/app/incoming/upload/", {"file": handle})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def confirm(client, response, **changes):
    form = response.context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data["token"] = token_of(response)
    data.update(changes)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return client.post("/app/incoming/upload/", data)


class TestUpload:
    def test_the_form_is_filled_from_the_file(self, client, agency):
        """Phụ lục VI III.1.g: the clerk gets the fields read from the file, not a blank form."""
        client.force_login(agency.clerk.user)
        initial = upload(client, LETTER).context["form"].initial
        assert (initial["issuer_name"], initial["symbol"], initial["doc_type"], initial["place"]) == (
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "UBND-KGVX",
            "CV",
            "Quảng Ngãi",
        )
        assert initial["subject"].startswith("góp ý dự thảo Quyết định")

    def test_confirming_registers_it_and_keeps_the_original_file(self, client, agency):
        """The registered item has an arrival number and the file exactly as received."""
        client.force_login(agency.clerk.user)
        response = confirm(client, upload(client, LETTER), number_text="123")
        assert response.status_code == 302
        doc = Document.objects.get(owner=agency.org, direction="in")
        assert (doc.state, doc.arrival_number, doc.number_text) == (State.REGISTERED, 1, "123")
        assert doc.attachments.get().sha256 == hashlib.sha256(LETTER.read_bytes()).hexdigest()

    def test_a_tampered_ticket_is_refused(self, client, agency):
        """The hidden ticket naming the stored file is signed; changing it is refused and nothing is created."""
        client.force_login(agency.clerk.user)
        first = upload(client, LETTER)
        response = confirm(client, first, token=token_of(first)[:-2] + "xx")
        assert response.status_code == 400
        assert not Document.objects.filter(direction="in").exists()

    def test_only_the_clerk_registers_from_a_file(self, client, agency):
        """Registration is the clerk's (Điều 22)."""
        client.force_login(agency.drafter.user)
        assert upload(client, LETTER).status_code == 403

    def test_missing_issuer_is_reported_before_anything_is_created(self, client, agency):
        """The clerk must name the issuer; the error is in Vietnamese and nothing is registered."""
        client.force_login(agency.clerk.user)
        response = confirm(client, upload(client, LETTER), issuer_name="")
        assert response.status_code == 400
        assert not Document.objects.filter(direction="in").exists()


def run_import(folder: Path, org_code: str, direction: str = "incoming") -> int:
    return importer.main([str(folder), "--org", org_code, "--direction", direction, "--quiet"])


class TestFolderImport:
    @pytest.fixture
    def folder(self, tmp_path):
        for src in (LETTER, DECISION, CORPUS / "12_bogddt_congvan_1277.txt"):
            (tmp_path / src.name).write_bytes(src.read_bytes())
        (tmp_path / "empty.txt").write_bytes(b"")
        (tmp_path / "junk.pdf").write_bytes(bytes(range(256)) * 40)
        return tmp_path

    def test_good_files_are_registered_and_bad_ones_listed(self, folder, agency, capsys):
        """The run goes past bad files and lists them with the reason; exit status 1."""
        assert run_import(folder, agency.org.code) == 1
        registered = Document.objects.filter(owner=agency.org, direction="in", state=State.REGISTERED)
        assert sorted(registered.values_list("arrival_number", flat=True)) == [1, 2, 3]
        err = capsys.readouterr().err
        assert "empty.txt" in err and "junk.pdf" in err

    def test_running_it_again_registers_nothing_twice(self, folder, agency):
        """Re-running the import skips what is already in the records."""
        run_import(folder, agency.org.code)
        run_import(folder, agency.org.code)
        assert Document.objects.filter(owner=agency.org, direction="in").count() == 3

    def test_outgoing_documents_keep_their_numbers(self, tmp_path, agency):
        """Earlier outgoing documents keep their own number; the register continues after the highest."""
        (tmp_path / DECISION.name).write_bytes(DECISION.read_bytes())
        assert run_import(tmp_path, agency.org.code, "outgoing") == 0
        doc = Document.objects.get(owner=agency.org, direction="out")
        assert (doc.number, doc.state) == (232, State.ISSUED)
        assert doc.register.next_number == 233

    def test_unknown_organisation_is_a_clear_error(self, folder, db, capsys):
        """An organ id that has no clerk is refused before anything is read."""
        assert run_import(folder, "999.99.99.X99") == 2
        assert "999.99.99.X99" in capsys.readouterr().err
