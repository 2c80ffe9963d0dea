"""Forms of the drafting pages: they turn what the user typed into the services' typed arguments."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvan.orgs.models import Membership, Organization, Unit
from congvan.orgs.selectors import directory

from .models import Mode, Verdict
from .services import PartySpec


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: object) -> str:
        m = obj  # a Membership
        assert isinstance(m, Membership)
        name = m.user.get_full_name() or m.user.get_username()
        return f"{name} — {m.title or m.get_role_display()}{f' ({m.unit.code})' if m.unit else ''}"


class ConsultationForm(forms.Form):
    mode = forms.ChoiceField(label=_("Cách xin ý kiến"), choices=Mode.choices, initial=Mode.PARALLEL)
    people = _PersonChoice(
        label=_("Người được xin ý kiến"), queryset=Membership.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được xin ý kiến"), queryset=Unit.objects.none(), required=False
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Cơ quan khác (gửi công văn xin ý kiến)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    deadline = forms.DateField(label=_("Hạn góp ý"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Nội dung đề nghị góp ý"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, actor: Membership, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        org = actor.organization_id
        self.fields["people"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(organization_id=org)
            .exclude(user_id=actor.user_id)
            .select_related("user", "unit")
            .order_by("user__full_name")
        )
        self.fields["units"].queryset = Unit.objects.filter(organization_id=org).order_by("name")  # type: ignore[attr-defined]
        self.fields["organizations"].queryset = directory().exclude(pk=org)  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + dt.timedelta(days=5)

    def parties(self) -> list[PartySpec]:
        d = self.cleaned_data["deadline"]
        return (
            [PartySpec(deadline=d, user_id=m.user_id) for m in self.cleaned_data["people"]]
            + [PartySpec(deadline=d, unit_id=u.pk) for u in self.cleaned_data["units"]]
            + [PartySpec(deadline=d, organization_id=o.pk) for o in self.cleaned_data["organizations"]]
        )


class OpinionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Ý kiến"), choices=Verdict.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Nội dung góp ý"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    consultee = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Tiếp thu, giải trình"), widget=forms.Textarea(attrs={"rows": 2}))


User = get_user_model()
