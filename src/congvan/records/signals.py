"""Take the fingerprint of a document's issued form when it is issued (outgoing) or registered (incoming)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from congvan.documents.models import Document
from congvan.vbhc.workflow import State

from .integrity import fingerprint
from .models import IssuedFingerprint

FINGERPRINTED_STATES = {State.ISSUED.value, State.REGISTERED.value}


@receiver(post_save, sender=Document, dispatch_uid="records_issued_fingerprint")
def take_fingerprint(sender: type[Document], instance: Document, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.state not in FINGERPRINTED_STATES:
        return
    # Only the first time: a later save must not move the reference the verification compares with. One
    # INSERT … ON CONFLICT DO NOTHING (the document is unique), not get_or_create's SELECT, savepoint, INSERT
    # and release at every issue and registration (issue 10).
    IssuedFingerprint.objects.bulk_create(
        [IssuedFingerprint(document=instance, sha256=fingerprint(instance))], ignore_conflicts=True
    )
