"""The demo's campaign half-way (issue 5): an earlier letter of the Sở, like the sample, with a request and a
report form, issued to the 11 district culture offices last December and carried down to the centres and the
commune radio stations. Some districts are done with their communes' figures, some overdue, and one commune
radio station reported late.

Everything goes through the services, each step on the day it happened: the clock is set back for the
duration of each step (``django.utils.timezone.now``). The letter is in last year's register, so the sample
letter still takes number 01 of this year when the demo walk issues it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from congvan.directives.models import Assignment, Directive
from congvan.directives.services import (
    CascadeTarget,
    DirectiveData,
    Figure,
    assignment_cascade,
    directive_add,
    incoming_direct,
    report_accept,
    report_submit,
)
from congvan.documents.incoming import incoming_register
from congvan.documents.models import Document
from congvan.documents.services import (
    DraftData,
    RecipientLine,
    document_approve,
    document_create_draft,
    document_issue,
    document_sign,
    document_submit,
)
from congvan.orgs.models import Membership, Organization
from congvan.vbhc.workflow import SigningAuthority

FORM = [
    Figure("tin_bai", "Tin, bài đã đăng", "tin, bài", "integer"),
    Figure("phut_phat_thanh", "Thời lượng phát thanh", "phút", "decimal"),
    Figure("su_kien", "Sự kiện, hoạt động đã tổ chức", "sự kiện", "integer"),
    Figure("buoi_loa", "Buổi phát loa truyền thanh", "buổi", "integer"),
]
SUBJECT = (
    "Tuyên truyền kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam (22/12) và Ngày hội Quốc phòng toàn dân"
)
DONE = 5  # the first five districts reported everything, with their communes
PARTLY = 3  # the next three: communes reported, the office not yet — overdue now
LATE_COMMUNE = (2, 1)  # district index, commune index: reported two days after its deadline


@contextmanager
def on_day(day: dt.date, hour: int = 9) -> Iterator[None]:
    """Run the services as on ``day`` at ``hour`` local time."""
    at = dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def member(username: str) -> Membership:
    return Membership.objects.select_related("organization", "user", "unit").get(user__username=username)


def sample_letter_request(*, letter: Document, drafter: Membership) -> Directive:
    """The sample letter's own request ("báo cáo kết quả ... khi có yêu cầu"), attached while it is drafted."""
    return directive_add(
        document=letter,
        actor=drafter,
        data=DirectiveData(
            title="Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ; Lễ phát động phong trào thi đua "
            "“Xoá nhà tạm, nhà dột nát”",
            detail="Phòng Văn hóa và Thông tin đôn đốc, hướng dẫn Trung tâm VHTTTT và Đài Truyền thanh cấp xã "
            "tuyên truyền; báo cáo kết quả khi có yêu cầu.",
            deadline=timezone.localdate() + dt.timedelta(days=30),
            form=FORM,
        ),
    )


def figures(seed: int, scale: int = 1) -> dict[str, object]:
    return {
        "tin_bai": (seed % 5 + 2) * scale,
        "phut_phat_thanh": f"{(seed % 7 + 3) * 7.5 * scale:.1f}",
        "su_kien": (seed % 3) * scale,
        "buoi_loa": (seed % 4 + 2) * scale,
    }


def load_campaign(
    *,
    so: Organization,
    offices: list[Organization],
    ubnds: list[Organization],
    district_slugs: list[str],
    commune_slugs: list[list[str]],
) -> Document:
    today = timezone.localdate()
    start = dt.date(today.year - 1, 12, 1)
    drafter, head_unit = member("chuyenvien.sotttt"), member("truongphong.sotttt")
    deputy, clerk = member("lhyen"), member("vanthu.sotttt")
    with on_day(start):
        draft = document_create_draft(
            actor=drafter,
            data=DraftData(
                doc_type="CV",
                subject=SUBJECT,
                body="Thực hiện Hướng dẫn của Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông đề nghị "
                "Phòng Văn hóa và Thông tin các huyện, thành phố chỉ đạo Trung tâm Văn hóa, Thể thao và "
                "Truyền thông, Đài Truyền thanh cấp xã tuyên truyền kỷ niệm Ngày thành lập Quân đội nhân dân "
                "Việt Nam và Ngày hội Quốc phòng toàn dân; báo cáo kết quả trước ngày 22/12.",
                recipients=[
                    RecipientLine("Phòng Văn hóa và Thông tin các huyện, thành phố", [o.pk for o in offices])
                ],
                distribution=[
                    RecipientLine("Như trên"),
                    RecipientLine("UBND các huyện, thành phố", [o.pk for o in ubnds]),
                    RecipientLine("Lưu: VT, TTBCXB (ĐTT)"),
                ],
            ),
        )
        directive_add(
            document=draft,
            actor=drafter,
            data=DirectiveData(
                title=SUBJECT,
                detail="Đôn đốc Trung tâm VHTTTT và Đài Truyền thanh cấp xã; báo cáo số liệu theo mẫu.",
                deadline=start + dt.timedelta(days=21),
                form=FORM,
                remind_days=3,
            ),
        )
        document_submit(document=draft, actor=drafter)
        document_approve(document=draft, actor=head_unit)
        document_sign(document=draft, actor=deputy, authority=SigningAuthority.KT)
        letter = document_issue(document=draft, actor=clerk)
    tops = {a.organization_id: a for a in Assignment.objects.filter(directive__document=letter, depth=0)}
    for i, (office, s) in enumerate(zip(offices, district_slugs, strict=True)):
        top = tops[office.pk]
        office_clerk, office_head = member(f"vanthu.vhtt.{s}"), member(f"lanhdao.vhtt.{s}")
        with on_day(start + dt.timedelta(days=1), 8):
            assert top.incoming is not None
            copy = incoming_register(document=top.incoming, actor=office_clerk)
            incoming_direct(
                document=copy,
                actor=office_head,
                lead_user_id=member(f"chuyenvien.vhtt.{s}").user_id,
                deadline=top.deadline,
                note="Giao chuyên viên theo dõi, đôn đốc Trung tâm và các Đài Truyền thanh xã.",
            )
        if i >= DONE + PARTLY:
            continue  # the last districts have not started: overdue now
        centre = Organization.objects.get(code=office.code.replace("000.01.", "000.02."))
        centre_head = Membership.objects.get(organization=centre, is_head=True)
        with on_day(start + dt.timedelta(days=2)):
            (centre_a,) = assignment_cascade(
                assignment=top,
                actor=office_head,
                targets=[CascadeTarget(organization_id=centre.pk)],
                deadline=start + dt.timedelta(days=16),
                detail="Trung tâm xây dựng chương trình phát thanh, tổ chức hoạt động; hướng dẫn Đài xã.",
            )
        with on_day(start + dt.timedelta(days=3)):
            commune_as = assignment_cascade(
                assignment=centre_a,
                actor=centre_head,
                targets=[CascadeTarget(organization_id=o.pk) for o in centre.children.order_by("code")],
                deadline=start + dt.timedelta(days=12),
                detail="Phát sóng chương trình, tiếp âm Đài tỉnh; phát loa truyền thanh tại thôn, bản.",
            )
        for j, (a, cs) in enumerate(
            zip(sorted(commune_as, key=lambda x: x.organization.code), commune_slugs[i], strict=True)
        ):
            late = (i, j) == LATE_COMMUNE
            day = start + dt.timedelta(days=14 if late else 8 + j)
            with on_day(day, 16):
                report_submit(
                    assignment=a,
                    actor=member(f"vanthu.dtt.{cs}"),
                    figures=figures(i * 3 + j),
                    text="Đã phát sóng các chương trình và phát loa tại các thôn, bản theo kế hoạch.",
                )
            with on_day(day + dt.timedelta(days=1)):
                report_accept(assignment=Assignment.objects.get(pk=a.pk), actor=centre_head)
        if i >= DONE:
            continue  # communes done, the centre and the office still owe their reports
        with on_day(start + dt.timedelta(days=15), 10):
            report_submit(
                assignment=Assignment.objects.get(pk=centre_a.pk),
                actor=Membership.objects.get(organization=centre, role="clerk"),
                figures=figures(i + 11, 2),
                text="Trung tâm đã xây dựng chuyên mục, tổ chức giao lưu văn nghệ chào mừng.",
            )
        with on_day(start + dt.timedelta(days=16)):
            report_accept(assignment=Assignment.objects.get(pk=centre_a.pk), actor=office_head)
        with on_day(start + dt.timedelta(days=18 + i % 3), 15):
            report_submit(
                assignment=Assignment.objects.get(pk=top.pk),
                actor=office_clerk,
                figures=figures(i + 23),
                text="Phòng đã đăng tải tin, bài trên trang thông tin điện tử của huyện.",
            )
        if i < DONE - 1:  # the last of them is still waiting for the Sở to look at it
            with on_day(start + dt.timedelta(days=22)):
                report_accept(assignment=Assignment.objects.get(pk=top.pk), actor=deputy)
    return letter
