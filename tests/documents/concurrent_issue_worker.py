"""A clerk in its own OS process, issuing signed documents on one register while others do the same.

Used by ``test_concurrent_numbering.py``, which also imports ``prepare`` from here; not a test module itself.

    concurrent_issue_worker.py --clerk ID --ids FILE --ready FILE --go FILE

connects, touches the ready file, waits for the go file, then calls ``document_issue`` on every id of the JSON
list in FILE and prints one JSON line: the numbers received, the failures, when it started and finished.
The database comes from ``CONGVAN_DATABASE_URL`` as for the application itself.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

START_TIMEOUT_SECONDS = 60.0


def prepare(count: int) -> dict[str, Any]:
    """One agency with a clerk and ``count`` letters already signed, written with bulk_create for speed.

    Runs in the test process, in the test database. Each letter has the lines of the factories' letter
    (Kính gửi, "Như trên", "Lưu: VT, TTBCXB"), so the format check before the number passes, but names no
    organisation of the directory: issuing it delivers nothing and the race is about numbering alone.
    Returns the clerk's membership id and the letters' ids.
    """
    from django.utils import timezone

    from congvan.documents.models import Document, Recipient
    from congvan.vbhc import numbering
    from congvan.vbhc.workflow import Role, State
    from factories import draft_data, make_member, make_org, make_unit

    org = make_org("Sở Thông tin và Truyền thông", abbreviation="STTTT")
    unit = make_unit(org, "TTBCXB")
    clerk = make_member(org, Role.CLERK, title="VĂN THƯ")
    deputy = make_member(org, Role.LEADER, title="PHÓ GIÁM ĐỐC", full_name="Lê Hải Yến")
    data = draft_data()
    symbol = numbering.compose_symbol(
        type_code=data.doc_type, agency_abbreviation=org.abbreviation, unit_code=unit.code
    )
    now = timezone.now()
    letters = Document.objects.bulk_create(
        Document(
            owner=org,
            direction="out",
            state=State.SIGNED,
            doc_type=data.doc_type,
            symbol=symbol,
            subject=f"{data.subject} ({i + 1})",
            body=data.body,
            place=org.place,
            drafting_unit=unit,
            signer=deputy.user,
            signer_name="Lê Hải Yến",
            signer_title="PHÓ GIÁM ĐỐC",
            signing_authority="KT. GIÁM ĐỐC",
            signed_at=now,
        )
        for i in range(count)
    )
    Recipient.objects.bulk_create(
        Recipient(document=letter, kind=kind, position=pos, text=line.text)
        for letter in letters
        for kind, lines in (
            (Recipient.Kind.ACTION, data.recipients),
            (Recipient.Kind.INFO, data.distribution),
        )
        for pos, line in enumerate(lines)
    )
    return {"clerk": clerk.pk, "ids": [d.pk for d in letters]}


def _wait_for(path: Path, deadline: float) -> None:
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no start signal at {path}")
        time.sleep(0.002)


def _import_services() -> None:
    """Import every app's services now: the issue imports some lazily, and that must not happen in the race."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for app in apps.get_app_configs():
        if find_spec(f"{app.name}.services") is not None:
            import_module(f"{app.name}.services")


def issue_all(clerk_id: int, ids: list[int], ready: Path, go: Path) -> dict[str, Any]:
    """Issue every letter in ``ids`` as the clerk; the first call waits at the start barrier."""
    from django.db import connection

    from congvan.documents.services import document_issue
    from congvan.orgs.models import Membership

    clerk = Membership.objects.select_related("organization", "user", "unit").get(pk=clerk_id)
    _import_services()
    connection.ensure_connection()  # connect before the barrier, so the race starts with the first issue
    ready.touch()
    _wait_for(go, time.monotonic() + START_TIMEOUT_SECONDS)
    started = time.time()
    issued: list[list[int | None]] = []
    errors: list[str] = []
    from congvan.documents.models import Document

    for pk in ids:
        try:
            doc = document_issue(document=Document(pk=pk), actor=clerk)
        except Exception as error:  # report every failure to the test instead of stopping at the first
            errors.append(f"{pk}: {type(error).__name__}: {error}")
        else:
            issued.append([doc.pk, doc.number])
    return {
        "pid": os.getpid(),
        "started": started,
        "finished": time.time(),
        "issued": issued,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clerk", type=int, required=True, help="the clerk's membership id")
    parser.add_argument("--ids", type=Path, required=True, help="a JSON file with the list of document ids")
    parser.add_argument("--ready", type=Path, required=True, help="touched when connected and ready")
    parser.add_argument(
        "--go", type=Path, required=True, help="the start signal: issuing begins when it exists"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    print(json.dumps(issue_all(args.clerk, json.loads(args.ids.read_text()), args.ready, args.go)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
