"""Bad input to the directives (issue 5, "done when"): figures of the wrong kind, a report after acceptance, a
cascade to an organisation outside the tree, a deadline after the parent's. Each is refused with a clear
Vietnamese message and leaves nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from directives_helpers import Chain, build_chain, deadline, issue_campaign

from congvan.directives.models import Assignment, Directive, Notification, Report
from congvan.directives.services import (
    CascadeTarget,
    DirectiveData,
    Figure,
    assignment_cascade,
    directive_add,
    report_accept,
    report_return,
    report_submit,
)
from congvan.documents.errors import DomainError, InvalidInput, InvalidState
from factories import make_draft, make_org

pytestmark = pytest.mark.django_db

GOOD = {"tin_bai": 2, "phut_phat_song": "12.5", "su_kien": 1, "luot_loa": 3}


@pytest.fixture
def small_chain(db: None) -> Chain:
    return build_chain(districts=2, communes=2)


def snapshot() -> tuple[Any, ...]:
    """Everything a refused request could have touched."""
    return (
        list(Assignment.objects.order_by("pk").values_list("pk", "state", "figures", "totals", "deadline")),
        Report.objects.count(),
        Notification.objects.count(),
        Directive.objects.count(),
    )


def refused(call: Callable[[], object], error: type[DomainError], words: str) -> DomainError:
    before = snapshot()
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
    assert snapshot() == before
    return info.value


class TestFiguresOfTheWrongKind:
    @pytest.mark.parametrize(
        ("figures", "words"),
        [
            pytest.param(
                {**GOOD, "tin_bai": "2.5"}, "“Tin, bài đã đăng” phải là số nguyên", id="decimal-for-integer"
            ),
            pytest.param({**GOOD, "tin_bai": 2.5}, "phải là số nguyên", id="float-for-integer"),
            pytest.param({**GOOD, "su_kien": "ba"}, "“Sự kiện đã tổ chức” phải là số", id="words-for-number"),
            pytest.param({**GOOD, "luot_loa": True}, "phải là số", id="boolean"),
            pytest.param({**GOOD, "luot_loa": -1}, "không được âm", id="negative"),
            pytest.param({**GOOD, "phut_phat_song": "NaN"}, "phải là số", id="not-a-number"),
            pytest.param(
                {k: v for k, v in GOOD.items() if k != "su_kien"}, "Cần nhập chỉ tiêu", id="missing"
            ),
            pytest.param({**GOOD, "khan_gia": 10}, "không có trong mẫu báo cáo", id="not-in-the-form"),
        ],
    )
    def test_report_with_a_bad_figure_is_refused_and_nothing_changes(
        self, small_chain: Chain, figures: dict[str, object], words: str
    ) -> None:
        """Figures are validated against the form's kinds before anything is written."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        refused(lambda: report_submit(assignment=a, actor=office.clerk, figures=figures), InvalidInput, words)

    @pytest.mark.parametrize(
        ("form", "words"),
        [
            pytest.param([Figure("a", "A", kind="text")], "số nguyên hoặc số thập phân", id="unknown-kind"),
            pytest.param([Figure("a", "A"), Figure("a", "B")], "bị trùng", id="duplicate-code"),
            pytest.param([Figure("", "A")], "cần có mã và tên", id="no-code"),
        ],
    )
    def test_request_with_a_bad_report_form_is_refused(
        self, small_chain: Chain, form: list[Figure], words: str
    ) -> None:
        """The form itself: known kinds, distinct codes, named figures."""
        draft = make_draft(small_chain.so, *small_chain.offices)
        data = DirectiveData(title="Tuyên truyền", deadline=deadline(), form=form)
        refused(
            lambda: directive_add(document=draft, actor=small_chain.so.drafter, data=data),
            InvalidInput,
            words,
        )


class TestReportAfterAcceptance:
    def test_a_second_report_after_acceptance_is_refused(self, small_chain: Chain) -> None:
        """An accepted report is final: a new one is refused (409), figures and totals unchanged."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        report_submit(assignment=a, actor=office.clerk, figures=GOOD)
        report_accept(assignment=a, actor=small_chain.so.deputy)
        fresh = Assignment.objects.get(pk=a.pk)
        refused(
            lambda: report_submit(assignment=fresh, actor=office.clerk, figures={**GOOD, "tin_bai": 99}),
            InvalidState,
            "đã được chấp nhận",
        )

    def test_returning_an_accepted_report_is_refused(self, small_chain: Chain) -> None:
        """Nor can the assigner send it back once accepted."""
        _letter, directive = issue_campaign(small_chain)
        office = small_chain.districts[0].office
        a = Assignment.objects.get(directive=directive, organization=office.org)
        report_submit(assignment=a, actor=office.clerk, figures=GOOD)
        report_accept(assignment=a, actor=small_chain.so.deputy)
        fresh = Assignment.objects.get(pk=a.pk)
        refused(
            lambda: report_return(assignment=fresh, actor=small_chain.so.deputy, comment="Bổ sung"),
            InvalidState,
            "đã được chấp nhận",
        )

    def test_returned_report_leaves_the_totals_until_resubmitted(self, small_chain: Chain) -> None:
        """Return for revision takes the figures out of every total above; the new report puts them back."""
        _letter, directive = issue_campaign(small_chain)
        d = small_chain.districts[0]
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        (centre,) = assignment_cascade(
            assignment=top,
            actor=d.office.leader,
            targets=[CascadeTarget(organization_id=d.centre.org.pk)],
            deadline=deadline(5),
        )
        report_submit(assignment=centre, actor=d.centre.clerk, figures=GOOD)
        assert Assignment.objects.get(pk=top.pk).totals["tin_bai"] == 2
        report_return(
            assignment=Assignment.objects.get(pk=centre.pk), actor=d.office.leader, comment="Thiếu số liệu"
        )
        assert Assignment.objects.get(pk=top.pk).totals["tin_bai"] == 0
        report_submit(
            assignment=Assignment.objects.get(pk=centre.pk),
            actor=d.centre.clerk,
            figures={**GOOD, "tin_bai": 5},
        )
        assert Assignment.objects.get(pk=top.pk).totals["tin_bai"] == 5


class TestCascadeOutsideTheTree:
    @pytest.mark.parametrize(
        "target",
        [
            pytest.param("other_district_commune", id="commune-of-another-district"),
            pytest.param("other_district_centre", id="centre-of-another-district"),
            pytest.param("own_ubnd", id="its-own-parent"),
            pytest.param("so", id="the-sender-above"),
            pytest.param("unrelated", id="organisation-of-another-tree"),
            pytest.param("itself", id="itself"),
        ],
    )
    def test_cascade_outside_the_tree_is_refused(self, small_chain: Chain, target: str) -> None:
        """A recipient passes work down its own tree only (its descendants, and the agencies beside it under
        the same People's Committee, as the culture office guides the centre)."""
        _letter, directive = issue_campaign(small_chain)
        d, other = small_chain.districts
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        org = {
            "other_district_commune": lambda: other.communes[0].org,
            "other_district_centre": lambda: other.centre.org,
            "own_ubnd": lambda: d.ubnd.org,
            "so": lambda: small_chain.so.org,
            "unrelated": lambda: make_org("Cục Thông tin cơ sở", abbreviation="TTCS"),
            "itself": lambda: d.office.org,
        }[target]()
        refused(
            lambda: assignment_cascade(
                assignment=top,
                actor=d.office.leader,
                targets=[CascadeTarget(organization_id=org.pk)],
                deadline=deadline(5),
            ),
            InvalidInput,
            "cấp dưới trong hệ thống của mình",
        )

    def test_unit_of_another_organisation_is_refused(self, small_chain: Chain) -> None:
        """Units: only the assignee's own."""
        _letter, directive = issue_campaign(small_chain)
        d = small_chain.districts[0]
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        refused(
            lambda: assignment_cascade(
                assignment=top,
                actor=d.office.leader,
                targets=[CascadeTarget(unit_id=small_chain.so.unit.pk)],
                deadline=deadline(5),
            ),
            InvalidInput,
            "không thuộc cơ quan của bạn",
        )


class TestDeadlineAfterTheParents:
    @pytest.mark.parametrize("days_after", [1, 30], ids=["one-day-after", "a-month-after"])
    def test_cascade_with_a_later_deadline_is_refused(self, small_chain: Chain, days_after: int) -> None:
        """A level below cannot have longer than the level above; the message gives the parent's date."""
        _letter, directive = issue_campaign(small_chain, days=10)
        d = small_chain.districts[0]
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        error = refused(
            lambda: assignment_cascade(
                assignment=top,
                actor=d.office.leader,
                targets=[CascadeTarget(organization_id=d.centre.org.pk)],
                deadline=top.deadline + dt.timedelta(days=days_after),
            ),
            InvalidInput,
            "không được sau hạn của cấp trên",
        )
        assert top.deadline.strftime("%d/%m/%Y") in str(error)

    def test_same_day_as_the_parent_is_allowed(self, small_chain: Chain) -> None:
        """'Not after' includes the same day."""
        _letter, directive = issue_campaign(small_chain, days=10)
        d = small_chain.districts[0]
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        (child,) = assignment_cascade(
            assignment=top,
            actor=d.office.leader,
            targets=[CascadeTarget(organization_id=d.centre.org.pk)],
            deadline=top.deadline,
        )
        assert child.deadline == top.deadline

    def test_request_deadline_in_the_past_is_refused(self, small_chain: Chain) -> None:
        """The request's own deadline cannot be before today."""
        draft = make_draft(small_chain.so, *small_chain.offices)
        data = DirectiveData(title="Tuyên truyền", deadline=deadline(-1))
        refused(
            lambda: directive_add(document=draft, actor=small_chain.so.drafter, data=data),
            InvalidInput,
            "không được trước ngày hôm nay",
        )
