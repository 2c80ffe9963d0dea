"""One Công Văn installation driven from a test, in its own OS process (database from CONGVAN_DATABASE_URL,
files and key in CONGVAN_DATA_DIR). Not a test module; used by the two-installation and fault tests and by
``bench/bench_exchange.py``. Each command prints one JSON object.

    init                          migrate and load the demo chain (the sample letter signed, waiting for issue)
    issue                         the clerk of the Sở issues the sample letter
    issue-many N                  N more letters to the Báo, issued one by one (each writes the outbox)
    act DOCUMENT_ID WHO:ACTION... clerks/leaders of the Báo or the Đài act on their incoming copies, in order
                                  (register, refuse, direct, progress, complete, agree-recall, refuse-recall)
    recall DOCUMENT_ID            the Sở's clerk recalls the letter
    state DOCUMENT_ID             deliveries, incoming copies, tombstones, requests about one document
    census                        counts for the fault test: incoming copies by document id, deliveries by status
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

SO, BAO, DAI = "000.00.25.H33", "000.00.40.H33", "000.00.41.H33"
PEOPLE = {
    "so-clerk": "vanthu.sotttt",
    "bao-clerk": "vanthu.baols",
    "bao-leader": "lanhdao.baols",
    "dai-clerk": "vanthu.daipt",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()


def _member(who: str) -> Any:
    from congvan.orgs.models import Membership

    return Membership.objects.select_related("organization", "user").get(user__username=PEOPLE[who])


def init() -> dict[str, Any]:
    from django.core.management import call_command

    from congvan.demo.data import load_demo
    from congvan.exchange import keys

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    return {"key": keys.public_key_text()}


def _sample() -> Any:
    from congvan.documents.models import Document

    return Document.objects.filter(owner__code=SO, direction="out", state="signed").order_by("pk").first()


def issue() -> dict[str, Any]:
    from congvan.documents.services import document_issue

    doc = document_issue(document=_sample(), actor=_member("so-clerk"))
    return {"document_id": doc.document_id, "attachments": [a.sha256 for a in doc.attachments.all()]}


def issue_many(count: int) -> dict[str, Any]:
    """Letters to the Báo, signed in bulk, then issued one by one through document_issue."""
    from django.db import transaction
    from django.utils import timezone

    from congvan.documents.models import Document, Recipient
    from congvan.documents.services import document_issue
    from congvan.orgs.models import Organization

    # the sample letter is the model, whether or not it was issued (and even recalled) meanwhile
    sample = (
        _sample()
        or Document.objects.filter(owner__code=SO, direction="out", signer__isnull=False)
        .order_by("pk")
        .first()
    )
    bao = Organization.objects.get(code=BAO)
    lines = [r for r in sample.recipients.all() if r.kind == "info"]  # Như trên; …; Lưu: VT, TTBCXB (ĐTT)
    now = timezone.now()
    with transaction.atomic():
        letters = Document.objects.bulk_create(
            Document(
                owner=sample.owner,
                direction="out",
                state="signed",
                doc_type="CV",
                place=sample.place,
                subject=f"Công văn thử liên thông số {i}",
                body=sample.body,
                symbol=sample.symbol,
                drafting_unit=sample.drafting_unit,
                drafter=sample.drafter,
                drafter_initials=sample.drafter_initials,
                signer=sample.signer,
                signer_name=sample.signer_name,
                signer_title=sample.signer_title,
                signing_authority=sample.signing_authority,
                signed_at=now,
            )
            for i in range(count)
        )
        to_bao = Recipient.objects.bulk_create(
            Recipient(document=d, kind="action", position=0, text=bao.name) for d in letters
        )
        Recipient.objects.bulk_create(
            Recipient(document=d, kind="info", position=line.position, text=line.text)
            for d in letters
            for line in lines
        )
        Recipient.organizations.through.objects.bulk_create(
            Recipient.organizations.through(recipient=line, organization=bao) for line in to_bao
        )
    clerk = _member("so-clerk")
    ids = [document_issue(document=d, actor=clerk).document_id for d in letters]
    return {"document_ids": ids}


def act_all(document_id: str, steps: list[str]) -> dict[str, Any]:
    done = {}
    for step in steps:
        who, action = step.split(":", 1)
        done[step] = act(who, action, document_id)
    return done


def act(who: str, action: str, document_id: str) -> dict[str, Any]:
    from congvan.directives.services import incoming_complete, incoming_direct, incoming_progress
    from congvan.documents.incoming import incoming_refuse, incoming_register
    from congvan.documents.models import Document
    from congvan.exchange.changes import change_answer, pending_changes

    actor = _member(who)
    if action in ("agree-recall", "refuse-recall"):
        changes = [c for c in pending_changes(actor.organization) if c.document_id == document_id]
        for change in changes:
            if action == "agree-recall":
                change_answer(change=change, actor=actor, agree=True)
            else:
                change_answer(change=change, actor=actor, agree=False, note="Văn bản đã được triển khai")
        return {"answered": len(changes)}
    copy = Document.objects.get(direction="in", document_id=document_id, owner=actor.organization)
    if action == "register":
        incoming_register(document=copy, actor=actor)
    elif action == "refuse":
        incoming_refuse(document=copy, actor=actor, reason="Không thuộc thẩm quyền giải quyết của Đài")
    elif action == "direct":
        incoming_direct(document=copy, actor=actor, lead_user_id=actor.user_id, note="Ban Thời sự thực hiện")
    elif action == "progress":
        incoming_progress(document=copy, actor=actor, text="Đã đăng 3 bài tuyên truyền")
    elif action == "complete":
        incoming_complete(document=copy, actor=actor, text="Đã hoàn thành tuyên truyền")
    else:
        raise SystemExit(f"unknown action {action}")
    return {"state": Document.objects.get(pk=copy.pk).state}


def recall(document_id: str) -> dict[str, Any]:
    from congvan.documents.models import Document
    from congvan.exchange.changes import document_recall

    doc = Document.objects.get(direction="out", document_id=document_id)
    doc = document_recall(document=doc, actor=_member("so-clerk"), reason="Ban hành chưa đúng thể thức")
    return {"state": doc.state}


def state(document_id: str) -> dict[str, Any]:
    from congvan.documents.models import Document
    from congvan.exchange.models import ChangeRequest, Delivery, OutboxMessage, Tombstone

    return {
        "deliveries": {
            d.recipient.code: d.status
            for d in Delivery.objects.filter(outgoing__document_id=document_id).select_related("recipient")
        },
        "outgoing_state": Document.objects.filter(direction="out", document_id=document_id)
        .values_list("state", flat=True)
        .first(),
        "copies": [
            {
                "owner": c.owner.code,
                "state": c.state,
                "files": sorted(a.sha256 for a in c.attachments.all()),
                "subject": c.subject,
                "number_symbol": c.number_symbol,
                "signer": c.signing_authority,
            }
            for c in Document.objects.filter(direction="in", document_id=document_id).select_related("owner")
        ],
        "tombstones": list(
            Tombstone.objects.filter(document_id=document_id).values_list("organization__code", flat=True)
        ),
        "pending": list(
            ChangeRequest.objects.filter(document_id=document_id, answer="").values_list(
                "organization__code", flat=True
            )
        ),
        "outbox_waiting": OutboxMessage.objects.filter(delivered_at__isnull=True).count(),
    }


def census() -> dict[str, Any]:
    from congvan.documents.models import Document
    from congvan.exchange.models import Delivery, OutboxMessage

    copies = Counter(
        Document.objects.filter(direction="in", owner__code=BAO).values_list("document_id", flat=True)
    )
    return {
        "copies": dict(copies),
        "deliveries": dict(
            Counter(Delivery.objects.filter(recipient__code=BAO).values_list("status", flat=True))
        ),
        "outbox_waiting": OutboxMessage.objects.filter(delivered_at__isnull=True).count(),
        "outbox_attempts": sum(OutboxMessage.objects.values_list("attempts", flat=True)),
    }


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    _setup()
    command, *rest = argv
    handlers = {
        "init": lambda: init(),
        "issue": lambda: issue(),
        "issue-many": lambda: issue_many(int(rest[0])),
        "act": lambda: act_all(rest[0], rest[1:]),
        "recall": lambda: recall(rest[0]),
        "state": lambda: state(rest[0]),
        "census": lambda: census(),
    }
    print(json.dumps(handlers[command](), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
