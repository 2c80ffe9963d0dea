"""Benchmarks of issue 8 (case files, backup), each beside a baseline measured in the same run.

1. ``casefile``: a case file of 500 documents exported to one PDF (target ≤ 10 s). Nine documents in ten carry
   a signed PDF (appended page by page and embedded unchanged), as issued and received documents do here; every
   tenth (``--text-every``) has none and is printed from its text, all of those in one WeasyPrint run. Baselines: pypdf merging the same signed PDFs alone, and poppler's ``pdfunite`` over the same files.
2. ``backup``: ``congvan backup`` of a SQLite installation of 100,000 documents with 1 GB of stored files, while
   nothing else writes, against ``cp -r`` of the same file store (and ``cp`` of the database file). Each is run
   twice in alternation so both see the same page cache.

    .venv/bin/python bench/bench_records.py casefile [--documents 500]
    .venv/bin/python bench/bench_records.py backup [--documents 100000] [--files 25000] [--file-kb 40]

The backup installation lives under /work/benchdata/records (never in the repository): its documents come from
bench/gen_documents.py (``--no-index``), its files are written here through the store and attached to documents.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONGVAN = str(Path(sys.executable).parent / "congvan")
BENCHDATA = Path(os.environ.get("CONGVAN_BENCHDATA", "/work/benchdata")) / "records"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _row(name: str, seconds: float, extra: str = "", cpu: float | None = None) -> None:
    cpu_text = f"{cpu:8.2f}" if cpu is not None else f"{'':8}"
    print(f"| {name:<58} | {seconds:8.2f} | {cpu_text} | {extra:<28} |", flush=True)


def _header() -> None:
    print(f"| {'operation':<58} | {'wall s':>8} | {'CPU s':>8} | {'':<28} |")
    print(f"|{'-' * 60}|{'-' * 10}|{'-' * 10}|{'-' * 30}|")


# --- 1. case file to PDF ---------------------------------------------------------------------------------------


def _django(url: str, data_dir: Path) -> None:
    os.environ["CONGVAN_DATABASE_URL"] = url
    os.environ["CONGVAN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def casefile(documents: int, text_every: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-records-"))
    _django(f"sqlite:///{work / 'db.sqlite3'}", work)
    import datetime as dt
    import warnings

    import pikepdf
    from pypdf import PdfReader, PdfWriter

    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)

    from congvan.documents import storage
    from congvan.documents.models import Attachment, Document
    from congvan.orgs.models import Membership, Organization, Unit, User
    from congvan.records.exports import case_file_pdf
    from congvan.records.models import CaseFile, CaseFileEntry, FilePlan
    from congvan.vbhc.layout import render_pdf, sample_document
    from congvan.vbhc.signing import load_pkcs12, make_certificate, make_demo_ca, sign_as_signer

    print(f"# case file of {documents} documents to one PDF — load average {_load()}")
    org = Organization.objects.create(
        code="000.00.01.H33", name="Sở Thông tin và Truyền thông", abbreviation="STTTT"
    )
    unit = Unit.objects.create(organization=org, code="VP", name="Văn phòng")
    user = User.objects.create(username="vanthu", full_name="Nguyễn Văn Thư")
    Membership.objects.create(user=user, organization=org, unit=unit, role="clerk")
    ca = make_demo_ca("Bench CA")
    credentials = load_pkcs12(make_certificate(ca, common_name="Lê Hải Yến", passphrase=b"x"), b"x")
    letter = sample_document()
    letter["number"], letter["date"] = "05", "2026-04-05"
    base = render_pdf(letter)
    started = time.perf_counter()
    signed_files = []
    docs = []
    for i in range(documents):
        docs.append(
            Document(
                owner=org,
                direction="out",
                state="issued",
                doc_type="CV",
                number=i + 1,
                symbol="STTTT-VP",
                issued_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 360),
                subject=f"Về việc triển khai nhiệm vụ số {i + 1} năm 2026",
                body="Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Thông tin và Truyền thông đề nghị "
                "các cơ quan, đơn vị triển khai các nội dung sau đây. " * 6,
                signer_name="Lê Hải Yến",
                signer_title="PHÓ GIÁM ĐỐC",
            )
        )
    docs = Document.objects.bulk_create(docs)
    attachments = []
    for i, doc in enumerate(docs):
        if i % text_every == 0:  # printed from its text: no PDF
            continue
        # Each its own signed file: the same letter with its own metadata, signed.
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
        writer.add_metadata({"/Subject": doc.subject})
        buf = io.BytesIO()
        writer.write(buf)
        signed, _box = sign_as_signer(buf.getvalue(), credentials=credentials, image=None, name="Lê Hải Yến")
        signed_files.append(signed)
        stored = storage.store(signed, sync=False)
        attachments.append(
            Attachment(
                document=doc,
                stored=stored,
                name=f"{doc.number:02d}-STTTT-VP.pdf",
                content_type="application/pdf",
            )
        )
    Attachment.objects.bulk_create(attachments)
    plan = FilePlan.objects.create(organization=org, year=2026)
    case_file = CaseFile.objects.create(plan=plan, notation="01.VP", title="Hồ sơ bench", responsible=user)
    CaseFileEntry.objects.bulk_create(
        CaseFileEntry(case_file=case_file, document=d, ordinal=n) for n, d in enumerate(docs, 1)
    )
    print(f"(prepared in {time.perf_counter() - started:.1f} s: {len(signed_files)} signed PDFs)")
    print()
    _header()
    for attempt in (1, 2):
        started, cpu = time.perf_counter(), time.process_time()
        pdf = case_file_pdf(case_file)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        _row(
            f"case_file_pdf, {documents} documents (run {attempt})",
            took,
            f"{pages} pages, {len(pdf) / 1e6:.1f} MB",
            cpu,
        )

        started, cpu = time.perf_counter(), time.process_time()
        merged = pikepdf.new()
        opened = [pikepdf.open(io.BytesIO(data)) for data in signed_files]
        for source in opened:
            merged.pages.extend(source.pages)
        merged.save(io.BytesIO())
        _row(
            f"baseline: qpdf merge of the {len(signed_files)} signed PDFs alone",
            time.perf_counter() - started,
            cpu=time.process_time() - cpu,
        )

        folder = work / "unite"
        folder.mkdir(exist_ok=True)
        names = []
        for n, data in enumerate(signed_files):
            (folder / f"{n:04d}.pdf").write_bytes(data)
            names.append(str(folder / f"{n:04d}.pdf"))
        if shutil.which("pdfunite"):
            started = time.perf_counter()
            subprocess.run(["pdfunite", *names, str(work / "united.pdf")], check=True)
            _row(f"baseline: pdfunite of the {len(signed_files)} signed PDFs", time.perf_counter() - started)
    print(f"\nload average after: {_load()}")
    shutil.rmtree(work, ignore_errors=True)


# --- 2. backup ---------------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CONGVAN_DATABASE_URL=f"sqlite:///{BENCHDATA / 'db.sqlite3'}",
        CONGVAN_DATA_DIR=str(BENCHDATA / "data"),
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
    )
    return env


def fill_files(files: int, file_kb: int) -> None:
    """Write ``files`` distinct files into the store and attach each to a document (run in its own process)."""
    _django(f"sqlite:///{BENCHDATA / 'db.sqlite3'}", BENCHDATA / "data")
    from congvan.documents import storage
    from congvan.documents.models import Attachment, Document

    have = Attachment.objects.count()
    if have >= files:
        return
    rnd = os.urandom
    doc_ids = list(Document.objects.order_by("pk").values_list("pk", flat=True)[: files - have])
    size = file_kb * 1024
    batch: list[tuple[int, storage.Blob]] = []
    for n, doc_id in enumerate(doc_ids, have):
        batch.append(
            (doc_id, storage.write_blob(rnd(size - 16) + n.to_bytes(16, "big"), max_bytes=size, sync=False))
        )
        if len(batch) == 2000 or n == have + len(doc_ids) - 1:
            os.sync()
            rows = storage.record(b for _d, b in batch)
            Attachment.objects.bulk_create(
                Attachment(document_id=d, stored=rows[b.sha256], name=f"tep-{b.sha256[:8]}.bin")
                for d, b in batch
            )
            batch = []
            print(f"  {n + 1} files", file=sys.stderr, flush=True)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def backup_bench(documents: int, files: int, file_kb: int) -> None:
    db = BENCHDATA / "db.sqlite3"
    if not db.exists():
        (BENCHDATA / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "gen_documents.py"),
                "--count",
                str(documents),
                "--orgs",
                "100",
                "--no-index",
            ],
            env=_env(),
            check=True,
        )
    subprocess.run(
        [sys.executable, __file__, "fill-files", "--files", str(files), "--file-kb", str(file_kb)],
        env=_env(),
        check=True,
    )
    store = BENCHDATA / "data" / "files"
    total = _du(store)
    print(
        f"# backup of a SQLite installation: {documents} documents, {files} files, {total / 1e9:.2f} GB of files, "
        f"database {db.stat().st_size / 1e6:.0f} MB — load average {_load()}"
    )
    print()
    _header()
    for attempt in (1, 2):
        for kind in ("cp", "backup"):
            dest = BENCHDATA / f"out-{kind}"
            shutil.rmtree(dest, ignore_errors=True)
            started = time.perf_counter()
            if kind == "cp":
                dest.mkdir()
                subprocess.run(["cp", str(db), str(dest / "db.sqlite3")], check=True)
                subprocess.run(["cp", "-r", str(store), str(dest / "files")], check=True)
                subprocess.run(["sync"], check=True)
                took = time.perf_counter() - started
                _row(
                    f"baseline: cp database + cp -r files, sync (run {attempt})",
                    took,
                    f"{(total + db.stat().st_size) / took / 1e6:.0f} MB/s",
                )
            else:
                subprocess.run(
                    [CONGVAN, "backup", str(dest), "--quiet"], env=_env(), check=True, capture_output=True
                )
                subprocess.run(["sync"], check=True)
                took = time.perf_counter() - started
                _row(
                    f"congvan backup (SHA-256 manifest), sync (run {attempt})",
                    took,
                    f"{(total + db.stat().st_size) / took / 1e6:.0f} MB/s",
                )
        started = time.perf_counter()
        subprocess.run(
            [CONGVAN, "restore", str(BENCHDATA / "out-backup"), "--check", "--quiet"],
            env=_env(),
            check=True,
            capture_output=True,
        )
        _row(f"congvan restore --check (every checksum) (run {attempt})", time.perf_counter() - started)
    for kind in ("cp", "backup"):
        shutil.rmtree(BENCHDATA / f"out-{kind}", ignore_errors=True)
    print(f"\nload average after: {_load()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("casefile")
    c.add_argument("--documents", type=int, default=500)
    c.add_argument(
        "--text-every",
        type=int,
        default=10,
        help="every Nth document has no PDF and is printed from its text",
    )
    b = sub.add_parser("backup")
    b.add_argument("--documents", type=int, default=100_000)
    b.add_argument("--files", type=int, default=25_000)
    b.add_argument("--file-kb", type=int, default=40)
    f = sub.add_parser("fill-files")
    f.add_argument("--files", type=int, default=25_000)
    f.add_argument("--file-kb", type=int, default=40)
    args = parser.parse_args()
    if args.what == "casefile":
        casefile(args.documents, args.text_every)
    elif args.what == "backup":
        backup_bench(args.documents, args.files, args.file_kb)
    else:
        fill_files(args.files, args.file_kb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
