"""Template tags of the directives: the notifications on /app/ and the requests panel of a document."""

from __future__ import annotations

from typing import Any

from django import template

from congvan.vbhc.workflow import State

from ..models import Directive, Notification

register = template.Library()


@register.filter
def figure(values: dict[str, Any] | None, code: str) -> str:
    """A figure for display: '1.234' style grouping is left to the reader; empty when not reported."""
    if not values or code not in values:
        return ""
    return str(values[code])


@register.inclusion_tag("directives/_notifications.html", takes_context=True)
def notifications(context: dict[str, Any], limit: int = 10) -> dict[str, Any]:
    """The signed-in person's unread notifications (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    notes = []
    if user is not None and user.is_authenticated:
        notes = list(
            Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-id")[
                :limit
            ]
        )
    return {"notes": notes, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("directives/_document_panel.html", takes_context=True)
def document_directives(context: dict[str, Any], document: Any) -> dict[str, Any]:
    """The requests attached to an outgoing document (the drafter adds them while drafting), or the assignments
    an incoming copy brought (two queries)."""
    membership = context.get("membership")
    directives = []
    assignments = []
    if document.direction == "out":
        directives = [
            {"obj": d, "issued": document.state == State.ISSUED}
            for d in Directive.objects.filter(document=document).order_by("position", "pk")
        ]
    else:
        assignments = list(document.assignments.all())
    can_add = (
        document.direction == "out"
        and document.state == State.DRAFT
        and membership is not None
        and membership.user_id == document.drafter_id
    )
    return {
        "directives": directives,
        "assignments": assignments,
        "can_add": can_add,
        "document": document,
        "csrf_token": context.get("csrf_token"),
    }
