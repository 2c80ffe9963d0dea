"""The permission rule of the search (Phụ lục VI III.6): a user never sees a result they may not open, and
the rule is part of the index query itself — run on SQLite (default) and on PostgreSQL
(``CONGVAN_DATABASE_URL=postgres://…``)."""

from __future__ import annotations

import pytest
from search_helpers import make_doc

from congvan.directives.models import Direction
from congvan.documents.models import Document
from congvan.documents.permissions import can_read
from congvan.documents.selectors import readable_by
from congvan.search.selectors import SearchParams, reads_few, search, staff_search
from congvan.vbhc.workflow import Role
from factories import Agency, make_member

ROLES = ["clerk", "head", "deputy", "unit_head", "drafter", "other_specialist", "assignee", "foreign_clerk"]


@pytest.fixture
def world(db):
    """Two agencies; ordinary and confidential documents, some drafted, signed or assigned to someone, some
    owned by a unit (the read scope ``unit``: a unit reads its own ordinary documents, Phụ lục VI III.6)."""
    a, b = Agency(), Agency("Sở Tài chính", "STC")
    other_unit = a.office
    people = {
        "clerk": a.clerk,
        "head": a.head,
        "deputy": a.deputy,
        "unit_head": a.unit_head,
        "drafter": a.drafter,
        "other_specialist": make_member(a.org, Role.SPECIALIST, unit=other_unit),
        "assignee": make_member(a.org, Role.SPECIALIST, unit=other_unit),
        "foreign_clerk": b.clerk,
    }
    subject = "Tuyên truyền chuyển đổi số"
    docs = [
        make_doc(a.org, subject=subject, drafting_unit=a.unit),
        make_doc(a.org, subject=f"{subject} năm 2025", body="Chuyển đổi số, chuyển đổi số, chuyển đổi số"),
        make_doc(a.org, subject=subject, confidentiality=1, drafter=a.drafter.user, drafting_unit=a.unit),
        make_doc(a.org, subject=subject, confidentiality=2, drafting_unit=other_unit),
        make_doc(a.org, subject=subject, confidentiality=3, signer=a.deputy.user),
        make_doc(b.org, subject=subject),
        make_doc(b.org, subject=subject, confidentiality=1),
    ]
    assigned = make_doc(a.org, subject=subject, confidentiality=1)
    Direction.objects.create(document=assigned, lead_person=people["assignee"].user)
    docs.append(assigned)
    # Two ordinary documents of the other unit: its members read them, the drafter's unit does not.
    docs += [make_doc(a.org, subject=subject, drafting_unit=other_unit) for _ in range(2)]
    return people, docs


def search_all(member, limit: int = 50):
    return search(
        base=readable_by(member),
        params=SearchParams(q="tuyen truyen chuyen doi so"),
        owner_id=member.organization_id,
        limit=limit,
    )


@pytest.mark.django_db
class TestOnlyWhatTheUserMayOpen:
    @pytest.mark.parametrize("who", ROLES, ids=ROLES)
    def test_results_are_exactly_the_readable_documents(self, world, who):
        """III.6: every hit passes permissions.can_read, and every readable match is a hit."""
        people, docs = world
        member = people[who]
        hits = {h.document.pk for h in search_all(member).hits}
        readable = {d.pk for d in docs if can_read(member, Document.objects.get(pk=d.pk))}
        assert hits == readable

    @pytest.mark.parametrize("who", ROLES, ids=ROLES)
    def test_total_counts_only_readable_documents(self, world, who):
        """III.6: the number of results is computed in the query, so it never reveals hidden documents."""
        people, docs = world
        member = people[who]
        readable = [d for d in docs if can_read(member, Document.objects.get(pk=d.pk))]
        assert search_all(member).total == len(readable)

    @pytest.mark.parametrize("who", ["drafter", "other_specialist"], ids=["drafter", "other_specialist"])
    def test_a_short_page_is_full(self, world, who):
        """III.6: the rule is inside the query, not a filter on a fetched page: a page of 2 holds 2 readable
        hits even when hidden documents would rank first."""
        people, _docs = world
        page = search_all(people[who], limit=2)
        assert len(page.hits) == 2
        assert all(can_read(people[who], h.document) for h in page.hits)

    def test_number_symbol_query_respects_the_rule(self, world):
        """III.6: a number/symbol query finds no document of another organisation."""
        people, docs = world
        Document.objects.filter(pk=docs[5].pk).update(number_text="219", symbol="TTCS-TTTQ")
        from congvan.search.indexing import index_documents

        index_documents([docs[5].pk])
        page = search(
            base=readable_by(people["clerk"]),
            params=SearchParams(q="219/TTCS-TTTQ"),
            owner_id=people["clerk"].organization_id,
        )
        assert page.hits == []


@pytest.mark.django_db
class TestFewReadableDocuments:
    @pytest.mark.parametrize("who", ROLES, ids=ROLES)
    @pytest.mark.parametrize(
        "params",
        [
            SearchParams(q="tuyen truyen chuyen doi so"),
            SearchParams(q='"chuyen doi so" tuyen'),
            SearchParams(q="chuyen doi", doc_type="CV"),
            SearchParams(signer="Lê Hải Yến"),
            SearchParams(q="219/TTCS-TTTQ"),
        ],
        ids=["words", "phrase", "filtered", "signer-only", "number-symbol"],
    )
    def test_same_hits_as_through_the_index(self, world, who, params):
        """A reader of few documents is matched document by document (``few``): the same hits, scores,
        order and total, page by page, as through the full-text index."""
        people, docs = world
        member = people[who]
        from congvan.search.indexing import index_documents

        marked = [d.pk for d in docs[:4] + docs[-2:]]
        Document.objects.filter(pk__in=marked).update(
            signer_name="Lê Hải Yến", number_text="219", symbol="TTCS-TTTQ"
        )
        index_documents(marked)

        def pages(few: bool) -> list[tuple[list[tuple[int, float]], int]]:
            out = []
            for offset in (0, 2, 4, 50):
                page = search(
                    base=readable_by(member),
                    params=params,
                    owner_id=member.organization_id,
                    limit=2,
                    offset=offset,
                    few=few,
                )
                out.append(([(h.document.pk, h.score) for h in page.hits], page.total))
            return out

        assert pages(few=True) == pages(few=False)
        if who == "drafter":
            assert pages(few=True)[0][1] > 0  # (the drafter's unit has documents of every kind above)

    def test_who_reads_few(self, world):
        """Clerks and leaders read every ordinary document of the organisation; the others read few."""
        people, _docs = world
        few = {who for who in ROLES if reads_few(people[who])}
        assert few == {"unit_head", "drafter", "other_specialist", "assignee"}

    @pytest.mark.parametrize("who", ["drafter", "clerk"], ids=["few", "all"])
    def test_staff_search_is_the_readable_search(self, world, who):
        """``staff_search`` is the search over ``readable_by`` in the actor's organisation."""
        people, _docs = world
        member = people[who]
        page = staff_search(member, SearchParams(q="tuyen truyen chuyen doi so"), limit=50)
        assert [(h.document.pk, h.score) for h in page.hits] == [
            (h.document.pk, h.score) for h in search_all(member).hits
        ]
