"""Signals of the documents context that Django's model signals do not cover."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``ids`` (the primary keys) after documents are written with ``bulk_create``, which sends no
# ``post_save``: the incoming copies of an exchange, one per recipient. The search index listens.
documents_bulk_created = Signal()
