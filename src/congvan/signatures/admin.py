"""Administrators upload certificates (PKCS#12) for people and agencies; they are stored encrypted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from congvan.documents.errors import InvalidInput

from . import services
from .models import SigningCertificate


class CertificateUploadForm(forms.ModelForm):  # type: ignore[type-arg]
    pkcs12_file = forms.FileField(label=_("Tệp chứng thư số (.p12, .pfx)"))
    passphrase = forms.CharField(label=_("Mật khẩu của tệp"), widget=forms.PasswordInput, required=False)
    image_file = forms.FileField(
        label=_("Ảnh chữ ký (người ký) hoặc con dấu (cơ quan), PNG nền trong suốt"), required=False
    )

    class Meta:
        model = SigningCertificate
        fields = ["user", "organization"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("pkcs12_file")
        if upload is None:
            return data
        image = data.get("image_file")
        try:
            self.instance = services.certificate_store(
                pkcs12=upload.read(),
                passphrase=data.get("passphrase") or "",
                user=data.get("user"),
                organization=data.get("organization"),
                image=image.read() if image else b"",
            )
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def save(self, commit: bool = True) -> SigningCertificate:
        return self.instance  # stored by certificate_store in clean()

    def save_m2m(self) -> None:
        return None


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["subject", "user", "organization", "not_after", "active", "uploaded_at"]
    list_filter = ["active"]
    search_fields = ["subject", "user__username", "organization__name"]
    readonly_fields = ["subject", "issuer", "serial", "not_before", "not_after", "uploaded_at"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = CertificateUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "organization", "pkcs12_file", "passphrase", "image_file"]
        return ["user", "organization", "active", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "user", "organization"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: SigningCertificate, form: Any, change: bool) -> None:
        if change:
            obj.save()
