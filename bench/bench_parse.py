"""Benchmark the document reader: documents per second for text, PDF text layers, .docx and OCR.

    .venv/bin/python bench/bench_parse.py                 # the table of rates
    .venv/bin/python bench/bench_parse.py --seconds 5     # a longer text run
    .venv/bin/python bench/bench_parse.py --make-fixtures # (re)write the .docx/.pdf/scan fixtures

Text documents are the corpus in tests/fixtures/documents, repeated; the other kinds are the corpus
documents laid out by congvan.vbhc.layout (Phụ lục I) as .docx and PDF, and that PDF rasterised to an
image for OCR. One process, one core: the reader has no threads.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "documents"
# Documents with a full header, recipients and signature block, of varied agencies and types.
VARIANT_SOURCES = (
    "01_sttttlangson_congvan_tuyentruyen",
    "02_ubndquangngai_congvan_kgvx",
    "04_sgddthanoi_congvan_2928",
    "12_bogddt_congvan_1277",
    "18_snvdanang_huongdan_20",
    "20_bonoivu_huongdan_422",
    "21_ubndtiengiang_quyetdinh_33-2009",
    "33_tongcucthue_congvan_2728",
    "35_cucthuehanoi_congvan_101322",
)
OCR_SOURCES = VARIANT_SOURCES[:3]


def _corpus_texts() -> list[tuple[str, str]]:
    from congvan.vbhc.reader.decoding import decode_bytes

    texts = []
    for expected in sorted(CORPUS.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        path = next(p for p in CORPUS.glob(f"{stem}.*") if p.suffix in (".txt", ".md"))
        text, _ = decode_bytes(path.read_bytes())
        texts.append((path.name, text))
    return texts


def _layout_input(name: str) -> dict[str, Any]:
    """The expected fields of a corpus document plus its body, as congvan.vbhc.layout takes them."""
    from congvan.vbhc.reader import parse_file

    source = next(CORPUS.glob(f"{name}.*[!n]"))  # the .txt/.md, not the .expected.json
    doc: dict[str, Any] = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc["body"] = parse_file(str(source))["body"]
    return doc


def _rasterise(pdf: bytes, resolution: int = 300) -> list[Any]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.to_image(resolution=resolution).original.convert("L") for page in document.pages]


def make_fixtures() -> None:
    """Write docx/, pdf/ and scan/ beside the text corpus, each file with its expected JSON."""
    from congvan.vbhc.layout import render_docx, render_pdf

    for kind in ("docx", "pdf", "scan"):
        (CORPUS / kind).mkdir(exist_ok=True)
    for name in VARIANT_SOURCES:
        doc = _layout_input(name)
        expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
        pdf = render_pdf(doc)
        outputs = {("docx", ".docx"): render_docx(doc), ("pdf", ".pdf"): pdf}
        if name in OCR_SOURCES:
            pages = _rasterise(pdf)
            scan = io.BytesIO()
            pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=300)
            outputs[("scan", ".pdf")] = scan.getvalue()
            if name == OCR_SOURCES[1]:  # one photo-like PNG: all pages stacked
                from PIL import Image

                tall = Image.new("L", (pages[0].width, sum(p.height for p in pages)), 255)
                y = 0
                for page in pages:
                    tall.paste(page, (0, y))
                    y += page.height
                png = io.BytesIO()
                tall.save(png, "PNG", optimize=True)
                outputs[("scan", ".png")] = png.getvalue()
        for (kind, suffix), data in outputs.items():
            stem = name if suffix != ".png" else f"{name}_png"
            (CORPUS / kind / f"{stem}{suffix}").write_bytes(data)
            (CORPUS / kind / f"{stem}.expected.json").write_text(
                json.dumps({**expected, "source": f"{stem}{suffix}"}, ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
        print(f"wrote variants of {name}", file=sys.stderr)


def _cpu_seconds() -> float:
    """CPU time of this process and its children (Tesseract runs as a child process)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _rate(work: Callable[[], None], seconds: float, at_least: int = 1) -> tuple[int, float, float]:
    """Run ``work`` repeatedly; returns the count, the CPU seconds and the wall seconds spent.

    CPU time is the measure of "one core": on a shared machine the wall clock also counts the time
    other processes held the core.
    """
    done, wall, cpu = 0, time.perf_counter(), _cpu_seconds()
    while done < at_least or time.perf_counter() - wall < seconds:
        work()
        done += 1
    return done, _cpu_seconds() - cpu, time.perf_counter() - wall


def _reader_of(paths: Iterator[Path], parse_file: Callable[[str], Any]) -> Callable[[], None]:
    def read_next() -> None:
        parse_file(str(next(paths)))

    return read_next


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per text measurement")
    parser.add_argument("--make-fixtures", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args(argv)
    if args.make_fixtures:
        make_fixtures()
        return 0

    from congvan.vbhc.reader import parse_file, parse_text

    # kind, documents, CPU seconds, wall seconds, average bytes
    rows: list[tuple[str, int, float, float, int]] = []
    texts = _corpus_texts()
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    position = iter(range(10**12))

    def one_text() -> None:
        name, text = texts[next(position) % len(texts)]
        parse_text(text, name)

    done, cpu, wall = _rate(one_text, args.seconds, at_least=len(texts))
    rows.append(("text (parse_text)", done, cpu, wall, size // len(texts)))

    for kind, pattern in (
        ("PDF text layer", "pdf/*.pdf"),
        (".docx", "docx/*.docx"),
        ("OCR scan", "scan/*.*"),
    ):
        files = [p for p in sorted(CORPUS.glob(pattern)) if not p.name.endswith(".json")]
        if not files or (kind == "OCR scan" and (args.skip_ocr or not shutil.which("tesseract"))):
            rows.append((kind, 0, 0.0, 0.0, 0))
            continue
        done, cpu, wall = _rate(_reader_of(iter(files), parse_file), 0.0, at_least=len(files))
        rows.append((kind, done, cpu, wall, sum(p.stat().st_size for p in files) // len(files)))

    print(
        f"{'kind':<20} {'documents':>9} {'CPU s':>8} {'docs/s CPU':>11} {'docs/s wall':>12} {'avg bytes':>10}"
    )
    for kind, count, cpu, wall, avg in rows:
        per_cpu = count / cpu if cpu else 0.0
        per_wall = count / wall if wall else 0.0
        print(f"{kind:<20} {count:>9} {cpu:>8.2f} {per_cpu:>11.1f} {per_wall:>12.1f} {avg:>10}")
    text_rate = rows[0][1] / rows[0][2]
    verdict = "met" if text_rate >= 1000 else "NOT met"
    print(f"text target >= 1000 docs/s on one core (CPU time): {verdict} ({text_rate:.0f})")
    return 0 if text_rate >= 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
