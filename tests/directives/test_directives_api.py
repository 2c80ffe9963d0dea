"""The directives through the REST API (/api/v1/): the same services and rules as the pages (issue 5)."""

from __future__ import annotations

import pytest
from directives_helpers import Chain, build_chain, deadline, issue_campaign
from django.test import Client
from django.utils import timezone

from congvan.directives.models import Assignment, AssignmentState
from congvan.orgs.models import Membership
from factories import make_draft

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


FIGURES = {"tin_bai": 2, "phut_phat_song": 10.5, "su_kien": 1, "luot_loa": 3}


def api(member: Membership) -> Client:
    c = Client()
    c.force_login(member.user)
    return c


@pytest.fixture
def small_chain(db: None) -> Chain:
    return build_chain(districts=2, communes=2)


class TestDirectivesApi:
    def test_drafter_attaches_a_request_to_the_draft(self, small_chain: Chain) -> None:
        """POST /documents/{id}/directives: the form's kinds are checked as on the page."""
        so = small_chain.so
        draft = make_draft(so, *small_chain.offices)
        response = api(so.drafter).post(
            f"/api/v1/documents/{draft.pk}/directives",
            {
                "title": "Tuyên truyền",
                "deadline": deadline().isoformat(),
                "form": [{"code": "tin_bai", "name": "Tin, bài", "kind": "integer"}],
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["form"][0]["code"] == "tin_bai"

    def test_cascade_report_accept_and_the_senders_totals(self, small_chain: Chain) -> None:
        """Down one level, a report up, accepted; the Sở's overview shows the district's total."""
        _letter, directive = issue_campaign(small_chain)
        d = small_chain.districts[0]
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        r = api(d.office.leader).post(
            f"/api/v1/assignments/{top.pk}/cascade",
            {"organization_ids": [d.centre.org.pk], "deadline": deadline(5).isoformat()},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        child_id = r.json()[0]["id"]
        r = api(d.centre.clerk).post(
            f"/api/v1/assignments/{child_id}/reports",
            {"figures": FIGURES, "text": "Xong"},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        r = api(d.office.leader).post(
            f"/api/v1/assignments/{child_id}/accept", {}, content_type="application/json"
        )
        assert r.json()["state"] == AssignmentState.ACCEPTED
        overview = api(small_chain.so.deputy).get(f"/api/v1/directives/{directive.pk}").json()
        row = next(x for x in overview["rows"] if x["id"] == top.pk)
        assert row["totals"]["tin_bai"] == 2 and row["below"]["on_time"] == 1
        assert overview["counts"]["total"] == 3

    @pytest.mark.parametrize(
        ("figures", "field"),
        [
            pytest.param({**FIGURES, "tin_bai": 2.5}, "tin_bai", id="decimal-for-integer"),
            pytest.param({**FIGURES, "su_kien": "nhiều"}, "su_kien", id="text-for-number"),
            pytest.param({**FIGURES, "khac": 1}, "khac", id="unknown-figure"),
        ],
    )
    def test_figures_of_the_wrong_kind_are_refused_with_the_field(
        self, small_chain: Chain, figures: dict[str, object], field: str
    ) -> None:
        """400 with a Vietnamese message and the figure's code; nothing stored."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        r = api(office.clerk).post(
            f"/api/v1/assignments/{a.pk}/reports", {"figures": figures}, content_type="application/json"
        )
        assert r.status_code == 400
        assert r.json()["field"] == field
        assert not a.reports.exists()

    def test_remind_everyone_who_has_not_reported(self, small_chain: Chain) -> None:
        """POST /directives/{id}/remind with kind report_request: 'báo cáo kết quả khi có yêu cầu'."""
        _letter, directive = issue_campaign(small_chain)
        r = api(small_chain.so.deputy).post(
            f"/api/v1/directives/{directive.pk}/remind",
            {"kind": "report_request"},
            content_type="application/json",
        )
        assert r.json() == {"count": 2}
        notes = api(small_chain.districts[0].office.clerk).get("/api/v1/notifications").json()
        assert any(n["kind"] == "report_request" for n in notes)

    def test_dashboard_and_annex_tables(self, small_chain: Chain) -> None:
        """The dashboard in numbers and the Phụ lục VI V tables as JSON."""
        letter, _directive = issue_campaign(small_chain)
        c = api(small_chain.so.deputy)
        assert c.get("/api/v1/directive-dashboard").json()["total"]["total"] == 2
        table = c.get(f"/api/v1/directive-reports/outgoing/{this_year()}").json()
        assert table["rows"][0][0] == letter.number_symbol

    def test_outsider_gets_404(self, small_chain: Chain) -> None:
        """Another district cannot read a district's assignment: the API answers as for a missing one."""
        _letter, directive = issue_campaign(small_chain)
        a = Assignment.objects.get(directive=directive, organization=small_chain.districts[0].office.org)
        r = api(small_chain.districts[1].office.clerk).get(f"/api/v1/assignments/{a.pk}")
        assert r.status_code == 404


class TestReportWithFilesApi:
    def test_multipart_report_carries_files(self, small_chain: Chain) -> None:
        """POST /assignments/{id}/reports/upload: figures as JSON in a form field, files beside them."""
        import io
        import json

        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        upload = io.BytesIO(b"anh chup buoi phat loa")
        upload.name = "phat-loa.jpg"
        r = api(office.clerk).post(
            f"/api/v1/assignments/{a.pk}/reports/upload",
            {"figures": json.dumps(FIGURES), "text": "Kèm ảnh", "files": upload},
        )
        assert r.status_code == 201, r.content
        assert r.json()["files"] == ["phat-loa.jpg"]
        assert a.reports.get().files.get().name == "phat-loa.jpg"


class TestRemindASubtree:
    def test_sender_reminds_one_districts_subtree_and_outsiders_cannot(self, small_chain: Chain) -> None:
        """The sender drills down to a district and reminds only those below it who have not reported; another
        district cannot remind it (404)."""
        _letter, directive = issue_campaign(small_chain)
        d, other = small_chain.districts
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        api(d.office.leader).post(
            f"/api/v1/assignments/{top.pk}/cascade",
            {"organization_ids": [d.centre.org.pk], "deadline": deadline(5).isoformat()},
            content_type="application/json",
        )
        r = api(small_chain.so.deputy).post(
            f"/api/v1/assignments/{top.pk}/remind", {"kind": "reminder"}, content_type="application/json"
        )
        assert r.json() == {"count": 1}  # the centre; the office itself is the scope, not below it
        r = api(other.office.leader).post(
            f"/api/v1/assignments/{top.pk}/remind", {"kind": "reminder"}, content_type="application/json"
        )
        assert r.status_code == 404
