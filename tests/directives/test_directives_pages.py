"""The staff pages of the directives (/app/directives/): the sender's picture, the assignee's report form,
the registers of Phụ lục VI V as pages, XLSX and PDF; the notifications on /app/."""

from __future__ import annotations

import io

import pytest
from directives_helpers import Chain, issue_campaign
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from congvan.directives.models import Assignment, AssignmentState, Notification
from congvan.documents.models import Document
from congvan.orgs.models import Membership
from factories import make_draft

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


def client_for(member: Membership) -> Client:
    c = Client()
    c.force_login(member.user)
    return c


@pytest.fixture
def small_chain(db: None) -> Chain:
    from directives_helpers import build_chain

    return build_chain(districts=2, communes=2)


class TestSenderPages:
    def test_dashboard_shows_charts_and_the_campaign(self, small_chain: Chain) -> None:
        """The leader's dashboard: total, by organisation, overdue, by unit, over time; and the campaign list."""
        _letter, directive = issue_campaign(small_chain)
        response = client_for(small_chain.so.deputy).get("/app/directives/")
        assert response.status_code == 200
        html = response.content.decode()
        for test_id in (
            "chart-total",
            "chart-timeline",
            "chart-by-organization",
            "chart-overdue",
            "chart-by-unit",
        ):
            assert f'data-testid="{test_id}"' in html
        assert directive.title in html

    def test_campaign_page_lists_each_recipient(self, small_chain: Chain) -> None:
        """Per recipient and in total (issue 5)."""
        _letter, directive = issue_campaign(small_chain)
        html = client_for(small_chain.so.deputy).get(f"/app/directives/{directive.pk}/").content.decode()
        for office in small_chain.offices:
            assert f'data-assignee="{office.code}"' in html

    def test_another_organisation_cannot_see_the_campaign(self, small_chain: Chain) -> None:
        """A directive is followed by the organisation that sent it; others get 404, revealing nothing."""
        _letter, directive = issue_campaign(small_chain)
        other = small_chain.districts[0].office.leader
        assert client_for(other).get(f"/app/directives/{directive.pk}/").status_code == 404

    def test_drafter_adds_a_request_with_a_report_form(self, small_chain: Chain) -> None:
        """Requests are attached while drafting: what, by when, the figures wanted back."""
        so = small_chain.so
        draft = make_draft(so, *small_chain.offices)
        response = client_for(so.drafter).post(
            f"/app/directives/documents/{draft.pk}/new/",
            {
                "title": "Tuyên truyền",
                "deadline": "2099-01-31",
                "name_0": "Tin, bài",
                "code_0": "tin_bai",
                "unit_0": "tin",
                "kind_0": "integer",
            },
        )
        assert response.status_code == 302
        assert draft.directives.get().form == [
            {"code": "tin_bai", "name": "Tin, bài", "unit": "tin", "kind": "integer"}
        ]
        assert "Tuyên truyền" in client_for(so.drafter).get(f"/app/documents/{draft.pk}/").content.decode()


class TestAssigneePages:
    def test_assignee_submits_a_report_from_the_page(self, small_chain: Chain) -> None:
        """The report form posts figures, text and a file; the assignment is then reported."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        c = client_for(office.clerk)
        assert 'data-testid="report-form"' in c.get(f"/app/directives/assignments/{a.pk}/").content.decode()
        upload = io.BytesIO(b"bao cao")
        upload.name = "bao-cao.txt"
        response = c.post(
            f"/app/directives/assignments/{a.pk}/report/",
            {
                "fig_tin_bai": "3",
                "fig_phut_phat_song": "12,5",
                "fig_su_kien": "1",
                "fig_luot_loa": "2",
                "text": "Đã thực hiện.",
                "files": upload,
            },
        )
        assert response.status_code == 302
        a.refresh_from_db()
        assert a.state == AssignmentState.SUBMITTED
        assert a.figures == {"tin_bai": 3, "phut_phat_song": "12.5", "su_kien": 1, "luot_loa": 2}
        assert a.reports.get().files.get().name == "bao-cao.txt"

    def test_wrong_kind_on_the_page_answers_in_vietnamese(self, small_chain: Chain) -> None:
        """A decimal where a whole number is wanted: a 400 page naming the figure, nothing stored."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        response = client_for(office.clerk).post(
            f"/app/directives/assignments/{a.pk}/report/",
            {"fig_tin_bai": "2.5", "fig_phut_phat_song": "1", "fig_su_kien": "1", "fig_luot_loa": "2"},
        )
        assert response.status_code == 400
        assert "phải là số nguyên" in response.content.decode()
        assert not a.reports.exists()

    def test_home_shows_the_new_assignment_notification(self, small_chain: Chain) -> None:
        """In-app notifications appear on /app/."""
        issue_campaign(small_chain)
        office = small_chain.districts[0].office
        assert Notification.objects.filter(user=office.clerk.user).exists()
        html = client_for(office.clerk).get("/app/").content.decode()
        assert 'data-testid="notifications"' in html and "Nhiệm vụ mới" in html


class TestRegisterOutputs:
    @pytest.mark.parametrize(
        "kind", ["tracking", "incoming", "outgoing"], ids=["tracking", "incoming", "outgoing"]
    )
    @pytest.mark.parametrize("fmt", ["", "xlsx", "pdf"], ids=["page", "xlsx", "pdf"])
    def test_each_output_of_annex_vi_v_as_page_xlsx_and_pdf(
        self, small_chain: Chain, kind: str, fmt: str
    ) -> None:
        """Phụ lục VI V.2, V.4 and the tracking register (Phụ lục IV VIII): page, XLSX, PDF."""
        issue_campaign(small_chain)
        response = client_for(small_chain.so.clerk).get(
            f"/app/directives/reports/{kind}/", {"year": str(this_year()), "format": fmt}
        )
        assert response.status_code == 200
        if fmt == "xlsx":
            wb = load_workbook(io.BytesIO(response.content))
            assert "SỔ THEO DÕI" in wb.active["A2"].value or "BÁO CÁO" in wb.active["A2"].value
        elif fmt == "pdf":
            assert response.content.startswith(b"%PDF")
        else:
            assert 'data-testid="report"' in response.content.decode()

    def test_outgoing_report_counts_the_requests_of_each_letter(self, small_chain: Chain) -> None:
        """V.4: the letter's row shows its recipients and its assignments."""
        letter, _directive = issue_campaign(small_chain)
        from congvan.directives.registers import outgoing_report

        table = outgoing_report(small_chain.so.org, this_year())
        (row,) = table.rows
        assert row[0] == letter.number_symbol and row[3] == "2" and row[6] == "2"
        assert Document.objects.filter(source_document=letter).count() == 2


class TestCascadeForm:
    def test_form_offers_only_organisations_in_scope_not_yet_given_the_work(self, small_chain: Chain) -> None:
        """The office's form lists its centre and the centre's communes (below its parent), never the office that
        assigned it, nor itself, its parent, or another district; once given the work, the centre leaves the
        list."""
        from directives_helpers import deadline

        from congvan.directives.services import CascadeTarget, assignment_cascade

        _letter, directive = issue_campaign(small_chain)
        d, other = small_chain.districts
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        html = client_for(d.office.leader).get(f"/app/directives/assignments/{top.pk}/").content.decode()
        assert f'value="{d.centre.org.pk}"' in html
        for outside in (d.office.org, d.ubnd.org, other.centre.org, small_chain.so.org):
            assert f'<option value="{outside.pk}"' not in html
        (centre_a,) = assignment_cascade(
            assignment=top,
            actor=d.office.leader,
            targets=[CascadeTarget(organization_id=d.centre.org.pk)],
            deadline=deadline(5),
        )
        html = client_for(d.centre.leader).get(f"/app/directives/assignments/{centre_a.pk}/").content.decode()
        assert f'<option value="{d.office.org.pk}"' not in html
        assert all(f'<option value="{c.org.pk}"' in html for c in d.communes)
