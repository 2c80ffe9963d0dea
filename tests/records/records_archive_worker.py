"""Helper process of test_records_worker.py: a database with case files due at the archive in 20 days (to be
notified), in 60 days and already handed over (not), and the daily task enqueued. Prints one JSON line: the users
who should be notified."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from records_helpers import make_case_file

    from congvan.records.models import CaseFile
    from congvan.records.tasks import archive_reminders
    from factories import Agency

    agency = Agency()
    for m in (agency.drafter, agency.clerk):
        m.user.email = f"{m.user.username}@example.vn"
        m.user.save(update_fields=["email"])
    today = timezone.localdate()
    soon = make_case_file(agency, notation="01.TTBCXB")
    CaseFile.objects.filter(pk=soon.pk).update(
        archive_due_on=today + dt.timedelta(days=20), responsible_id=agency.clerk.user_id
    )
    later = make_case_file(agency, notation="02.TTBCXB")
    CaseFile.objects.filter(pk=later.pk).update(archive_due_on=today + dt.timedelta(days=60))
    done = make_case_file(agency, notation="03.TTBCXB")
    CaseFile.objects.filter(pk=done.pk).update(
        archive_due_on=today + dt.timedelta(days=5), archived_at=timezone.now()
    )
    archive_reminders.enqueue()
    print(
        json.dumps({"users": sorted([agency.drafter.user_id, agency.clerk.user_id]), "code": soon.file_code})
    )


if __name__ == "__main__":
    main()
