"""``congvan render FILE.json -o OUT.pdf|OUT.docx``: lay out a document given as the parse schema's JSON.

FILE may be ``-`` for standard input, so ``congvan parse X --json | congvan render - -o X.pdf`` re-lays
a letter. Errors go to stderr in Vietnamese then English, with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMATS = ("pdf", "docx")


class RenderCommandError(Exception):
    """A message for the user, already in Vietnamese / English."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan render",
        description="Trình bày văn bản theo Phụ lục I Nghị định 30/2020/NĐ-CP ra PDF hoặc DOCX. "
        "/ Lay out a document (parse schema JSON) as PDF or DOCX.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="tệp JSON của văn bản, '-' để đọc từ stdin / JSON file or '-'"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="tệp ra .pdf hoặc .docx / output file"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="định dạng ra, mặc định theo đuôi tệp / output format (default: from OUT)",
    )
    return parser


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RenderCommandError(f"Không tìm thấy tệp '{source}'. / File not found: '{source}'.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RenderCommandError(f"Không đọc được tệp '{source}': {exc}. / Cannot read '{source}'.") from None


def load_document(text: str, source: str) -> dict[str, Any]:
    """One document from JSON text; also accepts a single line of ``congvan parse --json`` output."""
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if len(lines) > 1 and exc.msg == "Extra data":
            raise RenderCommandError(
                f"'{source}' chứa {len(lines)} văn bản; mỗi lần chỉ trình bày một văn bản. "
                f"/ '{source}' holds {len(lines)} documents; render one at a time."
            ) from None
        raise RenderCommandError(
            f"'{source}' không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}: {exc.msg}). "
            f"/ '{source}' is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, dict):
        raise RenderCommandError(
            f"'{source}' phải là một đối tượng JSON của văn bản. / '{source}' must be a JSON object (a document)."
        )
    return data


def _format(output: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RenderCommandError(
            f"Không biết định dạng của '{output}': dùng đuôi .pdf hoặc .docx, hoặc --format. "
            f"/ Unknown output format for '{output}': use .pdf or .docx, or --format."
        )
    return suffix


def _write(output: str, data: bytes) -> None:
    # Write beside the target and rename, so a failed render never leaves half a PDF under the real name.
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise RenderCommandError(
            f"Không ghi được tệp '{output}': {exc}. / Cannot write '{output}'."
        ) from None


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from congvan.vbhc.layout import LayoutError, render_docx, render_pdf

    try:
        fmt = _format(args.output, args.format)
        source = "stdin" if args.file == "-" else args.file
        doc = load_document(_read(args.file), source)
        data = render_pdf(doc) if fmt == "pdf" else render_docx(doc)
        _write(args.output, data)
    except (RenderCommandError, LayoutError) as exc:
        print(f"congvan render: {exc}", file=sys.stderr)
        return 1
    return 0
