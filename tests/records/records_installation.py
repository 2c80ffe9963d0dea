"""A separate process playing an installation for the backup tests: ``prepare`` migrates the database of the
environment and files a few issued letters; ``write STOPFILE`` keeps drafting letters with attachments (each in
one transaction, audit events included) until STOPFILE appears, printing ``ready`` after the first ones."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for factories


def prepare() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from records_helpers import make_case_file, make_issued

    from congvan.documents.services import attachment_add
    from congvan.records.services import freeze
    from congvan.vbhc.workflow import Role
    from factories import Agency, make_draft, make_member

    agency = Agency()
    issued = [make_issued(agency, subject=f"Kế hoạch tuyên truyền số {n}") for n in range(3)]
    case_file = make_case_file(agency, *issued)
    admin = make_member(agency.org, Role.ADMIN, full_name="Phạm Quản Trị")
    freeze(actor=admin, reason="Thanh tra", case_file=case_file)
    doc = make_draft(agency, subject="Dự thảo có tệp đính kèm")
    attachment_add(document=doc, actor=agency.drafter, name="phu-luc.txt", content="Phụ lục 1".encode())
    print(json.dumps({"organization": agency.org.pk, "drafter": agency.drafter.pk}))


def write(stop: Path) -> None:
    from django.db import transaction

    from congvan.documents.services import attachment_add, document_create_draft
    from congvan.orgs.models import Membership
    from factories import draft_data

    drafter = Membership.objects.filter(role="specialist").select_related("user", "organization").first()
    assert drafter is not None
    n = 0
    while not stop.exists():
        n += 1
        with transaction.atomic():
            data = draft_data(subject=f"Văn bản viết trong lúc sao lưu {n}")
            doc = document_create_draft(actor=drafter, data=data)
            attachment_add(
                document=doc, actor=drafter, name=f"tep-{n}.bin", content=os.urandom(4096) + str(n).encode()
            )
        if n == 5:
            print("ready", flush=True)
    print(json.dumps({"written": n}), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    if sys.argv[1] == "prepare":
        prepare()
    else:
        write(Path(sys.argv[2]))
