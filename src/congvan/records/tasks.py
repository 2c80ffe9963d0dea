"""Background work of the records (Django's Tasks API, run by ``congvan worker``).

``archive_reminders`` is enqueued once a day (``congvan archive_reminders`` from cron or the systemd timer, like
the directives' reminders): thirty days before a case file is due at the agency archive its responsible people
get a notification in the app and, when they have an address, an email (Phụ lục VI III.5.b)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django_tasks import task


@task()
def archive_reminders(day: str | None = None) -> int:
    from congvan.directives.tasks import email_notifications

    from .services import archive_reminders as notify

    notes = notify(today=dt.date.fromisoformat(day) if day else None)
    email_notifications(
        [n.pk for n in notes if n.pk],
        subject=lambda n: _("Hồ sơ đến hạn nộp lưu"),
        path=lambda n: "/app/records/",
    )
    return len(notes)
