"""The cost of each kind of request of the load mix, one at a time in this process (issue 10).

    CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvan_load \\
        .venv/bin/python bench/load/endpoints.py --per-kind 200

Prepares people and work items as ``bench/load/run.py`` does, then sends ``--per-kind`` requests of each kind of
the mix through Django's full request handler (every middleware, the same settings as the server: the shared
Redis cache, the portal cache) with no network and no concurrency, and prints per kind: the CPU this process
spent (the application's own cost), the wall time (CPU plus waiting for PostgreSQL), SQL statements per
request, and the mix's weighted average — what one request of the mix costs the web server. A baseline of the
same run: ``/healthz``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as load  # noqa: E402  (bench/load/run.py: the mix, the preparation and the plan)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--orgs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--mix", choices=sorted(load.MIXES), default="workday")
    parser.add_argument("--only", nargs="*", help="only these kinds of request")
    parser.add_argument("--profile", metavar="KIND", help="cProfile the requests of this kind, print the top")
    opts = parser.parse_args()
    if not os.environ.get("CONGVAN_DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set CONGVAN_DATABASE_URL to the PostgreSQL database made by bench/gen_documents.py")
    os.environ.setdefault("CONGVAN_SECRET_KEY", "load-test-" + "x" * 40)
    os.environ.setdefault("CONGVAN_PORTAL_CACHE_SECONDS", "60")
    os.environ.setdefault("CONGVAN_CACHE_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("CONGVAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    load.setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import get_resolver

    cache.clear()
    n = opts.per_kind
    shares = {kind: share for _, kind, share in load.MIXES[opts.mix]}
    data = load.prepare(orgs_n=opts.orgs, items={k: n + 20 for k in load.WRITES}, seed=opts.seed)
    lines = load.build_plan(data, length=n * 100, seed=opts.seed, mix=opts.mix)
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    for ln in lines:
        parts = ln.split("\t")
        if len(by_kind[parts[0]]) < n:
            by_kind[parts[0]].append(parts)
    by_kind["healthz"] = [["healthz", "GET", "/healthz", "", "", ""]] * n
    client = Client(raise_request_exception=True)
    # Load every module behind the URLs and the translation catalogues before measuring, as a warm server has.
    get_resolver().url_patterns  # noqa: B018
    client.get("/healthz")
    client.get("/", headers={"Accept-Language": "vi"})
    profiler = cProfile.Profile()
    rows = []
    for kind, reqs in by_kind.items():
        if opts.only and kind not in opts.only:
            continue
        cpu = wall = 0.0
        queries = 0
        statuses: dict[int, int] = defaultdict(int)
        for _kind, method, path, hk, hv, body in reqs:
            headers = {}
            if hk == "Cookie":
                name, _, value = hv.partition("=")
                client.cookies[name] = value
            elif hk:
                headers[hk] = hv
            count = [0]

            def counter(execute, sql, params, many, context, count=count):  # type: ignore[no-untyped-def]
                count[0] += 1
                return execute(sql, params, many, context)

            if kind == opts.profile:
                profiler.enable()
            c0, w0 = time.process_time(), time.perf_counter()
            with connection.execute_wrapper(counter):
                if method == "GET":
                    r = client.get(path, headers=headers)
                else:
                    r = client.post(path, data=body, content_type="application/json", headers=headers)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            profiler.disable()
            queries += count[0]
            statuses[r.status_code] += 1
            client.cookies.clear()
        k = len(reqs)
        rows.append((kind, k, cpu / k * 1000, wall / k * 1000, queries / k, dict(statuses)))
    rows.sort(key=lambda r: -r[3])
    print("\n| kind | share of the mix | requests | CPU ms | wall ms | SQL per request | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind, k, c, w, q, st in rows:
        print(f"| {kind} | {shares.get(kind, 0)} | {k} | {c:.1f} | {w:.1f} | {q:.1f} | {st} |")
    total = sum(shares.values())
    cpu_mix = sum(c * shares.get(kind, 0) for kind, _, c, _, _, _ in rows) / total
    wall_mix = sum(w * shares.get(kind, 0) for kind, _, _, w, _, _ in rows) / total
    print(f"\nweighted by the mix: {cpu_mix:.1f} ms CPU, {wall_mix:.1f} ms wall per request")
    if opts.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
