"""``congvan import DIR --org CODE --direction incoming|outgoing``: register a folder of documents.

Each file is read (text, .docx, .pdf, scans), stored as received, and registered; bad files are listed at the
end with the reason and the run goes on. Files already in the organisation's records are skipped, so running
it again registers nothing twice.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BATCH = 250
SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _progress(done: int, total: int, started: float, stream: object) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 1e-6)
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:,.0f} tệp/giây",
        end="",
        file=stream,
        flush=True,
    )  # type: ignore[call-overload]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="congvan import", description="Vào sổ một thư mục văn bản / register a folder of documents"
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--org", required=True, help="mã định danh cơ quan / organ id, e.g. 000.00.25.H33")
    parser.add_argument("--direction", required=True, choices=["incoming", "outgoing"])
    parser.add_argument(
        "--user", help="tài khoản văn thư thực hiện / the clerk's username (default: the first)"
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from congvan.documents.errors import DomainError
    from congvan.documents.importing import ImportOutcome, ReadFile, import_batch, read_for_import
    from congvan.orgs.models import Membership
    from congvan.vbhc.reader import ParseError

    if not args.folder.is_dir():
        print(f"congvan import: không có thư mục / no such folder: {args.folder}", file=sys.stderr)
        return 2
    clerks = Membership.objects.select_related("organization", "user").filter(
        organization__code=args.org, role="clerk"
    )
    if args.user:
        clerks = clerks.filter(user__username=args.user)
    actor = clerks.order_by("id").first()
    if actor is None:
        print(
            f"congvan import: cơ quan {args.org} không có văn thư / no clerk in organisation {args.org}"
            f"{' named ' + args.user if args.user else ''}",
            file=sys.stderr,
        )
        return 2
    paths = sorted(str(p) for p in args.folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    outcome = ImportOutcome()
    started = time.monotonic()
    batch: list[ReadFile] = []
    direction = "in" if args.direction == "incoming" else "out"

    def flush() -> None:
        if batch:
            os.sync()  # the files reach the disk before the rows that point at them are committed
            try:
                import_batch(actor=actor, direction=direction, files=batch, outcome=outcome)
            except DomainError as error:
                outcome.failed.extend((f.path, str(error)) for f in batch)
            batch.clear()

    for done, path in enumerate(paths, start=1):
        try:
            batch.append(read_for_import(path))
        except ParseError as error:
            outcome.failed.append((path, str(error)))
        except DomainError as error:
            outcome.failed.append((path, str(error)))
        if len(batch) >= BATCH:
            flush()
        if not args.quiet and (done % 50 == 0 or done == len(paths)):
            _progress(done, len(paths), started, sys.stderr)
    flush()
    elapsed = time.monotonic() - started
    if not args.quiet:
        print(file=sys.stderr)
    print(
        f"Đã vào sổ / registered: {outcome.registered}; bỏ qua vì đã có / already there: {outcome.skipped}; "
        f"lỗi / failed: {len(outcome.failed)}; {elapsed:.1f} s"
    )
    for path, reason in outcome.failed:
        print(f"  ✗ {path}: {reason}", file=sys.stderr)
    return 1 if outcome.failed else 0
