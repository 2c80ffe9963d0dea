from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Document, Event, Register


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "direction", "year", "series", "next_number")
    list_filter = ("direction", "year", "series")
    list_select_related = ("organization",)
    # The next number moves only through issue and registration, under a lock (Điều 15).
    readonly_fields = ("next_number",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "direction", "state", "issued_on")
    list_filter = ("direction", "state", "doc_type")
    list_select_related = ("owner",)
    search_fields = ("subject", "symbol", "document_id")
    # Documents change only through the workflow's services, never by editing rows (DESIGN §5 decision 3).
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Administrators manage users and settings; they read documents only where they are granted, through
        # the staff pages and their permission rule (docs/security.md), never wholesale here.
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("at", "organization", "actor", "action", "document", "ip")
    list_select_related = ("organization", "actor", "document")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
