"""Publishing is a step an authorised person of the issuing organisation takes and can undo; it is logged
(Phụ lục VI III.6; DESIGN §1 step 3: the Trung tâm Công nghệ số publishes on the Sở's website)."""

from __future__ import annotations

import pytest
from portal_helpers import make_public_doc

from congvan.documents.errors import InvalidState, NotAllowed, NotFound
from congvan.documents.models import Event
from congvan.portal.demo import grant_publish
from congvan.portal.models import Category
from congvan.portal.selectors import is_public
from congvan.portal.services import document_publish, document_unpublish
from factories import Agency


def unit_doc(agency: Agency, word: str, **fields: object):
    """An issued letter of the drafting unit TTBCXB (its symbol says so), whose specialist is the publisher:
    under the read scope ``unit`` its own unit reads it (docs/security.md)."""
    return make_public_doc(agency.org, word, drafting_unit=agency.unit, **fields)


@pytest.fixture
def category(db):
    return Category.objects.get(slug="van-ban-chi-dao-dieu-hanh")


@pytest.fixture
def publisher(agency):
    grant_publish(agency.drafter)
    return agency.drafter


@pytest.mark.django_db
class TestPublish:
    def test_publisher_publishes_and_it_is_public(self, agency, publisher, category):
        """A person with the publish permission puts an issued document on the portal."""
        doc = unit_doc(agency, "mot")
        document_publish(document=doc, actor=publisher, category=category)
        assert is_public(doc)

    def test_withdrawing_undoes_it(self, agency, publisher, category):
        """Publishing can be undone: the document leaves the portal."""
        doc = unit_doc(agency, "hai")
        document_publish(document=doc, actor=publisher, category=category)
        document_unpublish(document=doc, actor=publisher)
        assert not is_public(doc)

    def test_both_steps_are_in_the_audit_trail(self, agency, publisher, category):
        """Every step is logged with who did it."""
        doc = unit_doc(agency, "ba")
        document_publish(document=doc, actor=publisher, category=category)
        document_unpublish(document=doc, actor=publisher)
        actions = list(Event.objects.filter(document=doc).order_by("id").values_list("action", "actor_id"))
        assert actions == [("published", publisher.user_id), ("unpublished", publisher.user_id)]

    @pytest.mark.parametrize("role", ["clerk", "head", "unit_head"], ids=["clerk", "leader", "unit-head"])
    def test_without_the_permission_refused(self, agency, category, role):
        """The permission is needed, whatever the role."""
        doc = unit_doc(agency, "bon")
        with pytest.raises(NotAllowed):
            document_publish(document=doc, actor=getattr(agency, role), category=category)

    def test_other_organisation_cannot_publish(self, agency, category):
        """Only a person of the document's own organisation publishes it."""
        other = Agency("Sở Tài chính", "STC")
        grant_publish(other.drafter)
        doc = unit_doc(agency, "nam")
        with pytest.raises(NotFound):
            document_publish(document=doc, actor=other.drafter, category=category)

    def test_confidential_refused(self, agency, category):
        """A confidential document is never published."""
        grant_publish(agency.clerk)
        doc = unit_doc(agency, "sau", confidentiality=1)
        with pytest.raises(NotAllowed):
            document_publish(document=doc, actor=agency.clerk, category=category)

    @pytest.mark.parametrize("state", ["draft", "signed", "recalled"], ids=["draft", "signed", "recalled"])
    def test_not_issued_or_recalled_refused(self, agency, publisher, category, state):
        """Only issued (or registered incoming) documents, never recalled ones."""
        doc = unit_doc(agency, "bay", state=state)
        with pytest.raises(InvalidState):
            document_publish(document=doc, actor=publisher, category=category)


@pytest.mark.django_db
class TestPublishPanel:
    def test_document_page_offers_publishing_to_the_publisher(self, client, agency, publisher):
        """The staff document page shows the portal panel to a person who may publish."""
        from factories import PASSWORD

        doc = unit_doc(agency, "tam")
        client.login(username=publisher.user.username, password=PASSWORD)
        body = client.get(f"/app/documents/{doc.pk}/").content.decode()
        assert f"/app/portal/{doc.pk}/publish/" in body

    @pytest.mark.parametrize(
        ("who", "public"), [("publisher", True), ("clerk", False)], ids=["publisher", "clerk"]
    )
    def test_publish_through_the_page(self, client, agency, publisher, category, who, public):
        """Posting the panel's form publishes for the publisher and is refused to others."""
        from factories import PASSWORD

        doc = unit_doc(agency, "chin")
        member = publisher if who == "publisher" else agency.clerk
        client.login(username=member.user.username, password=PASSWORD)
        client.post(f"/app/portal/{doc.pk}/publish/", {"category": category.pk})
        assert is_public(doc) is public


@pytest.mark.django_db
def test_organisation_filter_follows_publishing_with_the_cache_on(
    agency, publisher, category, settings, django_capture_on_commit_callbacks
):
    """With the portal cache on, the list of publishing organisations is kept in the cache (a 0.3 s query over a
    million documents), yet an organisation's first publication and its last withdrawal show in the portal's
    filter at once: both drop the cached list (issue 10)."""
    from django.core.cache import cache

    from congvan.portal.selectors import publishing_organizations

    settings.PORTAL_CACHE_SECONDS = 60
    cache.clear()
    assert publishing_organizations() == []
    doc = unit_doc(agency, "bon")
    with django_capture_on_commit_callbacks(execute=True):
        document_publish(document=doc, actor=publisher, category=category)
    assert publishing_organizations() == [{"pk": agency.org.pk, "name": agency.org.name}]
    with django_capture_on_commit_callbacks(execute=True):
        document_unpublish(document=doc, actor=publisher)
    assert publishing_organizations() == []
