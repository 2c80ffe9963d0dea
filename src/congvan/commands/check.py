"""``congvan check FILE...``: the Decree 30 format findings of each document; exit status 1 on any error.

A ``.json`` file is the parse schema's dict (or ``congvan parse --json`` lines, one document each); any
other file is read as text (``.docx`` and ``.pdf`` through their text) by ``congvan.vbhc.reader``.
``--json`` prints one JSON object per document: {"source", "errors", "warnings", "findings": [...]}.
Exit status: 0 clean or warnings only, 1 when any finding is an error, 2 when a file could not be checked.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from congvan.vbhc.checks import ERROR, Finding, ReaderUnavailableError, check_document, check_parsed, reader

LEVEL_LABEL = {"error": "lỗi", "warning": "cảnh báo"}


class InputError(Exception):
    """A file that cannot be checked; the message is Vietnamese then English."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan check",
        description="Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP. / Check documents' format (Decree 30).",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="tệp .json, .txt, .md, .docx, .pdf; '-' là stdin"
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON / machine-readable output")
    parser.add_argument(
        "--agency", metavar="ABBR", help="chữ viết tắt tên cơ quan, ví dụ STTTT / agency abbreviation"
    )
    parser.add_argument(
        "--units", metavar="A,B", help="chữ viết tắt các đơn vị, ví dụ VP,TTBCXB / the agency's unit codes"
    )
    return parser


def _documents_from_json(text: str, source: str) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(text)
        docs = data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        try:  # `congvan parse --json` prints one object per line
            docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(
                f"'{source}' không phải JSON hợp lệ (dòng {exc.lineno}: {exc.msg}). / '{source}' is not valid JSON."
            ) from None
    for n, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise InputError(
                f"'{source}' phải chứa đối tượng JSON của văn bản. / '{source}' must hold document objects."
            )
        name = doc.get("source") if len(docs) > 1 and isinstance(doc.get("source"), str) else None
        yield (name or (source if len(docs) == 1 else f"{source}#{n + 1}")), doc


def _file_text(path: Path) -> str:
    """The text of a document file; DOCX and PDF are flattened to lines for the reader."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:  # the header and the signature block are tables in most templates
            for row in table.rows:
                lines.append("    ".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    if suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8-sig")


TEXT_SUFFIXES = (".txt", ".md", ".text", "")


def _check_file(name: str, agency: str | None, units: set[str] | None) -> Iterator[tuple[str, list[Finding]]]:
    path = Path(name)
    source = "stdin" if name == "-" else name
    if name != "-" and not path.exists():
        raise InputError(f"Không tìm thấy tệp '{name}'. / File not found: '{name}'.")
    try:
        raw = sys.stdin.read() if name == "-" else _file_text(path)
    except Exception as exc:  # a broken DOCX/PDF raises library-specific errors; report and go on
        raise InputError(f"Không đọc được tệp '{name}': {exc}. / Cannot read '{name}'.") from None
    is_json = path.suffix.lower() == ".json" or (name == "-" and raw.lstrip().startswith(("{", "[")))
    if is_json:
        for doc_name, doc in _documents_from_json(raw, source):
            yield doc_name, check_document(doc, agency_abbreviation=agency, unit_codes=units)
        return
    try:
        module = reader()
        parse_file = getattr(module, "parse_file", None)
        if parse_file is not None and name != "-" and path.suffix.lower() not in TEXT_SUFFIXES:
            # The reader knows DOCX header tables, PDF columns and scans better than a flat text dump.
            doc = parse_file(str(path))
        else:
            doc = module.parse_text(raw, path.name if name != "-" else "stdin")
    except ReaderUnavailableError as exc:
        raise InputError(str(exc)) from None
    except Exception as exc:  # the reader's ParseError: a file it cannot read
        if type(exc).__name__ != "ParseError":
            raise
        raise InputError(
            f"Không đọc được văn bản '{name}': {exc}. / Cannot read the document '{name}'."
        ) from None
    yield source, check_parsed(doc, raw, agency_abbreviation=agency, unit_codes=units)


def _print_human(source: str, findings: list[Finding]) -> None:
    errors = sum(f.level == ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        print(f"{source}: đạt, không có phát hiện nào")
        return
    print(f"{source}: {errors} lỗi, {warnings} cảnh báo")
    for f in findings:
        where = f" [{f.field}]" if f.field else ""
        print(f"  {LEVEL_LABEL[f.level]:<9} {f.rule}{where}: {f.message}")


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    units = {u.strip() for u in args.units.split(",") if u.strip()} if args.units else None
    any_error = unreadable = False
    for name in args.files:
        try:
            results = list(_check_file(name, args.agency, units))
        except InputError as exc:
            print(f"congvan check: {exc}", file=sys.stderr)
            unreadable = True
            continue
        for source, findings in results:
            any_error = any_error or any(f.level == ERROR for f in findings)
            if args.json:
                errors = sum(f.level == ERROR for f in findings)
                record = {
                    "source": source,
                    "errors": errors,
                    "warnings": len(findings) - errors,
                    "findings": [f.to_dict() for f in findings],
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                _print_human(source, findings)
    return 2 if unreadable else (1 if any_error else 0)
