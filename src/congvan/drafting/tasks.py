"""Background work of the drafting app (Django's Tasks API, run by ``congvan worker``).

``send_reminders`` is enqueued when the drafter asks for reminders; ``remind_due`` once a day
(``congvan manage`` from cron, like the directives' reminders) for the parties due tomorrow or overdue.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_reminders(consultee_ids: list[int], actor_user_id: int | None = None) -> int:
    from .services import reminders_send

    return reminders_send(consultee_ids=consultee_ids, actor_user_id=actor_user_id)


@task()
def remind_due(day: str | None = None) -> int:
    from .services import reminders_due

    return reminders_due(today=dt.date.fromisoformat(day) if day else None)
