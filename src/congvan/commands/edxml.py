"""``congvan edxml``: inspect, build and validate edXML (QCVN 102:2016) messages from the command line.

    congvan edxml inspect FILE [--json]     the message's header and attachments
    congvan edxml build DOC.json -o OUT     an edoc (or status) message from JSON shaped like inspect's output
    congvan edxml validate FILE             check a message against our XSD of the standard's structure
    congvan edxml import FILE --org CODE    the message becomes the organisation's incoming document
    congvan edxml export --document ID -o OUT
                                            an issued document as an edoc message with its files

Errors go to stderr, Vietnamese first then English, with exit status 1.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import NoReturn

from congvan.vbhc.edxml import (
    STATUS_CODES,
    EdocMessage,
    EdxmlError,
    Message,
    StatusMessage,
    from_json,
    read_message_file,
    schema_errors,
    to_json,
    write_edoc,
    write_status,
)


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors like every other error here: bilingual, exit status 1."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    # Sub-command parsers inherit the class, so their errors come here too.
    parser = _Parser(prog="congvan edxml", description="Đọc, ghi thông điệp edXML / edXML messages")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="xem thông điệp / show a message")
    inspect.add_argument("file")
    inspect.add_argument("--json", action="store_true", help="một đối tượng JSON / one JSON object")
    build = commands.add_parser("build", help="tạo thông điệp từ JSON / build a message from JSON")
    build.add_argument("source")
    build.add_argument("-o", "--output", required=True)
    validate = commands.add_parser("validate", help="kiểm tra theo XSD / check against the XSD")
    validate.add_argument("file")
    imp = commands.add_parser("import", help="nhập thành văn bản đến / import as an incoming document")
    imp.add_argument("file")
    imp.add_argument("--org", required=True, help="mã định danh cơ quan nhận / receiving organ id")
    exp = commands.add_parser("export", help="xuất văn bản đi đã ban hành / export an issued document")
    exp.add_argument("--document", type=int, required=True)
    exp.add_argument("-o", "--output", required=True)
    return parser


def _fail(vi: str, en: str) -> int:
    print(f"Lỗi: {vi}\nError: {en}", file=sys.stderr)
    return 1


def _summary(message: Message) -> str:
    """A readable, Vietnamese-labelled summary for a clerk or an administrator at a terminal."""
    lines: list[str] = []

    def row(label: str, value: object) -> None:
        if value not in (None, "", []):
            lines.append(f"{label:<22}{value}")

    sender = message.sender
    row("Nơi gửi:", f"{sender.organ_name or '?'} ({sender.organ_id or '?'})")
    if isinstance(message, StatusMessage):
        row("Loại thông điệp:", "trạng thái / status")
        label = STATUS_CODES.get(message.status_code, "?")
        row("Mã trạng thái:", f"{message.status_code} — {label}")
        row("Mô tả:", message.description)
        row("Thời điểm:", message.timestamp.isoformat() if message.timestamp else None)
        if message.response_for:
            row("Trả lời văn bản:", message.response_for.document_id or message.response_for.code)
        if message.staff_info:
            row("Cán bộ:", message.staff_info.staff)
    else:
        row("Loại thông điệp:", "văn bản / edoc")
        for org in message.recipients:
            row("Nơi nhận:", f"{org.organ_name or '?'} ({org.organ_id or '?'})")
        row("Mã định danh:", message.document_id)
        symbol = "/".join(p for p in (message.code.code_number, message.code.code_notation) if p)
        row("Số, ký hiệu:", symbol)
        row("Loại văn bản:", message.document_type.type_name)
        date = message.promulgation_info.promulgation_date
        row(
            "Nơi, ngày ban hành:",
            ", ".join(p for p in (message.promulgation_info.place, date and date.isoformat()) if p),
        )
        row("Trích yếu:", message.subject)
        if message.signer_info:
            signer = message.signer_info
            row(
                "Người ký:",
                " — ".join(p for p in (signer.competence, signer.position, signer.full_name) if p),
            )
        row("Hạn xử lý:", message.due_date.isoformat() if message.due_date else None)
        row("Độ khẩn:", message.other_info.priority)
        row("Nơi nhận (ToPlaces):", "; ".join(message.to_places))
        if message.business:
            row(
                "Nghiệp vụ:",
                f"{message.business.bussiness_doc_type} {message.business.bussiness_doc_reason or ''}",
            )
        for attachment in message.attachments:
            kind = f", {attachment.content_type}" if attachment.content_type else ""
            row("Đính kèm:", f"{attachment.name} ({attachment.size} byte{kind})")
    for warning in message.warnings:
        row("Lưu ý:", warning)
    return "\n".join(lines)


def _inspect(args: argparse.Namespace) -> int:
    message = read_message_file(args.file)
    if args.json:
        print(json.dumps(to_json(message), ensure_ascii=False, indent=1))
    else:
        print(_summary(message))
    return 0


def _build(args: argparse.Namespace) -> int:
    source = pathlib.Path(args.source)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        return _fail(f"không đọc được {source}: {exc.strerror}", f"cannot read {source}: {exc.strerror}")
    except (ValueError, UnicodeError) as exc:
        return _fail(f"{source} không phải JSON hợp lệ: {exc}", f"{source} is not valid JSON: {exc}")
    message = from_json(document, base_dir=source.parent)
    data = write_edoc(message) if isinstance(message, EdocMessage) else write_status(message)
    pathlib.Path(args.output).write_bytes(data)
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        data = pathlib.Path(args.file).read_bytes()
    except OSError as exc:
        return _fail(f"không đọc được tệp: {exc.strerror}", f"cannot read file: {exc.strerror}")
    errors = schema_errors(data)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        return _fail(
            f"thông điệp không khớp XSD ({len(errors)} lỗi)",
            f"message does not match the XSD ({len(errors)} errors)",
        )
    print("hợp lệ / valid")
    return 0


def _django() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()


def _import(args: argparse.Namespace) -> int:
    message = read_message_file(args.file)
    if not isinstance(message, EdocMessage):
        return _fail("tệp là thông điệp trạng thái, không phải văn bản", "the file is a status message")
    _django()
    from congvan.documents.errors import DomainError
    from congvan.exchange.transport import import_edoc
    from congvan.orgs.models import Organization

    org = Organization.objects.filter(code=args.org).first()
    if org is None:
        return _fail(f"không có cơ quan mã {args.org}", f"no organisation with code {args.org}")
    try:
        result = import_edoc(message, organization=org)
    except DomainError as exc:
        return _fail(str(exc), str(exc))
    if result.duplicate:
        print("đã nhập trước đó / already imported")
    for copy in result.copies:
        print(f"văn bản đến / incoming #{copy.pk}: {copy.number_symbol} — {copy.subject[:80]}")
    return 0


def _export(args: argparse.Namespace) -> int:
    _django()
    from congvan.documents.errors import DomainError
    from congvan.documents.models import Document
    from congvan.exchange.edxml_mapping import edoc_of

    document = Document.objects.select_related("owner").filter(pk=args.document).first()
    if document is None:
        return _fail(f"không có văn bản #{args.document}", f"no document #{args.document}")
    try:
        data = write_edoc(edoc_of(document))
    except DomainError as exc:
        return _fail(str(exc), str(exc))
    pathlib.Path(args.output).write_bytes(data)
    return 0


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(parser.format_usage().rstrip(), file=sys.stderr)
        return _fail(f"tham số không hợp lệ ({exc})", f"invalid arguments ({exc})")
    handlers = {
        "inspect": _inspect,
        "build": _build,
        "validate": _validate,
        "import": _import,
        "export": _export,
    }
    try:
        return handlers[args.command](args)
    except EdxmlError as exc:
        place_vi = f"dòng {exc.line}: " if exc.line else (f"{exc.where}: " if exc.where else "")
        place_en = f"line {exc.line}: " if exc.line else (f"{exc.where}: " if exc.where else "")
        return _fail(f"{place_vi}{exc.vi}", f"{place_en}{exc.en}")
