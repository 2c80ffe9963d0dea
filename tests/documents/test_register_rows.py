"""The registers' rows read as values (registers.RegisterRows) are the cells ``registers.rows`` makes from the
models: the API's register book gives the same answer as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.utils import translation

from congvan.api import schemas as s
from congvan.api.urls import api, paged
from congvan.directives.models import Direction
from congvan.documents import selectors
from congvan.documents.models import Confidentiality, Document, Recipient, Register, Urgency
from congvan.documents.registers import RegisterRows, incoming_columns, outgoing_columns, rows
from congvan.documents.tokens import token_create
from congvan.exchange.models import Delivery
from congvan.vbhc.workflow import Role
from factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(agency, recipients):
    """An outgoing and an incoming register of 2024 (ordinary and confidential series) with entries of every
    shape their cells show, and entries of 2023 that the 2024 book leaves out."""
    org = agency.org
    reg = {
        (d, y, series): Register.objects.create(organization=org, direction=d, year=y, series=series)
        for d in ("out", "in")
        for y in (2023, 2024)
        for series in ("ordinary", "confidential")
    }
    when = dt.datetime(2024, 3, 4, 23, 30, tzinfo=dt.UTC)  # 5 March in Hà Nội
    for n in range(1, 8):
        doc = Document.objects.create(
            owner=org,
            direction="out",
            state="issued",
            doc_type=["CV", "QD", "TB"][n % 3],
            register=reg["out", 2024, "confidential" if n == 5 else "ordinary"],
            number=n,
            symbol="" if n == 2 else f"STTTT-VP{n}",
            number_text="05a" if n == 3 else "",
            issued_on=dt.date(2024, 1, n),
            subject=f"Công văn số {n} <&>",
            signer_name="Lê Hải Yến" if n != 4 else "",
            drafting_unit=agency.unit if n % 2 else None,
            drafter_initials="TH" if n != 6 else "",
            urgency=n % 4,
            confidentiality=Confidentiality.SECRET if n == 5 else 0,
        )
        for k, text in enumerate(["Như trên", "Báo Lạng Sơn", "Lưu: VT, TTBCXB", "UBND tỉnh"][: n % 5]):
            Recipient.objects.create(document=doc, kind="info" if k % 2 else "action", position=k, text=text)
        for r in recipients[: n % 3]:
            Delivery.objects.create(outgoing=doc, recipient=r.org, status_at=when)
    Document.objects.create(
        owner=org,
        direction="out",
        state="issued",
        register=reg["out", 2023, "ordinary"],
        number=1,
        subject="Cũ",
    )
    Document.objects.create(
        owner=org, direction="out", state="draft", register=reg["out", 2024, "ordinary"], subject="Chưa số"
    )
    nameless = make_member(org, Role.SPECIALIST, unit=agency.unit, full_name="")
    first_last = make_member(org, Role.SPECIALIST, unit=agency.unit, full_name="").user
    first_last.first_name, first_last.last_name = "Văn", "Ba"
    first_last.save()
    for n in range(1, 8):
        doc = Document.objects.create(
            owner=org,
            direction="in",
            state="directed",
            doc_type=["CV", "QD", "TB"][n % 3],
            register=reg["in", 2024, "confidential" if n == 6 else "ordinary"],
            arrival_number=n * 7,
            received_at=when if n != 2 else None,
            issuer_name=f"Sở {n} & <Ban>",
            number=n if n != 3 else None,
            number_text="12/BC" if n == 4 else "",
            symbol="UBND-VX" if n != 5 else "",
            issued_on=dt.date(2024, 2, n) if n != 6 else None,
            subject=f"Văn bản đến {n}",
            due_on=dt.date(2024, 4, n) if n % 2 else None,
            confidentiality=Confidentiality.TOP_SECRET if n == 6 else 0,
            urgency=Urgency.URGENT,
        )
        leads = [
            [],
            [(agency.unit, None)],
            [(None, first_last)],
            [(agency.unit, agency.drafter.user), (agency.office, None)],
            [(None, nameless.user)],
            [(agency.office, agency.clerk.user), (agency.unit, agency.drafter.user)],
            [(None, None)],
        ][n - 1]
        for k, (unit, person) in enumerate(leads):
            Direction.objects.create(
                document=doc,
                directed_by=agency.head.user,
                lead_unit=unit,
                lead_person=person,
                created_at=when + dt.timedelta(hours=k if n != 6 else -k),
            )
    Document.objects.create(
        owner=org,
        direction="in",
        state="received",
        register=reg["in", 2024, "ordinary"],
        subject="Chưa vào sổ",
    )
    return agency


@pytest.mark.parametrize("direction", ["out", "in"])
@pytest.mark.parametrize(("page", "size"), [(1, 100), (2, 3), (9, 4)])
def test_register_rows_are_the_models_cells(books, direction, page, size):
    """Each entry's cells — number and symbol, dates in the local time, type and subject, signer, recipients
    without 'Như trên' and 'Lưu', keeper, copies sent, urgency and confidentiality; arrival number, issuer,
    the newest direction's lead unit and person (or username) — and their order are the models' cells."""
    before = Paginator(selectors.register_rows(books.clerk, direction=direction, year=2024), size).get_page(
        page
    )
    after = Paginator(
        RegisterRows(
            selectors.register_documents(books.clerk, direction=direction, year=2024), direction=direction
        ),
        size,
    ).get_page(page)
    expected = [(d.pk, cells) for d, cells in rows(before.object_list, direction=direction)]
    assert list(after) == expected
    assert after.paginator.count == before.paginator.count == 7


def test_register_rows_follow_the_readers_rule(books):
    """A deputy leader's book lists only what the deputy may read: not the confidential entries."""
    for direction in ("out", "in"):
        documents = selectors.register_documents(books.deputy, direction=direction, year=2024)
        got = [pk for pk, _cells in RegisterRows(documents, direction=direction)]
        assert got == [d.pk for d in selectors.register_rows(books.deputy, direction=direction, year=2024)]
        assert len(got) == 6


@pytest.mark.parametrize("direction", ["out", "in"])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("page", "size", "shown"), [(2, 5, 2), (1, 100, 7), (99, 3, 1)])
def test_register_api_is_the_schemas_json(client, books, direction, language, page, size, shown):
    """GET /registers/{direction}/{year} answers what the models' cells validated by s.RegisterPage gave."""
    _token, key = token_create(user=books.clerk.user, name="test")
    response = client.get(
        f"/api/v1/registers/{direction}/2024?size={size}&page={page}",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    with translation.override(language):
        current, meta = paged(
            selectors.register_rows(books.clerk, direction=direction, year=2024), page, size
        )
        table = rows(current.object_list, direction=direction)
        data = s.RegisterPage.model_validate(
            {
                **meta,
                "columns": outgoing_columns() if direction == "out" else incoming_columns(),
                "rows": [cells for _d, cells in table],
                "document_ids": [d.pk for d, _c in table],
            }
        ).model_dump()
        assert response.content == api.renderer.render(None, data, response_status=200).encode()  # type: ignore[arg-type]
    assert len(response.json()["rows"]) == shown


def test_register_page_reads_a_fixed_number_of_queries(books, django_assert_num_queries):
    """A page of the book reads its entries in one query and their other cells in one more per table (the
    recipients and the copies sent of an outgoing book, the directions of an incoming one), for any size."""
    for direction, queries in (("out", 3), ("in", 2)):
        documents = selectors.register_documents(books.clerk, direction=direction, year=2024)
        with django_assert_num_queries(queries):
            RegisterRows(documents, direction=direction)[0:100]
