"""Vietnamese matching rules of the staff search (Phụ lục VI III.6): diacritics, tone placement, phrases,
numbers and symbols, and the documents that cite them."""

from __future__ import annotations

import pytest

from congvan.documents.selectors import readable_by
from congvan.search.selectors import SearchParams, search


def found(actor, q: str, **filters) -> list[int]:
    page = search(
        base=readable_by(actor), params=SearchParams(q=q, **filters), owner_id=actor.organization_id
    )
    return [h.document.pk for h in page.hits]


@pytest.mark.django_db
class TestVietnameseWords:
    @pytest.mark.parametrize(
        "q",
        ["xoa nha tam", "Xóa nhà tạm", "Xoá nhà tạm", "XOÁ NHÀ TẠM", "xóa nha tạm"],
        ids=["unaccented", "new-tone", "old-tone", "upper-case", "mixed"],
    )
    def test_diacritics_and_tone_placement_do_not_matter(self, agency, doc_factory, q):
        """III.6: "xoa nha tam", "Xoá" and "Xóa" find "Xóa nhà tạm, nhà dột nát"."""
        doc = doc_factory(subject="Hưởng ứng phong trào thi đua “Xóa nhà tạm, nhà dột nát”")
        doc_factory(subject="Kế hoạch chuyển đổi số năm 2024")
        assert found(agency.clerk, q) == [doc.pk]

    def test_d_with_stroke_folds_to_d(self, agency, doc_factory):
        """III.6: "dien bien phu" finds "Điện Biên Phủ" (đ is folded to d)."""
        doc = doc_factory(subject="Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ")
        assert found(agency.clerk, "dien bien phu") == [doc.pk]

    def test_words_found_in_the_body(self, agency, doc_factory):
        """III.6: the full text is searched, not only the subject."""
        doc = doc_factory(subject="Công văn", body="Đề nghị các đơn vị tổ chức tuyên truyền sâu rộng.")
        assert found(agency.clerk, "sâu rộng") == [doc.pk]

    def test_all_words_must_match(self, agency, doc_factory):
        """III.6: several words are all required."""
        doc_factory(subject="Điện Biên Phủ")
        assert found(agency.clerk, "dien bien phu chuyen doi") == []


@pytest.mark.django_db
class TestPhrases:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [('"nhà tạm"', ["a"]), ('"tạm xóa"', []), ("tạm nhà", ["a", "b"])],
        ids=["phrase-in-order", "phrase-reversed", "words-any-order"],
    )
    def test_quoted_text_is_an_exact_phrase(self, agency, doc_factory, q, expected):
        """III.6: a quoted query matches the words next to each other in that order."""
        docs = {
            "a": doc_factory(subject="Xóa nhà tạm, nhà dột nát"),
            "b": doc_factory(subject="Nhà văn hóa tạm thời"),
        }
        assert sorted(found(agency.clerk, q)) == sorted(docs[k].pk for k in expected)


@pytest.mark.django_db
class TestNumbersAndSymbols:
    @pytest.mark.parametrize(
        "q", ["219/TTCS-TTTQ", "219/ttcs-tttq", " 219 / TTCS-TTTQ "], ids=["as-written", "lower", "spaces"]
    )
    def test_number_symbol_finds_the_document_and_those_citing_it(self, agency, doc_factory, q):
        """III.6: "219/TTCS-TTTQ" finds the document and the documents that cite it."""
        letter = doc_factory(number_text="219", symbol="TTCS-TTTQ", subject="Tuyên truyền Điện Biên Phủ")
        reply = doc_factory(
            direction="out", state="draft", subject="Trả lời", references=[("219", "TTCS-TTTQ")]
        )
        doc_factory(number_text="2190", symbol="TTCS-TTTQ", subject="Khác")
        doc_factory(number_text="221", symbol="TTCS-TTTQ", subject="Xóa nhà tạm")
        assert found(agency.clerk, q) == [letter.pk, reply.pk]

    def test_leading_zero_does_not_matter(self, agency, doc_factory):
        """Điều 15: numbers below 10 are written 05; "5/UBND-VP" is the same document."""
        doc = doc_factory(number_text="05", symbol="UBND-VP")
        assert found(agency.clerk, "5/UBND-VP") == [doc.pk]


@pytest.mark.django_db
class TestFilters:
    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"doc_type": "QD"}, "qd"),
            ({"year": 2023}, "old"),
            ({"signer": "le hai yen"}, "qd"),
            ({"issuer": "Cục Thông tin cơ sở"}, "old"),
            ({"number": "7", "symbol": "qđ-stttt"}, "qd"),
            ({"state": "done"}, "old"),
        ],
        ids=["type", "year", "signer", "issuer", "number-symbol-exact", "status"],
    )
    def test_filter_narrows_a_word_query(self, agency, doc_factory, filters, expected):
        """III.6: filters on type, issuer, year, number and symbol, signer, status combine with the words."""
        import datetime as dt

        docs = {
            "qd": doc_factory(
                doc_type="QD",
                number_text="07",
                symbol="QĐ-STTTT",
                subject="Quyết định tuyên truyền",
                signer_name="Lê Hải Yến",
            ),
            "old": doc_factory(
                subject="Tuyên truyền",
                issued_on=dt.date(2023, 1, 2),
                issuer_name="Cục Thông tin cơ sở",
                state="done",
            ),
        }
        assert found(agency.clerk, "tuyên truyền", **filters) == [docs[expected].pk]


@pytest.mark.django_db
def test_snippet_highlights_the_original_spelling(agency, doc_factory):
    """III.6: results carry a snippet with the matched words marked, as the document spells them."""
    doc_factory(subject="Công văn", body="Phong trào thi đua “Xoá nhà tạm, nhà dột nát” trên địa bàn tỉnh.")
    page = search(
        base=readable_by(agency.clerk), params=SearchParams(q="xoa nha tam"), owner_id=agency.org.pk
    )
    assert "<mark>Xoá</mark> <mark>nhà</mark> <mark>tạm</mark>" in page.hits[0].snippet


SAMPLES = [
    "Xóa nhà tạm, nhà dột nát",
    "Xoá nhà tạm",
    "ĐIỆN BIÊN PHỦ 07/5/1954",
    "Thủy lợi, thuỷ điện, khỏe, khoẻ, Hòa Bình, Hoà Bình",
    "Xo\u0301a nha\u0300 ta\u0323m",  # combining marks (NFD input)
    "Nguyễn Ánh Dương — “Quyết định” số 15/QĐ-BNV",
]


@pytest.mark.parametrize("text", SAMPLES, ids=[f"sample-{i}" for i in range(len(SAMPLES))])
def test_index_words_are_the_folded_words(text):
    """III.6: the indexer's fast folding gives exactly the words of congvan.vbhc.text.fold."""
    import re

    from congvan.search.text import words
    from congvan.vbhc.text import fold

    assert words(text) == re.findall(r"[0-9a-z]+", fold(text))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters", [{"signer": "Lê Hải Yến"}, {"issuer": "cuc thong tin co so"}], ids=["signer", "issuer"]
)
def test_text_filter_alone_without_words(agency, doc_factory, filters):
    """III.6: the issuer and signer filters work without any word in the box."""
    doc = doc_factory(subject="Công văn", signer_name="Lê Hải Yến", issuer_name="Cục Thông tin cơ sở")
    doc_factory(subject="Công văn khác", signer_name="Trần Minh Đức", issuer_name="Sở Tài chính")
    assert found(agency.clerk, "", **filters) == [doc.pk]


@pytest.mark.django_db
def test_words_of_an_attachment_are_found_and_shown(agency):
    """III.6 ("full text of documents and their attachments"): a word only in an attached file finds the
    document, and the snippet comes from the file's text, highlighted."""
    from django.db import transaction

    from congvan.documents.services import attachment_add
    from congvan.search.indexing import index_documents
    from factories import make_draft

    doc = make_draft(agency, subject="Công văn gửi kèm phụ lục")
    with transaction.atomic():
        attachment_add(
            document=doc,
            actor=agency.drafter,
            name="phu-luc.txt",
            content="Danh sách hộ nghèo được hỗ trợ xây dựng nhà ở.".encode(),
        )
    index_documents([doc.pk])
    page = search(base=readable_by(agency.clerk), params=SearchParams(q="ho ngheo"), owner_id=agency.org.pk)
    assert [h.document.pk for h in page.hits] == [doc.pk]
    assert "<mark>hộ</mark> <mark>nghèo</mark>" in page.hits[0].snippet
