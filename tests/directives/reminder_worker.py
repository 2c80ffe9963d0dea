"""Helper process of test_worker.py: prepare a database with a campaign whose deadlines call for reminders and
enqueue the daily reminder task. Run as ``python reminder_worker.py`` with CONGVAN_DATABASE_URL set; prints
one JSON line: the users who should be reminded, by kind."""

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
    from directives_helpers import build_chain, issue_campaign

    from congvan.directives.models import Assignment
    from congvan.directives.tasks import remind_due
    from congvan.orgs.models import Membership

    chain = build_chain(districts=2, communes=1)
    for m in Membership.objects.select_related("user"):
        m.user.email = f"{m.user.username}@example.vn"
        m.user.save(update_fields=["email"])
    _letter, directive = issue_campaign(chain, days=2)  # due in 2 days; reminders 3 days before
    late = Assignment.objects.get(directive=directive, organization=chain.districts[1].office.org)
    Assignment.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    result = remind_due.enqueue()
    soon = chain.districts[0].office
    print(
        json.dumps(
            {
                "task_id": str(result.id),
                "due_soon_users": sorted([soon.leader.user_id, soon.clerk.user_id]),
                "overdue_users": sorted(
                    [chain.districts[1].office.leader.user_id, chain.districts[1].office.clerk.user_id]
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
