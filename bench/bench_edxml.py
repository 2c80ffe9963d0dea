"""edXML export + import of the sample letter with a 5 MB attachment (issue 7 target: median <= 200 ms).

    .venv/bin/python bench/bench_edxml.py [--runs 30] [--size-mb 5]

Export is ``write_edoc`` (the message as bytes), import is ``read_message`` (bytes to dataclasses, with the
attachment decoded and zip-checked) plus its SHA-256, which every import records. Prints a table of the
median, 90th percentile and best of N runs for each step and for the round trip.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date

from congvan.vbhc.edxml import (
    Attachment,
    Code,
    DocumentType,
    EdocMessage,
    Organization,
    PromulgationInfo,
    SignerInfo,
    read_message,
    write_edoc,
)


def sample_letter(attachment_bytes: int) -> EdocMessage:
    # Random bytes: a signed PDF compresses about as badly, and base64 cost does not depend on content.
    payload = os.urandom(attachment_bytes)
    return EdocMessage(
        sender=Organization(organ_id="000.00.18.H34", organ_name="Sở Thông tin và Truyền thông Lạng Sơn"),
        recipients=[
            Organization(organ_id="000.00.32.H34", organ_name="Báo Lạng Sơn"),
            Organization(organ_id="000.00.33.H34", organ_name="Đài Phát thanh và Truyền hình tỉnh"),
        ],
        document_id="000.00.18.H34,2024/04/08,412/STTTT-TTBCXB",
        code=Code(code_number="412", code_notation="STTTT-TTBCXB"),
        promulgation_info=PromulgationInfo(place="Lạng Sơn", promulgation_date=date(2024, 4, 8)),
        document_type=DocumentType(type="1", type_name="Công văn"),
        subject="V/v tuyên truyền kỷ niệm các ngày lễ lớn",
        signer_info=SignerInfo(competence="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", full_name="Lê Hải Yến"),
        to_places=["Như trên", "Lưu: VT, TTBCXB (ĐTT)"],
        attachments=[Attachment("cid:1", "412-STTTT-TTBCXB.signed.pdf", payload, "application/pdf")],
    )


def timed(step: Callable[[], object], runs: int) -> list[float]:
    step()  # warm-up: imports, XSD-free paths, allocator
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size-mb", type=float, default=5.0)
    args = parser.parse_args()

    message = sample_letter(int(args.size_mb * 1024 * 1024))
    data = write_edoc(message)

    def round_trip() -> None:
        again = read_message(write_edoc(message))
        assert isinstance(again, EdocMessage) and again.attachments[0].sha256

    def import_() -> None:
        imported = read_message(data)
        assert isinstance(imported, EdocMessage) and imported.attachments[0].sha256

    rows = [
        ("export (write_edoc)", timed(lambda: write_edoc(message), args.runs)),
        ("import (read_message + sha256)", timed(import_, args.runs)),
        ("export + import", timed(round_trip, args.runs)),
    ]
    print(
        f"edXML, sample letter + {args.size_mb:g} MB attachment, message {len(data) / 1e6:.1f} MB, {args.runs} runs"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"{'step':<32}{'median ms':>10}{'p90 ms':>10}{'best ms':>10}")
    for name, samples in rows:
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else samples[0]
        print(f"{name:<32}{statistics.median(samples):>10.1f}{p90:>10.1f}{min(samples):>10.1f}")
    verdict = "meets" if statistics.median(rows[2][1]) <= 200 else "MISSES"
    print(f"target export + import <= 200 ms median: {verdict}")


if __name__ == "__main__":
    main()
