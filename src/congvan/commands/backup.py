"""``congvan backup DEST``: the database and the stored files of this installation, consistent while the server
runs, with a manifest of SHA-256 checksums (docs/backup.md). Exit status 0 done, 1 done with warnings (a stored
file found altered), 2 failed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan backup",
        description="Sao lưu cơ sở dữ liệu và kho tệp. / Back up the database and the stored files.",
    )
    parser.add_argument("dest", metavar="DEST", help="thư mục mới hoặc trống / a new or empty folder")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON / machine-readable output")
    parser.add_argument("--quiet", action="store_true", help="không in tiến độ / no progress output")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from congvan.records.backup import BackupError, backup

    def say(message: str) -> None:
        if not args.quiet and not args.json:
            print(message, file=sys.stderr, flush=True)

    try:
        report = backup(Path(args.dest), progress=say)
    except BackupError as exc:
        print(f"congvan backup: {exc.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    else:
        print(
            f"Đã sao lưu / backed up: CSDL {report.database_bytes / 1e6:.1f} MB trong {report.seconds_database:.1f} s; "
            f"{report.files} tệp, {report.bytes / 1e6:.1f} MB trong {report.seconds_files:.1f} s → {args.dest}"
        )
        print("  " + ", ".join(f"{k}: {v}" for k, v in report.counts.items()))
        for warning in report.warnings:
            print(f"  CẢNH BÁO / WARNING: {warning}")
    return 1 if report.warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
