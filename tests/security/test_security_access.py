"""Changes of access (issue 9): explicit sharing with a person or a unit, the owner alerted until they confirm
(Phụ lục VI III.3.c), and a change of a person's position or unit changing what they read (IV.1.đ)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congvan.documents.access import (
    access_alert_confirm,
    alerts_for,
    document_share,
    document_unshare,
    membership_change,
)
from congvan.documents.errors import InvalidInput, NotAllowed, NotFound
from congvan.documents.models import Confidentiality, Document, Event
from congvan.documents.permissions import can_read
from congvan.documents.selectors import readable_by
from congvan.vbhc.workflow import Role
from factories import Agency, make_draft, make_member


def fresh(doc: Document) -> Document:
    return Document.objects.get(pk=doc.pk)


@pytest.fixture
def scoped(settings):
    """The read scope ``unit`` (the default), set explicitly: sharing matters for ordinary documents too."""
    settings.CONGVAN_READ_SCOPE = "unit"


@pytest.mark.django_db
class TestReadScopeDefault:
    """Issue 9: unless the installation chooses ``CONGVAN_READ_SCOPE=organization``, an ordinary document is
    read by its owning unit, the people and units in its workflow, shares, and by office the clerks and
    leaders — not by every member of the organisation."""

    def test_the_default_is_unit(self):
        from django.conf import settings

        assert settings.CONGVAN_READ_SCOPE == "unit"

    def test_another_unit_does_not_read_an_ordinary_document_by_default(self, agency):
        doc = fresh(make_draft(agency))
        other = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        assert not can_read(other, doc)
        assert [can_read(m, doc) for m in (agency.unit_head, agency.clerk, agency.head, agency.deputy)] == [
            True,
            True,
            True,
            True,
        ]

    def test_the_organization_option_opens_it_to_every_member_but_an_administrator(self, agency, settings):
        settings.CONGVAN_READ_SCOPE = "organization"
        doc = fresh(make_draft(agency))
        other = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        admin = make_member(agency.org, Role.ADMIN)
        assert can_read(other, doc)
        assert not can_read(admin, doc)


@pytest.mark.django_db
class TestSharing:
    def test_sharing_with_a_person_opens_a_confidential_document(self, agency):
        """A confidential document opens to a person named on it by a share, and only to them."""
        doc = make_draft(agency, confidentiality=Confidentiality.TOP_SECRET)
        reader = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        assert not can_read(reader, fresh(doc))
        document_share(document=doc, actor=agency.drafter, user_id=reader.user_id)
        assert can_read(reader, fresh(doc))
        assert readable_by(reader).filter(pk=doc.pk).exists()

    def test_sharing_with_a_unit_does_not_open_a_confidential_document(self, agency):
        """Confidential documents are for people named on them: a unit is not a name."""
        doc = make_draft(agency, confidentiality=Confidentiality.SECRET)
        member = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        document_share(document=doc, actor=agency.drafter, unit_id=agency.office.pk)
        assert not can_read(member, fresh(doc))

    def test_sharing_with_a_unit_opens_an_ordinary_document_in_unit_scope(self, agency, scoped):
        doc = make_draft(agency)
        member = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        assert not can_read(member, fresh(doc))
        document_share(document=doc, actor=agency.drafter, unit_id=agency.office.pk)
        assert can_read(member, fresh(doc))

    def test_revoking_closes_it_again(self, agency):
        doc = make_draft(agency, confidentiality=Confidentiality.SECRET)
        reader = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        share = document_share(document=doc, actor=agency.drafter, user_id=reader.user_id)
        document_unshare(share_id=share.pk, actor=agency.drafter)
        assert not can_read(reader, fresh(doc))
        assert Event.objects.filter(document=doc, action="unshared").exists()

    def test_an_administrator_reads_only_what_is_shared_with_them(self, agency):
        """Administrators manage users and settings; they do not read documents unless granted."""
        doc = make_draft(agency)
        admin = make_member(agency.org, Role.ADMIN)
        assert not can_read(admin, fresh(doc))
        document_share(document=doc, actor=agency.clerk, user_id=admin.user_id)
        assert can_read(admin, fresh(doc))

    def test_an_administrator_cannot_grant_themselves_access(self, agency):
        doc = make_draft(agency)
        admin = make_member(agency.org, Role.ADMIN)
        with pytest.raises(NotFound):
            document_share(document=doc, actor=admin, user_id=admin.user_id)

    def test_a_reader_who_does_not_own_it_cannot_share(self, agency):
        """Only the drafter, a clerk or a leader grants access."""
        doc = make_draft(agency)
        colleague = make_member(agency.org, Role.SPECIALIST, unit=agency.unit)
        with pytest.raises(NotAllowed):
            document_share(document=doc, actor=colleague, user_id=colleague.user_id)

    def test_nobody_outside_the_organisation_can_be_granted(self, agency):
        """Organisations are isolated: a share names people of the document's own organisation only."""
        doc = make_draft(agency)
        stranger = Agency("Sở Tài chính", "STC").clerk
        with pytest.raises(InvalidInput):
            document_share(document=doc, actor=agency.drafter, user_id=stranger.user_id)
        assert not can_read(stranger, fresh(doc))

    def test_sharing_twice_is_a_duplicate(self, agency):
        from congvan.documents.errors import Duplicate

        doc = make_draft(agency)
        reader = make_member(agency.org, Role.SPECIALIST)
        document_share(document=doc, actor=agency.drafter, user_id=reader.user_id)
        with pytest.raises(Duplicate):
            document_share(document=doc, actor=agency.drafter, user_id=reader.user_id)

    def test_the_api_shares_and_lists(self, agency):
        doc = make_draft(agency, confidentiality=Confidentiality.SECRET)
        reader = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
        client = Client()
        client.force_login(agency.drafter.user)
        created = client.post(
            f"/api/v1/documents/{doc.pk}/shares", {"user_id": reader.user_id}, content_type="application/json"
        )
        assert created.status_code == 201
        listed = client.get(f"/api/v1/documents/{doc.pk}/shares").json()
        assert [s["user_id"] for s in listed] == [reader.user_id]
        assert client.delete(f"/api/v1/shares/{created.json()['id']}").status_code == 204
        assert client.get(f"/api/v1/documents/{doc.pk}/shares").json() == []


@pytest.mark.django_db
class TestOwnerAlerts:
    def test_the_owner_is_alerted_until_confirming(self, agency):
        """III.3.c: a change of access by someone else shows to the owner until they confirm it."""
        doc = make_draft(agency)
        reader = make_member(agency.org, Role.SPECIALIST)
        document_share(document=doc, actor=agency.clerk, user_id=reader.user_id)
        alerts = list(alerts_for(agency.drafter))
        assert [a.document_id for a in alerts] == [doc.pk]
        access_alert_confirm(alert_id=alerts[0].pk, actor=agency.drafter)
        assert not alerts_for(agency.drafter).exists()
        assert Event.objects.filter(document=doc, action="access_confirmed").exists()

    def test_only_the_owner_confirms(self, agency):
        doc = make_draft(agency)
        document_share(document=doc, actor=agency.clerk, user_id=agency.unit_head.user_id)
        alert = alerts_for(agency.drafter).get()
        with pytest.raises(NotFound):
            access_alert_confirm(alert_id=alert.pk, actor=agency.unit_head)

    def test_incoming_documents_alert_the_clerks(self, agency):
        """An incoming document has no drafter: the clerks who keep it are its owners."""
        doc = Document.objects.create(owner=agency.org, direction="in", state="registered", subject="Đến")
        document_share(document=doc, actor=agency.head, user_id=agency.drafter.user_id)
        assert [a.document_id for a in alerts_for(agency.clerk)] == [doc.pk]

    def test_the_alerts_page_confirms(self, agency):
        doc = make_draft(agency)
        document_share(document=doc, actor=agency.clerk, user_id=agency.unit_head.user_id)
        alert = alerts_for(agency.drafter).get()
        client = Client()
        client.force_login(agency.drafter.user)
        assert client.post("/app/access-alerts/", {"confirm": alert.pk}).status_code == 302
        assert not alerts_for(agency.drafter).exists()


@pytest.mark.django_db
class TestPositionChanges:
    def test_moving_to_another_unit_moves_access(self, agency, scoped):
        """IV.1.đ: a person moved to another unit reads that unit's documents and no longer the old one's."""
        admin = make_member(agency.org, Role.ADMIN)
        person = make_member(agency.org, Role.SPECIALIST, unit=agency.unit)
        old_unit_doc = make_draft(agency)  # drafted in agency.unit
        new_unit_doc = make_draft(agency, drafting_unit_id=agency.office.pk)
        assert can_read(person, fresh(old_unit_doc)) and not can_read(person, fresh(new_unit_doc))
        membership_change(membership=person, actor=admin, unit_id=agency.office.pk, role=Role.SPECIALIST)
        person.refresh_from_db()
        assert not can_read(person, fresh(old_unit_doc)) and can_read(person, fresh(new_unit_doc))
        assert Event.objects.filter(action="position_changed", actor_id=admin.user_id).exists()

    def test_becoming_unit_head_opens_the_units_confidential_drafts(self, agency):
        admin = make_member(agency.org, Role.ADMIN)
        person = make_member(agency.org, Role.SPECIALIST, unit=agency.unit)
        secret = make_draft(agency, confidentiality=Confidentiality.SECRET)
        assert not can_read(person, fresh(secret))
        membership_change(membership=person, actor=admin, unit_id=agency.unit.pk, role=Role.UNIT_HEAD)
        person.refresh_from_db()
        assert can_read(person, fresh(secret))

    def test_only_an_administrator_changes_positions(self, agency):
        with pytest.raises(NotAllowed):
            membership_change(membership=agency.drafter, actor=agency.clerk, unit_id=None, role=Role.LEADER)


@pytest.mark.django_db
def test_can_read_asks_one_query_per_document_and_person(agency):
    """The detail page asks can_read once per action; the answer is remembered on the document."""
    from django.db import connection

    doc = fresh(make_draft(agency, confidentiality=Confidentiality.SECRET))
    reader = make_member(agency.org, Role.SPECIALIST, unit=agency.office)
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(10):
            can_read(reader, doc)
    assert len(ctx.captured_queries) == 1
