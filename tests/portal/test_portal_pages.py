"""Portal pages work without JavaScript and pass structural accessibility checks (WCAG 2.1 A/AA in the part a
static check can see: language, title, one h1, labelled form fields, images with alt text, landmarks, no
script needed). See docs/search.md for why this rather than axe-core in a browser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.labels_for: set[str] = set()
        self.text_in: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"] or "")
        if tag == "title":
            self._current = "title"

    def handle_data(self, data: str) -> None:
        if self._current:
            self.text_in[self._current] = self.text_in.get(self._current, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._current = None

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Structure:
    s = Structure()
    s.feed(html)
    return s


PAGES = ["index", "search", "detail"]


def get(client, page: str, doc) -> str:
    url = {"index": "/", "search": "/?q=congkhai", "detail": f"/van-ban/{doc.pk}/"}[page]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestAccessibleStructure:
    @pytest.mark.parametrize("page", PAGES, ids=PAGES)
    def test_language_and_title(self, client, public_doc, page):
        """WCAG 3.1.1 and 2.4.2: the page says its language and has a title."""
        s = parse(get(client, page, public_doc))
        assert s.all("html")[0].get("lang") == "vi"
        assert s.text_in.get("title", "").strip()

    @pytest.mark.parametrize("page", PAGES, ids=PAGES)
    def test_one_h1_and_landmarks(self, client, public_doc, page):
        """WCAG 1.3.1 and 2.4.1: one h1; banner, main and contentinfo landmarks; a skip link to the main."""
        s = parse(get(client, page, public_doc))
        roles = {a.get("role") for _t, a in s.tags}
        assert len(s.all("h1")) == 1
        assert {"banner", "main", "contentinfo"} <= roles
        assert any(a.get("href") == "#noi-dung" for a in s.all("a"))

    @pytest.mark.parametrize("page", PAGES, ids=PAGES)
    def test_form_fields_are_labelled(self, client, public_doc, page):
        """WCAG 1.3.1 and 4.1.2: every input and select has a label or an aria-label."""
        s = parse(get(client, page, public_doc))
        fields = [a for t, a in s.tags if t in ("input", "select", "textarea") and a.get("type") != "hidden"]
        assert all(a.get("id") in s.labels_for or a.get("aria-label") for a in fields)

    @pytest.mark.parametrize("page", PAGES, ids=PAGES)
    def test_images_have_alt_and_no_script_needed(self, client, public_doc, page):
        """WCAG 1.1.1: images have alt text; the pages work without JavaScript (no script at all)."""
        s = parse(get(client, page, public_doc))
        assert all(a.get("alt") is not None for a in s.all("img"))
        assert s.all("script") == []

    def test_search_works_as_a_plain_get_form(self, client, public_doc):
        """Without JavaScript the search is a GET form to / with the field q."""
        s = parse(get(client, "index", public_doc))
        form = next(a for a in s.all("form") if a.get("role") == "search")
        assert form.get("method") == "get"
        assert form.get("action") == "/"


@pytest.mark.django_db
class TestDemoPortal:
    """The demo's portal republishes the central letters of the sample's chain."""

    @pytest.fixture
    def demo(self, settings, tmp_path):
        from congvan.demo.data import load_demo

        return load_demo()

    @pytest.mark.parametrize(
        ("q", "number"),
        [("dien bien phu", "219"), ("xoá nhà tạm", "221")],
        ids=["dien-bien-phu", "xoa-nha-tam"],
    )
    def test_query_finds_the_central_letter(self, client, demo, q, number):
        """`/?q=dien bien phu` finds 219/TTCS-TTTQ and `/?q=xoá nhà tạm` finds 221/TTCS-TTTQ."""
        body = client.get("/", {"q": q}).content.decode()
        assert f"{number}/TTCS-TTTQ" in body
