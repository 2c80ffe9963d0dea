from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congvan.documents.errors import InvalidInput

from .models import Membership, Organization, Unit, User
from .services import CSV_COLUMNS, organizations_import_csv


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class CsvImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp CSV"))


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "abbreviation", "parent", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "code", "short_name", "abbreviation")
    list_filter = ("is_active",)
    autocomplete_fields = ("parent",)
    inlines = [UnitInline]
    change_list_template = "admin/orgs/organization/change_list.html"

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv), name="orgs_organization_import")
        ] + super().get_urls()

    def import_csv(self, request: HttpRequest) -> HttpResponse:
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = organizations_import_csv(form.cleaned_data["file"].read())
            except InvalidInput as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request,
                    _("Đã nhập: %(c)d cơ quan mới, %(u)d cơ quan cập nhật.")
                    % {"c": result.created, "u": result.updated},
                )
                return redirect("admin:orgs_organization_changelist")
        return render(
            request,
            "admin/orgs/organization/import.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "columns": CSV_COLUMNS,
                "title": _("Nhập cơ quan từ CSV"),
                "opts": self.model._meta,
            },
        )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "organization")
    list_select_related = ("organization",)
    search_fields = ("name", "code", "organization__name")
    autocomplete_fields = ("organization",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "unit", "role", "title", "is_head")
    list_select_related = ("user", "organization", "unit")
    list_filter = ("role", "is_head")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organization__name")
    autocomplete_fields = ("user", "organization", "unit")


@admin.register(User)
class CongvanUserAdmin(UserAdmin):
    fieldsets = (  # type: ignore[assignment]
        (None, {"fields": ("username", "password", "full_name", "email")}),
        *tuple(UserAdmin.fieldsets or ())[2:],
    )
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
