"""The audit trail (issue 9): every read, download, change and export is logged with who, when and from where;
the log is append-only — no update or delete through the application nor, below it, in the database — and
administrators export it as CSV or XLSX (Phụ lục VI III.5.a, III.6.l)."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from congvan.documents.models import AppendOnlyError, Document, Event
from congvan.documents.services import event_record
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Role
from factories import Agency, make_draft, make_member


@pytest.fixture
def logged(agency: Agency) -> Event:
    return event_record(
        organization=agency.org, action="viewed", actor_user_id=agency.clerk.user_id, ip="10.0.0.7"
    )


def _client(member: Membership, ip: str = "10.1.2.3") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(member.user)
    return client


@pytest.mark.django_db
class TestAppendOnlyInTheApplication:
    def test_saving_an_existing_event_is_refused(self, logged):
        """An event, once written, is never changed through the models."""
        logged.comment = "sửa lại"
        with pytest.raises(AppendOnlyError):
            logged.save()

    def test_deleting_an_event_is_refused(self, logged):
        with pytest.raises(AppendOnlyError):
            logged.delete()

    @pytest.mark.parametrize("operation", ["update", "delete"], ids=["update", "delete"])
    def test_bulk_changes_are_refused(self, logged, operation):
        """QuerySet.update() and .delete() on events raise; the row is unchanged."""
        qs = Event.objects.filter(pk=logged.pk)
        with pytest.raises(AppendOnlyError):
            qs.update(comment="x") if operation == "update" else qs.delete()
        assert Event.objects.get(pk=logged.pk).comment == ""

    def test_the_admin_offers_no_change_or_delete(self, admin_client, logged):
        """The Django admin shows events read-only."""
        response = admin_client.post(f"/admin/documents/event/{logged.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assert Event.objects.filter(pk=logged.pk).exists()


@pytest.mark.django_db
class TestAppendOnlyInTheDatabase:
    @pytest.mark.parametrize(
        "column,value",
        [("comment", "'giả mạo'"), ("ip", "'1.1.1.1'"), ("action", "'signed'")],
        ids=["comment", "ip", "action"],
    )
    def test_an_update_statement_is_refused_by_a_trigger(self, logged, column, value):
        """Even raw SQL, bypassing the application, cannot rewrite what an event recorded (both backends)."""
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE documents_event SET {column} = {value} WHERE id = %s", [logged.pk])
        assert Event.objects.get(pk=logged.pk).ip == "10.0.0.7"

    def test_a_delete_statement_is_refused_on_postgresql(self, logged):
        """PostgreSQL refuses DELETE by trigger (SQLite relies on the application; docs/security.md)."""
        if connection.vendor != "postgresql":
            pytest.skip("the DELETE trigger is PostgreSQL's")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_event WHERE id = %s", [logged.pk])
        assert Event.objects.filter(pk=logged.pk).exists()

    def test_a_destroyed_document_keeps_its_history(self, agency):
        """Destroying a document (a recalled incoming copy, III.8.b) detaches its events instead of deleting
        them: the only change the trigger lets through is the document becoming empty."""
        doc = make_draft(agency)
        ids = list(Event.objects.filter(document=doc).values_list("pk", flat=True))
        assert ids
        Document.objects.filter(pk=doc.pk).delete()
        assert set(Event.objects.filter(pk__in=ids).values_list("document_id", flat=True)) == {None}

    def test_an_event_cannot_be_moved_to_another_document(self, agency, logged):
        other = make_draft(agency)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE documents_event SET document_id = %s WHERE id = %s", [other.pk, logged.pk])


@pytest.mark.django_db
class TestEveryAccessIsLogged:
    @pytest.mark.parametrize(
        "path,action",
        [
            ("/app/documents/{pk}/", "viewed"),
            ("/api/v1/documents/{pk}", "viewed"),
            ("/app/attachments/{att}/", "downloaded"),
        ],
        ids=["page", "api", "download"],
    )
    def test_reads_are_logged_with_who_when_and_from_where(self, agency, path, action):
        """III.5.a: each view and download is an event with the person, the time and the address."""
        doc = make_draft(agency)
        from congvan.documents.services import attachment_add

        att = attachment_add(document=doc, actor=agency.drafter, name="a.txt", content=b"noi dung")
        before = timezone.now()
        response = _client(agency.clerk, ip="10.9.8.7").get(path.format(pk=doc.pk, att=att.pk))
        assert response.status_code == 200
        event = Event.objects.filter(document=doc, action=action).latest("at")
        assert (event.actor_id, event.ip) == (agency.clerk.user_id, "10.9.8.7")
        assert event.at >= before

    def test_a_share_is_logged_and_alerts_the_owner(self, agency):
        """III.3.c: a change of access is an event, and its owner (the drafter) sees it until confirming."""
        doc = make_draft(agency)
        colleague = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        response = _client(agency.clerk).post(f"/app/documents/{doc.pk}/access/", {"user": colleague.user_id})
        assert response.status_code == 302
        event = Event.objects.get(document=doc, action="shared")
        assert (event.actor_id, event.ip) == (agency.clerk.user_id, "10.1.2.3")
        alerts = _client(agency.drafter).get("/app/access-alerts/").content.decode()
        assert "Chia sẻ quyền đọc" in alerts


@pytest.mark.django_db
class TestExport:
    @pytest.mark.parametrize("role", [Role.ADMIN, Role.CLERK, Role.LEADER], ids=["admin", "clerk", "leader"])
    def test_csv_export_lists_every_event(self, agency, logged, role):
        """Administrators (and clerks and leaders) take the log away as CSV; the export is itself logged."""
        member = make_member(agency.org, role)
        response = _client(member).get("/app/audit/export/", {"format": "csv"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "Thời điểm"
        assert any(r[3] == "viewed" and r[9] == "10.0.0.7" for r in rows[1:])
        assert Event.objects.filter(action="exported", actor_id=member.user_id, comment="audit csv").exists()

    def test_xlsx_export_opens(self, agency, logged):
        response = _client(make_member(agency.org, Role.ADMIN)).get("/app/audit/export/", {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c for c in next(sheet.values)][9] == "Địa chỉ IP"
        assert sheet.max_row >= 2

    def test_a_formula_in_a_comment_is_quoted(self, agency):
        """Exported cells never start a spreadsheet formula (CSV injection)."""
        event_record(organization=agency.org, action="edited", actor_user_id=None, comment="=HYPERLINK(1)")
        response = _client(agency.clerk).get("/app/audit/export/", {"format": "csv"})
        assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")

    def test_a_specialist_cannot_export(self, agency, logged):
        response = _client(agency.drafter).get("/app/audit/export/", {"format": "csv"})
        assert response.status_code == 403

    def test_the_api_exports_too(self, agency, logged):
        """GET /api/v1/audit/export?format=csv for the same roles."""
        response = _client(agency.clerk).get("/api/v1/audit/export", {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "10.0.0.7" in response.content.decode("utf-8-sig")

    def test_another_organisations_events_are_not_exported(self, agency, logged):
        other = Agency("Sở Tài chính", "STC")
        response = _client(other.clerk).get("/app/audit/export/", {"format": "csv"})
        assert "10.0.0.7" not in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_django_admin_does_not_show_documents(admin_client, agency):
    """Administrators do not read documents unless granted: the admin has no document list or page."""
    doc = make_draft(agency)
    assert admin_client.get("/admin/documents/document/").status_code == 403
    assert admin_client.get(f"/admin/documents/document/{doc.pk}/change/").status_code in (302, 403)
    assert doc.subject not in admin_client.get("/admin/").content.decode()
