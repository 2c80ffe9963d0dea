"""Staff search latency (issue 6): a mix of word, phrase, number/symbol and filtered queries, each timed through
the application (``congvan.search.selectors.search``: permission sub-select, ranking, the page's documents and
snippets) and as the bare database statement (the same SQL on a raw DB-API connection, no Django) in the same run.

    CONGVAN_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_search.py --queries 400
    CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cv_bench .venv/bin/python bench/bench_search.py

The database is one filled by ``bench/gen_documents.py``. Each query is run by a clerk (reads all of the
organisation's documents) or a specialist (confidential ones only when in their workflow), alternately, of a
random organisation. Prints p50/p95/max per kind, for the application and for the bare statement.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from typing import Any

KINDS = ["word", "phrase", "number", "filtered"]
WORDS = [
    "tuyên truyền",
    "chuyển đổi số",
    "lụt bão",
    "ngân sách",
    "an toàn thông tin",
    "nông thôn mới",
    "tiêm chủng",
]
PHRASES = ['"xóa nhà tạm"', '"điện biên phủ"', '"cải cách hành chính"', '"văn hóa đọc"', '"chữ ký số"']


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--queries", type=int, default=400, help="queries in all (spread over the four kinds)"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.db import connection

    from congvan.documents.models import Document
    from congvan.documents.selectors import readable_by
    from congvan.orgs.models import Membership
    from congvan.search.selectors import SearchParams, ranked_sql, search

    rnd = random.Random(args.seed)
    members = list(Membership.objects.select_related("organization", "user", "unit"))
    total_docs = Document.objects.count()
    vendor = connection.vendor
    settings = connection.settings_dict
    if vendor == "sqlite":
        import sqlite3

        raw = sqlite3.connect(settings["NAME"])

        def bare(sql: str, params: list[Any]) -> None:
            raw.execute(sql.replace("%s", "?"), params).fetchall()
    else:
        import psycopg

        raw = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
        )

        def bare(sql: str, params: list[Any]) -> None:
            with raw.cursor() as cur:
                cur.execute(sql, params)
                cur.fetchall()

    def make_query(kind: str, member: Membership) -> SearchParams:
        if kind == "word":
            return SearchParams(q=rnd.choice(WORDS))
        if kind == "phrase":
            return SearchParams(q=rnd.choice(PHRASES))
        if kind == "number":
            at = rnd.randrange(50)
            doc = (
                Document.objects.filter(owner_id=member.organization_id)
                .exclude(symbol="")
                .order_by("id")[at : at + 1]
                .first()
            )
            if doc is None:
                return SearchParams(q="219/TTCS-TTTQ")
            return SearchParams(q=f"{doc.number_display}/{doc.symbol}")
        return SearchParams(
            q=rnd.choice(WORDS), year=rnd.randint(2019, 2025), doc_type=rnd.choice(["CV", "QD", "KH"])
        )

    plan = []
    for k in range(args.queries):
        member = rnd.choice(members)
        kind = KINDS[k % len(KINDS)]
        plan.append((kind, member, make_query(kind, member)))
    # one untimed pass over a few queries: the first statements open files and fill caches
    for _kind, member, params in plan[:10]:
        search(base=readable_by(member), params=params, owner_id=member.organization_id)

    load_before = os.getloadavg()[0]
    app: dict[str, list[float]] = defaultdict(list)
    # CPU time of this process per application query: on SQLite that includes the database's own work (it runs
    # in this process), so it does not grow with the neighbours' load the way wall time does.
    cpu: dict[str, list[float]] = defaultdict(list)
    db: dict[str, list[float]] = defaultdict(list)
    hits: dict[str, list[int]] = defaultdict(list)
    for n, (kind, member, params) in enumerate(plan):
        statement = ranked_sql(
            readable_by(member), params, owner_id=member.organization_id, limit=20, offset=0
        )
        assert statement is not None

        def run_app(kind: str = kind, member: Membership = member, params: SearchParams = params) -> None:
            t0, c0 = time.perf_counter(), time.process_time()
            page = search(base=readable_by(member), params=params, owner_id=member.organization_id)
            app[kind].append((time.perf_counter() - t0) * 1000)
            cpu[kind].append((time.process_time() - c0) * 1000)
            hits[kind].append(page.total)

        def run_bare(kind: str = kind, statement: tuple[str, list[Any]] = statement) -> None:
            t0 = time.perf_counter()
            bare(*statement)
            db[kind].append((time.perf_counter() - t0) * 1000)

        # Whichever runs first reads the pages from disk and warms the cache for the other: alternate.
        for step in (run_app, run_bare) if n % 2 == 0 else (run_bare, run_app):
            step()

    rows = []
    for kind in [*KINDS, "all"]:
        a = [v for k in KINDS for v in app[k]] if kind == "all" else app[kind]
        d = [v for k in KINDS for v in db[k]] if kind == "all" else db[kind]
        h = [v for k in KINDS for v in hits[k]] if kind == "all" else hits[kind]
        c = [v for k in KINDS for v in cpu[k]] if kind == "all" else cpu[kind]
        rows.append(
            {
                "kind": kind,
                "n": len(a),
                "app_p50": pct(a, 50),
                "app_p95": pct(a, 95),
                "app_max": max(a),
                "cpu_p50": pct(c, 50),
                "cpu_p95": pct(c, 95),
                "db_p50": pct(d, 50),
                "db_p95": pct(d, 95),
                "db_max": max(d),
                "hits_median": statistics.median(h),
            }
        )
    print(
        f"{vendor}: {total_docs} documents, {len(members)} people, {args.queries} queries,"
        f" load average {load_before:.1f} -> {os.getloadavg()[0]:.1f} (the machine's cores: {os.cpu_count()})"
    )
    print(
        f"{'kind':<9} {'n':>4}  {'app p50':>8} {'app p95':>8} {'app max':>8}  {'cpu p50':>7} {'cpu p95':>7}  {'db p50':>7} {'db p95':>7} {'db max':>7}  hits(med)"
    )
    for r in rows:
        print(
            f"{r['kind']:<9} {r['n']:>4}  {r['app_p50']:>8.1f} {r['app_p95']:>8.1f} {r['app_max']:>8.1f}  "
            f"{r['cpu_p50']:>7.1f} {r['cpu_p95']:>7.1f}  "
            f"{r['db_p50']:>7.1f} {r['db_p95']:>7.1f} {r['db_max']:>7.1f}  {r['hits_median']:>8}"
        )
    if args.json:
        print(json.dumps({"vendor": vendor, "documents": total_docs, "load": load_before, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
