#!/usr/bin/env python
"""Benchmark: issue ONE document to 1,000 recipient organisations, on SQLite and on PostgreSQL.

What is timed (median of ``--runs``, default 7):

* ``issue``: ``congvan.documents.services.document_issue`` on a signed letter whose Kính gửi names
  ``--recipients`` organisations of the directory. It numbers the letter from the locked register, records the
  transition and delivers it: one incoming copy per recipient (with its "received" event) and one Delivery row
  per recipient, all in one transaction (DESIGN §5 decisions 1–3).
* ``bulk insert``: the same rows written with plain ``bulk_create`` and no application logic — N incoming
  Document rows, N Delivery rows, N + 1 Event rows — in one transaction. It is the floor the service is compared
  with, measured in the same process against the same database.

Each database is fresh: SQLite is a file (WAL) in a temporary folder, PostgreSQL a database created by this script
(``congvan_bench_<pid>``) and dropped at the end. Each backend runs in its own child process because Django is set
up once per process; the parent prints one table.

    .venv/bin/python bench/bench_issue.py                     # both backends
    .venv/bin/python bench/bench_issue.py --backend sqlite    # one backend
    .venv/bin/python bench/bench_issue.py --profile issue.prof --backend sqlite   # cProfile of one issue

PostgreSQL is reached at ``--pg-url`` (default ``postgres://postgres@127.0.0.1:5432/postgres``, the server the
development machines run); the benchmark database is created on that server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

TARGET_SECONDS = 1.0
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"


# --------------------------------------------------------------------------------------------- child: one backend


def _setup_django(database_url: str, data_dir: Path) -> None:
    """Point the settings at the benchmark database before Django reads them, then migrate it."""
    os.environ["CONGVAN_DATABASE_URL"] = database_url
    os.environ["CONGVAN_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "congvan.config.settings"
    os.environ.setdefault("CONGVAN_SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


class World:
    """The sender agency with every role of its workflow, and the recipient organisations."""

    def __init__(self, n_recipients: int) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from congvan.orgs.models import Membership, Organization, Unit
        from congvan.vbhc.workflow import Role

        user_model = get_user_model()
        password = make_password(None)  # unusable: nobody signs in to the benchmark
        self.org = Organization.objects.create(
            code="000.00.25.H33",
            name="Sở Thông tin và Truyền thông",
            short_name="Sở TTTT",
            abbreviation="STTTT",
            place="Lạng Sơn",
        )
        unit = Unit.objects.create(organization=self.org, code="TTBCXB", name="Phòng TTBCXB")
        office = Unit.objects.create(organization=self.org, code="VP", name="Văn phòng")

        def member(
            username: str, role: Role, title: str, *, unit: Unit | None = None, is_head: bool = False
        ) -> Membership:
            user = user_model.objects.create(
                username=username, first_name=username.title(), password=password
            )
            return Membership.objects.create(
                user=user, organization=self.org, unit=unit, role=role.value, title=title, is_head=is_head
            )

        self.drafter = member("drafter", Role.SPECIALIST, "CHUYÊN VIÊN", unit=unit)
        self.unit_head = member("unithead", Role.UNIT_HEAD, "TRƯỞNG PHÒNG", unit=unit)
        self.head = member("director", Role.LEADER, "GIÁM ĐỐC", is_head=True)
        self.deputy = member("deputy", Role.LEADER, "PHÓ GIÁM ĐỐC")
        self.clerk = member("clerk", Role.CLERK, "VĂN THƯ", unit=office)
        self.recipients = Organization.objects.bulk_create(
            Organization(
                code=f"000.{i // 100:02d}.{i % 100:02d}.H34",
                name=f"UBND xã số {i}",
                short_name=f"Xã {i}",
                abbreviation=f"X{i}",
                place="Lạng Sơn",
            )
            for i in range(n_recipients)
        )

    def signed_letter(self, run: int) -> Any:
        """A letter to every recipient, drafted, checked and signed 'KT. GIÁM ĐỐC' (not timed)."""
        from congvan.documents.services import (
            DraftData,
            RecipientLine,
            document_approve,
            document_create_draft,
            document_sign,
            document_submit,
        )
        from congvan.vbhc.workflow import SigningAuthority

        data = DraftData(
            subject=f"Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (lần {run})",
            body="Thực hiện Công văn số 219/TTCS-TTTQ ngày 04/4/2024 của Cục Thông tin cơ sở ...",
            recipients=[
                RecipientLine("Ủy ban nhân dân các xã, phường, thị trấn", [o.pk for o in self.recipients])
            ],
            distribution=[RecipientLine("Như trên"), RecipientLine("Lưu: VT, TTBCXB")],
        )
        doc = document_create_draft(actor=self.drafter, data=data)
        document_submit(document=doc, actor=self.drafter)
        document_approve(document=doc, actor=self.unit_head)
        return document_sign(document=doc, actor=self.deputy, authority=SigningAuthority.KT)


def _time(fn: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Wall-clock seconds of ``fn()``; its CPU seconds in this process are appended to ``cpu``."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def _bulk_insert(world: World, outgoing: Any, floor: Any) -> None:
    """The same rows the issue writes, with bulk_create and nothing else: the floor to compare with.

    The rows copy ``outgoing`` (the letter just issued); the deliveries hang on ``floor``, an outgoing row of
    its own, since a letter has one delivery per recipient.
    """
    from django.db import transaction
    from django.utils import timezone

    from congvan.documents.models import Document, Event
    from congvan.exchange.models import Delivery

    now = timezone.now()
    with transaction.atomic():
        copies = Document.objects.bulk_create(
            Document(
                owner=org,
                direction="in",
                state="received",
                doc_type=outgoing.doc_type,
                number_text=outgoing.number_display,
                symbol=outgoing.symbol,
                issued_on=outgoing.issued_on,
                place=outgoing.place,
                subject=outgoing.subject,
                body=outgoing.body,
                signer_name=outgoing.signer_name,
                signer_title=outgoing.signer_title,
                signing_authority=outgoing.signing_authority,
                document_id=outgoing.document_id,
                issuer_code=world.org.code,
                issuer_name=world.org.name,
                received_at=now,
                source_document_id=outgoing.pk,
            )
            for org in world.recipients
        )
        Event.objects.bulk_create(
            Event(
                document=copy, organization_id=copy.owner_id, action="received", to_state="received", at=now
            )
            for copy in copies
        )
        Delivery.objects.bulk_create(
            Delivery(outgoing=floor, recipient=org, incoming=copy, status="01", status_at=now)
            for org, copy in zip(world.recipients, copies, strict=True)
        )
        Event.objects.create(document=floor, organization_id=world.org.pk, action="delivered", at=now)


def run_backend(
    backend: str, database_url: str, data_dir: Path, runs: int, n_recipients: int, profile: str | None
) -> dict[str, Any]:
    """Set up Django on one database, time ``runs`` issues and bulk inserts, return the measurements."""
    _setup_django(database_url, data_dir)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from congvan.documents.models import Document
    from congvan.documents.services import document_issue
    from congvan.exchange.models import Delivery

    world = World(n_recipients)
    floor = Document.objects.create(
        owner=world.org, direction="out", state="issued", subject="Hàng sàn: ghi thẳng bằng bulk_create"
    )
    issue_times: list[float] = []
    issue_cpu: list[float] = []
    bulk_cpu: list[float] = []
    bulk_times: list[float] = []
    queries = 0
    for run in range(runs):
        letter = world.signed_letter(run)
        if profile and run == runs - 1:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            document_issue(document=letter, actor=world.clerk)
            profiler.disable()
            profiler.dump_stats(profile)
            continue
        with CaptureQueriesContext(connection) as ctx:
            issue_times.append(_time(partial(document_issue, document=letter, actor=world.clerk), issue_cpu))
        queries = len(ctx.captured_queries)
        issued = Document.objects.get(pk=letter.pk)
        delivered = Delivery.objects.filter(outgoing=issued, incoming__state="received").count()
        if issued.state != "issued" or delivered != n_recipients or issued.number != run + 1:
            raise SystemExit(
                f"{backend}: run {run} issued {issued.state} no. {issued.number}, "
                f"{delivered} deliveries (expected {n_recipients})"
            )
        Delivery.objects.filter(outgoing=floor).delete()  # not timed: room for the next floor run
        bulk_times.append(_time(partial(_bulk_insert, world, issued, floor), bulk_cpu))
        reset_queries()
    return {
        "backend": backend,
        "vendor": connection.vendor,
        "server": _server_version(connection),
        "runs": len(issue_times),
        "recipients": n_recipients,
        "queries": queries,
        "issue": issue_times,
        "issue_cpu": issue_cpu,
        "bulk_cpu": bulk_cpu,
        "bulk": bulk_times,
    }


def _server_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# ------------------------------------------------------------------------------------------- parent: the report


def _pg_admin(pg_url: str, sql: str) -> None:
    import psycopg

    parsed = urlparse(pg_url)
    with psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname=parsed.path.lstrip("/") or "postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _child(args: argparse.Namespace, backend: str) -> dict[str, Any]:
    """Run one backend in a fresh interpreter on a fresh database; clean up whatever happens."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"congvan-bench-{backend}-"))
    db_name = f"congvan_bench_{os.getpid()}"
    if backend == "sqlite":
        url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    else:
        parsed = urlparse(args.pg_url)
        url = urlunparse(parsed._replace(path=f"/{db_name}"))
        _pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{db_name}"')
        _pg_admin(args.pg_url, f'CREATE DATABASE "{db_name}"')
    try:
        out = data_dir / "result.json"
        cmd = [
            sys.executable,
            __file__,
            "--child",
            backend,
            "--child-url",
            url,
            "--child-out",
            str(out),
            "--runs",
            str(args.runs),
            "--recipients",
            str(args.recipients),
        ]
        if args.profile:
            cmd += ["--profile", args.profile]
        subprocess.run(cmd, check=True, cwd=Path(__file__).resolve().parent.parent)
        return json.loads(out.read_text())
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if backend == "postgres":
            _pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def report(results: list[dict[str, Any]], load: tuple[float, float]) -> str:
    lines = [
        f"Issue one document to {results[0]['recipients']:,} recipients — median of {results[0]['runs']} runs "
        f"(target ≤ {TARGET_SECONDS:.0f} s); {os.cpu_count()} CPUs, load average {load[0]:.1f} before, "
        f"{load[1]:.1f} after",
        "",
        "| database | issue (median) | issue (min–max) | SQL queries | plain bulk insert (median) | ratio "
        "| CPU in Python: issue / bulk insert (medians) | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        issue, bulk = statistics.median(r["issue"]), statistics.median(r["bulk"])
        lines.append(
            f"| {r['server']} | {_ms(issue)} | {_ms(min(r['issue']))}–{_ms(max(r['issue']))} | {r['queries']} "
            f"| {_ms(bulk)} | {issue / bulk:.2f}× "
            f"| {_ms(statistics.median(r['issue_cpu']))} / {_ms(statistics.median(r['bulk_cpu']))} "
            f"| {'met' if issue <= TARGET_SECONDS else 'MISSED'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=7, help="timed issues per backend (at least 5)")
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CONGVAN_BENCH_PG_URL", DEFAULT_PG_URL),
        help="a PostgreSQL server to create the benchmark database on",
    )
    parser.add_argument("--profile", help="write a cProfile of one extra issue to this file")
    parser.add_argument("--json", action="store_true", help="print the raw measurements as JSON too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-url", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = run_backend(
            args.child,
            args.child_url,
            Path(args.child_out).parent,
            args.runs + (1 if args.profile else 0),
            args.recipients,
            args.profile,
        )
        Path(args.child_out).write_text(json.dumps(result))
        return 0

    if args.runs < 5:
        parser.error("--runs must be at least 5 for a meaningful median")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    load_before = os.getloadavg()[0]
    results = [_child(args, b) for b in backends]
    print(report(results, (load_before, os.getloadavg()[0])))
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if all(statistics.median(r["issue"]) <= TARGET_SECONDS for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
