"""Benchmark: edXML exchange (issue 7).

1. Export + import of the sample letter with a 5 MB attachment (target ≤ 200 ms median): ``edoc_of`` +
   ``write_edoc`` on the sender, ``read_message`` + ``import_edoc`` (store the files, ``receive``) on the
   receiver, in one process on a SQLite file.
2. Sustained exchange between two local installations (target ≥ 100 messages/s): N letters issued at the
   Sở's installation with its worker stopped, then the worker started and timed until the receiver has every
   letter and every status 01 is back. Each letter is two messages (the edoc and its 01).
3. ``--faults N``: the fault run of ``tests/exchange/test_exchange_faults.py`` with N letters.

    .venv/bin/python bench/bench_exchange.py [--runs 15] [--messages 1000] [--compare] [--faults 1000]

``--compare`` measures the baseline in the same run: the same exchange with one message per request
(``CONGVAN_EXCHANGE_BATCH=1``, windows of 8 requests in parallel, as before batches), then with batches.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "exchange"), str(ROOT / "src")]

FIVE_MB = 5 * 1024 * 1024


def export_import(runs: int) -> None:
    """Runs in a child process with its own database (Django is set up there)."""
    tmp = Path(tempfile.mkdtemp(prefix="congvan-bench-exchange-"))
    env = dict(os.environ)
    env.update(
        CONGVAN_DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CONGVAN_DATA_DIR=str(tmp / "data"),
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        CONGVAN_EXCHANGE_ENQUEUE="0",
    )
    subprocess.run([sys.executable, __file__, "--child-export-import", str(runs)], env=env, check=True)


def _child_export_import(runs: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from exchange_helpers import issued_letter

    from congvan.exchange.edxml_mapping import edoc_of
    from congvan.exchange.transport import import_edoc
    from congvan.vbhc.edxml import EdocMessage, read_message, write_edoc
    from factories import Agency, make_org

    so = Agency("Sở Thông tin và Truyền thông", "STTTT")
    bao = Agency("Báo Lạng Sơn", "BLS")
    body = os.urandom(FIVE_MB)  # a scanned PDF does not compress either
    doc = issued_letter(
        so,
        bao.org,
        files=(
            ("219-TTCS-TTTQ.pdf", b"%PDF-1.4 " + body, "application/pdf"),
            ("Kế hoạch.docx", b"PK\x03\x04 ke hoach", ""),
        ),
    )
    exports, imports, totals = [], [], []
    for i in range(runs):
        target = make_org(f"Cơ quan nhận {i}")
        t0 = time.perf_counter()
        data = write_edoc(edoc_of(doc))
        t1 = time.perf_counter()
        message = read_message(data)
        assert isinstance(message, EdocMessage)
        result = import_edoc(message, organization=target)
        t2 = time.perf_counter()
        assert len(result.copies) == 1 and result.copies[0].attachments.count() == 2
        exports.append((t1 - t0) * 1000)
        imports.append((t2 - t1) * 1000)
        totals.append((t2 - t0) * 1000)
    print(f"message size: {len(data) / 1048576:.1f} MB (attachment 5.0 MB, base64)")
    print(
        f"load {load()}; export + import, {runs} runs: median {statistics.median(totals):.0f} ms "
        f"(export {statistics.median(exports):.0f} ms, import {statistics.median(imports):.0f} ms); "
        f"min {min(totals):.0f} ms, max {max(totals):.0f} ms"
    )


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def sustained(messages: int, processes: int, batch: int | None = None) -> tuple[float, float, str]:
    """Letters per second arrived, messages per second both ways, and the load average (1/5/15 min) at the end.
    ``batch`` sets CONGVAN_EXCHANGE_BATCH (1: one message per request, as before batches)."""
    from installations import Installation, init_all, wait_for
    from node import BAO, DAI, SO

    root = Path(tempfile.mkdtemp(prefix="congvan-bench-pair-"))
    env = {} if batch is None else {"CONGVAN_EXCHANGE_BATCH": str(batch)}
    so = Installation("so", root / "so", extra_env=env)
    press = Installation("press", root / "press", extra_env=env)
    init_all(so, press)
    so.add_peer(press, BAO, DAI)
    press.add_peer(so, SO)
    try:
        for node in (so, press):
            node.start_server(processes=processes)
        press.start_worker()
        t0 = time.perf_counter()
        so.node("issue-many", str(messages), timeout=3600)
        print(f"issued {messages} letters (outbox written) in {time.perf_counter() - t0:.1f} s")
        started = time.perf_counter()
        so.start_worker()
        arrived_at = None

        def done() -> bool:
            nonlocal arrived_at
            if (
                arrived_at is None
                and press.count("SELECT count(*) FROM documents_document WHERE direction = 'in'") >= messages
            ):
                arrived_at = time.perf_counter()
            return (
                arrived_at is not None
                and so.count("SELECT count(*) FROM exchange_delivery WHERE status = '01'") >= messages
            )

        assert wait_for(done, timeout=3600, interval=0.05)
        finished = time.perf_counter()
        assert arrived_at is not None
        edocs = messages / (arrived_at - started)
        total = 2 * messages / (finished - started)
        print(
            f"sustained ({processes} web process(es) per installation, batch {batch or 'default'}): {messages} "
            f"letters arrived in {arrived_at - started:.1f} s ({edocs:.0f} edocs/s); "
            f"with every 01 back {finished - started:.1f} s ({total:.0f} messages/s both ways); load {load()}"
        )
        return edocs, total, load()
    finally:
        so.stop()
        press.stop()


def faults(messages: int) -> None:
    from test_exchange_faults import run_faulty_exchange

    root = Path(tempfile.mkdtemp(prefix="congvan-bench-faults-"))
    started = time.perf_counter()
    result = run_faulty_exchange(root, messages, log=print, max_kills=max(5, messages // 100))
    copies = result["press"]["copies"]
    once = sorted(copies) == sorted(result["ids"]) and set(copies.values()) == {1}
    print(
        f"faults: {messages} letters, {result['kills']} receiver kills, dropped {result['dropped']}; "
        f"arrived exactly once: {once}; deliveries {result['so']['deliveries']}; "
        f"outboxes empty: {result['so']['outbox_waiting'] == result['press']['outbox_waiting'] == 0}; "
        f"{time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--faults", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1, help="web processes per installation")
    parser.add_argument("--skip-export-import", action="store_true")
    parser.add_argument("--skip-sustained", action="store_true")
    parser.add_argument(
        "--compare", action="store_true", help="also run the baseline: one message per request (batch 1)"
    )
    parser.add_argument("--child-export-import", type=int, default=0)
    args = parser.parse_args()
    if args.child_export_import:
        _child_export_import(args.child_export_import)
        return
    if not args.skip_export_import:
        export_import(args.runs)
    if not args.skip_sustained:
        rows = []
        if args.compare:
            rows.append(("one message per request (baseline)", *sustained(args.messages, args.processes, 1)))
        rows.append(("batches (default)", *sustained(args.messages, args.processes)))
        print()
        print(
            f"| {args.messages} letters, SQLite, 127.0.0.1 | letters/s arrived | messages/s both ways | load 1/5/15 |"
        )
        print("|---|---:|---:|---|")
        for name, edocs, total, at in rows:
            print(f"| {name} | {edocs:.0f} | {total:.0f} | {at} |")
    if args.faults:
        faults(args.faults)


if __name__ == "__main__":
    main()
