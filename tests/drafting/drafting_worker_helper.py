"""Helper process of test_drafting_worker.py: prepare a database with a consultation whose parties call for
reminders, and enqueue the reminder task. Run as ``python drafting_worker_helper.py daily|manual`` with
CONGVAN_DATABASE_URL set; prints one JSON line with the parties and their people."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")


def main(mode: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from drafting_helpers import draft_with_versions, party

    from congvan.drafting.models import Consultee, Mode
    from congvan.drafting.services import consultation_remind, consultation_request
    from congvan.drafting.tasks import remind_due
    from factories import Agency, fresh

    agency = Agency()
    for m in (agency.unit_head, agency.deputy, agency.drafter):
        m.user.email = f"{m.user.username}@example.vn"
        m.user.save(update_fields=["email"])
    doc = draft_with_versions(agency)
    c = consultation_request(
        document=fresh(doc),
        actor=agency.drafter,
        mode=Mode.PARALLEL,
        parties=[party(agency.unit_head, days=0), party(agency.deputy, days=10)],
    )
    late = Consultee.objects.get(consultation=c, user=agency.unit_head.user)
    Consultee.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    if mode == "daily":
        remind_due.enqueue()
        expected = [agency.unit_head.user.email]
    else:
        consultation_remind(consultation=c, actor=agency.drafter)  # enqueued at once: no transaction open
        expected = sorted([agency.unit_head.user.email, agency.deputy.user.email])
    print(json.dumps({"document_id": doc.pk, "emails": expected}))


if __name__ == "__main__":
    main(sys.argv[1])
