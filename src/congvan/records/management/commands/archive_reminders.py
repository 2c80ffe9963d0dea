"""``congvan archive_reminders``: enqueue today's notices of case files due at the agency archive in 30 days (run
once a day from cron or a systemd timer); ``--now`` runs them in this process instead of the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Thông báo hồ sơ đến hạn nộp lưu (trước 30 ngày) / enqueue the archive hand-over notices"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of enqueuing for the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        from congvan.records.services import archive_reminders
        from congvan.records.tasks import archive_reminders as task

        if options["now"]:
            self.stdout.write(f"{len(archive_reminders())} notifications")
        else:
            self.stdout.write(f"enqueued {task.enqueue().id}")
