"""``congvan reindex``: rebuild the search index of every document (``congvan.search``).

``--check`` reports the documents missing from the index and those whose entry is stale (what they hold now
differs from what was indexed), and exits 1 when there is any; ``--fix`` indexes only those.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan reindex",
        description="Xây dựng lại chỉ mục tìm kiếm. / Rebuild the search index.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="báo văn bản thiếu hoặc lỗi thời trong chỉ mục / report missing or stale documents",
    )
    mode.add_argument(
        "--fix", action="store_true", help="chỉ lập chỉ mục văn bản thiếu hoặc lỗi thời / index only those"
    )
    parser.add_argument("--quiet", action="store_true", help="không in tiến độ / no progress output")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="số tiến trình xử lý song song / processes folding documents in parallel (default: CPUs)",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from congvan.search import indexing

    started = time.perf_counter()
    if args.check or args.fix:
        missing = indexing.missing_ids()
        stale = indexing.stale_ids()
        if args.check:
            print(f"missing: {len(missing)}")
            print(f"stale: {len(stale)}")
            for label, ids in (("missing", missing), ("stale", stale)):
                if ids:
                    shown = " ".join(map(str, ids[:50])) + (" …" if len(ids) > 50 else "")
                    print(f"{label} ids: {shown}")
            return 1 if missing or stale else 0
        done = indexing.index_documents([*missing, *stale])
        print(f"indexed {done} documents in {time.perf_counter() - started:.1f} s")
        return 0
    done = indexing.rebuild(progress=not args.quiet and sys.stdout.isatty(), workers=args.workers)
    elapsed = time.perf_counter() - started
    print(f"indexed {done} documents in {elapsed:.1f} s ({done / elapsed if elapsed else 0:.0f}/s)")
    return 0
