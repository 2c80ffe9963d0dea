"""A person's lists read by statements compiled once per shape (documents.listing.fixed_rows, issue 10): the
same rows, values, order, pages and count as the selector's QuerySet read through the ORM — for every role, for
two people of the same shape, under either read scope — and a shape the statements cannot hold goes to the ORM."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.paginator import Paginator

from congvan.directives.models import Direction
from congvan.documents import selectors, statements
from congvan.documents.listing import DocumentRows, fixed_list, fixed_rows
from congvan.documents.models import Confidentiality, Document
from congvan.vbhc.workflow import Role, State
from factories import Agency, make_draft, make_member

pytestmark = pytest.mark.django_db

LISTS = {
    "waiting_for": selectors.waiting_for,
    "incoming": selectors.incoming,
    "outgoing": selectors.outgoing,
}
WHO = ["drafter", "unit_head", "head", "deputy", "clerk", "admin"]


def fill(agency: Agency) -> None:
    """Outgoing and incoming documents in every state of the rules, ordinary and confidential, directed to the
    unit, to people, to another unit or to no one."""
    states = [
        State.DRAFT,
        State.CONTENT_REVIEW,
        State.SIGNATURE,
        State.SIGNED,
        State.RECEIVED,
        State.REGISTERED,
        State.DIRECTED,
        State.IN_PROGRESS,
        State.DONE,
    ]
    for i, state in enumerate(states * 3):
        confidentiality = Confidentiality.SECRET if i % 5 == 0 else Confidentiality.NONE
        doc = make_draft(agency, subject=f"Văn bản {i}", confidentiality=confidentiality)
        Document.objects.filter(pk=doc.pk).update(state=state, direction="in" if i % 2 else "out")
        lead = i % 4
        if lead == 0:
            Direction.objects.create(document=doc, directed_by=agency.head.user, lead_unit_id=agency.unit.pk)
        elif lead == 1:
            Direction.objects.create(
                document=doc, directed_by=agency.head.user, lead_person_id=agency.drafter.user_id
            )
        elif lead == 2:
            Direction.objects.create(
                document=doc, directed_by=agency.head.user, lead_person_id=agency.deputy.user_id
            )


@pytest.fixture
def two(agency: Agency) -> tuple[Agency, Agency]:
    other = Agency("Sở Tài chính", "STC")
    for a in (agency, other):
        a.admin = make_member(a.org, Role.ADMIN)  # type: ignore[attr-defined]
        fill(a)
    return agency, other


def same_as_orm(name: str, actor) -> None:
    orm = DocumentRows(LISTS[name](actor))
    fixed = fixed_rows(name, LISTS[name], actor)
    assert fixed.count() == orm.count()
    assert [dataclasses.astuple(r) for r in fixed[0 : orm.count() + 1]] == [
        dataclasses.astuple(r) for r in orm[0 : orm.count() + 1]
    ]
    for size in (1, 4):
        for number in (1, 2, 5):
            a = Paginator(DocumentRows(LISTS[name](actor)), size).get_page(number)
            b = Paginator(fixed_rows(name, LISTS[name], actor), size).get_page(number)
            assert [r.pk for r in b] == [r.pk for r in a]
            assert (b.number, b.paginator.count) == (a.number, a.paginator.count)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", WHO)
def test_the_same_rows_as_the_orm_for_every_role(two, name, who):
    """Each role's list: the same rows with every value, in the same order, the same pages and count."""
    agency, _other = two
    same_as_orm(name, getattr(agency, who))


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", WHO)
def test_two_people_of_one_shape_each_get_their_own_list(two, name, who):
    """The statement of a shape is shared; its parameters are each person's: someone of another organisation
    in the same role reads their own list, not the first one's."""
    agency, other = two
    same_as_orm(name, getattr(agency, who))
    same_as_orm(name, getattr(other, who))
    mine = {r.pk for r in fixed_rows(name, LISTS[name], getattr(agency, who))[0:1000]}
    theirs = {r.pk for r in fixed_rows(name, LISTS[name], getattr(other, who))[0:1000]}
    assert not mine & theirs


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", ["drafter", "unit_head", "admin"])
def test_the_read_scope_is_part_of_the_shape(two, settings, name, who):
    """With CONGVAN_READ_SCOPE=organization the rule changes: the statement follows it."""
    agency, _other = two
    same_as_orm(name, getattr(agency, who))
    settings.CONGVAN_READ_SCOPE = "organization"
    same_as_orm(name, getattr(agency, who))


@pytest.mark.parametrize("who", ["drafter", "deputy", "clerk"])
def test_the_lists_of_people_are_held_as_statements(two, who):
    """The lists of the API's readers are written once per shape (not left to the ORM at every call)."""
    agency, _other = two
    for name, build in LISTS.items():
        assert fixed_list(name, build, getattr(agency, who), ("id",)) is not None


def test_a_value_out_of_a_columns_range_goes_to_the_orm(agency):
    """A year beyond the column's range is left to the ORM, which reads no rows for it, as before."""
    huge = 10**12

    def build(actor, year):
        return Document.objects.filter(owner_id=actor.organization_id, register__year=year)

    assert fixed_list("test_year", build, agency.clerk, ("id",), year=huge) is None
    assert fixed_list("test_year", build, agency.clerk, ("id",), year=2024) is not None


def test_a_parameter_derived_from_an_id_leaves_the_shape_to_the_orm(agency):
    """A statement cannot hold a parameter computed from a person's id: that shape is read by the ORM, and
    not tried again."""

    def build(actor):
        return Document.objects.filter(owner_id=actor.organization_id + 1)

    assert fixed_list("test_derived", build, agency.clerk, ("id",)) is None
    rows = fixed_rows("test_derived", build, agency.clerk)
    assert rows._fixed is None
    assert any("test_derived" in key[2] and not value for key, value in statements._MADE.items())


def test_a_selector_reading_more_of_the_person_goes_to_the_orm(agency):
    """A selector that reads an attribute the stand-in person lacks (their user) is left to the ORM, not an
    error."""

    def build(actor):
        return Document.objects.filter(owner_id=actor.organization_id, drafter_id=actor.user.pk)

    assert fixed_list("test_user", build, agency.drafter, ("id",)) is None
    rows = fixed_rows("test_user", build, agency.drafter)
    assert rows._fixed is None
    assert rows.count() == Document.objects.filter(drafter_id=agency.drafter.user_id).count()
