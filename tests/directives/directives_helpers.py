"""The sample letter's chain for the directives tests (imported by name: pytest's conftest modules share one name): the Sở, 11 districts (People's Committee, culture office,
culture-sport-media centre), two commune radio stations under each centre; a leader and a clerk in each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from congvan.directives.models import Directive
from congvan.directives.services import DirectiveData, Figure, directive_add
from congvan.documents.models import Document
from congvan.documents.services import document_approve, document_issue, document_sign, document_submit
from congvan.orgs.models import Membership, Organization
from congvan.vbhc.workflow import Role, SigningAuthority
from factories import Agency, make_draft, make_member, make_org

DISTRICTS = 11
COMMUNES_PER_CENTRE = 2

FORM = [
    Figure("tin_bai", "Tin, bài đã đăng", "tin, bài", "integer"),
    Figure("phut_phat_song", "Thời lượng phát sóng", "phút", "decimal"),
    Figure("su_kien", "Sự kiện đã tổ chức", "sự kiện", "integer"),
    Figure("luot_loa", "Buổi phát loa truyền thanh", "buổi", "integer"),
]


@dataclass
class Place:
    org: Organization
    leader: Membership
    clerk: Membership


@dataclass
class District:
    ubnd: Place
    office: Place  # Phòng Văn hóa và Thông tin: the letter's recipient
    centre: Place  # Trung tâm VHTTTT: beside the office, under the same UBND
    communes: list[Place] = field(default_factory=list)


@dataclass
class Chain:
    so: Agency
    districts: list[District]

    @property
    def offices(self) -> list[Organization]:
        return [d.office.org for d in self.districts]


def place(name: str, parent: Organization | None, abbreviation: str) -> Place:
    org = make_org(name, abbreviation=abbreviation, parent=parent)
    return Place(
        org,
        make_member(org, Role.LEADER, title="TRƯỞNG", is_head=True, full_name=f"Lãnh đạo {name}"),
        make_member(org, Role.CLERK, title="VĂN THƯ", full_name=f"Văn thư {name}"),
    )


def build_chain(districts: int = DISTRICTS, communes: int = COMMUNES_PER_CENTRE) -> Chain:
    province = make_org("Ủy ban nhân dân tỉnh Lạng Sơn", abbreviation="UBND")
    so = Agency(parent=province)
    out = []
    for i in range(1, districts + 1):
        ubnd = place(f"UBND huyện {i}", province, "UBND")
        d = District(
            ubnd=ubnd,
            office=place(f"Phòng VH&TT huyện {i}", ubnd.org, "VHTT"),
            centre=place(f"Trung tâm VHTTTT huyện {i}", ubnd.org, "TTVHTTTT"),
        )
        d.communes = [place(f"Đài TT xã {i}.{j}", d.centre.org, "DTT") for j in range(1, communes + 1)]
        out.append(d)
    return Chain(so, out)


def deadline(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def issue_campaign(
    chain: Chain, *, days: int = 10, organization_ids: list[int] | None = None
) -> tuple[Document, Directive]:
    """The Sở's letter to the culture offices, drafted with one request (propaganda, the four figures),
    checked, signed and issued: each office gets its assignment."""
    so = chain.so
    draft = make_draft(so, *chain.offices)
    directive = directive_add(
        document=draft,
        actor=so.drafter,
        data=DirectiveData(
            title="Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
            deadline=deadline(days),
            organization_ids=organization_ids,
            form=FORM,
        ),
    )
    document_submit(document=draft, actor=so.drafter)
    document_approve(document=draft, actor=so.unit_head)
    document_sign(document=draft, actor=so.deputy, authority=SigningAuthority.KT)
    return document_issue(document=draft, actor=so.clerk), directive
