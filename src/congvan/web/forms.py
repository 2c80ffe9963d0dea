"""Forms of the staff interface; they turn what the user typed into the services' typed arguments."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congvan.documents.models import Confidentiality, Document, Urgency
from congvan.documents.selectors import readable_by
from congvan.documents.services import DraftData, RecipientLine, ReferenceData
from congvan.orgs.models import Membership, Organization, Unit
from congvan.orgs.selectors import directory
from congvan.vbhc import doctypes
from congvan.vbhc.workflow import SigningAuthority

REFERENCE_RE = re.compile(
    r"(?P<number>\d+)\s*/\s*(?P<symbol>[^\s,;]+)"
    r"(?:\s*(?:ngày\s*)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))?",
    re.IGNORECASE,
)


def parse_reference(line: str) -> ReferenceData:
    """'219/TTCS-TTTQ ngày 04/4/2024' → number, symbol, date."""
    match = REFERENCE_RE.search(line)
    if not match:
        raise forms.ValidationError(
            _("Không đọc được văn bản dẫn chiếu “%(line)s”; hãy ghi dạng 219/TTCS-TTTQ ngày 04/4/2024."),
            params={"line": line},
        )
    date = None
    if match["y"]:
        try:
            date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise forms.ValidationError(
                _("Ngày của văn bản dẫn chiếu không hợp lệ: %(line)s"), params={"line": line}
            ) from None
    return ReferenceData(number=match["number"], symbol=match["symbol"], date=date)


def _lines(text: str) -> list[str]:
    return [
        line.strip().lstrip("-–•").strip().rstrip(";.").strip()
        for line in (text or "").splitlines()
        if line.strip().lstrip("-–•").strip()
    ]


class DraftForm(forms.Form):
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[(t.code, t.name) for t in doctypes.DOC_TYPES]
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    recipient_orgs = forms.ModelMultipleChoiceField(
        label=_("Kính gửi (chọn trong danh bạ)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    recipient_text = forms.CharField(
        label=_("Kính gửi khác (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    info_orgs = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận để biết (chọn trong danh bạ)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    distribution_text = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi; bắt đầu “Như trên”, kết thúc “Lưu: VT, …”)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    references_text = forms.CharField(
        label=_("Văn bản dẫn chiếu (mỗi dòng một văn bản, ví dụ 219/TTCS-TTTQ ngày 04/4/2024)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referenced_docs = forms.ModelMultipleChoiceField(
        label=_("Văn bản dẫn chiếu trong hệ thống"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    urgency = forms.TypedChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, coerce=int, initial=0)
    confidentiality = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices, coerce=int, initial=0
    )
    due_on = forms.DateField(
        label=_("Hạn xử lý"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    drafting_unit = forms.ModelChoiceField(
        label=_("Đơn vị soạn thảo"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: object, actor: Membership, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        orgs = directory().exclude(pk=actor.organization_id)
        self.fields["recipient_orgs"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["info_orgs"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["drafting_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organization_id=actor.organization_id
        )
        # The latest numbered documents of the agency; older ones are typed as number/symbol/date.
        recent = list(
            readable_by(actor)
            .exclude(symbol="")
            .filter(Q(number__isnull=False) | ~Q(number_text=""))
            .order_by("-issued_on", "-id")
            .values_list("pk", flat=True)[:200]
        )
        refs = self.fields["referenced_docs"]
        refs.queryset = Document.objects.filter(pk__in=recent).order_by("-issued_on", "-id")  # type: ignore[attr-defined]
        refs.label_from_instance = lambda d: f"{d.number_symbol} — {d.subject[:80]}"  # type: ignore[attr-defined]

    def clean_references_text(self) -> list[ReferenceData]:
        return [parse_reference(line) for line in _lines(self.cleaned_data.get("references_text", ""))]

    def to_draft(self) -> DraftData:
        cd = self.cleaned_data
        recipients = [RecipientLine(o.name, [o.pk]) for o in cd["recipient_orgs"]]
        recipients += [RecipientLine(t) for t in _lines(cd["recipient_text"])]
        distribution = [RecipientLine(t) for t in _lines(cd["distribution_text"])]
        info = [RecipientLine(o.name, [o.pk]) for o in cd["info_orgs"]]
        if info:
            # Organisations informed go after "Như trên" and before "Lưu: …", as Phụ lục I lays Nơi nhận out.
            head = [d for d in distribution if d.text.lower().startswith("như trên")]
            tail = [d for d in distribution if d.text.lower().startswith("lưu")]
            middle = [d for d in distribution if d not in head and d not in tail]
            distribution = head + info + middle + tail
        picked = [
            ReferenceData(
                number=d.number_display,
                symbol=d.symbol,
                date=d.issued_on,
                kind=d.type_name,
                issuer_name=d.issuer_name or d.owner.name,
                referenced_id=d.pk,
            )
            for d in cd["referenced_docs"]
        ]
        return DraftData(
            doc_type=cd["doc_type"],
            subject=cd["subject"],
            body=cd["body"],
            urgency=cd["urgency"],
            confidentiality=cd["confidentiality"],
            due_on=cd["due_on"],
            recipients=recipients,
            distribution=distribution,
            references=picked + cd["references_text"],
            drafting_unit_id=cd["drafting_unit"].pk if cd["drafting_unit"] else None,
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(CommentForm):
    authority = forms.ChoiceField(
        label=_("Thẩm quyền ký (Điều 13)"),
        choices=[(a.value, a.value or _("Ký với tư cách người đứng đầu")) for a in SigningAuthority],
        required=False,
    )
    on_behalf_of = forms.CharField(label=_("Ký thay / thay mặt cho (để trống: tự điền)"), required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}))


class DirectForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    lead_user = forms.ModelChoiceField(
        label=_("Người chủ trì"), queryset=Membership.objects.none(), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Hạn giải quyết"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Ý kiến chỉ đạo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, actor: Membership, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = Unit.objects.filter(organization_id=actor.organization_id)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead_user"].queryset = Membership.objects.filter(  # type: ignore[attr-defined]
            organization_id=actor.organization_id
        ).select_related("user", "organization")
        self.fields["lead_user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.user.get_full_name() or m.user.username} — {m.title}"
        )


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reply_document = forms.IntegerField(label=_("Văn bản trả lời (mã số trong hệ thống)"), required=False)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên mã truy cập"), max_length=100)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản đến (PDF, Word, ảnh quét, văn bản)"))


class IncomingFieldsForm(forms.Form):
    """The reader's proposal of an incoming document's fields, for the clerk to check (Phụ lục VI III.1.g)."""

    token = forms.CharField(widget=forms.HiddenInput)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[(t.code, t.name) for t in doctypes.DOC_TYPES]
    )
    number_text = forms.CharField(label=_("Số"), max_length=16, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    subject = forms.CharField(label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    signing_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    urgency = forms.TypedChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, coerce=int, initial=0)
    confidentiality = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices, coerce=int, initial=0
    )
