"""The JSON projection of a message (``spec/edxml-message.schema.json``) and its inverse for ``edxml build``.

``to_json`` emits every key of the schema, then a few extra keys (allowed by the schema) that carry the rest
of the header so that ``from_json(to_json(m))`` loses nothing but attachment bytes, which ``build`` takes
from files named in the JSON.
"""

from __future__ import annotations

import base64
import binascii
import pathlib
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from .errors import EdxmlError
from .model import (
    Attachment,
    Business,
    Code,
    DocumentType,
    EdocMessage,
    Message,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from .values import parse_date, parse_int, parse_timestamp

JsonDict = dict[str, Any]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _organ(org: Organization | None) -> JsonDict | None:
    if org is None:
        return None
    return {"organ_id": org.organ_id, "name": org.organ_name, **_organ_extra(org)}


def _organ_extra(org: Organization) -> JsonDict:
    extra = asdict(org)
    del extra["organ_id"], extra["organ_name"]
    return extra


def _response_for(resp: ResponseFor) -> JsonDict:
    return {
        "organ_id": resp.organ_id,
        "code": resp.code,
        "date": _iso(resp.promulgation_date),
        "document_id": resp.document_id,
    }


def _trace(traces: list[TraceHeader]) -> list[JsonDict]:
    return [{"organ_id": t.organ_id, "timestamp": _iso(t.timestamp)} for t in traces]


def to_json(message: Message) -> JsonDict:
    """One JSON-ready dict as ``congvan edxml inspect --json`` prints it."""
    if isinstance(message, StatusMessage):
        return {
            "kind": "status",
            "document_id": None,
            "from": _organ(message.sender),
            "to": [],
            "number": None,
            "notation": None,
            "place": None,
            "date": None,
            "type_name": None,
            "subject": None,
            "signer": None,
            "due_date": None,
            "priority": None,
            "steering_type": None,
            "to_places": [],
            "business": None,
            "status": {
                "code": message.status_code,
                "description": message.description,
                "timestamp": _iso(message.timestamp),
                "response_for": _response_for(message.response_for) if message.response_for else None,
                "staff": asdict(message.staff_info) if message.staff_info else None,
            },
            "attachments": [],
            "trace": _trace(message.trace_headers),
            "warnings": list(message.warnings),
        }
    other = message.other_info
    business = message.business
    signer = message.signer_info
    return {
        "kind": "edoc",
        "document_id": message.document_id,
        "from": _organ(message.sender),
        "to": [_organ(org) for org in message.recipients],
        "number": message.code.code_number,
        "notation": message.code.code_notation,
        "place": message.promulgation_info.place,
        "date": _iso(message.promulgation_info.promulgation_date),
        "type_name": message.document_type.type_name,
        "subject": message.subject,
        "signer": (
            {"competence": signer.competence, "position": signer.position, "full_name": signer.full_name}
            if signer
            else None
        ),
        "due_date": _iso(message.due_date),
        "priority": other.priority,
        "steering_type": message.steering_type,
        "to_places": list(message.to_places),
        "business": (
            {
                "doc_type": business.bussiness_doc_type,
                "reason": business.bussiness_doc_reason,
                "document_id": business.document_id,
                "paper": business.paper,
                "staff": asdict(business.staff_info) if business.staff_info else None,
                "replacements": [asdict(r) for r in business.replacements],
            }
            if business
            else None
        ),
        "status": None,
        "attachments": [
            {
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "content_id": a.content_id,
                "description": a.description,
            }
            for a in message.attachments
        ],
        # Beyond the schema's required keys: the rest of the header.
        "content": message.content,
        "type": message.document_type.type,
        "type_detail": message.document_type.type_detail,
        "other_info": {
            "sphere_of_promulgation": other.sphere_of_promulgation,
            "typer_notation": other.typer_notation,
            "promulgation_amount": other.promulgation_amount,
            "page_amount": other.page_amount,
            "direction": other.direction,
            "appendixes": list(other.appendixes),
        },
        "response_for": [_response_for(r) for r in message.response_for],
        "trace": _trace(message.trace_headers),
        "warnings": list(message.warnings),
    }


# -- the inverse, for `congvan edxml build` -------------------------------------------------------------


def _opt_str(obj: JsonDict | None, key: str) -> str | None:
    value = obj.get(key) if obj else None
    return None if value is None else str(value)


def _org_from(obj: JsonDict | None) -> Organization:
    obj = obj or {}
    return Organization(
        organ_id=_opt_str(obj, "organ_id"),
        organ_name=_opt_str(obj, "name"),
        organization_in_charge=_opt_str(obj, "organization_in_charge"),
        organ_add=_opt_str(obj, "organ_add"),
        email=_opt_str(obj, "email"),
        telephone=_opt_str(obj, "telephone"),
        fax=_opt_str(obj, "fax"),
        website=_opt_str(obj, "website"),
    )


def _staff_from(obj: JsonDict | None) -> StaffInfo | None:
    if not obj:
        return None
    return StaffInfo(**{k: _opt_str(obj, k) for k in ("department", "staff", "email", "mobile")})


def _int(value: Any, what: str, notes: list[str]) -> int | None:
    return None if value is None else parse_int(str(value), what, notes)


def _response_from(obj: JsonDict, notes: list[str]) -> ResponseFor:
    return ResponseFor(
        organ_id=_opt_str(obj, "organ_id"),
        code=_opt_str(obj, "code"),
        promulgation_date=parse_date(_opt_str(obj, "date"), "response_for.date", notes),
        document_id=_opt_str(obj, "document_id"),
    )


def _attachment_from(obj: JsonDict, base_dir: pathlib.Path, number: int) -> Attachment:
    if "path" in obj:
        path = base_dir / str(obj["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise EdxmlError(
                f"không đọc được tệp đính kèm: {exc.strerror}",
                f"cannot read attachment: {exc.strerror}",
                where=str(path),
            ) from None
    elif "data_base64" in obj:
        try:
            data = base64.b64decode(str(obj["data_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise EdxmlError(
                "data_base64 không hợp lệ", "invalid data_base64", where=f"attachments[{number}]"
            ) from None
    else:
        raise EdxmlError(
            "tệp đính kèm cần 'path' hoặc 'data_base64'",
            "attachment needs 'path' or 'data_base64'",
            where=f"attachments[{number}]",
        )
    name = _opt_str(obj, "name") or pathlib.Path(str(obj.get("path", f"attachment-{number}"))).name
    return Attachment(
        content_id=_opt_str(obj, "content_id") or f"cid:{number}",
        name=name,
        data=data,
        content_type=_opt_str(obj, "content_type"),
        description=_opt_str(obj, "description"),
    )


def from_json(obj: JsonDict, base_dir: pathlib.Path | None = None) -> Message:
    """A message from a dict shaped like ``to_json``'s output; attachments come from ``path`` or ``data_base64``."""
    if not isinstance(obj, dict):
        raise EdxmlError("JSON phải là một đối tượng", "JSON must be an object")
    base_dir = base_dir or pathlib.Path.cwd()
    notes: list[str] = []
    if obj.get("kind") == "status":
        status = obj.get("status") or {}
        response = status.get("response_for")
        return StatusMessage(
            sender=_org_from(obj.get("from")),
            status_code=str(status.get("code") or ""),
            response_for=_response_from(response, notes) if response else None,
            staff_info=_staff_from(status.get("staff")),
            description=_opt_str(status, "description"),
            timestamp=parse_timestamp(_opt_str(status, "timestamp"), "status.timestamp", notes),
            warnings=notes,
        )
    other = obj.get("other_info") or {}
    business = obj.get("business")
    signer = obj.get("signer")
    return EdocMessage(
        sender=_org_from(obj.get("from")),
        recipients=[_org_from(o) for o in obj.get("to") or []],
        document_id=_opt_str(obj, "document_id"),
        code=Code(code_number=_opt_str(obj, "number"), code_notation=_opt_str(obj, "notation")),
        promulgation_info=PromulgationInfo(
            place=_opt_str(obj, "place"), promulgation_date=parse_date(_opt_str(obj, "date"), "date", notes)
        ),
        document_type=DocumentType(
            type=_opt_str(obj, "type"),
            type_detail=_opt_str(obj, "type_detail"),
            type_name=_opt_str(obj, "type_name"),
        ),
        subject=_opt_str(obj, "subject"),
        content=_opt_str(obj, "content"),
        signer_info=(
            SignerInfo(
                competence=_opt_str(signer, "competence"),
                position=_opt_str(signer, "position"),
                full_name=_opt_str(signer, "full_name"),
            )
            if signer
            else None
        ),
        due_date=parse_date(_opt_str(obj, "due_date"), "due_date", notes),
        to_places=[str(p) for p in obj.get("to_places") or []],
        other_info=OtherInfo(
            priority=_int(obj.get("priority"), "priority", notes),
            sphere_of_promulgation=_opt_str(other, "sphere_of_promulgation"),
            typer_notation=_opt_str(other, "typer_notation"),
            promulgation_amount=_int(other.get("promulgation_amount"), "promulgation_amount", notes),
            page_amount=_int(other.get("page_amount"), "page_amount", notes),
            direction=other.get("direction") if isinstance(other.get("direction"), bool) else None,
            appendixes=[str(a) for a in other.get("appendixes") or []],
        ),
        response_for=[_response_from(r, notes) for r in obj.get("response_for") or []],
        steering_type=_int(obj.get("steering_type"), "steering_type", notes),
        trace_headers=[
            TraceHeader(
                organ_id=_opt_str(t, "organ_id"),
                timestamp=parse_timestamp(_opt_str(t, "timestamp"), "trace.timestamp", notes),
            )
            for t in obj.get("trace") or []
        ],
        business=(
            Business(
                bussiness_doc_type=_int(business.get("doc_type"), "business.doc_type", notes),
                bussiness_doc_reason=_opt_str(business, "reason"),
                document_id=_opt_str(business, "document_id"),
                paper=_int(business.get("paper"), "business.paper", notes),
                staff_info=_staff_from(business.get("staff")),
            )
            if business
            else None
        ),
        attachments=[
            _attachment_from(a, base_dir, i + 1) for i, a in enumerate(obj.get("attachments") or [])
        ],
        warnings=notes,
    )
