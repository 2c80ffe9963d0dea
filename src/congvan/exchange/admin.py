"""Administrators keep the list of peers (other installations) and watch the outbox and the inbox."""

from __future__ import annotations

from django.contrib import admin

from .models import ChangeRequest, InboxReceipt, OutboxMessage, Peer, Tombstone


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "is_active")
    search_fields = ("name", "organ_ids", "url")
    exclude = ("lease_until",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "peer", "kind", "summary", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("kind", "peer")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False


@admin.register(InboxReceipt)
class InboxReceiptAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "peer", "received_at")
    search_fields = ("key",)
    readonly_fields = ("key", "kind", "peer", "received_at")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ("document_id", "kind", "organization", "answer", "created_at", "answered_at")
    list_filter = ("kind", "answer")
    readonly_fields = [f.name for f in ChangeRequest._meta.fields]


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ("document_id", "number_symbol", "organization", "destroyed_at")
    readonly_fields = [f.name for f in Tombstone._meta.fields]
