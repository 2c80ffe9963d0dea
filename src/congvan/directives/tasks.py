"""Background work of the directives (Django's Tasks API, run by ``congvan worker``).

``remind_due`` is enqueued once a day (``congvan reminders`` from cron, or the systemd timer in the
administrator's guide); ``send_notification_emails`` is enqueued after each commit that notified someone.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email each notification to its person (those with an email address); returns how many were sent."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed=False)
        .exclude(user__email="")
        .select_related("user", "assignment")
    )
    if not rows:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            EmailMessage(
                subject=f"[Công Văn] {n.get_kind_display()}",
                body=_("Kính gửi %(name)s,\n\n%(text)s\n\nXem chi tiết tại %(url)s\n")
                % {
                    "name": n.user.get_full_name(),
                    "text": n.text,
                    "url": f"{settings.CONGVAN_BASE_URL}/app/directives/assignments/{n.assignment_id}/",
                },
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[n.user.email],
            )
            for n in rows
        ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed=True)
    return int(sent)


@task()
def remind_due(day: str | None = None) -> int:
    """N days before each deadline and once overdue, remind the assignees who have not reported."""
    from .services import reminders_due

    when = dt.date.fromisoformat(day) if day else None
    return reminders_due(today=when)
