"""Notices before the archive hand-over (Phụ lục VI III.5.b), in process; the worker test runs the same task in
a real worker."""

from __future__ import annotations

import datetime as dt

import pytest
from records_helpers import make_case_file

from congvan.directives.models import Notification
from congvan.records.services import archive_reminders, plan_set_archive_date
from factories import Agency

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("days", "notified"),
    [(30, True), (1, True), (0, True), (31, False), (90, False)],
    ids=["30-days", "1-day", "due-today", "31-days", "90-days"],
)
def test_files_are_announced_thirty_days_before_the_plan_date(
    agency: Agency, days: int, notified: bool
) -> None:
    """The notice goes out from 30 days before the date the archive set for the year's plan."""
    case_file = make_case_file(agency)
    plan_set_archive_date(
        actor=agency.clerk, plan=case_file.plan, archive_due_on=TODAY + dt.timedelta(days=days)
    )
    archive_reminders(today=TODAY)
    assert Notification.objects.filter(user_id=agency.drafter.user_id).exists() is notified


def test_each_file_is_announced_once(agency: Agency) -> None:
    """Daily runs do not repeat the notice for the same date."""
    case_file = make_case_file(agency)
    plan_set_archive_date(
        actor=agency.clerk, plan=case_file.plan, archive_due_on=TODAY + dt.timedelta(days=10)
    )
    assert len(archive_reminders(today=TODAY)) == 1
    assert archive_reminders(today=TODAY + dt.timedelta(days=1)) == []


def test_a_new_date_is_announced_again(agency: Agency) -> None:
    """When the archive moves the date, the files not yet handed over are announced again."""
    case_file = make_case_file(agency)
    plan_set_archive_date(
        actor=agency.clerk, plan=case_file.plan, archive_due_on=TODAY + dt.timedelta(days=10)
    )
    archive_reminders(today=TODAY)
    plan_set_archive_date(
        actor=agency.clerk, plan=case_file.plan, archive_due_on=TODAY + dt.timedelta(days=20)
    )
    assert len(archive_reminders(today=TODAY)) == 1
