"""The JSON projection of a message (``spec/edxml-message.schema.json``) and its inverse for ``edxml build``.

``to_json`` emits every key of the schema, then a few extra keys (allowed by the schema) that carry the rest
of the header so that ``from_json(to_json(m))`` loses nothing but attachment bytes, which ``build`` takes
from files named in the JSON.
"""

from __future__ import annotations

import base64
import binascii
import pathlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from .errors import EdxmlError
from .model import (
    Attachment,
    EdocMessage,
    Message,
    Organization,
    ResponseFor,
    StatusMessage,
)
from .values import parse_date, parse_int, parse_timestamp

JsonDict = dict[str, Any]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _organ(org: Organization | None) -> JsonDict | None:
    if org is None:
        return None
    return {"organ_id": org.organ_id, "name": org.organ_name}


def _response_for(resp: ResponseFor) -> JsonDict:
    return {
        "organ_id": resp.organ_id,
        "code": resp.code,
        "date": _iso(resp.promulgation_date),
        "document_id": resp.document_id,
    }


def _plain(value: Any) -> Any:
    """Dataclasses to JSON-ready values, dates as ISO 8601, attachment bytes left out."""
    if isinstance(value, Attachment):
        return {
            "content_id": value.content_id,
            "name": value.name,
            "content_type": value.content_type,
            "description": value.description,
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.name != "warnings"}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_json(message: Message) -> JsonDict:
    """One JSON-ready dict as ``congvan edxml inspect --json`` prints it.

    The schema's keys, exactly as the schema shapes them, then ``header`` (the whole message as the
    dataclasses hold it, which ``from_json`` reads back) and ``warnings`` (what the reader noticed).
    """
    common: JsonDict = {"kind": message.kind, "from": _organ(message.sender)}
    if isinstance(message, StatusMessage):
        view: JsonDict = {
            **common,
            "document_id": None,
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
            },
            "attachments": [],
        }
    else:
        business = message.business
        signer = message.signer_info
        view = {
            **common,
            "document_id": message.document_id,
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
            "priority": message.other_info.priority,
            "steering_type": message.steering_type,
            "to_places": list(message.to_places),
            "business": (
                {
                    "doc_type": business.bussiness_doc_type,
                    "reason": business.bussiness_doc_reason,
                    "document_id": business.document_id,
                }
                if business
                else None
            ),
            "status": None,
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                for a in message.attachments
            ],
        }
    view["header"] = _plain(message)
    view["warnings"] = list(message.warnings)
    return view


# -- the inverse, for `congvan edxml build` -------------------------------------------------------------


def _from_plain(cls: type, data: Any, where: str, notes: list[str]) -> Any:
    """Build dataclass ``cls`` from ``_plain``'s output, guided by the dataclass's own type hints."""
    if not isinstance(data, dict):
        raise EdxmlError(f"{where} phải là một đối tượng", f"{where} must be an object", where=where)
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):
        # None means "not given": the dataclass default (None, an empty list ...) says it best.
        if data.get(f.name) is not None and f.name != "warnings":
            values[f.name] = _convert(hints[f.name], data[f.name], f"{where}.{f.name}", notes)
    try:
        return cls(**values)
    except TypeError as exc:
        raise EdxmlError("thiếu trường bắt buộc", f"missing field ({exc})", where=where) from None


def _convert(hint: Any, value: Any, where: str, notes: list[str]) -> Any:
    if value is None:
        return None
    args = [a for a in get_args(hint) if a is not type(None)]
    if get_origin(hint) in (UnionType, Union) and len(args) == 1:
        hint = args[0]
    if get_origin(hint) is list:
        return [_convert(get_args(hint)[0], item, f"{where}[]", notes) for item in value or []]
    if is_dataclass(hint):
        return _from_plain(hint, value, where, notes)  # type: ignore[arg-type]
    if hint is datetime:
        return parse_timestamp(str(value), where, notes)
    if hint is date:
        return parse_date(str(value), where, notes)
    if hint is bool:
        return value if isinstance(value, bool) else None
    if hint is int:
        return parse_int(str(value), where, notes)
    return str(value)


def _attachment_data(obj: JsonDict, base_dir: pathlib.Path, number: int) -> bytes:
    if "path" in obj:
        path = base_dir / str(obj["path"])
        try:
            return path.read_bytes()
        except OSError as exc:
            raise EdxmlError(
                f"không đọc được tệp đính kèm: {exc.strerror}",
                f"cannot read attachment: {exc.strerror}",
                where=str(path),
            ) from None
    if "data_base64" in obj:
        try:
            return base64.b64decode(str(obj["data_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise EdxmlError(
                "data_base64 không hợp lệ", "invalid data_base64", where=f"attachments[{number}]"
            ) from None
    raise EdxmlError(
        "tệp đính kèm cần 'path' hoặc 'data_base64'",
        "attachment needs 'path' or 'data_base64'",
        where=f"attachments[{number}]",
    )


def _attachments(obj: JsonDict, base_dir: pathlib.Path) -> list[Attachment]:
    """Attachments from the top-level list (bytes from ``path`` or ``data_base64``), metadata from either."""
    described = (obj.get("header") or {}).get("attachments") or []
    attachments: list[Attachment] = []
    for number, item in enumerate(obj.get("attachments") or [], start=1):
        if not isinstance(item, dict):
            raise EdxmlError(
                "mục đính kèm phải là đối tượng",
                "attachment must be an object",
                where=f"attachments[{number}]",
            )
        meta = {**(described[number - 1] if number <= len(described) else {}), **item}
        data = _attachment_data(item, base_dir, number)
        name = meta.get("name") or pathlib.Path(str(item.get("path", f"attachment-{number}"))).name
        attachments.append(
            Attachment(
                content_id=str(meta.get("content_id") or f"cid:{number}"),
                name=str(name),
                data=data,
                content_type=meta.get("content_type"),
                description=meta.get("description"),
            )
        )
    return attachments


def _short_form(obj: JsonDict) -> JsonDict:
    """The schema's flat keys rearranged into the dataclasses' shape, for hand-written build input."""
    signer = obj.get("signer")
    business = obj.get("business")
    status = obj.get("status") or {}
    organ = lambda o: {"organ_id": o.get("organ_id"), "organ_name": o.get("name")} if o else None  # noqa: E731
    response = status.get("response_for")
    return {
        "sender": organ(obj.get("from")),
        "recipients": [organ(o) for o in obj.get("to") or []],
        "document_id": obj.get("document_id"),
        "code": {"code_number": obj.get("number"), "code_notation": obj.get("notation")},
        "promulgation_info": {"place": obj.get("place"), "promulgation_date": obj.get("date")},
        "document_type": {"type_name": obj.get("type_name")},
        "subject": obj.get("subject"),
        "signer_info": signer,
        "due_date": obj.get("due_date"),
        "to_places": obj.get("to_places") or [],
        "other_info": {"priority": obj.get("priority")},
        "steering_type": obj.get("steering_type"),
        "business": (
            {
                "bussiness_doc_type": business.get("doc_type"),
                "bussiness_doc_reason": business.get("reason"),
                "document_id": business.get("document_id"),
            }
            if business
            else None
        ),
        "status_code": status.get("code"),
        "description": status.get("description"),
        "timestamp": status.get("timestamp"),
        "response_for": (
            {
                "organ_id": response.get("organ_id"),
                "code": response.get("code"),
                "promulgation_date": response.get("date"),
                "document_id": response.get("document_id"),
            }
            if response
            else None
        ),
    }


def from_json(obj: JsonDict, base_dir: pathlib.Path | None = None) -> Message:
    """A message from ``to_json``'s output (its ``header``), or from the schema's flat keys alone.

    Attachment bytes come from each ``attachments`` item's ``path`` (relative to ``base_dir``) or
    ``data_base64``; ``to_json`` leaves the bytes out, so add one of those to build from an inspect dump.
    """
    if not isinstance(obj, dict):
        raise EdxmlError("JSON phải là một đối tượng", "JSON must be an object")
    base_dir = base_dir or pathlib.Path.cwd()
    notes: list[str] = []
    header = dict(obj.get("header") or _short_form(obj))
    header.pop("attachments", None)
    # A missing sender is the writer's to report, in the words it uses for every message.
    header["sender"] = header.get("sender") or {}
    if obj.get("kind") == "status":
        header = {k: v for k, v in header.items() if k in {f.name for f in fields(StatusMessage)}}
        header["status_code"] = str(header.get("status_code") or "")
        message: Message = _from_plain(StatusMessage, header, "header", notes)
    else:
        header = {k: v for k, v in header.items() if k in {f.name for f in fields(EdocMessage)}}
        edoc: EdocMessage = _from_plain(EdocMessage, header, "header", notes)
        edoc.attachments = _attachments(obj, base_dir)
        message = edoc
    message.warnings = notes
    return message
