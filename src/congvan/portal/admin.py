from django.contrib import admin

from .models import Category, Publication


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: publishing and withdrawing go through the document page, which checks and logs them."""

    list_display = ["document", "category", "published_at", "withdrawn_at"]
    list_filter = ["category"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
