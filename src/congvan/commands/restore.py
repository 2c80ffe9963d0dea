"""``congvan restore SRC``: check a backup made by ``congvan backup`` — complete, every checksum right, the same
database engine — and restore it into this (empty) installation. A backup that fails any check is refused with
the list of problems and nothing is changed. Exit status 0 restored, 1 refused, 2 failed while restoring."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan restore",
        description="Phục hồi từ bản sao lưu. / Restore from a backup.",
    )
    parser.add_argument("src", metavar="SRC", help="thư mục sao lưu / the backup folder")
    parser.add_argument(
        "--check",
        action="store_true",
        help="chỉ kiểm tra bản sao lưu / only check the backup, restore nothing",
    )
    parser.add_argument("--quiet", action="store_true", help="không in tiến độ / no progress output")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from congvan.records.backup import BackupError, check_backup, restore

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        manifest = check_backup(Path(args.src)) if args.check else restore(Path(args.src), progress=say)
    except BackupError as exc:
        print(f"congvan restore: {exc.message}", file=sys.stderr)
        for problem in exc.problems[:50]:
            print(f"  - {problem}", file=sys.stderr)
        if len(exc.problems) > 50:
            print(f"  … và {len(exc.problems) - 50} lỗi khác / more", file=sys.stderr)
        return 1
    counts = ", ".join(f"{k}: {v}" for k, v in manifest["counts"].items())
    verb = "Bản sao lưu toàn vẹn / backup intact" if args.check else "Đã phục hồi / restored"
    print(f"{verb}: {len(manifest['files'])} tệp; {counts} (sao lưu lúc / taken {manifest['created_at']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
