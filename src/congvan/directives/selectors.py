"""Reads of the directives: what the sender sees per recipient and in total, at any level, and the
leader's dashboard. Each function makes a fixed number of queries whatever the number of assignments:
counts are SQL aggregates, and a subtree is a prefix of ``Assignment.path``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.documents.errors import NotFound
from congvan.orgs.models import Membership

from .models import PATH_WIDTH, REPORTED_STATES, Assignment, AssignmentState, Direction, Directive, Progress
from .services import add_figures

SEGMENT = PATH_WIDTH + 1


def progress_counts(today: dt.date, prefix: str = "") -> dict[str, Count]:
    """Aggregates counting assignments by what the sender sees (Progress), for ``.aggregate``/``.annotate``."""
    done = Q(**{f"{prefix}state__in": REPORTED_STATES})
    deadline = F(f"{prefix}deadline")
    not_due = Q(**{f"{prefix}deadline__gte": today})
    return {
        Progress.ON_TIME.value: Count("pk", filter=done & Q(**{f"{prefix}submitted_on__lte": deadline})),
        Progress.LATE.value: Count("pk", filter=done & Q(**{f"{prefix}submitted_on__gt": deadline})),
        Progress.OVERDUE.value: Count("pk", filter=~done & Q(**{f"{prefix}deadline__lt": today})),
        Progress.IN_PROGRESS.value: Count(
            "pk", filter=not_due & ~done & ~Q(**{f"{prefix}state": AssignmentState.NEW})
        ),
        Progress.NOT_STARTED.value: Count(
            "pk", filter=not_due & Q(**{f"{prefix}state": AssignmentState.NEW})
        ),
        "total": Count("pk"),
    }


@dataclass
class Counts:
    not_started: int = 0
    in_progress: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    total: int = 0

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Counts:
        return cls(**{k: int(row.get(k) or 0) for k in cls.__dataclass_fields__})

    def add(self, other: Counts) -> Counts:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def percent(self, name: str) -> float:
        return round(100 * getattr(self, name) / self.total, 1) if self.total else 0.0

    def bars(self) -> list[tuple[str, str, int, float]]:
        """(key, label, count, percent) in the order the stacked bar shows them."""
        labels = dict(Progress.choices)
        keys = ("on_time", "late", "in_progress", "not_started", "overdue")
        return [(k, str(labels[k]), getattr(self, k), self.percent(k)) for k in keys]


@dataclass
class NodeRow:
    """One assignment at the level being looked at, with everything below it counted."""

    assignment: Assignment
    progress: Progress
    below: Counts
    totals: dict[str, Any]


@dataclass
class Overview:
    directive: Directive
    node: Assignment | None  # None: the sender's own view of the whole directive
    counts: Counts
    totals: dict[str, Any]
    rows: list[NodeRow] = field(default_factory=list)
    form: list[dict[str, Any]] = field(default_factory=list)
    trail: list[Assignment] = field(default_factory=list)


def visible_directive(actor: Membership, pk: int) -> Directive:
    """A directive is followed by the organisation that sent it."""
    directive = Directive.objects.select_related("document", "document__owner").filter(pk=pk).first()
    if directive is None or directive.document.owner_id != actor.organization_id:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    return directive


def visible_assignment(actor: Membership, pk: int) -> Assignment:
    """An assignment is seen by its assignee and by every organisation above it in the chain."""
    a = (
        Assignment.objects.select_related(
            "directive", "directive__document", "organization", "unit", "assigned_by_org", "incoming"
        )
        .filter(pk=pk)
        .first()
    )
    if a is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ."))
    org_id = actor.organization_id
    if org_id in (a.organization_id, a.assigned_by_org_id, a.directive.document.owner_id):
        return a
    if Assignment.objects.filter(pk__in=a.ancestor_ids(), organization_id=org_id).exists():
        return a
    raise NotFound(_("Không tìm thấy nhiệm vụ."))


def overview(
    *, directive: Directive, node: Assignment | None = None, today: dt.date | None = None
) -> Overview:
    """The sender's picture at one level: the total, and each assignment at that level with its subtree.

    Four queries whatever the size: the children, their subtrees' counts grouped by path prefix, the overall
    counts and (for a node) the trail of ancestors.
    """
    day = today or timezone.localdate()
    scope = Assignment.objects.filter(directive_id=directive.pk)
    if node is not None:
        scope = scope.filter(path__startswith=node.path)
        children = scope.filter(parent_id=node.pk)
        depth = node.depth + 1
    else:
        children = scope.filter(depth=0)
        depth = 0
    children = children.select_related("organization", "unit").order_by(
        "organization__name", "unit__name", "pk"
    )
    grouped = {
        row["head"]: row
        for row in scope.annotate(head=Substr("path", 1, (depth + 1) * SEGMENT))
        .values("head")
        .annotate(**progress_counts(day))
        .order_by()
    }
    # Everything below the node (or the whole directive) is the sum of the groups; the node itself is a
    # group of its own (its path is shorter than the prefix), left out.
    overall = Counts()
    for head, row in grouped.items():
        if node is None or head != node.path:
            overall.add(Counts.of(row))
    rows = [
        NodeRow(
            assignment=a,
            progress=a.progress(day),
            below=Counts.of(grouped.get(a.path, {})),
            totals=a.totals or {},
        )
        for a in children
    ]
    if node is not None:
        totals = node.totals or {}
        trail = list(
            Assignment.objects.filter(pk__in=node.ancestor_ids())
            .select_related("organization", "unit")
            .order_by("depth")
        )
    else:
        totals = {}
        for r in rows:
            totals = add_figures(totals, r.totals)
        trail = []
    form = node.form if node is not None else directive.form
    return Overview(directive, node, overall, totals, rows, form, trail)


def directives_sent(actor: Membership) -> QuerySet[Directive]:
    """The organisation's requests, newest first, with their documents."""
    return (
        Directive.objects.filter(document__owner_id=actor.organization_id)
        .select_related("document")
        .order_by("-document__issued_on", "-pk")
    )


def assignments_received(actor: Membership) -> QuerySet[Assignment]:
    """The work the organisation (or the actor's unit) has been given, the nearest deadline first."""
    qs = Assignment.objects.filter(organization_id=actor.organization_id).select_related(
        "directive", "directive__document", "assigned_by_org", "unit"
    )
    return qs.order_by("state", "deadline", "pk")


@dataclass
class Bar:
    label: str
    counts: Counts


@dataclass
class Dashboard:
    campaigns: list[tuple[Directive, Counts]]
    by_organization: list[Bar]
    overdue_by_organization: list[Bar]
    by_unit: list[Bar]
    timeline: list[tuple[dt.date, int, int]]  # day, reports that day, cumulative
    total: Counts
    timeline_max: int = 0


def dashboard(actor: Membership, *, today: dt.date | None = None, limit: int = 20) -> Dashboard:
    """The leader's dashboard: six queries, whatever the number of campaigns and assignments; the counts
    come from one pass over the assignments, grouped by directive and first-level subtree."""
    day = today or timezone.localdate()
    mine = Assignment.objects.filter(directive__document__owner_id=actor.organization_id)
    directives = list(directives_sent(actor)[:limit])
    heads: dict[str, Mapping[str, Any]] = {}
    per_directive: dict[int, Counts] = {}
    total = Counts()
    for r in (
        mine.annotate(head=Substr("path", 1, SEGMENT))
        .values("directive_id", "head")
        .annotate(**progress_counts(day))
        .order_by()
    ):
        heads[r["head"]] = r
        c = Counts.of(r)
        per_directive.setdefault(r["directive_id"], Counts()).add(c)
        total.add(c)
    campaigns = [(d, per_directive.get(d.pk, Counts())) for d in directives]
    # Completion by organisation: the first level (the recipients), each with everything below it.
    per_org: dict[str, Counts] = {}
    for path, name in mine.filter(depth=0).values_list("path", "organization__short_name").order_by():
        per_org.setdefault(name, Counts()).add(Counts.of(heads.get(path, {})))
    by_organization = [Bar(k, v) for k, v in sorted(per_org.items())]
    overdue = sorted((b for b in by_organization if b.counts.overdue), key=lambda b: -b.counts.overdue)
    # By unit: the incoming documents directed to the organisation's own units (phiếu giải quyết).
    unit_rows = (
        Direction.objects.filter(document__owner_id=actor.organization_id, lead_unit__isnull=False)
        .values("lead_unit__name")
        .annotate(
            total=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(document__state="done")
                & (Q(deadline__isnull=True) | Q(document__updated_at__date__lte=F("deadline"))),
            ),
            late=Count(
                "pk", filter=Q(document__state="done") & Q(document__updated_at__date__gt=F("deadline"))
            ),
            overdue=Count("pk", filter=~Q(document__state="done") & Q(deadline__lt=day)),
            in_progress=Count(
                "pk", filter=~Q(document__state="done") & (Q(deadline__gte=day) | Q(deadline__isnull=True))
            ),
        )
        .order_by("lead_unit__name")
    )
    by_unit = [Bar(r["lead_unit__name"], Counts.of(r)) for r in unit_rows]
    per_day = (
        mine.filter(submitted_on__isnull=False)
        .values("submitted_on")
        .annotate(n=Count("pk"))
        .order_by("submitted_on")
    )
    timeline: list[tuple[dt.date, int, int]] = []
    running = 0
    for day_row in per_day:
        running += day_row["n"]
        if day_row["submitted_on"] is not None:
            timeline.append((day_row["submitted_on"], day_row["n"], running))
    return Dashboard(
        campaigns,
        by_organization,
        overdue,
        by_unit,
        timeline,
        total,
        max((n for _d, n, _c in timeline), default=0),
    )
