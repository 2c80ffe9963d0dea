"""``congvan remind_consultations``: enqueue today's reminders to consulted parties (once a day from cron or a
systemd timer, beside ``congvan remind_due``); ``--now`` runs them in this process instead of the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nhắc góp ý dự thảo: đến hạn ngày mai hoặc quá hạn / enqueue the daily reminders of consultations"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of enqueuing for the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        from congvan.drafting.services import reminders_due
        from congvan.drafting.tasks import remind_due

        if options["now"]:
            self.stdout.write(f"{reminders_due()} reminders")
        else:
            result = remind_due.enqueue()
            self.stdout.write(f"enqueued {result.id}")
