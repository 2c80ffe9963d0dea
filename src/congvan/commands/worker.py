"""``congvan worker``: the background task worker (django-tasks' database worker)."""

from __future__ import annotations

import os


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["congvan", "db_worker", *argv])
    return 0
