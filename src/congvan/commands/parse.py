"""``congvan parse FILE... [--json]``: read documents into their fields.

With --json, one JSON object per line per file (spec/parsed-document.schema.json). A file that
cannot be read is named on stderr, in Vietnamese then English, and the run goes on with the others;
the exit status is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from congvan.vbhc.reader import ParseError, parse_file

_LABELS = (
    ("type", "Loại văn bản"),
    ("issuer_parent", "Cơ quan chủ quản"),
    ("issuer", "Cơ quan ban hành"),
    ("number", "Số"),
    ("symbol", "Ký hiệu"),
    ("place", "Địa danh"),
    ("date", "Ngày"),
    ("subject", "Trích yếu"),
    ("urgency", "Độ khẩn"),
    ("confidentiality", "Độ mật"),
)


def _summary(doc: dict[str, Any]) -> str:
    lines = [f"== {doc['source']}"]
    lines += [f"  {label}: {doc[field]}" for field, label in _LABELS if doc.get(field)]
    for name in doc["recipients"]:
        lines.append(f"  Kính gửi: {name}")
    for ref in doc["references"]:
        lines.append(
            f"  Căn cứ/Tham chiếu: {ref['kind'] or '?'} {ref['number']}/{ref['symbol']} ({ref['date'] or '?'})"
        )
    sig = doc["signature"]
    signer = " / ".join(x for x in (sig["authority"], sig["title"], sig["name"]) if x)
    if signer:
        lines.append(f"  Người ký: {signer}")
    for entry in doc["distribution"]:
        lines.append(f"  Nơi nhận: {entry}")
    for warning in doc["warnings"]:
        lines.append(f"  ! {warning}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="congvan parse",
        description="Đọc văn bản thành các trường / read documents into their fields",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="tệp .txt/.md/.docx/.pdf/.png/.jpg, '-' = stdin"
    )
    parser.add_argument("--json", action="store_true", help="một đối tượng JSON mỗi dòng / JSON lines")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    failed = 0
    for path in args.files:
        try:
            doc = parse_file(path)
        except ParseError as exc:
            failed += 1
            print(f"congvan parse: {path}: {exc.vi} / {exc.en}", file=sys.stderr)
            continue
        except Exception as exc:  # a reader bug must not stop the other files of the run
            failed += 1
            print(
                f"congvan parse: {path}: lỗi không mong đợi khi đọc / unexpected error: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            continue
        print(json.dumps(doc, ensure_ascii=False) if args.json else _summary(doc), flush=True)
    return 1 if failed else 0
