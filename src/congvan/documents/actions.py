"""One workflow step by name, for the interfaces that receive it as data (the staff pages and the REST API):
it turns the step's inputs into the call of the service that owns the transition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congvan.orgs.models import Membership
from congvan.vbhc.workflow import Action, SigningAuthority

from . import statements
from .errors import InvalidInput
from .models import Document


@dataclass
class StepInput:
    comment: str = ""
    authority: str = ""  # Điều 13: '', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'
    on_behalf_of: str = ""
    override_format: bool = False
    reason: str = ""
    lead_unit_id: int | None = None
    lead_user_id: int | None = None
    co_unit_ids: list[int] = field(default_factory=list)
    deadline: dt.date | None = None
    note: str = ""
    text: str = ""
    reply_document_id: int | None = None


def document_step(
    *, document: Document, actor: Membership, action: str, data: StepInput, ip: str | None = None
) -> Document:
    """Take the named step; returns the document as it is afterwards.

    Registration, issue and direction return the object their transaction read under lock and wrote (every
    field the step changes set on it, nothing written to the row after it): that object is the document as it
    is now, so it is not read a second time (issue 10). The other steps read it again.
    """
    from congvan.directives.services import incoming_complete, incoming_direct, incoming_progress

    from . import services
    from .incoming import incoming_refuse, incoming_register

    try:
        step = Action(action)
    except ValueError:
        raise InvalidInput(_("Thao tác không hợp lệ."), field="action") from None
    if step == Action.SUBMIT:
        services.document_submit(document=document, actor=actor, ip=ip, comment=data.comment)
    elif step == Action.APPROVE:
        services.document_approve(document=document, actor=actor, ip=ip, comment=data.comment)
    elif step == Action.RETURN:
        services.document_return(document=document, actor=actor, ip=ip, comment=data.comment)
    elif step == Action.SIGN:
        try:
            authority = SigningAuthority(data.authority)
        except ValueError:
            raise InvalidInput(_("Thẩm quyền ký không hợp lệ."), field="authority") from None
        services.document_sign(
            document=document,
            actor=actor,
            ip=ip,
            authority=authority,
            on_behalf_of=data.on_behalf_of,
            comment=data.comment,
        )
    elif step == Action.ISSUE:
        return services.document_issue(
            document=document, actor=actor, ip=ip, comment=data.comment, override_format=data.override_format
        )
    elif step == Action.REGISTER:
        return incoming_register(document=document, actor=actor, ip=ip, comment=data.comment)
    elif step == Action.REFUSE:
        incoming_refuse(document=document, actor=actor, ip=ip, reason=data.reason)
    elif step == Action.DIRECT:
        direction = incoming_direct(
            document=document,
            actor=actor,
            ip=ip,
            lead_unit_id=data.lead_unit_id,
            lead_user_id=data.lead_user_id,
            co_unit_ids=data.co_unit_ids,
            deadline=data.deadline,
            note=data.note,
        )
        return direction.document
    elif step == Action.PROGRESS:
        incoming_progress(document=document, actor=actor, ip=ip, text=data.text)
    elif step == Action.COMPLETE:
        incoming_complete(
            document=document, actor=actor, ip=ip, text=data.text, reply_document_id=data.reply_document_id
        )
    else:  # RECALL and later steps have their own pages and endpoints
        raise InvalidInput(_("Thao tác không hợp lệ."), field="action")
    # Read again as it is now, with its owner, by a fixed statement (not a query compiled again, issue 10).
    after = statements.document_with_owner(document.pk)
    if after is None:
        raise Document.DoesNotExist("Document matching query does not exist.")
    return after
