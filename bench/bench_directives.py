#!/usr/bin/env python
"""Benchmark: the directives at campaign scale (issue 5), on SQLite and on PostgreSQL.

A campaign of 10,872 assignments over 5 levels (12 recipients → 5 → 5 → 5 → 6 below each, one organisation
per assignment, like Sở → districts → centres → communes → villages), about half of them reported with figures,
some late, some overdue. Built with ``bulk_create`` (not timed). Timed, median of ``--runs`` (default 15):

* ``campaign page``: GET /app/directives/<id>/ — the sender's view per recipient and in total, the whole
  request/response cycle through Django's test client (session, middleware, template).
* ``leader dashboard``: GET /app/directives/ — totals, completion by organisation, overdue, over time.
* ``bare aggregate``: the one grouped aggregate query those pages are built on (counts per first-level
  subtree, by path prefix), alone: the floor the pages are compared with.
* ``submit report``: ``report_submit`` on a leaf (depth 4): figures checked, the report written, the figures
  rolled up the 5 levels (one read, one bulk update), in one transaction.
* ``bare writes``: the same rows written without the service: one Report insert and one bulk update of the
  five totals.

Each database is fresh (SQLite: a WAL file in a temporary folder; PostgreSQL: ``congvan_bench_dir_<pid>``
created on ``--pg-url`` and dropped at the end). Each backend runs in a child process; the parent prints one
table.

    .venv/bin/python bench/bench_directives.py                    # both backends
    .venv/bin/python bench/bench_directives.py --backend sqlite
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
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

FANOUT = (12, 5, 5, 5, 6)
DASHBOARD_TARGET_MS = 200
SUBMIT_TARGET_MS = 50
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
FIGURES = {"tin_bai": 3, "phut_phat_song": "12.5", "su_kien": 1, "luot_loa": 2}


def _setup_django(database_url: str, data_dir: Path) -> None:
    os.environ["CONGVAN_DATABASE_URL"] = database_url
    os.environ["CONGVAN_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "congvan.config.settings"
    os.environ.setdefault("CONGVAN_SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_campaign() -> dict[str, Any]:
    """The sender, its issued letter with one request, and the 5-level tree of assignments (bulk, not timed)."""
    import datetime as dt
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from congvan.directives.models import PATH_WIDTH, Assignment, AssignmentState, Directive
    from congvan.directives.services import add_figures
    from congvan.documents.models import Document
    from congvan.orgs.models import Membership, Organization
    from congvan.vbhc.workflow import Role, State

    rng = random.Random(5)
    today = timezone.localdate()
    with transaction.atomic():
        so = Organization.objects.create(
            code="000.00.25.H33",
            name="Sở Thông tin và Truyền thông",
            short_name="Sở TTTT",
            abbreviation="STTTT",
            place="Lạng Sơn",
        )
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=u, full_name=u, password=make_password(None))
            for u in ("leader", "clerk")
        )
        leader = Membership.objects.create(
            user=users[0], organization=so, role=Role.LEADER, title="GIÁM ĐỐC", is_head=True
        )
        letter = Document.objects.create(
            owner=so,
            direction="out",
            state=State.ISSUED,
            doc_type="CV",
            number=1,
            symbol="STTTT-TTBCXB",
            subject="Tuyên truyền (benchmark)",
            issued_on=today - dt.timedelta(days=20),
        )
        form = [
            {"code": "tin_bai", "name": "Tin, bài", "unit": "tin", "kind": "integer"},
            {"code": "phut_phat_song", "name": "Phát sóng", "unit": "phút", "kind": "decimal"},
            {"code": "su_kien", "name": "Sự kiện", "unit": "", "kind": "integer"},
            {"code": "luot_loa", "name": "Buổi loa", "unit": "buổi", "kind": "integer"},
        ]
        directive = Directive.objects.create(
            document=letter, title="Tuyên truyền", deadline=today + dt.timedelta(days=5), form=form
        )
        parents: list[tuple[Organization, Assignment | None]] = [(so, None)]
        all_rows: list[Assignment] = []
        serial = 0
        for depth, fan in enumerate(FANOUT):
            orgs = []
            for parent_org, _a in parents:
                for _k in range(fan):
                    serial += 1
                    orgs.append(
                        Organization(
                            code=f"B{serial:06d}",
                            name=f"Cơ quan {serial}",
                            short_name=f"CQ {serial}",
                            abbreviation="CQ",
                            parent=parent_org,
                        )
                    )
            orgs = Organization.objects.bulk_create(orgs, batch_size=2000)
            rows = []
            i = 0
            for parent_org, parent_a in parents:
                for _k in range(fan):
                    org = orgs[i]
                    i += 1
                    deadline = today + dt.timedelta(days=rng.randint(-10, 10) - depth)
                    roll = rng.random()
                    state, submitted = AssignmentState.NEW, None
                    if roll < 0.5:
                        state = AssignmentState.SUBMITTED if roll < 0.3 else AssignmentState.ACCEPTED
                        submitted = deadline + dt.timedelta(days=rng.choice([-3, -1, 0, 0, 2]))
                    elif roll < 0.7:
                        state = AssignmentState.IN_PROGRESS
                    rows.append(
                        Assignment(
                            directive=directive,
                            parent=parent_a,
                            depth=depth,
                            assigned_by_org=parent_org,
                            organization=org,
                            title="Tuyên truyền",
                            deadline=deadline,
                            form=form,
                            state=state,
                            figures=dict(FIGURES) if submitted else {},
                            submitted_on=submitted,
                        )
                    )
            rows = Assignment.objects.bulk_create(rows, batch_size=2000)
            for a in rows:
                prefix = a.parent.path if a.parent else ""
                a.path = f"{prefix}{a.pk:0{PATH_WIDTH}d}/"
            Assignment.objects.bulk_update(rows, ["path"], batch_size=2000)
            all_rows.extend(rows)
            parents = [(a.organization, a) for a in rows]
        # totals: own figures plus everything below, deepest first
        by_id = {a.pk: a for a in all_rows}
        for a in all_rows:
            a.totals = dict(a.figures)
        for a in sorted(all_rows, key=lambda x: -x.depth):
            if a.parent_id:
                p = by_id[a.parent_id]
                p.totals = add_figures(p.totals, a.totals)
        Assignment.objects.bulk_update(all_rows, ["totals"], batch_size=2000)
    # Steady state, as autovacuum leaves a table: statistics and the visibility map up to date.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    leaves = [a.pk for a in all_rows if a.depth == len(FANOUT) - 1 and a.state == AssignmentState.NEW]
    return {"directive": directive, "leader": leader, "count": len(all_rows), "leaves": leaves}


def _median_ms(fn: Callable[[], object], runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def child(backend: str, database_url: str, runs: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="congvan-bench-dir-"))
    try:
        _setup_django(database_url, data_dir)
        from django.db import connection, transaction
        from django.db.models.functions import Substr
        from django.test import Client
        from django.utils import timezone

        from congvan.directives.models import Assignment, Report
        from congvan.directives.selectors import SEGMENT, progress_counts
        from congvan.directives.services import add_figures, report_submit
        from congvan.orgs.models import Membership

        world = build_campaign()
        directive, leader = world["directive"], world["leader"]
        client = Client()
        client.force_login(leader.user)
        today = timezone.localdate()

        def page(url: str) -> Callable[[], object]:
            def get() -> object:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response

            return get

        def bare_aggregate() -> object:
            return list(
                Assignment.objects.filter(directive_id=directive.pk)
                .annotate(head=Substr("path", 1, SEGMENT))
                .values("head")
                .annotate(**progress_counts(today))
                .order_by()
            )

        leaves = iter(world["leaves"])
        bare_leaves = iter(reversed(world["leaves"]))

        def bare_writes() -> object:
            leaf = Assignment.objects.get(pk=next(bare_leaves))
            with transaction.atomic():
                Report.objects.create(assignment=leaf, figures=FIGURES, submitted_at=timezone.now())
                rows = list(
                    Assignment.objects.select_for_update()
                    .filter(pk__in=[*leaf.ancestor_ids(), leaf.pk])
                    .only("pk", "totals")
                )
                for r in rows:
                    r.totals = add_figures(r.totals, FIGURES)
                Assignment.objects.bulk_update(rows, ["totals"])
            return rows

        # time only the service: the leaf and a member of its organisation are set up before the clock starts
        from django.contrib.auth import get_user_model

        submit_samples = []
        for k in range(runs + 2):
            leaf = Assignment.objects.select_related("organization").get(pk=next(leaves))
            user = get_user_model().objects.create(username=f"u{leaf.pk}", full_name="Văn thư")
            actor = Membership.objects.create(user=user, organization_id=leaf.organization_id, role="clerk")
            start = time.perf_counter()
            report_submit(assignment=leaf, actor=actor, figures=FIGURES)
            if k >= 2:
                submit_samples.append((time.perf_counter() - start) * 1000)

        result = {
            "backend": backend,
            "assignments": world["count"],
            "campaign page": _median_ms(page(f"/app/directives/{directive.pk}/"), runs),
            "leader dashboard": _median_ms(page("/app/directives/"), runs),
            "bare aggregate": _median_ms(bare_aggregate, runs),
            "submit report": statistics.median(submit_samples),
            "bare writes": _median_ms(bare_writes, runs),
            "vendor": connection.vendor,
        }
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _pg_database(pg_url: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    name = f"congvan_bench_dir_{os.getpid()}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    parsed = urlparse(pg_url)

    def drop() -> None:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunparse(parsed._replace(path=f"/{name}")), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.runs)))
        return 0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        cleanup: Callable[[], None] = lambda: None  # noqa: E731
        tmp = Path(tempfile.mkdtemp(prefix="congvan-bench-db-"))
        if backend == "sqlite":
            url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        else:
            url, cleanup = _pg_database(args.pg_url)
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--runs", str(args.runs), "--child", backend, url],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                print(out.stderr[-4000:], file=sys.stderr)
                return 1
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        finally:
            cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"campaign: {results[0]['assignments']:,} assignments over {len(FANOUT)} levels; "
        f"median of {args.runs} runs, milliseconds"
    )
    cols = ["campaign page", "leader dashboard", "bare aggregate", "submit report", "bare writes"]
    print(f"{'backend':<12}" + "".join(f"{c:>18}" for c in cols))
    for r in results:
        print(f"{r['backend']:<12}" + "".join(f"{r[c]:>18.1f}" for c in cols))
    print(f"targets: pages ≤ {DASHBOARD_TARGET_MS} ms, submit ≤ {SUBMIT_TARGET_MS} ms")
    ok = all(
        r["campaign page"] <= DASHBOARD_TARGET_MS
        and r["leader dashboard"] <= DASHBOARD_TARGET_MS
        and r["submit report"] <= SUBMIT_TARGET_MS
        for r in results
    )
    print("all within targets" if ok else "SOME ABOVE TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
