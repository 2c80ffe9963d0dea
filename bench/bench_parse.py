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
import shutil
import sys
import time
from collections.abc import Callable
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
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
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


def _rate(work: Callable[[], None], seconds: float, at_least: int = 1) -> tuple[int, float]:
    done, start = 0, time.perf_counter()
    while done < at_least or time.perf_counter() - start < seconds:
        work()
        done += 1
    return done, time.perf_counter() - start


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

    rows: list[tuple[str, int, float, int]] = []
    texts = _corpus_texts()
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    position = iter(range(10**12))

    def one_text() -> None:
        name, text = texts[next(position) % len(texts)]
        parse_text(text, name)

    done, elapsed = _rate(one_text, args.seconds, at_least=len(texts))
    rows.append(("text (parse_text)", done, elapsed, size // len(texts)))

    for kind, pattern in (
        ("PDF text layer", "pdf/*.pdf"),
        (".docx", "docx/*.docx"),
        ("OCR scan", "scan/*.*"),
    ):
        files = [p for p in sorted(CORPUS.glob(pattern)) if not p.name.endswith(".json")]
        if not files or (kind == "OCR scan" and (args.skip_ocr or not shutil.which("tesseract"))):
            rows.append((kind, 0, 0.0, 0))
            continue
        start = time.perf_counter()
        for path in files:
            parse_file(str(path))
        rows.append(
            (
                kind,
                len(files),
                time.perf_counter() - start,
                sum(p.stat().st_size for p in files) // len(files),
            )
        )

    print(f"{'kind':<20} {'documents':>10} {'seconds':>9} {'docs/s':>10} {'avg bytes':>10}")
    for kind, count, seconds, avg in rows:
        rate = count / seconds if seconds else 0.0
        print(f"{kind:<20} {count:>10} {seconds:>9.2f} {rate:>10.1f} {avg:>10}")
    text_rate = rows[0][1] / rows[0][2]
    print(
        f"text target >= 1000 docs/s on one core: {'met' if text_rate >= 1000 else 'NOT met'} ({text_rate:.0f})"
    )
    return 0 if text_rate >= 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
