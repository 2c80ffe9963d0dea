"""Changes of who may read a document: explicit sharing with a person or a unit, the owner's alert until they
confirm it (Phụ lục VI III.3.c), and a person's change of position or unit (IV.1.đ). The rule itself is in
permissions / selectors.readable_by; docs/security.md writes it down."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congvan.orgs.models import Membership, Unit
from congvan.vbhc.workflow import Role

from .errors import Duplicate, InvalidInput, NotAllowed, NotFound
from .models import AccessAlert, Document, DocumentShare, Event
from .permissions import check_read, check_share


def _event(document: Document | None, actor: Membership, action: str, comment: str, ip: str | None) -> None:
    Event.objects.create(
        organization_id=actor.organization_id,
        document=document,
        actor_id=actor.user_id,
        action=action,
        comment=comment[:4000],
        at=timezone.now(),
        ip=ip,
    )


def _alert_owner(document: Document, actor: Membership, change: str) -> AccessAlert:
    """The owner is the drafter; an incoming document (no drafter) belongs to the clerks who keep it."""
    return AccessAlert.objects.create(
        document=document,
        organization_id=document.owner_id,
        user_id=document.drafter_id,
        actor_id=actor.user_id,
        change=change[:500],
        at=timezone.now(),
    )


def document_share(
    *,
    document: Document,
    actor: Membership,
    user_id: int | None = None,
    unit_id: int | None = None,
    ip: str | None = None,
) -> DocumentShare:
    """Let one person or one unit of the document's organisation read it; logged, and the owner alerted."""
    check_share(actor, document)
    if (user_id is None) == (unit_id is None):
        raise InvalidInput(_("Chọn một người hoặc một đơn vị để chia sẻ."), field="user")
    target: str
    if user_id is not None:
        member = (
            Membership.objects.select_related("user")
            .filter(user_id=user_id, organization_id=document.owner_id)
            .first()
        )
        if member is None:
            raise InvalidInput(_("Người này không thuộc cơ quan của văn bản."), field="user")
        target = member.user.get_full_name()
    elif unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, organization_id=document.owner_id).first()
        if unit is None:
            raise InvalidInput(_("Đơn vị này không thuộc cơ quan của văn bản."), field="unit")
        target = unit.name
    active = DocumentShare.objects.filter(document=document, revoked_at__isnull=True)
    if active.filter(Q(user_id=user_id) if user_id else Q(unit_id=unit_id)).exists():
        raise Duplicate(_("Văn bản đã được chia sẻ cho %(who)s.") % {"who": target})
    with transaction.atomic():
        share = DocumentShare.objects.create(
            document=document,
            user_id=user_id,
            unit_id=unit_id,
            granted_by_id=actor.user_id,
            granted_at=timezone.now(),
        )
        change = _("Chia sẻ quyền đọc cho %(who)s") % {"who": target}
        _event(document, actor, "shared", change, ip)
        _alert_owner(document, actor, change)
    return share


def document_unshare(*, share_id: int, actor: Membership, ip: str | None = None) -> DocumentShare:
    share = (
        DocumentShare.objects.select_related("document", "user", "unit")
        .filter(pk=share_id, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        raise NotFound(_("Không tìm thấy quyền chia sẻ."))
    document = share.document
    try:
        check_share(actor, document)
    except NotAllowed:
        raise
    except NotFound:
        raise NotFound(_("Không tìm thấy quyền chia sẻ.")) from None
    with transaction.atomic():
        share.revoked_at = timezone.now()
        share.revoked_by_id = actor.user_id
        share.save(update_fields=["revoked_at", "revoked_by"])
        who = share.user.get_full_name() if share.user else share.unit.name if share.unit else ""
        change = _("Thu hồi quyền đọc của %(who)s") % {"who": who}
        _event(document, actor, "unshared", change, ip)
        _alert_owner(document, actor, change)
    return share


def shares_of(document: Document) -> QuerySet[DocumentShare]:
    return (
        DocumentShare.objects.filter(document=document, revoked_at__isnull=True)
        .select_related("user", "unit", "granted_by")
        .order_by("granted_at", "id")
    )


def alerts_for(actor: Membership) -> QuerySet[AccessAlert]:
    """Unconfirmed alerts this person must see: their own documents', and for clerks the incoming ones'."""
    mine = Q(user_id=actor.user_id)
    if Role(actor.role) == Role.CLERK:
        mine |= Q(user__isnull=True)
    return (
        AccessAlert.objects.filter(mine, organization_id=actor.organization_id, confirmed_at__isnull=True)
        .select_related("document", "actor")
        .order_by("-at", "-id")
    )


def access_alert_confirm(*, alert_id: int, actor: Membership, ip: str | None = None) -> AccessAlert:
    alert = alerts_for(actor).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("Không tìm thấy cảnh báo."))
    with transaction.atomic():
        alert.confirmed_at = timezone.now()
        alert.confirmed_by_id = actor.user_id
        alert.save(update_fields=["confirmed_at", "confirmed_by"])
        _event(alert.document, actor, "access_confirmed", alert.change, ip)
    return alert


def membership_change(
    *,
    membership: Membership,
    actor: Membership,
    unit_id: int | None,
    role: str,
    title: str | None = None,
    ip: str | None = None,
) -> Membership:
    """An administrator moves a person to another unit or position (IV.1.đ). Access follows at once: the
    rule is computed from the current membership at every request, nothing is copied per document."""
    if Role(actor.role) != Role.ADMIN or actor.organization_id != membership.organization_id:
        raise NotAllowed(_("Chỉ quản trị của cơ quan được thay đổi vị trí công tác."))
    if role not in {r.value for r in Role}:
        raise InvalidInput(_("Vai trò không hợp lệ."), field="role")
    if (
        unit_id is not None
        and not Unit.objects.filter(pk=unit_id, organization_id=actor.organization_id).exists()
    ):
        raise InvalidInput(_("Đơn vị này không thuộc cơ quan."), field="unit")
    before = f"{membership.role}/{membership.unit_id}"
    with transaction.atomic():
        membership.unit_id = unit_id
        membership.role = role
        if title is not None:
            membership.title = title
        membership.save(update_fields=["unit", "role", "title"])
        _event(
            None,
            actor,
            "position_changed",
            f"{membership.user.get_username()}: {before} → {role}/{unit_id}",
            ip,
        )
    return membership


def readable_or_404(actor: Membership, pk: int) -> Document:
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise NotFound(_("Không tìm thấy văn bản."))
    check_read(actor, document)
    return document
