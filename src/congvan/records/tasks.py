"""Background work of the records (Django's Tasks API, run by ``congvan worker``).

``archive_reminders`` is enqueued once a day (``congvan archive_reminders`` from cron or the systemd timer, like
the directives' reminders): thirty days before a case file is due at the agency archive its responsible people
get a notification in the app and, when they have an address, an email (Phụ lục VI III.5.b)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def archive_reminders(day: str | None = None) -> int:
    from congvan.directives.models import Notification

    from .services import archive_reminders as notify

    notes = notify(today=dt.date.fromisoformat(day) if day else None)
    rows = list(
        Notification.objects.filter(pk__in=[n.pk for n in notes if n.pk], emailed=False)
        .exclude(user__email="")
        .select_related("user")
    )
    if rows:
        with translation.override(settings.LANGUAGE_CODE):
            messages = [
                EmailMessage(
                    subject=f"[Công Văn] {_('Hồ sơ đến hạn nộp lưu')}",
                    body=_("Kính gửi %(name)s,\n\n%(text)s\n\nXem danh mục hồ sơ tại %(url)s\n")
                    % {
                        "name": n.user.get_full_name(),
                        "text": n.text,
                        "url": f"{settings.CONGVAN_BASE_URL}/app/records/",
                    },
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[n.user.email],
                )
                for n in rows
            ]
        with get_connection() as connection:
            connection.send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed=True)
    return len(notes)
