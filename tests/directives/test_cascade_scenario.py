"""The sample letter's campaign end to end (issue 5): the Sở's request goes down Sở → 11 culture offices →
their culture-sport-media centres → the commune radio stations, and the reports come back up with figures
that add up the tree. Runs on SQLite and on PostgreSQL (scripts/test runs the suite on both)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from directives_helpers import COMMUNES_PER_CENTRE, DISTRICTS, Chain, deadline, issue_campaign
from django.utils import timezone

from congvan.directives import selectors
from congvan.directives.models import Assignment, AssignmentState, Progress
from congvan.directives.services import CascadeTarget, assignment_cascade, report_accept, report_submit
from congvan.exchange.models import Delivery

pytestmark = pytest.mark.django_db

COMMUNE: dict[str, Any] = {"tin_bai": 2, "phut_phat_song": "30.5", "su_kien": 1, "luot_loa": 4}
CENTRE: dict[str, Any] = {"tin_bai": 5, "phut_phat_song": 60, "su_kien": 2, "luot_loa": 0}
OFFICE: dict[str, Any] = {"tin_bai": 1, "phut_phat_song": 0, "su_kien": 1, "luot_loa": 0}


def district_total() -> dict[str, object]:
    n = COMMUNES_PER_CENTRE
    return {
        "tin_bai": OFFICE["tin_bai"] + CENTRE["tin_bai"] + n * COMMUNE["tin_bai"],
        "phut_phat_song": 60 + n * 30.5,
        "su_kien": OFFICE["su_kien"] + CENTRE["su_kien"] + n * COMMUNE["su_kien"],
        "luot_loa": n * COMMUNE["luot_loa"],
    }


def as_number(value: object) -> float:
    return float(str(value))


class TestWholeCascade:
    def test_request_goes_down_four_levels_and_figures_come_back_up(self, chain: Chain) -> None:
        """Điều 24 and the sample's point 3: each office passes the work to its centre with an earlier deadline,
        each centre to its commune stations; every report rolls up, the Sở sees each district's total (its
        communes' included), the grand total, and every assignment done on time."""
        letter, directive = issue_campaign(chain, days=10)
        tops = {a.organization_id: a for a in Assignment.objects.filter(directive=directive, depth=0)}
        assert set(tops) == {o.pk for o in chain.offices}
        assert all(
            a.incoming is not None and a.incoming.source_document_id == letter.pk for a in tops.values()
        )

        for d in chain.districts:
            office_a = tops[d.office.org.pk]
            (centre_a,) = assignment_cascade(
                assignment=office_a,
                actor=d.office.leader,
                targets=[CascadeTarget(organization_id=d.centre.org.pk)],
                deadline=deadline(7),
            )
            commune_as = assignment_cascade(
                assignment=centre_a,
                actor=d.centre.leader,
                targets=[CascadeTarget(organization_id=c.org.pk) for c in d.communes],
                deadline=deadline(5),
            )
            for c, a in zip(d.communes, sorted(commune_as, key=lambda x: x.organization_id), strict=True):
                assert a.organization_id == c.org.pk and a.depth == 2
                report_submit(assignment=a, actor=c.clerk, figures=COMMUNE, text="Đã phát 4 buổi loa.")
                report_accept(assignment=a, actor=d.centre.leader)
            report_submit(assignment=centre_a, actor=d.centre.clerk, figures=CENTRE)
            report_accept(assignment=centre_a, actor=d.office.leader)
            report_submit(assignment=office_a, actor=d.office.clerk, figures=OFFICE)
            report_accept(assignment=office_a, actor=chain.so.deputy)

        total_count = DISTRICTS * (2 + COMMUNES_PER_CENTRE)
        view = selectors.overview(directive=directive)
        assert view.counts.total == total_count
        assert view.counts.on_time == total_count
        assert len(view.rows) == DISTRICTS
        expected = district_total()
        for row in view.rows:
            assert row.progress == Progress.ON_TIME
            assert {k: as_number(v) for k, v in row.totals.items()} == {
                k: as_number(v) for k, v in expected.items()
            }
            assert row.below.total == 2 + COMMUNES_PER_CENTRE
        assert as_number(view.totals["tin_bai"]) == DISTRICTS * as_number(expected["tin_bai"])
        assert as_number(view.totals["phut_phat_song"]) == DISTRICTS * as_number(expected["phut_phat_song"])
        assert set(Delivery.objects.filter(outgoing=letter).values_list("status", flat=True)) == {"01"}

    def test_drill_down_shows_the_level_below_with_its_own_subtree(self, chain: Chain) -> None:
        """The sender drills down from a district to its centre and to the communes, any level."""
        _letter, directive = issue_campaign(chain)
        d = chain.districts[0]
        office_a = Assignment.objects.get(directive=directive, organization=d.office.org)
        (centre_a,) = assignment_cascade(
            assignment=office_a,
            actor=d.office.leader,
            targets=[CascadeTarget(organization_id=d.centre.org.pk)],
            deadline=deadline(7),
        )
        communes = assignment_cascade(
            assignment=centre_a,
            actor=d.centre.leader,
            targets=[CascadeTarget(organization_id=c.org.pk) for c in d.communes],
            deadline=deadline(5),
        )
        report_submit(assignment=communes[0], actor=d.communes[0].clerk, figures=COMMUNE)

        level1 = selectors.overview(directive=directive, node=office_a)
        assert [r.assignment.pk for r in level1.rows] == [centre_a.pk]
        assert level1.rows[0].below.total == 1 + COMMUNES_PER_CENTRE
        assert level1.rows[0].below.on_time == 1
        level2 = selectors.overview(directive=directive, node=centre_a)
        assert {r.assignment.pk for r in level2.rows} == {a.pk for a in communes}
        assert [a.pk for a in level2.trail] == [office_a.pk]
        assert Assignment.objects.get(pk=office_a.pk).totals["tin_bai"] == COMMUNE["tin_bai"]


class TestProgressOfEachAssignment:
    @pytest.mark.parametrize(
        ("state", "submitted_offset", "deadline_offset", "expected"),
        [
            pytest.param(AssignmentState.NEW, None, 3, Progress.NOT_STARTED, id="not-started"),
            pytest.param(AssignmentState.IN_PROGRESS, None, 3, Progress.IN_PROGRESS, id="in-progress"),
            pytest.param(AssignmentState.RETURNED, None, 3, Progress.IN_PROGRESS, id="returned-in-progress"),
            pytest.param(AssignmentState.SUBMITTED, 0, 3, Progress.ON_TIME, id="on-time"),
            pytest.param(AssignmentState.ACCEPTED, 0, 0, Progress.ON_TIME, id="on-the-deadline-day"),
            pytest.param(AssignmentState.ACCEPTED, 0, -2, Progress.LATE, id="late"),
            pytest.param(AssignmentState.NEW, None, -1, Progress.OVERDUE, id="overdue-not-started"),
            pytest.param(AssignmentState.IN_PROGRESS, None, -1, Progress.OVERDUE, id="overdue-in-progress"),
        ],
    )
    def test_sender_sees_status_from_state_deadline_and_report_day(
        self, chain: Chain, state: str, submitted_offset: int | None, deadline_offset: int, expected: Progress
    ) -> None:
        """Not started, in progress, done on time, done late, overdue — the same in Python and in SQL."""
        _letter, directive = issue_campaign(chain)
        today = timezone.localdate()
        a = Assignment.objects.filter(directive=directive).first()
        assert a is not None
        a.state = state
        a.deadline = today + dt.timedelta(days=deadline_offset)
        a.submitted_on = today if submitted_offset is not None else None
        a.save()
        assert a.progress(today) == expected
        counts = selectors.overview(directive=directive).counts
        assert getattr(counts, expected.value) >= 1


class TestCascadeToUnits:
    def test_office_passes_work_to_its_own_unit_whose_people_are_told(self, chain: Chain) -> None:
        """Điều 24: a recipient may pass the work to one of its units; the unit's people (and the leaders) get
        the notification, and the unit reports like any assignee."""
        from congvan.directives.models import Notification
        from congvan.vbhc.workflow import Role
        from factories import make_member, make_unit

        _letter, directive = issue_campaign(chain)
        d = chain.districts[0]
        unit = make_unit(d.office.org, "VHTT", "Bộ phận Văn hóa")
        specialist = make_member(d.office.org, Role.SPECIALIST, unit=unit, full_name="Chuyên viên Văn hóa")
        top = Assignment.objects.get(directive=directive, organization=d.office.org)
        (unit_a,) = assignment_cascade(
            assignment=top,
            actor=d.office.leader,
            targets=[CascadeTarget(unit_id=unit.pk)],
            deadline=deadline(6),
        )
        assert unit_a.organization_id == d.office.org.pk and unit_a.unit_id == unit.pk
        told = set(Notification.objects.filter(assignment=unit_a).values_list("user_id", flat=True))
        assert told == {specialist.user_id, d.office.leader.user_id}
        report_submit(assignment=unit_a, actor=specialist, figures=COMMUNE)
        assert Assignment.objects.get(pk=top.pk).totals["tin_bai"] == COMMUNE["tin_bai"]


class TestDailyReminders:
    def test_each_assignee_is_reminded_once_before_the_deadline_and_once_when_overdue(
        self, chain: Chain
    ) -> None:
        """N (remind_days, default 3) days before the deadline: 'sắp đến hạn'; after it: 'quá hạn'; a second
        run the same day sends nothing again; a reported assignment is never reminded."""
        from congvan.directives.models import Notification, NotificationKind
        from congvan.directives.services import reminders_due

        _letter, directive = issue_campaign(chain, days=3)
        done = Assignment.objects.get(directive=directive, organization=chain.districts[0].office.org)
        report_submit(assignment=done, actor=chain.districts[0].office.clerk, figures=OFFICE)
        today = timezone.localdate()
        assert reminders_due(today=today) == DISTRICTS - 1
        assert reminders_due(today=today) == 0
        assert reminders_due(today=today + dt.timedelta(days=4)) == DISTRICTS - 1
        kinds = Notification.objects.filter(assignment__directive=directive).exclude(
            kind=NotificationKind.ASSIGNED
        )
        assert kinds.filter(kind=NotificationKind.DUE_SOON).count() == 2 * (DISTRICTS - 1)  # leader and clerk
        assert kinds.filter(kind=NotificationKind.OVERDUE).count() == 2 * (DISTRICTS - 1)
        assert not kinds.filter(assignment=done).exists()
