"""Benchmark comparing two versions of a long draft (issue 11): target ≤ 200 ms median for a 30-page body.

    .venv/bin/python bench/bench_versions.py              # the table
    .venv/bin/python bench/bench_versions.py --runs 21    # more runs

A 30-page body (about 500 words a page, in paragraphs of 20–60 words, made from the sample letters' words) and
a second version with some paragraphs edited word by word, some inserted and some deleted — what a drafter does
between two saves. Timed: the comparison the pages and the API show (``congvan.drafting.diff.compare``: the
fields, the attachments, the body paragraphs aligned then the changed ones word by word). Baselines in the same
run: plain ``difflib`` on lines (what a line diff costs), and, once, one-pass ``difflib`` on all the words of
the body (why the comparison aligns paragraphs first; docs/decisions/0011-two-pass-word-diff.md).
Pure Python, no database: one process, one core.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from congvan.drafting import diff  # noqa: E402  (pure Python: no Django set-up needed)

WORDS = [
    "thực",
    "hiện",
    "kế",
    "hoạch",
    "của",
    "ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "về",
    "tuyên",
    "truyền",
    "kỷ",
    "niệm",
    "ngày",
    "sách",
    "và",
    "văn",
    "hóa",
    "đọc",
    "việt",
    "nam",
    "sở",
    "thông",
    "tin",
    "và",
    "truyền",
    "thông",
    "đề",
    "nghị",
    "các",
    "cơ",
    "quan",
    "báo",
    "chí",
    "đài",
    "phát",
    "thanh",
    "truyền",
    "hình",
    "cổng",
    "thông",
    "tin",
    "điện",
    "tử",
    "tăng",
    "cường",
    "công",
    "tác",
    "thông",
    "tin",
    "tuyên",
    "truyền",
    "phản",
    "ánh",
    "kịp",
    "thời",
    "các",
    "hoạt",
    "động",
    "của",
    "các",
    "sở",
    "ban",
    "ngành",
    "huyện",
    "thành",
    "phố",
    "trên",
    "địa",
    "bàn",
    "tỉnh",
    "báo",
    "cáo",
    "kết",
    "quả",
    "thực",
    "hiện",
    "về",
    "sở",
    "trước",
    "ngày",
    "tháng",
    "năm",
    "trân",
    "trọng",
]


def make_body(rng: random.Random, pages: int) -> list[str]:
    paragraphs: list[str] = []
    words = 0
    while words < pages * 500:
        n = rng.randint(20, 60)
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words += n
    return paragraphs


def edit(rng: random.Random, paragraphs: list[str], share: float) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        r = rng.random()
        if r < share / 3:
            continue  # deleted
        if r < share:
            words = p.split()
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(words))
                words[i : i + 1] = rng.choice([[], [rng.choice(WORDS)], [rng.choice(WORDS), words[i]]])
            p = " ".join(words) or p
        out.append(p)
        if rng.random() < share / 3:
            out.append(" ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + ".")  # inserted
    return out


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--share", type=float, default=0.05, help="share of paragraphs changed (0.05 = 5%%)")
    args = parser.parse_args()
    rng = random.Random(11)
    old_paragraphs = make_body(rng, args.pages)
    new_paragraphs = edit(rng, old_paragraphs, args.share)
    old, new = "\n".join(old_paragraphs), "\n".join(new_paragraphs)
    fields = {
        "subject": "Tuyên truyền",
        "urgency": 0,
        "recipients": [{"text": "Báo Lạng Sơn", "organization_ids": [1]}],
    }
    files = [{"name": "ke-hoach.pdf", "sha256": "a" * 64, "size": 1000, "content_type": "application/pdf"}]

    def ours() -> object:
        return diff.compare(
            old_fields=fields,
            new_fields={**fields, "urgency": 1},
            old_body=old,
            new_body=new,
            old_attachments=files,
            new_attachments=[*files, {**files[0], "name": "phu-luc.pdf", "sha256": "b" * 64}],
        )

    def lines() -> object:
        return list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm=""))

    def one_pass_words() -> object:
        return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).get_opcodes()

    every = "\n".join(edit(random.Random(12), old_paragraphs, 1.0))

    def ours_every_paragraph() -> object:
        return diff.body_rows(old, every)

    result = diff.compare(
        old_fields=fields,
        new_fields=fields,
        old_body=old,
        new_body=new,
        old_attachments=[],
        new_attachments=[],
    )
    words = len(old.split())
    print(
        f"body: {args.pages} pages, {words:,} words, {len(old_paragraphs)} paragraphs; "
        f"second version: {sum(r.changed for r in result.rows)} changed rows, "
        f"+{result.words_added} −{result.words_removed} words"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(f"| {'what':<60} | {'runs':>4} | {'median ms':>9} | {'max ms':>8} |")
    print(f"|{'-' * 62}|{'-' * 6}|{'-' * 11}|{'-' * 10}|")
    rows = [
        ("compare two versions (paragraphs, then words; fields, files)", ours, args.runs),
        ("worst case: every paragraph edited, deleted or inserted", ours_every_paragraph, args.runs),
        ("baseline: difflib.unified_diff on lines", lines, args.runs),
        ("baseline: one-pass difflib on all the words", one_pass_words, 1),
    ]
    for name, fn, runs in rows:
        t = timed(fn, runs)
        print(f"| {name:<60} | {runs:>4} | {statistics.median(t):>9.1f} | {max(t):>8.1f} |")


if __name__ == "__main__":
    main()
