"""The leader's direction of an incoming document and the assignee's progress (Điều 22–24, Phụ lục IV mục VII)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents import storage
from congvan.documents.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from congvan.documents.models import Document, Recipient
from congvan.documents.permissions import check_read
from congvan.documents.services import _transition, event_record
from congvan.exchange.services import report_status
from congvan.orgs.models import Membership, Organization, Unit
from congvan.vbhc.workflow import Action, Role, State

from .models import (
    PATH_WIDTH,
    REPORTED_STATES,
    Assignment,
    AssignmentState,
    Direction,
    Directive,
    FigureKind,
    Notification,
    NotificationKind,
    ProgressNote,
    Report,
    ReportFile,
    ReportState,
)


def incoming_direct(
    *,
    document: Document,
    actor: Membership,
    lead_unit_id: int | None = None,
    lead_user_id: int | None = None,
    co_unit_ids: list[int] | None = None,
    deadline: dt.date | None = None,
    note: str = "",
    ip: str | None = None,
) -> Direction:
    """The leader names who leads, who co-operates and by when (phiếu giải quyết)."""
    org_id = actor.organization_id
    co_unit_ids = [i for i in (co_unit_ids or []) if i != lead_unit_id]
    if lead_unit_id is None and lead_user_id is None:
        raise InvalidInput(_("Cần chọn đơn vị hoặc người chủ trì giải quyết."), field="lead_unit")
    if lead_unit_id is not None and not Unit.objects.filter(pk=lead_unit_id, organization_id=org_id).exists():
        raise InvalidInput(_("Đơn vị chủ trì không thuộc cơ quan."), field="lead_unit")
    if (
        lead_user_id is not None
        and not Membership.objects.filter(user_id=lead_user_id, organization_id=org_id).exists()
    ):
        raise InvalidInput(_("Người chủ trì không thuộc cơ quan."), field="lead_user")
    if co_unit_ids and Unit.objects.filter(pk__in=co_unit_ids, organization_id=org_id).count() != len(
        set(co_unit_ids)
    ):
        raise InvalidInput(_("Đơn vị phối hợp không thuộc cơ quan."), field="co_units")
    if deadline is not None and deadline < timezone.localdate():
        raise InvalidInput(_("Hạn giải quyết không được trước ngày hôm nay."), field="deadline")
    with transaction.atomic():
        doc = _transition(
            document=document,
            actor=actor,
            action=Action.DIRECT,
            target=State.DIRECTED,
            comment=note,
            ip=ip,
            due_on=deadline or document.due_on,
        )
        direction = Direction.objects.create(
            document=doc,
            directed_by=actor.user,
            lead_unit_id=lead_unit_id,
            lead_person_id=lead_user_id,
            deadline=deadline,
            note=note,
        )
        if co_unit_ids:
            direction.co_units.set(co_unit_ids)
        report_status(incoming=doc)
    return direction


def incoming_progress(
    *, document: Document, actor: Membership, text: str, ip: str | None = None
) -> ProgressNote:
    """The assignee records what has been done so far."""
    if not (text or "").strip():
        raise InvalidInput(_("Cần ghi nội dung tiến độ."), field="text")
    with transaction.atomic():
        doc = _transition(
            document=document,
            actor=actor,
            action=Action.PROGRESS,
            target=State.IN_PROGRESS,
            comment=text,
            ip=ip,
        )
        note = ProgressNote.objects.create(document=doc, author=actor.user, text=text.strip())
        report_status(incoming=doc)
    return note


def incoming_complete(
    *,
    document: Document,
    actor: Membership,
    text: str = "",
    reply_document_id: int | None = None,
    ip: str | None = None,
) -> ProgressNote:
    """The assignee records completion, optionally linking the reply document of the same organisation."""
    if (
        reply_document_id is not None
        and not Document.objects.filter(pk=reply_document_id, owner_id=actor.organization_id).exists()
    ):
        raise InvalidInput(_("Văn bản trả lời không thuộc cơ quan."), field="reply_document")
    with transaction.atomic():
        doc = _transition(
            document=document, actor=actor, action=Action.COMPLETE, target=State.DONE, comment=text, ip=ip
        )
        note = ProgressNote.objects.create(
            document=doc,
            author=actor.user,
            text=text.strip() or _("Hoàn thành"),
            done=True,
            reply_document_id=reply_document_id,
        )
        report_status(incoming=doc)
    return note


# --- Requests with an outgoing document, assignments down the chain, reports back up (issue 5) -------------
#
# check_* validate and check access before anything is written; the writes run in one transaction; the
# notifications that leave the process (email) go through the task queue after the commit.

MAX_FIGURES = 30
REVIEW_ROLES = {Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST, Role.CLERK}
CASCADE_ROLES = {Role.LEADER, Role.UNIT_HEAD, Role.CLERK}


@dataclass
class Figure:
    code: str
    name: str
    unit: str = ""
    kind: str = FigureKind.INTEGER

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "unit": self.unit, "kind": self.kind}


@dataclass
class DirectiveData:
    title: str
    deadline: dt.date
    detail: str = ""
    organization_ids: list[int] | None = None  # None: every organisation in Kính gửi
    form: list[Figure] = field(default_factory=list)
    remind_days: int = 3


@dataclass
class CascadeTarget:
    organization_id: int | None = None
    unit_id: int | None = None


@dataclass
class UploadedReportFile:
    name: str
    content: bytes | BinaryIO
    content_type: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def check_form(form: list[Figure]) -> list[dict[str, str]]:
    """A report form: named figures with distinct codes and a known kind (integer or decimal)."""
    if len(form) > MAX_FIGURES:
        raise InvalidInput(_("Mẫu báo cáo có quá %(n)d chỉ tiêu.") % {"n": MAX_FIGURES}, field="form")
    seen: set[str] = set()
    out = []
    for fig in form:
        code = (fig.code or "").strip()
        if not code or not (fig.name or "").strip():
            raise InvalidInput(_("Mỗi chỉ tiêu cần có mã và tên."), field="form")
        if code in seen:
            raise InvalidInput(_("Mã chỉ tiêu “%(code)s” bị trùng.") % {"code": code}, field="form")
        if fig.kind not in FigureKind.values:
            raise InvalidInput(
                _("Kiểu của chỉ tiêu “%(name)s” phải là số nguyên hoặc số thập phân.") % {"name": fig.name},
                field="form",
            )
        seen.add(code)
        out.append(Figure(code, fig.name.strip(), (fig.unit or "").strip(), fig.kind).as_json())
    return out


def form_from_json(rows: list[dict[str, Any]]) -> list[Figure]:
    return [
        Figure(str(r.get("code", "")), str(r.get("name", "")), str(r.get("unit", "")), str(r.get("kind", "")))
        for r in rows
    ]


def action_recipient_ids(document: Document) -> set[int]:
    return set(
        Recipient.organizations.through.objects.filter(
            recipient__document=document, recipient__kind=Recipient.Kind.ACTION
        )
        .exclude(organization_id=document.owner_id)
        .values_list("organization_id", flat=True)
    )


def directive_add(*, document: Document, actor: Membership, data: DirectiveData) -> Directive:
    """The drafter attaches a request to the draft: what to do, who acts, by when, what figures come back."""
    check_read(actor, document)
    if document.direction != "out" or document.state != State.DRAFT or actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được giao nhiệm vụ kèm dự thảo văn bản đi."))
    title = (data.title or "").strip()
    if not title:
        raise InvalidInput(_("Cần ghi nội dung nhiệm vụ."), field="title")
    if len(title) > 500:
        raise InvalidInput(_("Nội dung nhiệm vụ dài quá 500 ký tự."), field="title")
    if data.deadline is None or data.deadline < _today():
        raise InvalidInput(_("Hạn hoàn thành không được trước ngày hôm nay."), field="deadline")
    if not 0 <= data.remind_days <= 60:
        raise InvalidInput(_("Số ngày nhắc trước hạn phải từ 0 đến 60."), field="remind_days")
    form = check_form(data.form)
    if data.organization_ids is not None:
        chosen = set(data.organization_ids)
        if not chosen:
            raise InvalidInput(_("Cần chọn ít nhất một cơ quan thực hiện."), field="organizations")
        if not chosen <= action_recipient_ids(document):
            raise InvalidInput(
                _("Cơ quan thực hiện phải là nơi nhận ở mục “Kính gửi” của văn bản."), field="organizations"
            )
    with transaction.atomic():
        directive = Directive.objects.create(
            document=document,
            position=document.directives.count(),
            title=title,
            detail=(data.detail or "").strip(),
            deadline=data.deadline,
            all_recipients=data.organization_ids is None,
            form=form,
            remind_days=data.remind_days,
            created_by=actor.user,
        )
        if data.organization_ids is not None:
            directive.organizations.set(sorted(set(data.organization_ids)))
        event_record(
            organization=document.owner,
            document=document,
            action="directive_added",
            actor_user_id=actor.user_id,
            comment=title[:200],
        )
    return directive


def directive_remove(*, directive: Directive, actor: Membership) -> None:
    document = directive.document
    check_read(actor, document)
    if document.state != State.DRAFT or actor.user_id != document.drafter_id:
        raise NotAllowed(_("Chỉ người soạn thảo được bỏ nhiệm vụ khỏi dự thảo."))
    with transaction.atomic():
        directive.delete()


def _set_paths(rows: list[Assignment], parent: Assignment | None) -> None:
    prefix = parent.path if parent is not None else ""
    for a in rows:
        a.path = f"{prefix}{a.pk:0{PATH_WIDTH}d}/"
    Assignment.objects.bulk_update(rows, ["path"])


def assignments_create_for_issue(*, document: Document, deliveries: Sequence[Any]) -> list[Assignment]:
    """At issue, in the issuing transaction: one assignment per directive and recipient that must act.

    Called by ``exchange.services.deliver_issued`` after the incoming copies exist.
    """
    directives = list(document.directives.prefetch_related("organizations"))
    if not directives:
        return []
    copies = {d.recipient_id: d.incoming_id for d in deliveries}
    action_ids = action_recipient_ids(document)
    rows: list[Assignment] = []
    for directive in directives:
        wanted = action_ids if directive.all_recipients else {o.pk for o in directive.organizations.all()}
        for org_id in sorted(wanted & set(copies)):
            rows.append(
                Assignment(
                    directive=directive,
                    assigned_by_org_id=document.owner_id,
                    assigned_by_id=document.signer_id,
                    organization_id=org_id,
                    incoming_id=copies[org_id],
                    title=directive.title,
                    detail=directive.detail,
                    deadline=directive.deadline,
                    form=directive.form,
                    depth=0,
                )
            )
    created = Assignment.objects.bulk_create(rows)
    _set_paths(created, None)
    _notify(created, NotificationKind.ASSIGNED, email=False)
    return created


def _organization_ancestors(org_ids: set[int]) -> dict[int, list[int]]:
    """Each organisation's chain of parents (nearest first), one query per level of the tree."""
    parent_of: dict[int, int | None] = {}
    todo = set(org_ids)
    while todo:
        rows = dict(Organization.objects.filter(pk__in=todo).values_list("pk", "parent_id"))
        parent_of.update(rows)
        todo = {p for p in rows.values() if p is not None and p not in parent_of}
    chains: dict[int, list[int]] = {}
    for org_id in org_ids:
        chain, seen, cur = [], set(), parent_of.get(org_id)
        while cur is not None and cur not in seen:
            chain.append(cur)
            seen.add(cur)
            cur = parent_of.get(cur)
        chains[org_id] = chain
    return chains


def cascade_scope_allows(assignee_org: Organization, target_id: int, chains: dict[int, list[int]]) -> bool:
    """May ``assignee_org`` pass work to ``target_id``? Anything below it in the tree; and, as a culture
    office guides the centre beside it under the same People's Committee (the sample letter's point 3), anything
    below its own parent — never the parent itself, its ancestors, or the assignee."""
    chain = chains.get(target_id, [])
    if target_id == assignee_org.pk:
        return False
    if assignee_org.pk in chain:
        return True
    parent_id = assignee_org.parent_id
    return parent_id is not None and parent_id in chain and target_id != parent_id


def _check_member(actor: Membership, assignment: Assignment, roles: set[Role]) -> None:
    if actor.organization_id != assignment.organization_id:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    role = Role(actor.role)
    if role not in roles:
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này đối với nhiệm vụ."))
    if assignment.unit_id and role not in (Role.LEADER, Role.CLERK) and actor.unit_id != assignment.unit_id:
        raise NotAllowed(_("Nhiệm vụ này giao cho đơn vị khác trong cơ quan."))


def assignment_cascade(
    *,
    assignment: Assignment,
    actor: Membership,
    targets: list[CascadeTarget],
    deadline: dt.date,
    detail: str = "",
    form: list[Figure] | None = None,
) -> list[Assignment]:
    """Pass an assignment down: to units of the assignee or organisations below it in the tree (Điều 24)."""
    _check_member(actor, assignment, CASCADE_ROLES | {Role.SPECIALIST})
    if Role(actor.role) == Role.SPECIALIST:
        raise NotAllowed(_("Chỉ lãnh đạo hoặc văn thư được giao tiếp nhiệm vụ cho cấp dưới."))
    if assignment.state in REPORTED_STATES:
        raise InvalidState(_("Nhiệm vụ đã báo cáo kết quả, không giao tiếp được nữa."))
    if assignment.unit_id is not None:
        raise InvalidInput(_("Nhiệm vụ đã giao cho đơn vị, không giao tiếp được nữa."), field="targets")
    if not targets:
        raise InvalidInput(_("Cần chọn ít nhất một đơn vị hoặc cơ quan nhận nhiệm vụ."), field="targets")
    if deadline is None:
        raise InvalidInput(_("Cần ghi hạn hoàn thành."), field="deadline")
    if deadline > assignment.deadline:
        raise InvalidInput(
            _("Hạn hoàn thành không được sau hạn của cấp trên (%(date)s).")
            % {"date": assignment.deadline.strftime("%d/%m/%Y")},
            field="deadline",
        )
    form_json = check_form(form) if form is not None else assignment.form
    org = assignment.organization
    org_ids = {t.organization_id for t in targets if t.organization_id is not None}
    unit_ids = {t.unit_id for t in targets if t.unit_id is not None}
    if any((t.organization_id is None) == (t.unit_id is None) for t in targets):
        raise InvalidInput(_("Mỗi nơi nhận là một đơn vị hoặc một cơ quan."), field="targets")
    if unit_ids and Unit.objects.filter(pk__in=unit_ids, organization_id=org.pk).count() != len(unit_ids):
        raise InvalidInput(_("Đơn vị nhận không thuộc cơ quan của bạn."), field="targets")
    if org_ids:
        known = set(Organization.objects.filter(pk__in=org_ids, is_active=True).values_list("pk", flat=True))
        chains = _organization_ancestors(known)
        outside = [i for i in org_ids if i not in known or not cascade_scope_allows(org, i, chains)]
        if outside:
            raise InvalidInput(
                _("Chỉ giao tiếp được cho cơ quan cấp dưới trong hệ thống của mình."), field="targets"
            )
    with transaction.atomic():
        parent = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if parent.state in REPORTED_STATES:
            raise InvalidState(_("Nhiệm vụ đã báo cáo kết quả, không giao tiếp được nữa."))
        taken = Assignment.objects.filter(directive_id=parent.directive_id).filter(
            Q(organization_id__in=org_ids, unit__isnull=True) | Q(unit_id__in=unit_ids)
        )
        if taken.exists():
            raise InvalidInput(_("Có nơi nhận đã được giao nhiệm vụ này."), field="targets")
        common = dict(
            directive_id=parent.directive_id,
            parent=parent,
            depth=parent.depth + 1,
            assigned_by_org_id=org.pk,
            assigned_by=actor.user,
            title=parent.title,
            detail=(detail or "").strip() or parent.detail,
            deadline=deadline,
            form=form_json,
        )
        rows = [Assignment(organization_id=i, **common) for i in sorted(org_ids)]  # type: ignore[arg-type]
        rows += [Assignment(organization_id=org.pk, unit_id=i, **common) for i in sorted(unit_ids)]  # type: ignore[arg-type]
        created = Assignment.objects.bulk_create(rows)
        _set_paths(created, parent)
        if parent.state in (AssignmentState.NEW,):
            Assignment.objects.filter(pk=parent.pk).update(state=AssignmentState.IN_PROGRESS)
        _mark_incoming_in_progress(parent, actor)
        _notify(created, NotificationKind.ASSIGNED, email=False)
    return created


def _mark_incoming_in_progress(assignment: Assignment, actor: Membership) -> None:
    """The recipient's incoming copy follows: the sender sees status 05 (handling) once work has started."""
    if assignment.incoming_id is None:
        return
    doc = Document.objects.filter(pk=assignment.incoming_id).only("pk", "state").first()
    if doc is not None and doc.state == State.DIRECTED:
        Document.objects.filter(pk=doc.pk).update(state=State.IN_PROGRESS)
        doc.state = State.IN_PROGRESS
        report_status(incoming=doc)


def assignment_start(*, assignment: Assignment, actor: Membership) -> Assignment:
    """The assignee says work has begun (status: in progress)."""
    _check_member(actor, assignment, REVIEW_ROLES)
    if assignment.state != AssignmentState.NEW:
        raise InvalidState(_("Nhiệm vụ đã được bắt đầu."))
    with transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk, state=AssignmentState.NEW).update(
            state=AssignmentState.IN_PROGRESS
        )
        assignment.state = AssignmentState.IN_PROGRESS
    return assignment


def check_figures(form: list[dict[str, Any]], figures: dict[str, Any]) -> dict[str, int | str]:
    """Figures for every item of the form, each of its kind: whole numbers for integers, not negative."""
    kinds = {f["code"]: f for f in form}
    unknown = sorted(set(figures) - set(kinds))
    if unknown:
        raise InvalidInput(
            _("Chỉ tiêu “%(code)s” không có trong mẫu báo cáo.") % {"code": unknown[0]}, field=unknown[0]
        )
    out: dict[str, int | str] = {}
    for code, fig in kinds.items():
        raw = figures.get(code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise InvalidInput(_("Cần nhập chỉ tiêu “%(name)s”.") % {"name": fig["name"]}, field=code)
        if isinstance(raw, bool):
            raise InvalidInput(_("“%(name)s” phải là số.") % {"name": fig["name"]}, field=code)
        try:
            value = Decimal(str(raw).strip().replace(",", ".")) if not isinstance(raw, Decimal) else raw
        except InvalidOperation:
            raise InvalidInput(_("“%(name)s” phải là số.") % {"name": fig["name"]}, field=code) from None
        if not value.is_finite():
            raise InvalidInput(_("“%(name)s” phải là số.") % {"name": fig["name"]}, field=code)
        if value < 0:
            raise InvalidInput(_("“%(name)s” không được âm.") % {"name": fig["name"]}, field=code)
        if fig["kind"] == FigureKind.INTEGER:
            if value != value.to_integral_value():
                raise InvalidInput(_("“%(name)s” phải là số nguyên.") % {"name": fig["name"]}, field=code)
            out[code] = int(value)
        else:
            out[code] = _number(value)
    return out


def _number(value: Decimal) -> int | str:
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def add_figures(a: dict[str, Any], b: dict[str, Any], sign: int = 1) -> dict[str, int | str]:
    """``a + sign·b``, figure by figure; exact (Decimal) whatever the kind."""
    out = {k: Decimal(str(v)) for k, v in a.items()}
    for k, v in b.items():
        out[k] = out.get(k, Decimal(0)) + sign * Decimal(str(v))
    return {k: _number(v) for k, v in out.items()}


def _roll_up(assignment: Assignment, delta: dict[str, Any]) -> None:
    """Add ``delta`` to the totals of the assignment and of every assignment above it (one read, one write)."""
    if not delta or all(Decimal(str(v)) == 0 for v in delta.values()):
        return
    ids = [*assignment.ancestor_ids(), assignment.pk]
    rows = list(Assignment.objects.select_for_update().filter(pk__in=ids).only("pk", "totals"))
    for row in rows:
        row.totals = add_figures(row.totals or {}, delta)
    Assignment.objects.bulk_update(rows, ["totals"])


def report_submit(
    *,
    assignment: Assignment,
    actor: Membership,
    figures: dict[str, Any],
    text: str = "",
    files: Sequence[UploadedReportFile] = (),
) -> Report:
    """The assignee reports its results; its figures and everything below roll up to the top at once."""
    _check_member(actor, assignment, REVIEW_ROLES)
    if assignment.state == AssignmentState.ACCEPTED:
        raise InvalidState(_("Báo cáo đã được chấp nhận, không gửi lại được."))
    if assignment.state == AssignmentState.SUBMITTED:
        raise InvalidState(_("Báo cáo đã gửi, đang chờ cấp trên xem xét."))
    clean = check_figures(assignment.form, figures)
    stored = [(f, storage.store(f.content, max_bytes=settings.MAX_UPLOAD_BYTES)) for f in files]
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.state in REPORTED_STATES:
            raise InvalidState(_("Báo cáo đã được chấp nhận, không gửi lại được."))
        report = Report.objects.create(
            assignment=locked,
            author=actor.user,
            figures=clean,
            text=(text or "").strip(),
            submitted_at=now,
            late=day > locked.deadline,
        )
        if stored:
            ReportFile.objects.bulk_create(
                ReportFile(
                    report=report,
                    stored=s,
                    name=storage.clean_file_name(f.name),
                    content_type=f.content_type[:120],
                )
                for f, s in stored
            )
        delta = add_figures(clean, locked.figures or {}, -1)
        Assignment.objects.filter(pk=locked.pk).update(
            state=AssignmentState.SUBMITTED, figures=clean, text=report.text, submitted_on=day
        )
        _roll_up(locked, delta)
        _mark_incoming_in_progress(locked, actor)
    assignment.state, assignment.figures, assignment.submitted_on = AssignmentState.SUBMITTED, clean, day
    return report


def _check_reviewer(actor: Membership, assignment: Assignment) -> None:
    if actor.organization_id != assignment.assigned_by_org_id:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    if Role(actor.role) not in REVIEW_ROLES:
        raise NotAllowed(_("Bạn không có quyền xem xét báo cáo này."))


def report_return(*, assignment: Assignment, actor: Membership, comment: str) -> Report:
    """The assigner sends the report back for revision; its figures leave the totals until it comes back."""
    _check_reviewer(actor, assignment)
    if not (comment or "").strip():
        raise InvalidInput(_("Cần ghi ý kiến khi trả lại báo cáo."), field="comment")
    if assignment.state == AssignmentState.ACCEPTED:
        raise InvalidState(_("Báo cáo đã được chấp nhận, không trả lại được."))
    if assignment.state != AssignmentState.SUBMITTED:
        raise InvalidState(_("Chưa có báo cáo để trả lại."))
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.state != AssignmentState.SUBMITTED:
            raise InvalidState(_("Chưa có báo cáo để trả lại."))
        report = locked.reports.order_by("-submitted_at", "-id").first()
        assert report is not None
        report.state, report.reviewed_by = ReportState.RETURNED, actor.user
        report.reviewed_at, report.review_comment = timezone.now(), comment.strip()
        report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
        Assignment.objects.filter(pk=locked.pk).update(
            state=AssignmentState.RETURNED, figures={}, submitted_on=None
        )
        _roll_up(locked, add_figures({}, locked.figures or {}, -1))
        _notify([locked], NotificationKind.RETURNED, email=True, comment=comment.strip())
    assignment.state = AssignmentState.RETURNED
    return report


def report_accept(*, assignment: Assignment, actor: Membership, comment: str = "") -> Report:
    """The assigner accepts the report; after that it cannot change."""
    _check_reviewer(actor, assignment)
    if assignment.state == AssignmentState.ACCEPTED:
        raise InvalidState(_("Báo cáo đã được chấp nhận."))
    if assignment.state != AssignmentState.SUBMITTED:
        raise InvalidState(_("Chưa có báo cáo để chấp nhận."))
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.state != AssignmentState.SUBMITTED:
            raise InvalidState(_("Chưa có báo cáo để chấp nhận."))
        report = locked.reports.order_by("-submitted_at", "-id").first()
        assert report is not None
        now = timezone.now()
        report.state, report.reviewed_by, report.reviewed_at = ReportState.ACCEPTED, actor.user, now
        report.review_comment = (comment or "").strip()
        report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
        Assignment.objects.filter(pk=locked.pk).update(state=AssignmentState.ACCEPTED, accepted_at=now)
        _notify([locked], NotificationKind.ACCEPTED, email=False)
    assignment.state = AssignmentState.ACCEPTED
    return report


def _recipients_of(assignments: Sequence[Assignment]) -> dict[int, list[int]]:
    """Who hears about an assignment: its unit's people (unit assignments), else the organisation's leaders
    and clerks, who pass it on."""
    org_ids = {a.organization_id for a in assignments}
    members = list(
        Membership.objects.filter(organization_id__in=org_ids)
        .exclude(role=Role.ADMIN)
        .values_list("organization_id", "unit_id", "role", "user_id")
    )
    out: dict[int, list[int]] = {}
    for a in assignments:
        if a.unit_id:
            users = [
                u
                for o, unit, r, u in members
                if o == a.organization_id and (unit == a.unit_id or r == Role.LEADER)
            ]
        else:
            users = [
                u for o, _unit, r, u in members if o == a.organization_id and r in (Role.LEADER, Role.CLERK)
            ]
        out[a.pk] = sorted(set(users))
    return out


def notification_text(kind: str, assignment: Assignment, comment: str = "") -> str:
    date = assignment.deadline.strftime("%d/%m/%Y")
    texts = {
        NotificationKind.ASSIGNED: _("Nhiệm vụ mới: “%(title)s”, hạn %(date)s."),
        NotificationKind.DUE_SOON: _(
            "Sắp đến hạn (%(date)s): “%(title)s”. Đề nghị báo cáo kết quả đúng hạn."
        ),
        NotificationKind.OVERDUE: _("Đã quá hạn (%(date)s): “%(title)s”. Đề nghị báo cáo kết quả ngay."),
        NotificationKind.REMINDER: _("Đôn đốc thực hiện nhiệm vụ “%(title)s”, hạn %(date)s."),
        NotificationKind.REPORT_REQUEST: _("Đề nghị báo cáo kết quả thực hiện nhiệm vụ “%(title)s”."),
        NotificationKind.RETURNED: _("Báo cáo về “%(title)s” bị trả lại để bổ sung: %(comment)s"),
        NotificationKind.ACCEPTED: _("Báo cáo về “%(title)s” đã được chấp nhận."),
    }
    return str(texts[NotificationKind(kind)]) % {
        "title": assignment.title[:200],
        "date": date,
        "comment": comment,
    }


def _notify(
    assignments: Sequence[Assignment], kind: str, *, email: bool, comment: str = ""
) -> list[Notification]:
    """In-app notifications now (same transaction); the emails through the task queue after the commit."""
    if not assignments:
        return []
    users = _recipients_of(assignments)
    rows = Notification.objects.bulk_create(
        Notification(user_id=u, assignment_id=a.pk, kind=kind, text=notification_text(kind, a, comment))
        for a in assignments
        for u in users.get(a.pk, [])
    )
    if email and rows:
        ids = [n.pk for n in rows]
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return rows


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def not_reported(scope: Directive | Assignment) -> QuerySet[Assignment]:
    """Every assignment in the scope (a directive, or an assignment and all below it) without a report."""
    qs = Assignment.objects.exclude(state__in=REPORTED_STATES)
    if isinstance(scope, Directive):
        return qs.filter(directive=scope)
    return qs.filter(directive_id=scope.directive_id, path__startswith=scope.path).exclude(pk=scope.pk)


def check_scope_owner(actor: Membership, scope: Directive | Assignment) -> None:
    """The sender follows up a directive; an assignment's subtree is followed up by its assignee and by every
    organisation above it in the chain (the sender drilling down to one district)."""
    if isinstance(scope, Directive):
        allowed = actor.organization_id == scope.document.owner_id
    else:
        allowed = (
            actor.organization_id
            in (
                scope.organization_id,
                scope.assigned_by_org_id,
                scope.directive.document.owner_id,
            )
            or Assignment.objects.filter(
                pk__in=scope.ancestor_ids(), organization_id=actor.organization_id
            ).exists()
        )
    if not allowed:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    if Role(actor.role) not in REVIEW_ROLES:
        raise NotAllowed(_("Bạn không có quyền đôn đốc nhiệm vụ này."))


def assignments_remind(
    *, scope: Directive | Assignment, actor: Membership, kind: str = NotificationKind.REMINDER
) -> int:
    """Remind everyone in the scope who has not reported, or ask them for a report ("báo cáo kết quả khi có
    yêu cầu"); in the app at once and by email through the task queue. Returns how many assignments."""
    check_scope_owner(actor, scope)
    if kind not in (NotificationKind.REMINDER, NotificationKind.REPORT_REQUEST):
        raise InvalidInput(_("Loại nhắc việc không hợp lệ."), field="kind")
    with transaction.atomic():
        rows = list(not_reported(scope).only("pk", "organization_id", "unit_id", "title", "deadline"))
        if kind == NotificationKind.REPORT_REQUEST and rows:
            Assignment.objects.filter(pk__in=[a.pk for a in rows]).update(report_requested_at=timezone.now())
        _notify(rows, kind, email=True)
    return len(rows)


def reminders_due(*, today: dt.date | None = None) -> int:
    """N days before a deadline and once overdue: remind each assignee who has not reported (once each)."""
    day = today or _today()
    open_ = Assignment.objects.exclude(state__in=REPORTED_STATES).select_related("directive")
    soon = [
        a
        for a in open_.filter(deadline__gte=day, reminded_before_on__isnull=True)
        if a.deadline - dt.timedelta(days=a.directive.remind_days) <= day
    ]
    late = list(open_.filter(deadline__lt=day, reminded_overdue_on__isnull=True))
    with transaction.atomic():
        Assignment.objects.filter(pk__in=[a.pk for a in soon]).update(reminded_before_on=day)
        Assignment.objects.filter(pk__in=[a.pk for a in late]).update(reminded_overdue_on=day)
        _notify(soon, NotificationKind.DUE_SOON, email=True)
        _notify(late, NotificationKind.OVERDUE, email=True)
    return len(soon) + len(late)


def notification_mark_read(*, actor: Membership, ids: list[int]) -> int:
    return Notification.objects.filter(user_id=actor.user_id, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
