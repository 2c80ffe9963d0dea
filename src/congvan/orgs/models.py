"""Organisations, their units, and the people who work in them with a role (DESIGN §2)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvan.vbhc.workflow import Role


class User(AbstractUser):
    """A person who signs in. Vietnamese names are kept whole ("Lê Hải Yến"): family name first, given name last,
    which Django's first/last name fields would print the wrong way round."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")  # type: ignore[assignment]
        verbose_name_plural = _("người dùng")  # type: ignore[assignment]
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else super().get_short_name()


class Organization(models.Model):
    """An agency (cơ quan, tổ chức); ``parent`` forms the tree central → province → department → …"""

    code = models.CharField(_("mã định danh"), max_length=32, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    abbreviation = models.CharField(_("chữ viết tắt"), max_length=32)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    parent_name = models.CharField(
        _("cơ quan chủ quản (dòng trên tên cơ quan)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: UBND TỈNH LẠNG SƠN"),
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit inside an agency (phòng, văn phòng, trung tâm …)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="units", verbose_name=_("cơ quan")
    )
    code = models.CharField(_("chữ viết tắt"), max_length=32)
    name = models.CharField(_("tên đơn vị"), max_length=255)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="unit_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.short_name or self.organization.abbreviation})"


class Membership(models.Model):
    """A person's place in an agency: unit, role and title. A user acts through one membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cơ quan")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(
        _("vai trò"),
        max_length=20,
        choices=[
            (Role.CLERK.value, _("Văn thư")),
            (Role.SPECIALIST.value, _("Chuyên viên")),
            (Role.UNIT_HEAD.value, _("Lãnh đạo phòng")),
            (Role.LEADER.value, _("Lãnh đạo cơ quan")),
            (Role.ADMIN.value, _("Quản trị")),
        ],
    )
    title = models.CharField(_("chức vụ"), max_length=120, blank=True, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC"))
    is_head = models.BooleanField(_("người đứng đầu cơ quan"), default=False)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"
