"""Nothing unpublished, withdrawn, confidential, recalled (nor a copy of a recalled original), draft or refused
ever appears on the portal: not in its lists, search, document pages, files, Atom feed or sitemap
(Phụ lục VI III.6 and III.8; Luật Bảo vệ bí mật nhà nước)."""

from __future__ import annotations

import pytest
from portal_helpers import HIDDEN_KINDS, make_kind

from congvan.documents.models import Attachment, Document


def _list(client, doc: Document, word: str):
    return client.get("/")


def _search(client, doc: Document, word: str):
    return client.get("/", {"q": word})


def _search_number(client, doc: Document, word: str):
    return client.get("/", {"q": f"{doc.number:02d}/{doc.symbol}"})


def _feed(client, doc: Document, word: str):
    return client.get("/feed.atom")


def _sitemap(client, doc: Document, word: str):
    return client.get("/sitemap.xml")


LISTINGS = {"list": _list, "search": _search, "number": _search_number, "feed": _feed, "sitemap": _sitemap}


@pytest.mark.django_db
class TestHiddenEverywhere:
    @pytest.mark.parametrize("path", list(LISTINGS), ids=list(LISTINGS))
    @pytest.mark.parametrize("kind", HIDDEN_KINDS, ids=HIDDEN_KINDS)
    def test_not_listed(self, client, agency, public_doc, kind, path):
        """A hidden document is in no list, search result, feed entry or sitemap URL."""
        doc = make_kind(agency.org, kind)
        word = kind.replace("_", "")
        body = LISTINGS[path](client, doc, word).content.decode()
        assert doc.subject not in body
        assert f"/van-ban/{doc.pk}/" not in body

    @pytest.mark.parametrize("kind", HIDDEN_KINDS, ids=HIDDEN_KINDS)
    def test_page_is_not_found(self, client, agency, kind):
        """A hidden document's page answers 404, like one that does not exist."""
        doc = make_kind(agency.org, kind)
        assert client.get(f"/van-ban/{doc.pk}/").status_code == 404

    @pytest.mark.parametrize("kind", HIDDEN_KINDS, ids=HIDDEN_KINDS)
    def test_file_is_not_found(self, client, agency, kind):
        """A hidden document's files answer 404."""
        doc = make_kind(agency.org, kind)
        attachment = doc.attachments.get()
        assert client.get(f"/van-ban/{doc.pk}/tep/{attachment.pk}/").status_code == 404

    def test_file_of_another_document_is_not_found(self, client, agency, public_doc):
        """A public document's URL does not serve the file of a hidden one."""
        hidden = make_kind(agency.org, "confidential")
        attachment = hidden.attachments.get()
        assert client.get(f"/van-ban/{public_doc.pk}/tep/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
class TestPublicShown:
    @pytest.mark.parametrize("path", list(LISTINGS), ids=list(LISTINGS))
    def test_listed(self, client, public_doc, path):
        """The published, issued, ordinary document is on every path (so the exclusions above mean something)."""
        body = LISTINGS[path](client, public_doc, "congkhai").content.decode()
        assert f"/van-ban/{public_doc.pk}/" in body

    def test_page_and_file_open_without_sign_in(self, client, public_doc):
        """No sign-in: the page and its PDF open for anyone."""
        attachment = public_doc.attachments.get()
        assert client.get(f"/van-ban/{public_doc.pk}/").status_code == 200
        assert client.get(f"/van-ban/{public_doc.pk}/tep/{attachment.pk}/").status_code == 200

    def test_page_shows_publication_and_files_in_two_statements(
        self, client, public_doc, django_assert_num_queries
    ):
        """The published document's page shows its category and every file; it is read in two statements
        however many files it has, so that readers missing the portal's cache stay cheap (issue 10)."""
        attachment = public_doc.attachments.get()
        second = Attachment.objects.create(
            document=public_doc, stored=attachment.stored, name="phu-luc.pdf", content_type="application/pdf"
        )
        with django_assert_num_queries(2):
            body = client.get(f"/van-ban/{public_doc.pk}/").content.decode()
        assert f"/van-ban/{public_doc.pk}/tep/{attachment.pk}/" in body
        assert attachment.name in body and second.name in body
        assert "?category=" in body
