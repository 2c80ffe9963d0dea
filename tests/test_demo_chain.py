"""The sample letter's whole chain on the demo data (issue 2 scenario), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from congvan.demo.data import load_demo
from congvan.directives.services import incoming_complete, incoming_direct, incoming_progress
from congvan.documents.incoming import incoming_register
from congvan.documents.models import Document
from congvan.documents.services import document_issue
from congvan.exchange.models import Delivery
from congvan.orgs.models import Membership
from congvan.vbhc.workflow import State

pytestmark = pytest.mark.django_db


def member(username: str) -> Membership:
    return Membership.objects.select_related("organization", "user").get(user__username=username)


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_has_the_chain_of_section_1(demo):
    """DESIGN §1: Cục TTCS, the province, the Sở with its units, the newspaper, the radio, 11 districts with their
    offices, centres and at least two commune radio stations each."""
    from congvan.orgs.models import Organization

    names = set(Organization.objects.values_list("name", flat=True))
    assert {"Cục Thông tin cơ sở", "Sở Thông tin và Truyền thông", "Báo Lạng Sơn"} <= names
    assert Organization.objects.filter(name__startswith="Phòng Văn hóa và Thông tin").count() == 11
    assert (
        Organization.objects.filter(name__startswith="Trung tâm Văn hóa, Thể thao và Truyền thông").count()
        == 11
    )
    assert Organization.objects.filter(name__startswith="Đài Truyền thanh xã").count() >= 22


def test_central_letters_are_registered_at_the_department(demo):
    """219/TTCS-TTTQ and 221/TTCS-TTTQ arrived and were registered at the Sở."""
    so = member("vanthu.sotttt").organization
    got = {
        (d.number_symbol, d.arrival_number is not None)
        for d in Document.objects.filter(owner=so, direction="in")
    }
    assert got == {("219/TTCS-TTTQ", True), ("221/TTCS-TTTQ", True)}


def test_sample_letter_waits_for_its_number(demo):
    """The sample is signed 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' by Lê Hải Yến and has no number yet."""
    letter = demo["sample_letter"]
    assert (
        letter.state,
        letter.number,
        letter.signing_authority,
        letter.signer_title,
        letter.signer_name,
    ) == (State.SIGNED, None, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Hải Yến")


def test_whole_chain_issue_register_direct_handle(demo):
    """Issue to 24 organisations; each registers; Báo Lạng Sơn directs and completes; the Sở sees every status."""
    letter = document_issue(document=demo["sample_letter"], actor=member("vanthu.sotttt"))
    assert letter.number_symbol == "01/STTTT-TTBCXB"
    deliveries = Delivery.objects.filter(outgoing=letter).select_related("recipient", "incoming")
    assert deliveries.count() == 24  # Báo, Đài, 11 culture offices, 11 district people's committees
    for delivery in deliveries:
        clerk = Membership.objects.get(organization=delivery.recipient, role="clerk")
        incoming_register(document=delivery.incoming, actor=clerk)
    assert set(Delivery.objects.filter(outgoing=letter).values_list("status", flat=True)) == {"03"}

    bao_copy = Document.objects.get(owner=member("vanthu.baols").organization, source_document=letter)
    reporter = member("phongvien.baols")
    incoming_direct(
        document=bao_copy,
        actor=member("lanhdao.baols"),
        lead_unit_id=reporter.unit_id,
        note="Ban Thời sự xây dựng tin, bài",
    )
    incoming_progress(document=bao_copy, actor=reporter, text="Đã đăng 5 tin, bài")
    incoming_complete(document=bao_copy, actor=reporter, text="Hoàn thành tuyên truyền")
    bao = Delivery.objects.get(outgoing=letter, recipient=bao_copy.owner)
    assert bao.status == "06"
    assert Delivery.objects.exclude(pk=bao.pk).filter(outgoing=letter, status="03").count() == 23
