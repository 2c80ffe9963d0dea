"""The directives in the REST API (/api/v1/): the same services, selectors and permission rules as the pages.

Mounted on the main API object in ``congvan.api.urls`` (``api.add_router("/", router)``), so authentication
(bearer token or session) and the error answers ``{"detail", "field"}`` are the API's own.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, BinaryIO, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from congvan.api.common import actor_of as _actor
from congvan.documents.errors import InvalidInput, NotFound
from congvan.documents.services import get_document_for

from . import registers, selectors, services
from .models import Assignment, Directive, Notification, NotificationKind

router = Router(tags=["nhiệm vụ"])


class FigureIn(Schema):
    code: str
    name: str
    unit: str = ""
    kind: str = Field("integer", description="'integer' (số nguyên) hoặc 'decimal' (số thập phân)")


class DirectiveIn(Schema):
    title: str
    deadline: dt.date
    detail: str = ""
    organization_ids: list[int] | None = Field(None, description="bỏ trống: mọi nơi nhận ở mục Kính gửi")
    form: list[FigureIn] = Field(default_factory=list)
    remind_days: int = 3


class CascadeIn(Schema):
    organization_ids: list[int] = Field(default_factory=list)
    unit_ids: list[int] = Field(default_factory=list)
    deadline: dt.date
    detail: str = ""
    form: list[FigureIn] | None = None


class ReportIn(Schema):
    figures: dict[str, Any] = Field(default_factory=dict)
    text: str = ""


class ReviewIn(Schema):
    comment: str = ""


class RemindIn(Schema):
    kind: str = Field("reminder", description="'reminder' (đôn đốc) hoặc 'report_request' (yêu cầu báo cáo)")


def _figures(rows: list[FigureIn] | None) -> list[services.Figure] | None:
    return None if rows is None else [services.Figure(r.code, r.name, r.unit, r.kind) for r in rows]


def _counts(c: selectors.Counts) -> dict[str, int]:
    return {k: getattr(c, k) for k in c.__dataclass_fields__} | {"done": c.done}


def directive_out(d: Directive) -> dict[str, Any]:
    return {
        "id": d.pk,
        "document_id": d.document_id,
        "title": d.title,
        "detail": d.detail,
        "deadline": d.deadline,
        "all_recipients": d.all_recipients,
        "form": d.form,
        "remind_days": d.remind_days,
    }


def assignment_out(a: Assignment, today: dt.date | None = None) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "id": a.pk,
        "directive_id": a.directive_id,
        "parent_id": a.parent_id,
        "depth": a.depth,
        "organization_id": a.organization_id,
        "organization_code": a.organization.code,
        "assignee": a.assignee_name,
        "unit_id": a.unit_id,
        "assigned_by_org_id": a.assigned_by_org_id,
        "incoming_document_id": a.incoming_id,
        "title": a.title,
        "deadline": a.deadline,
        "state": a.state,
        "progress": a.progress(today or timezone.localdate()).value,
        "form": a.form,
        "figures": a.figures,
        "totals": a.totals,
        "submitted_on": a.submitted_on,
    }


def overview_out(view: selectors.Overview) -> dict[str, Any]:
    return {
        "directive": directive_out(view.directive),
        "node_id": view.node.pk if view.node else None,
        "counts": _counts(view.counts),
        "totals": view.totals,
        "form": view.form,
        "trail": [t.pk for t in view.trail],
        "rows": [assignment_out(r.assignment) | {"below": _counts(r.below)} for r in view.rows],
    }


@router.get("/documents/{doc_id}/directives")
def document_directives(request: HttpRequest, doc_id: int) -> list[dict[str, Any]]:
    """The requests attached to an outgoing document."""
    document = get_document_for(_actor(request), doc_id)
    return [directive_out(d) for d in document.directives.order_by("position", "pk")]


@router.post("/documents/{doc_id}/directives", response={201: dict})
def add_directive(request: HttpRequest, doc_id: int, payload: DirectiveIn) -> Status:
    """The drafter attaches a request to the draft: what to do, who acts, by when, the report form."""
    actor = _actor(request)
    document = get_document_for(actor, doc_id)
    directive = services.directive_add(
        document=document,
        actor=actor,
        data=services.DirectiveData(
            title=payload.title,
            deadline=payload.deadline,
            detail=payload.detail,
            organization_ids=payload.organization_ids,
            form=_figures(payload.form) or [],
            remind_days=payload.remind_days,
        ),
    )
    return Status(201, directive_out(directive))


@router.delete("/directives/{directive_id}", response={204: None})
def delete_directive(request: HttpRequest, directive_id: int) -> Status:
    actor = _actor(request)
    directive = Directive.objects.select_related("document").filter(pk=directive_id).first()
    if directive is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    get_document_for(actor, directive.document_id)
    services.directive_remove(directive=directive, actor=actor)
    return Status(204, None)


@router.get("/directives")
def directives(request: HttpRequest) -> list[dict[str, Any]]:
    """The organisation's requests sent down with its documents."""
    return [directive_out(d) for d in selectors.directives_sent(_actor(request))[:500]]


@router.get("/directives/{directive_id}")
def directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    """Per recipient and in total: counts by status, figures rolled up."""
    d = selectors.visible_directive(_actor(request), directive_id)
    return overview_out(selectors.overview(directive=d))


@router.get("/assignments")
def assignments(request: HttpRequest) -> list[dict[str, Any]]:
    """The work the organisation has been given."""
    return [
        assignment_out(a)
        for a in selectors.assignments_received(_actor(request)).select_related("organization")[:500]
    ]


@router.get("/assignments/{assignment_id}")
def assignment(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    """One assignment and the level below it (drill down to any level)."""
    a = selectors.visible_assignment(_actor(request), assignment_id)
    return {
        "assignment": assignment_out(a),
        **overview_out(selectors.overview(directive=a.directive, node=a)),
    }


@router.post("/assignments/{assignment_id}/cascade", response={201: list[dict]})
def cascade(request: HttpRequest, assignment_id: int, payload: CascadeIn) -> Status:
    actor = _actor(request)
    a = selectors.visible_assignment(actor, assignment_id)
    targets = [services.CascadeTarget(organization_id=i) for i in payload.organization_ids]
    targets += [services.CascadeTarget(unit_id=i) for i in payload.unit_ids]
    created = services.assignment_cascade(
        assignment=a,
        actor=actor,
        targets=targets,
        deadline=payload.deadline,
        detail=payload.detail,
        form=_figures(payload.form),
    )
    rows = Assignment.objects.filter(pk__in=[c.pk for c in created]).select_related("organization", "unit")
    return Status(201, [assignment_out(r) for r in rows])


@router.post("/assignments/{assignment_id}/reports", response={201: dict})
def submit_report(request: HttpRequest, assignment_id: int, payload: ReportIn) -> Status:
    actor = _actor(request)
    a = selectors.visible_assignment(actor, assignment_id)
    report = services.report_submit(assignment=a, actor=actor, figures=payload.figures, text=payload.text)
    return Status(
        201, {"id": report.pk, "state": report.state, "figures": report.figures, "late": report.late}
    )


@router.post("/assignments/{assignment_id}/reports/upload", response={201: dict})
def submit_report_with_files(
    request: HttpRequest,
    assignment_id: int,
    figures: Form[str],
    text: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """The same report as multipart/form-data, with files: ``figures`` is a JSON object, ``files`` repeated."""
    actor = _actor(request)
    a = selectors.visible_assignment(actor, assignment_id)
    try:
        values = json.loads(figures)
    except ValueError:
        raise InvalidInput(_("Chỉ tiêu phải là một đối tượng JSON."), field="figures") from None
    if not isinstance(values, dict):
        raise InvalidInput(_("Chỉ tiêu phải là một đối tượng JSON."), field="figures")
    uploads = [
        services.UploadedReportFile(
            name=f.name or "tep", content=cast(BinaryIO, f), content_type=f.content_type or ""
        )
        for f in files or []
    ]
    report = services.report_submit(assignment=a, actor=actor, figures=values, text=text, files=uploads)
    return Status(
        201,
        {
            "id": report.pk,
            "state": report.state,
            "figures": report.figures,
            "late": report.late,
            "files": [f.name for f in report.files.all()],
        },
    )


@router.post("/directives/{directive_id}/remind")
def remind_directive(request: HttpRequest, directive_id: int, payload: RemindIn) -> dict[str, int]:
    """Remind, or ask for a report, everyone who has not reported."""
    actor = _actor(request)
    d = selectors.visible_directive(actor, directive_id)
    return {"count": services.assignments_remind(scope=d, actor=actor, kind=payload.kind)}


@router.post("/assignments/{assignment_id}/remind")
def remind_below(request: HttpRequest, assignment_id: int, payload: RemindIn) -> dict[str, int]:
    actor = _actor(request)
    a = selectors.visible_assignment(actor, assignment_id)
    return {"count": services.assignments_remind(scope=a, actor=actor, kind=payload.kind)}


@router.get("/directive-dashboard")
def dashboard(request: HttpRequest) -> dict[str, Any]:
    """The leader's dashboard in numbers."""
    data = selectors.dashboard(_actor(request))
    return {
        "total": _counts(data.total),
        "campaigns": [directive_out(d) | {"counts": _counts(c)} for d, c in data.campaigns],
        "by_organization": [{"label": b.label, "counts": _counts(b.counts)} for b in data.by_organization],
        "by_unit": [{"label": b.label, "counts": _counts(b.counts)} for b in data.by_unit],
        "timeline": [{"day": d, "reports": n, "cumulative": c} for d, n, c in data.timeline],
    }


@router.get("/directive-reports/{kind}/{year}")
def report_table(request: HttpRequest, kind: str, year: int) -> dict[str, Any]:
    """Phụ lục VI V: 'tracking' (sổ theo dõi giải quyết văn bản đến), 'incoming', 'outgoing' (báo cáo)."""
    if kind not in registers.KINDS:
        raise NotFound(_("Không tìm thấy báo cáo."))
    table = registers.build(kind, _actor(request).organization, year)
    return {"title": table.title, "columns": table.columns, "rows": table.rows, "footer": table.footer}


@router.get("/notifications")
def notifications(request: HttpRequest, unread: bool = True) -> list[dict[str, Any]]:
    actor = _actor(request)
    qs = Notification.objects.filter(user_id=actor.user_id)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "kind_label": str(NotificationKind(n.kind).label),
            "text": n.text,
            "assignment_id": n.assignment_id,
            "created_at": n.created_at,
        }
        for n in qs.order_by("-created_at", "-id")[:200]
    ]


class ReadIn(Schema):
    ids: list[int]


@router.post("/notifications/read")
def notifications_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"count": services.notification_mark_read(actor=_actor(request), ids=payload.ids)}


# Last: "/assignments/{id}/{verdict}" would otherwise catch ".../remind".
@router.post("/assignments/{assignment_id}/{verdict}")
def review(request: HttpRequest, assignment_id: int, verdict: str, payload: ReviewIn) -> dict[str, Any]:
    """accept, return (with a comment) — by the organisation that assigned it; start — by the assignee."""
    actor = _actor(request)
    a = selectors.visible_assignment(actor, assignment_id)
    if verdict == "accept":
        services.report_accept(assignment=a, actor=actor, comment=payload.comment)
    elif verdict == "return":
        services.report_return(assignment=a, actor=actor, comment=payload.comment)
    elif verdict == "start":
        services.assignment_start(assignment=a, actor=actor)
    else:
        raise InvalidInput(_("Thao tác không hợp lệ."), field="verdict")
    return assignment_out(selectors.visible_assignment(actor, assignment_id))
