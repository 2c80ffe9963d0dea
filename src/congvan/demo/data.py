"""The demo installation: the sample letter's chain of agencies, people for every role, and its documents.

Loaded through the same services users go through, so the demo shows what the system really does.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from importlib import resources

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from congvan.demo.campaign import load_campaign, sample_letter_request
from congvan.directives.services import incoming_direct, incoming_progress
from congvan.documents import storage
from congvan.documents.incoming import incoming_register
from congvan.documents.services import (
    DraftData,
    RecipientLine,
    ReferenceData,
    document_approve,
    document_create_draft,
    document_sign,
    document_submit,
)
from congvan.exchange.envelope import Envelope, EnvelopeFile
from congvan.exchange.services import receive
from congvan.orgs.models import Membership, Organization, Unit
from congvan.vbhc.workflow import Role, SigningAuthority

DEMO_PASSWORD = "congvan-demo"

DISTRICTS: list[tuple[str, str, tuple[str, str]]] = [
    # (name, kind, two communes with their radio stations)
    ("Lạng Sơn", "thành phố", ("xã Mai Pha", "xã Hoàng Đồng")),
    ("Tràng Định", "huyện", ("xã Đại Đồng", "xã Kháng Chiến")),
    ("Văn Lãng", "huyện", ("xã Hoàng Văn Thụ", "xã Tân Mỹ")),
    ("Văn Quan", "huyện", ("xã Tràng Các", "xã Tân Đoàn")),
    ("Bình Gia", "huyện", ("xã Hồng Phong", "xã Tô Hiệu")),
    ("Bắc Sơn", "huyện", ("xã Vũ Lễ", "xã Bắc Sơn")),
    ("Hữu Lũng", "huyện", ("xã Yên Thịnh", "xã Thiện Tân")),
    ("Chi Lăng", "huyện", ("xã Quang Lang", "xã Vân An")),
    ("Cao Lộc", "huyện", ("xã Hợp Thành", "xã Thụy Hùng")),
    ("Lộc Bình", "huyện", ("xã Khuất Xá", "xã Tú Đoạn")),
    ("Đình Lập", "huyện", ("xã Bắc Xa", "xã Kiên Mộc")),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    organization: str
    role: str
    title: str


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()
    return "".join(c for c in ascii_text if c.isalnum())


class DemoLoader:
    def __init__(self) -> None:
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
        self.accounts: list[DemoAccount] = []
        self.User = get_user_model()

    def org(
        self,
        code: str,
        name: str,
        short: str,
        abbr: str,
        parent: Organization | None,
        place: str = "Lạng Sơn",
        parent_name: str = "",
    ) -> Organization:
        return Organization.objects.create(
            code=code,
            name=name,
            short_name=short,
            abbreviation=abbr,
            parent=parent,
            place=place,
            parent_name=parent_name,
        )

    def person(
        self,
        username: str,
        full_name: str,
        org: Organization,
        role: Role,
        title: str = "",
        unit: Unit | None = None,
        is_head: bool = False,
    ) -> Membership:
        user = self.User.objects.create(
            username=username,
            full_name=full_name,
            password=self.password_hash,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        self.accounts.append(DemoAccount(username, full_name, org.name, role.value, title))
        return Membership.objects.create(
            user=user, organization=org, unit=unit, role=role.value, title=title, is_head=is_head
        )

    def load(self) -> dict[str, object]:
        with transaction.atomic():
            return self._load()

    def _load(self) -> dict[str, object]:
        bo = self.org("000.00.00.G14", "Bộ Thông tin và Truyền thông", "Bộ TTTT", "BTTTT", None, "Hà Nội")
        cuc = self.org(
            "000.00.12.G14",
            "Cục Thông tin cơ sở",
            "Cục TTCS",
            "TTCS",
            bo,
            "Hà Nội",
            "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
        )
        tinh = self.org("000.00.00.H33", "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", "UBND", None)
        so = self.org(
            "000.00.25.H33",
            "Sở Thông tin và Truyền thông",
            "Sở TTTT Lạng Sơn",
            "STTTT",
            tinh,
            parent_name="UBND TỈNH LẠNG SƠN",
        )
        vp = Unit.objects.create(organization=so, code="VP", name="Văn phòng Sở")
        ttbcxb = Unit.objects.create(
            organization=so, code="TTBCXB", name="Phòng Thông tin - Báo chí - Xuất bản"
        )
        Unit.objects.create(
            organization=so, code="BCVT", name="Phòng Bưu chính, Viễn thông và Công nghệ thông tin"
        )
        ttcns = Unit.objects.create(organization=so, code="TTCNS", name="Trung tâm Công nghệ số")
        bao = self.org(
            "000.00.40.H33", "Báo Lạng Sơn", "Báo Lạng Sơn", "BLS", tinh, parent_name="UBND TỈNH LẠNG SƠN"
        )
        Unit.objects.create(organization=bao, code="TS", name="Ban Thời sự")
        dai = self.org(
            "000.00.41.H33",
            "Đài Phát thanh và Truyền hình tỉnh Lạng Sơn",
            "Đài PT-TH tỉnh",
            "PTTH",
            tinh,
            parent_name="UBND TỈNH LẠNG SƠN",
        )
        Unit.objects.create(organization=dai, code="TS", name="Phòng Thời sự")

        self.person("admin", "Quản trị Hệ thống", so, Role.ADMIN, "QUẢN TRỊ HỆ THỐNG")
        self.person("vanthu.cuc", "Phạm Thu Hà", cuc, Role.CLERK, "VĂN THƯ")
        self.person("lanhdao.cuc", "Trần Minh Đức", cuc, Role.LEADER, "CỤC TRƯỞNG", is_head=True)
        clerk = self.person("vanthu.sotttt", "Hoàng Thị Lan", so, Role.CLERK, "VĂN THƯ", vp)
        drafter = self.person(
            "chuyenvien.sotttt", "Đinh Thu Trang", so, Role.SPECIALIST, "CHUYÊN VIÊN", ttbcxb
        )
        head_unit = self.person(
            "truongphong.sotttt", "Vy Văn Thành", so, Role.UNIT_HEAD, "TRƯỞNG PHÒNG", ttbcxb
        )
        director = self.person("giamdoc.sotttt", "Nguyễn Văn Bình", so, Role.LEADER, "GIÁM ĐỐC", is_head=True)
        deputy = self.person("lhyen", "Lê Hải Yến", so, Role.LEADER, "PHÓ GIÁM ĐỐC")
        web_team = self.person("ttcns.sotttt", "Lăng Văn Tú", so, Role.SPECIALIST, "VIÊN CHỨC", ttcns)
        self.person("vanthu.baols", "Nông Thị Mai", bao, Role.CLERK, "VĂN THƯ")
        self.person("lanhdao.baols", "Hà Văn Sơn", bao, Role.LEADER, "TỔNG BIÊN TẬP", is_head=True)
        self.person(
            "phongvien.baols",
            "Chu Thị Hằng",
            bao,
            Role.SPECIALIST,
            "PHÓNG VIÊN",
            Unit.objects.get(organization=bao, code="TS"),
        )
        self.person("vanthu.daipt", "Lộc Thị Hoa", dai, Role.CLERK, "VĂN THƯ")
        self.person("lanhdao.daipt", "Mã Văn Quân", dai, Role.LEADER, "GIÁM ĐỐC", is_head=True)

        culture_offices: list[Organization] = []
        district_ubnds: list[Organization] = []
        for i, (name, kind, communes) in enumerate(DISTRICTS, start=1):
            s = slug(name) + ("tp" if kind == "thành phố" else "")
            ubnd = self.org(
                f"000.00.{50 + i:02d}.H33",
                f"Ủy ban nhân dân {kind} {name}",
                f"UBND {kind} {name}",
                "UBND",
                tinh,
                name,
                "UBND TỈNH LẠNG SƠN",
            )
            phong = self.org(
                f"000.01.{50 + i:02d}.H33",
                f"Phòng Văn hóa và Thông tin {kind} {name}",
                f"Phòng VH&TT {name}",
                "VHTT",
                ubnd,
                name,
                f"UBND {kind.upper()} {name.upper()}",
            )
            ttvh = self.org(
                f"000.02.{50 + i:02d}.H33",
                f"Trung tâm Văn hóa, Thể thao và Truyền thông {kind} {name}",
                f"TTVHTTTT {name}",
                "TTVHTTTT",
                ubnd,
                name,
                f"UBND {kind.upper()} {name.upper()}",
            )
            district_ubnds.append(ubnd)
            culture_offices.append(phong)
            self.person(f"vanthu.ubnd.{s}", f"Văn thư UBND {name}", ubnd, Role.CLERK, "VĂN THƯ")
            self.person(
                f"lanhdao.ubnd.{s}", f"Chủ tịch UBND {name}", ubnd, Role.LEADER, "CHỦ TỊCH", is_head=True
            )
            self.person(f"vanthu.vhtt.{s}", f"Văn thư Phòng VH&TT {name}", phong, Role.CLERK, "VĂN THƯ")
            self.person(
                f"lanhdao.vhtt.{s}",
                f"Trưởng phòng VH&TT {name}",
                phong,
                Role.LEADER,
                "TRƯỞNG PHÒNG",
                is_head=True,
            )
            self.person(
                f"chuyenvien.vhtt.{s}", f"Chuyên viên VH&TT {name}", phong, Role.SPECIALIST, "CHUYÊN VIÊN"
            )
            self.person(f"vanthu.ttvh.{s}", f"Văn thư Trung tâm VHTTTT {name}", ttvh, Role.CLERK, "VĂN THƯ")
            self.person(
                f"lanhdao.ttvh.{s}",
                f"Giám đốc Trung tâm VHTTTT {name}",
                ttvh,
                Role.LEADER,
                "GIÁM ĐỐC",
                is_head=True,
            )
            for j, commune in enumerate(communes, start=1):
                station = self.org(
                    f"000.{10 + j}.{50 + i:02d}.H33",
                    f"Đài Truyền thanh {commune}",
                    f"Đài TT {commune}",
                    "DTT",
                    ttvh,
                    name,
                    f"UBND {commune.upper()}",
                )
                cs = slug(commune)
                self.person(f"vanthu.dtt.{cs}", f"Văn thư Đài TT {commune}", station, Role.CLERK, "VĂN THƯ")
                self.person(
                    f"lanhdao.dtt.{cs}",
                    f"Trưởng Đài TT {commune}",
                    station,
                    Role.LEADER,
                    "TRƯỞNG ĐÀI",
                    is_head=True,
                )

        central = self._central_letters(cuc, so, clerk, director, drafter)
        letter = self._sample_letter(
            so, drafter, head_unit, deputy, bao, dai, culture_offices, district_ubnds, central
        )
        # Issue 5: an earlier letter's campaign, half-way down the chain and back (congvan.demo.campaign).
        campaign = load_campaign(
            so=so,
            offices=culture_offices,
            ubnds=district_ubnds,
            district_slugs=[slug(n) + ("tp" if k == "thành phố" else "") for n, k, _c in DISTRICTS],
            commune_slugs=[[slug(c) for c in communes] for _n, _k, communes in DISTRICTS],
        )
        # Issue 6: the Sở's portal republishes the central letters (and the campaign letter once issued).
        from congvan.portal.demo import publish_demo

        publish_demo(publisher=web_team, documents=[*central, campaign], shared_by=clerk)
        return {
            "sample_letter": letter,
            "central_letters": central,
            "campaign_letter": campaign,
            "accounts": self.accounts,
        }

    def _central_letters(
        self,
        cuc: Organization,
        so: Organization,
        clerk: Membership,
        director: Membership,
        drafter: Membership,
    ) -> list:
        letters = [
            (
                "219",
                dt.date(2024, 4, 4),
                "Thông tin, tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)",
            ),
            (
                "221",
                dt.date(2024, 4, 5),
                "Thông tin, tuyên truyền Lễ phát động phong trào thi đua “Xóa nhà tạm, nhà dột nát” trong cả nước",
            ),
        ]
        received = []
        for number, day, subject in letters:
            content = (
                f"CỤC THÔNG TIN CƠ SỞ\nSố: {number}/TTCS-TTTQ\nHà Nội, ngày {day.day:02d} tháng {day.month} "
                f"năm {day.year}\nV/v {subject}\n"
            ).encode()
            stored = storage.store(content)
            envelope = Envelope(
                document_id=f"{cuc.code},{day:%Y/%m/%d},{number}/TTCS-TTTQ",
                issuer_code=cuc.code,
                issuer_name=cuc.name,
                doc_type="CV",
                number_text=number,
                symbol="TTCS-TTTQ",
                issued_on=day,
                place="Hà Nội",
                subject=subject,
                signer_name="Trần Minh Đức",
                signer_title="CỤC TRƯỞNG",
                files=(
                    EnvelopeFile(
                        name=f"{number}-TTCS-TTTQ.txt", stored_file_id=stored.pk, content_type="text/plain"
                    ),
                ),
            )
            (copy,) = receive(envelope=envelope, recipients=[so], channel="edxml")
            copy = incoming_register(document=copy, actor=clerk)
            incoming_direct(
                document=copy,
                actor=director,
                lead_unit_id=drafter.unit_id,
                lead_user_id=drafter.user_id,
                note="Giao Phòng TTBCXB tham mưu văn bản hướng dẫn tuyên truyền.",
            )
            incoming_progress(
                document=copy, actor=drafter, text="Đang dự thảo công văn hướng dẫn các cơ quan, đơn vị."
            )
            received.append(copy)
        return received

    def _sample_letter(
        self,
        so: Organization,
        drafter: Membership,
        head_unit: Membership,
        deputy: Membership,
        bao: Organization,
        dai: Organization,
        culture_offices: list[Organization],
        district_ubnds: list[Organization],
        central: list,
    ) -> object:
        body = resources.files("congvan.demo").joinpath("sample_letter_body.txt").read_text(encoding="utf-8")
        data = DraftData(
            doc_type="CV",
            subject="Tuyên truyền: kỷ niệm 70 năm Chiến thắng Điện Biên Phủ; Lễ phát động phong trào thi đua "
            "“Xoá nhà tạm, nhà dột nát”",
            body=body,
            recipients=[
                RecipientLine("Báo Lạng Sơn", [bao.pk]),
                RecipientLine("Đài Phát thanh và Truyền hình tỉnh", [dai.pk]),
                RecipientLine(
                    "Phòng Văn hóa và Thông tin các huyện, thành phố", [o.pk for o in culture_offices]
                ),
            ],
            distribution=[
                RecipientLine("Như trên"),
                RecipientLine("UBND các huyện, thành phố", [o.pk for o in district_ubnds]),
                RecipientLine("Lãnh đạo Sở"),
                RecipientLine("Phòng TTBCXB, VP"),
                RecipientLine("Trung tâm Công nghệ số (đăng tải)"),
                RecipientLine("Lưu: VT, TTBCXB (ĐTT)"),
            ],
            references=[
                ReferenceData(
                    number=c.number_text,
                    symbol=c.symbol,
                    date=c.issued_on,
                    kind="Công văn",
                    issuer_name=c.issuer_name,
                    referenced_id=c.pk,
                )
                for c in central
            ],
        )
        letter = document_create_draft(actor=drafter, data=data)
        sample_letter_request(letter=letter, drafter=drafter)
        from congvan.documents.models import Attachment

        for pos, c in enumerate(central):
            first = c.attachments.first()
            if first is not None:
                Attachment.objects.create(
                    document=letter,
                    stored=first.stored,
                    name=first.name,
                    content_type=first.content_type,
                    position=pos,
                    uploaded_by=drafter.user,
                )
        document_submit(document=letter, actor=drafter, comment="Kính trình Trưởng phòng xem xét.")
        document_approve(
            document=letter, actor=head_unit, comment="Nội dung đạt yêu cầu, trình Lãnh đạo Sở ký."
        )
        return document_sign(document=letter, actor=deputy, authority=SigningAuthority.KT)


def load_demo() -> dict[str, object]:
    if Organization.objects.exists():
        raise RuntimeError("the database already has organisations; the demo loads into an empty one")
    loaded = DemoLoader().load()
    # The synchronous path of the search index (the worker would do it after the commit otherwise).
    from congvan.search.indexing import rebuild

    rebuild()
    return loaded
