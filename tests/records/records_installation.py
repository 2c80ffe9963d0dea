"""A separate process playing an installation for the backup tests: ``prepare`` loads the demo into the database
of the environment and files its letters in a case file; ``write STOPFILE`` keeps drafting letters with attachments (each in
one transaction, audit events included) until STOPFILE appears, printing ``ready`` after the first ones."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for factories


def prepare() -> None:
    """The demo (``congvan demo``'s data and certificates), plus a case file of its issued letters, frozen."""
    from congvan.commands.demo import setup_database

    setup_database(verbose=False)
    from congvan.documents.models import Document
    from congvan.orgs.models import Membership
    from congvan.records.services import CaseFileData, case_file_add_document, case_file_create, freeze

    clerk = Membership.objects.select_related("user", "organization").get(user__username="vanthu.sotttt")
    admin = Membership.objects.select_related("user", "organization").get(user__username="admin")
    case_file = case_file_create(
        actor=clerk,
        year=2024,
        data=CaseFileData(notation="01.VP", title="Hồ sơ kỷ niệm 70 năm Điện Biên Phủ"),
    )
    for doc in Document.objects.filter(owner=clerk.organization).order_by("pk"):
        case_file_add_document(actor=clerk, case_file=case_file, document=doc)
    freeze(actor=admin, reason="Thanh tra", case_file=case_file)
    print(json.dumps({"organization": clerk.organization_id, "filed": case_file.entries.count()}))


def write(stop: Path) -> None:
    from django.db import transaction

    from congvan.documents.services import attachment_add, document_create_draft
    from congvan.orgs.models import Membership
    from factories import draft_data

    drafter = Membership.objects.select_related("user", "organization").get(
        user__username="chuyenvien.sotttt"
    )
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
