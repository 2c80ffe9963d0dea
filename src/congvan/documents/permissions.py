"""Who may read a document and who may take each step of its workflow (Điều 10–24; DESIGN §5 decision 3)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Action, Role, State, allowed

from . import statements
from .errors import InvalidState, NotAllowed, NotFound
from .listing import fixed_ids_sql
from .models import Confidentiality, Document
from .selectors import readable_by, reads_all_ordinary

PRIVILEGED_ROLES = {Role.CLERK, Role.LEADER}

CONFIDENTIAL_LEVELS = (Confidentiality.SECRET, Confidentiality.TOP_SECRET, Confidentiality.ABSOLUTE)


def can_read(actor: Membership | None, document: Document) -> bool:
    """The permission model of docs/security.md, decided by the same query as the lists (selectors.readable_by).

    Organisations are isolated. Within one, an ordinary document is read by the clerks and leaders (every
    document passes through their steps) — with the optional read scope ``organization`` by every member but an administrator —,
    its owning unit, the people in its workflow, the units and people it
    is directed or assigned to, and those it is explicitly shared with. A confidential one (Mật, Tối mật,
    Tuyệt mật) only by the people named on it. Administrators read only what is shared with them.
    """
    if actor is None or document.owner_id != actor.organization_id or document.pk is None:
        return False
    if actor.user_id in (document.drafter_id, document.signer_id):
        return True
    if document.confidentiality == Confidentiality.NONE and reads_all_ordinary(actor):
        return True
    # One EXISTS query, remembered on the instance for this person: a detail page asks once per action.
    cache: dict[tuple[int, str, int | None, bool], bool] = document.__dict__.setdefault("_readable_cache", {})
    key = (actor.user_id, actor.role, actor.unit_id, actor.is_head)
    if key not in cache:
        cache[key] = _readable(actor, document.pk)
    return cache[key]


def _readable_one(actor: Membership, document_id: int) -> QuerySet[Document]:
    return readable_by(actor).filter(pk=document_id)


def _readable(actor: Membership, document_id: int) -> bool:
    """Whether ``readable_by(actor)`` holds the document: its SQL written once per shape of person
    (documents.listing), as the lists' and the search's — the ORM built this query again for every document
    a specialist opened, about a quarter of the request's CPU (issue 10)."""
    fixed = fixed_ids_sql("can_read", _readable_one, actor, document_id=document_id)
    if fixed is None:
        return _readable_one(actor, document_id).exists()
    return bool(statements.rows(*fixed))


def check_read(actor: Membership | None, document: Document) -> None:
    if not can_read(actor, document):
        # Same answer as for a document that does not exist: a denial must not reveal that it does.
        raise NotFound(_("Không tìm thấy văn bản."))


def can_share(actor: Membership | None, document: Document) -> bool:
    """Who may grant or revoke access: a reader who owns the document (its drafter), or a clerk or leader of
    its organisation who may read it; never an administrator by role alone."""
    if not can_read(actor, document):
        return False
    assert actor is not None
    return actor.user_id == document.drafter_id or Role(actor.role) in PRIVILEGED_ROLES


def check_share(actor: Membership | None, document: Document) -> None:
    check_read(actor, document)
    if not can_share(actor, document):
        raise NotAllowed(
            _("Chỉ người soạn thảo, văn thư hoặc lãnh đạo được thay đổi quyền truy cập văn bản.")
        )


def _is_assignee(actor: Membership, document: Document) -> bool:
    prefetched = getattr(document, "_prefetched_objects_cache", {}).get("directions")
    if prefetched is not None:
        # The detail page prefetches directions (newest first, the model's ordering): no query per action.
        direction = next(iter(prefetched), None)
    elif "_newest_direction" in document.__dict__:
        # Asked once per instance: the API's detail checks both progress and complete (issue 10).
        direction = document.__dict__["_newest_direction"]
    else:
        direction = document.directions.order_by("-created_at", "-id").first()
        document.__dict__["_newest_direction"] = direction
    if direction is None:
        return False
    if direction.lead_person_id == actor.user_id:
        return True
    return direction.lead_unit_id is not None and direction.lead_unit_id == actor.unit_id


def check_transition(actor: Membership | None, document: Document, action: Action) -> None:
    """Raise unless ``actor`` may take ``action`` on ``document`` in its current state."""
    check_read(actor, document)
    assert actor is not None
    state_ok, role_ok = allowed(action, State(document.state), {Role(actor.role)})
    if not role_ok or not _relation_allows(actor, document, action):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này đối với văn bản."))
    if not state_ok:
        raise InvalidState(
            _("Văn bản đang ở trạng thái “%(state)s”, không thể thực hiện thao tác này.")
            % {"state": document.state_label}
        )


def _relation_allows(actor: Membership, document: Document, action: Action) -> bool:
    role = Role(actor.role)
    if action == Action.SUBMIT:
        return actor.user_id == document.drafter_id or (
            role == Role.UNIT_HEAD and actor.unit_id == document.drafting_unit_id
        )
    if action in (Action.APPROVE, Action.RETURN) and role == Role.UNIT_HEAD:
        # A unit head checks the content of its own unit's drafts only, and only at that step.
        return actor.unit_id == document.drafting_unit_id and document.state == State.CONTENT_REVIEW
    if action in (Action.PROGRESS, Action.COMPLETE):
        return role == Role.LEADER or _is_assignee(actor, document)
    return True
