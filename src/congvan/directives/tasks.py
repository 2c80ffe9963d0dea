"""Background work of the directives (Django's Tasks API, run by ``congvan worker``).

``remind_due`` is enqueued once a day (``congvan reminders`` from cron, or the systemd timer in the
administrator's guide); ``send_notification_emails`` is enqueued after each commit that notified someone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification


def email_notifications(
    notification_ids: list[int],
    *,
    subject: Callable[[Notification], str],
    path: Callable[[Notification], str],
) -> int:
    """Email each not yet emailed notification to its person (those with an address) and mark it emailed.

    ``subject`` and ``path`` (the page under ``CONGVAN_BASE_URL`` the mail links to) are called in the
    installation's language; returns how many messages the mail server took."""
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
                subject=f"[Công Văn] {subject(n)}",
                body=_("Kính gửi %(name)s,\n\n%(text)s\n\nXem chi tiết tại %(url)s\n")
                % {
                    "name": n.user.get_full_name(),
                    "text": n.text,
                    "url": f"{settings.CONGVAN_BASE_URL}{path(n)}",
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
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email each notification of an assignment to its person; returns how many were sent."""
    return email_notifications(
        notification_ids,
        subject=lambda n: str(n.get_kind_display()),
        path=lambda n: f"/app/directives/assignments/{n.assignment_id}/",
    )


@task()
def remind_due(day: str | None = None) -> int:
    """N days before each deadline and once overdue, remind the assignees who have not reported."""
    from .services import reminders_due

    when = dt.date.fromisoformat(day) if day else None
    return reminders_due(today=when)
