"""``congvan verify FILE...``: each signature of each PDF — validity, signer, time, chain, changes after signing.

Trust roots: ``--trust FILE`` (PEM or DER, repeatable), the files listed in ``CONGVAN_TRUST_ROOTS`` (separated by
``os.pathsep``) and every ``*.pem`` in ``$CONGVAN_DATA_DIR/certs/trust/`` (where ``congvan demo`` puts its CA).
``--json`` prints one JSON object per file: {"file", "ok", "signatures": [...]} (or {"file", "error"}).
Exit status: 0 every signature valid, trusted and unchanged; 1 any signature invalid or untrusted, a file changed
after signing, or a PDF without signatures; 2 a file that is not a readable PDF.

Files given as arguments are PDFs. With no FILE (or ``--store``) the installation itself is checked (issue 8,
docs/records.md): every stored file against its SHA-256 (missing, altered) and every issued or registered document
against the fingerprint of its issued form; exit status 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from congvan.vbhc.signing import SignatureReport, SigningError, load_certificates, verify_pdf


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan verify",
        description="Kiểm tra chữ ký số của tệp PDF. / Verify the digital signatures of PDF files.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="tệp PDF đã ký; không có: kiểm tra kho / signed PDF files; none: check the installation",
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="kiểm tra kho tệp và văn bản đã ban hành / check the stored files and issued documents",
    )
    parser.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CERT",
        help="chứng thư số gốc tin cậy (PEM/DER), có thể lặp lại / a trusted root certificate, repeatable",
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON / machine-readable output")
    return parser


def trust_root_files(explicit: Sequence[str]) -> list[Path]:
    files = [Path(p) for p in explicit]
    files += [Path(p) for p in os.environ.get("CONGVAN_TRUST_ROOTS", "").split(os.pathsep) if p]
    data_dir = os.environ.get("CONGVAN_DATA_DIR")
    if data_dir and (Path(data_dir) / "certs" / "trust").is_dir():
        files += sorted((Path(data_dir) / "certs" / "trust").glob("*.pem"))
    return files


def _yes(value: bool) -> str:
    return "có" if value else "KHÔNG"


def _print_report(n: int, report: SignatureReport) -> None:
    when = report.signing_time.isoformat() if report.signing_time else "?"
    print(f"  [{n}] {report.field}: {report.summary_vi()}")
    print(
        f"      người ký / signer: {report.signer}"
        + (f" — {report.organization}" if report.organization else "")
    )
    print(f"      thời điểm ký / time: {when}" + (" (dấu thời gian / timestamp)" if report.timestamp else ""))
    print(
        f"      nguyên vẹn / intact: {_yes(report.intact)}; hợp lệ / valid: {_yes(report.valid)}; "
        f"tin cậy / trusted: {_yes(report.trusted)}"
    )
    changes = {
        "none": "không / none",
        "signatures": "chỉ thêm chữ ký / only later signatures",
        "modified": f"ĐÃ SỬA ĐỔI / MODIFIED ({report.modification_level})",
    }[report.changes_after]
    print(f"      thay đổi sau khi ký / changed after signing: {changes}")
    print("      chuỗi chứng thư / chain:")
    for depth, subject in enumerate(report.chain):
        print(f"        {'  ' * depth}{subject}")


def verify_store(as_json: bool) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from congvan.records.verification import verify_store as check

    report = check()
    if as_json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "files_checked": report.files_checked,
                    "documents_checked": report.documents_checked,
                    "files": [p.to_dict() for p in report.files],
                    "documents": report.documents,
                    "unfingerprinted": report.unfingerprinted,
                },
                ensure_ascii=False,
            )
        )
        return 0 if report.ok else 1
    labels = {"missing": "THIẾU / MISSING", "altered": "ĐÃ BỊ THAY ĐỔI / ALTERED"}
    for p in report.files:
        print(f"{labels[p.problem]}: {p.path} (SHA-256 {p.sha256})")
        for use in p.used_by:
            print(f"    văn bản / document {use}")
    for d in report.documents:
        print(
            f"SAI KHÁC BẢN BAN HÀNH / DIFFERS FROM ISSUED FORM: văn bản #{d['id']} {d['number_symbol']} — {d['subject']}"
        )
    print(
        f"{'TOÀN VẸN / INTACT' if report.ok else 'CÓ LỖI / PROBLEMS'}: {report.files_checked} tệp / files "
        f"({len(report.files)} lỗi), {report.documents_checked} văn bản / documents ({len(report.documents)} sai khác)"
        + (
            f"; {report.unfingerprinted} văn bản chưa có dấu vân tay / not fingerprinted"
            if report.unfingerprinted
            else ""
        )
    )
    return 0 if report.ok else 1


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.store or not args.files:
        return verify_store(args.json)
    try:
        roots = [c for path in trust_root_files(args.trust) for c in load_certificates(path.read_bytes())]
    except (OSError, SigningError) as exc:
        print(f"congvan verify: {getattr(exc, 'vi', exc)}", file=sys.stderr)
        return 2
    status = 0
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            reports = verify_pdf(data, trust_roots=roots)
        except OSError as exc:
            error = f"không đọc được tệp / cannot read the file: {exc.strerror}"
        except SigningError as exc:
            error = f"{exc.vi} / {exc.en}"
        else:
            error = ""
        if error:
            status = max(status, 2)
            if args.json:
                print(json.dumps({"file": name, "ok": False, "error": error}, ensure_ascii=False))
            else:
                print(f"congvan verify: {name}: {error}", file=sys.stderr)
            continue
        ok = bool(reports) and all(r.ok for r in reports)
        if not ok:
            status = max(status, 1)
        if args.json:
            print(
                json.dumps(
                    {"file": name, "ok": ok, "signatures": [r.to_dict() for r in reports]}, ensure_ascii=False
                )
            )
            continue
        print(
            f"{name}: {'HỢP LỆ / VALID' if ok else 'KHÔNG HỢP LỆ / NOT VALID'} — {len(reports)} chữ ký / signatures"
        )
        if not reports:
            print("  không có chữ ký số / no digital signatures")
        for n, report in enumerate(reports, 1):
            _print_report(n, report)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
