"""Opinion gathering on a draft (góp ý dự thảo, Phụ lục VI III.5.a): parties of the same organisation or other
organisations, in parallel or one after another, each with a deadline; answers against a version; late answers
kept and marked; answers from someone not asked refused (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from drafting_helpers import draft_with_versions, edit, in_days, party

from congvan.documents.errors import InvalidInput, InvalidState, NotAllowed
from congvan.documents.models import Document, Event
from congvan.documents.services import document_approve, document_issue, document_sign, document_submit
from congvan.drafting.models import Consultee, Mode, Opinion, Verdict
from congvan.drafting.services import FileIn, consultation_request, opinion_give, pending
from congvan.vbhc.workflow import Role, SigningAuthority
from factories import Agency, fresh, make_member

pytestmark = pytest.mark.django_db


def ask(agency: Agency, doc: Document, *parties: object, mode: str = Mode.PARALLEL) -> object:
    return consultation_request(document=fresh(doc), actor=agency.drafter, mode=mode, parties=list(parties))  # type: ignore[arg-type]


class TestParallel:
    def test_every_party_may_answer_at_once_against_the_version_sent(self, agency: Agency) -> None:
        """In parallel each party answers when it likes; the answer is tied to the version it read."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head), party(agency.clerk))
        o1 = opinion_give(consultation=c, actor=agency.clerk, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        o2 = opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.DISAGREE, text="Chưa rõ.")  # type: ignore[arg-type]
        assert (o1.version.number, o2.version.number) == (3, 3)
        assert pending(c) == []  # type: ignore[arg-type]

    def test_a_party_may_answer_again_on_a_newer_version(self, agency: Agency) -> None:
        """The drafter sees the answers per version: a party may answer each version once."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head))
        opinion_give(
            consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE_WITH_COMMENTS, text="Sửa câu 2."
        )  # type: ignore[arg-type]
        edit(agency, doc, body="Câu 2 đã sửa.")
        opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE, version_number=4)  # type: ignore[arg-type]
        with pytest.raises(InvalidInput):
            opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE, version_number=4)  # type: ignore[arg-type]
        assert sorted(Opinion.objects.values_list("version__number", flat=True)) == [3, 4]

    def test_any_member_of_a_unit_asked_answers_for_the_unit(self, agency: Agency) -> None:
        """A unit is asked as a whole; one of its people answers."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(unit=agency.office))
        o = opinion_give(consultation=c, actor=agency.clerk, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        assert o.consultee.unit_id == agency.office.pk


class TestSequential:
    def test_the_next_party_opens_when_the_previous_answers(self, agency: Agency) -> None:
        """One after another: the second may answer only after the first; the first answer opens its turn."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head), party(agency.deputy), mode=Mode.SEQUENTIAL)
        with pytest.raises(InvalidState, match="Chưa đến lượt"):
            opinion_give(consultation=c, actor=agency.deputy, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        assert not Opinion.objects.exists()
        opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        opinion_give(consultation=c, actor=agency.deputy, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        assert Opinion.objects.count() == 2

    def test_other_organisations_are_asked_in_parallel_only(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """Other organisations get one "xin ý kiến" letter, so they are asked together."""
        doc = draft_with_versions(agency)
        with pytest.raises(InvalidInput):
            ask(agency, doc, party(org=recipients[0].org), mode=Mode.SEQUENTIAL)


class TestLateAndRefused:
    def test_an_answer_after_the_deadline_is_accepted_and_marked_late(self, agency: Agency) -> None:
        """Late answers are kept (the opinion still counts) and marked late, in the log too."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head, days=0))
        Consultee.objects.update(deadline=timezone.localdate() - dt.timedelta(days=2))
        o = opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE)  # type: ignore[arg-type]
        assert o.late
        assert "trễ hạn" in Event.objects.get(document=doc, action="opinion_given").comment

    @pytest.mark.parametrize("who", ["specialist-not-asked", "other-unit-member", "drafter"])
    def test_an_answer_from_someone_not_asked_is_refused_and_nothing_changes(
        self, agency: Agency, who: str
    ) -> None:
        """Only the parties asked answer; the refusal says so and writes nothing."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head), party(unit=agency.office))
        outsider = {
            "specialist-not-asked": make_member(agency.org, Role.SPECIALIST, unit=agency.unit),
            "other-unit-member": make_member(agency.org, Role.UNIT_HEAD, unit=agency.unit),
            "drafter": agency.drafter,
        }[who]
        events = Event.objects.count()
        with pytest.raises(NotAllowed, match="không được xin ý kiến"):
            opinion_give(consultation=c, actor=outsider, verdict=Verdict.AGREE, files=[FileIn("a.txt", b"a")])  # type: ignore[arg-type]
        assert not Opinion.objects.exists() and Event.objects.count() == events

    @pytest.mark.parametrize(
        "verdict", [Verdict.AGREE_WITH_COMMENTS, Verdict.DISAGREE], ids=["comments", "disagree"]
    )
    def test_comments_or_disagreement_need_a_text(self, agency: Agency, verdict: str) -> None:
        """Comments without text, or a disagreement without a reason, are refused."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(agency.unit_head))
        with pytest.raises(InvalidInput):
            opinion_give(consultation=c, actor=agency.unit_head, verdict=verdict)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "bad",
        ["past-deadline", "myself", "twice", "none"],
    )
    def test_a_bad_request_for_opinions_is_refused(self, agency: Agency, bad: str) -> None:
        """Deadlines not in the past, no duplicates, someone other than the drafter, at least one party."""
        doc = draft_with_versions(agency)
        parties = {
            "past-deadline": [party(agency.unit_head, days=-1)],
            "myself": [party(agency.drafter)],
            "twice": [party(agency.unit_head), party(agency.unit_head)],
            "none": [],
        }[bad]
        with pytest.raises(InvalidInput):
            ask(agency, doc, *parties)
        assert not Consultee.objects.exists()


class TestOtherOrganisations:
    def test_other_organisations_get_a_xin_y_kien_letter_that_travels_like_any_other(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """The letter is drafted by the drafting service with the draft attached, goes through the outgoing
        workflow (Điều 10–16) and reaches each organisation's inbox by internal delivery; its people answer."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(org=recipients[0].org), party(org=recipients[1].org))
        letter = c.letter  # type: ignore[attr-defined]
        assert letter.subject.startswith("V/v xin ý kiến góp ý dự thảo")
        assert {a.name for a in letter.attachments.all()} == {"du-thao-phien-ban-3.txt", "ke-hoach.txt"}
        document_submit(document=letter, actor=agency.drafter)
        document_approve(document=letter, actor=agency.unit_head)
        document_sign(document=letter, actor=agency.deputy, authority=SigningAuthority.KT)
        document_issue(document=letter, actor=agency.clerk)
        copy = Document.objects.get(owner=recipients[0].org, direction="in", source_document=letter)
        assert copy.attachments.count() == 2
        o = opinion_give(
            consultation=c, actor=recipients[0].head, verdict=Verdict.AGREE_WITH_COMMENTS, text="Bổ sung."
        )  # type: ignore[arg-type]
        assert o.consultee.organization_id == recipients[0].org.pk

    def test_the_drafter_records_the_written_answer_of_an_organisation(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """An organisation reached by edXML answers by letter; the drafter records it for that organisation."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(org=recipients[0].org))
        consultee = Consultee.objects.get()
        o = opinion_give(
            consultation=c,  # type: ignore[arg-type]
            actor=agency.drafter,
            verdict=Verdict.AGREE,
            consultee_id=consultee.pk,
            files=[FileIn("tra-loi.pdf", b"%PDF-1.4 tra loi", "application/pdf")],
        )
        assert o.author_id == agency.drafter.user_id and o.files.get().name == "tra-loi.pdf"

    def test_someone_of_another_organisation_not_asked_is_refused(
        self, agency: Agency, recipients: list[Agency]
    ) -> None:
        """A leader of an organisation that was not asked cannot answer."""
        doc = draft_with_versions(agency)
        c = ask(agency, doc, party(org=recipients[0].org))
        with pytest.raises(NotAllowed):
            opinion_give(consultation=c, actor=recipients[1].head, verdict=Verdict.AGREE)  # type: ignore[arg-type]


def test_every_step_is_an_audit_event_in_order(agency: Agency) -> None:
    """The history (and the case-file export built from it) has each step in order."""
    doc = draft_with_versions(agency)
    c = ask(agency, doc, party(agency.unit_head, days=3))
    opinion_give(consultation=c, actor=agency.unit_head, verdict=Verdict.AGREE)  # type: ignore[arg-type]
    actions = list(Event.objects.filter(document=doc).order_by("at", "id").values_list("action", flat=True))
    assert actions[-2:] == ["consultation_requested", "opinion_given"]
    assert in_days(3).strftime("%d/%m/%Y") in Event.objects.get(action="consultation_requested").comment


def test_the_daily_command_reminds_only_due_or_overdue_parties_once_a_day(agency: Agency) -> None:
    """`congvan remind_consultations --now`: parties due tomorrow or overdue are reminded (an Event each), not
    those due later, and not twice the same day."""
    import io

    from django.core.management import call_command

    doc = draft_with_versions(agency)
    ask(agency, doc, party(agency.unit_head, days=1), party(agency.deputy, days=9))
    out = io.StringIO()
    call_command("remind_consultations", "--now", stdout=out)
    call_command("remind_consultations", "--now", stdout=out)
    assert out.getvalue().split() == ["1", "reminders", "0", "reminders"]
    reminded = Event.objects.filter(document=doc, action="consultation_reminded").values_list(
        "comment", flat=True
    )
    assert [c.split(":")[0] for c in reminded] == [agency.unit_head.user.get_full_name()]
