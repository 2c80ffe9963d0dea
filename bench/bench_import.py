"""Benchmark: `congvan import` of 10,000 text documents into SQLite, end to end (issue 3: ≥ 300 documents/s).

Makes N distinct documents from the corpus in tests/fixtures/documents (each with its own number, so each is
a new file), prepares a fresh demo database, then times the real command in a subprocess. Beside it, in the
same run: the reader alone over the same files (no database), to show what the database part costs.

    .venv/bin/python bench/bench_import.py [--count 10000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "documents"
CONGVAN = str(Path(sys.executable).parent / "congvan")


def make_documents(folder: Path, count: int) -> list[Path]:
    sources = []
    for p in sorted(CORPUS.glob("*.txt")):
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # the legacy-encoding fixtures (TCVN3, VNI)
            continue
        if re.search(r"Số:\s*\d*\s*/", text):
            sources.append(text)
    paths = []
    for i in range(count):
        text = sources[i % len(sources)]
        text = re.sub(r"Số:\s*\d*\s*/", f"Số: {i + 1}/", text, count=1)
        path = folder / f"{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        docs = tmp_path / "docs"
        docs.mkdir()
        paths = make_documents(docs, args.count)
        sys.path.insert(0, str(ROOT / "src"))
        from congvan.vbhc.reader import parse_file

        started = time.perf_counter()
        for p in paths:
            parse_file(str(p))
        parse_only = time.perf_counter() - started

        env = dict(os.environ, CONGVAN_DATA_DIR=str(tmp_path / "data"))
        env.pop("CONGVAN_DATABASE_URL", None)
        subprocess.run(
            [CONGVAN, "demo", "--no-serve", "--data", str(tmp_path / "data")],
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        result = subprocess.run(
            [CONGVAN, "import", str(docs), "--org", "000.00.25.H33", "--direction", "incoming", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
        )
        end_to_end = time.perf_counter() - started
        started = time.perf_counter()
        again = subprocess.run(
            [CONGVAN, "import", str(docs), "--org", "000.00.25.H33", "--direction", "incoming", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
        )
        rerun = time.perf_counter() - started
    n = args.count
    print(f"{'what':<44} {'seconds':>9} {'docs/s':>9}")
    print(f"{'reader only (baseline, no database)':<44} {parse_only:>9.2f} {n / parse_only:>9.0f}")
    print(f"{'congvan import, SQLite, end to end':<44} {end_to_end:>9.2f} {n / end_to_end:>9.0f}")
    print(f"{'congvan import again (all skipped)':<44} {rerun:>9.2f} {n / rerun:>9.0f}")
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:])
    print(again.stdout.strip().splitlines()[-1] if again.stdout.strip() else again.stderr[-500:])


if __name__ == "__main__":
    main()
