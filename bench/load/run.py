"""Load test of a province installation (issue 10): the production server and two task workers against a
PostgreSQL database of generated documents, driven by wrk on loopback with a mix of clerks, leaders,
specialists and the public. Bounded in time; prints a table; repeatable.

    # once: 1,000,000 documents with their registers, recipients and search index (tens of minutes)
    createdb -h 127.0.0.1 -U postgres congvan_load
    CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvan_load \\
        .venv/bin/python bench/gen_documents.py --count 1000000
    # each run (prepares its own fresh work items, then 60 s of load)
    CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvan_load \\
        .venv/bin/python bench/load/run.py --duration 60 --connections 32 --web-workers 5

What the run does:

1. prepare (in this process, on the database): for ``--orgs`` of the generated organisations, a head leader, a
   deputy and a unit head beside the generated clerk and specialist; API tokens and signed-in sessions for
   them; portal publications; and fresh work items, each used once during the run — incoming documents
   waiting to be registered, signed letters waiting to be issued, registered documents waiting to be
   directed.
2. start ``congvan serve`` (``--server``: granian or gunicorn, ``--web-workers`` processes) and two ``congvan worker`` processes, wait for
   ``/readyz``, warm up, then run wrk for ``--duration`` seconds with ``--connections`` connections.
3. report: wrk's throughput and latency percentiles and errors (any status >= 400 counts as an error, and wrk's
   socket errors), the latency by endpoint from the server's JSON request log (time inside Django), the load
   average before and after, and with ``--profile`` a py-spy profile of the web processes during the run.

The baseline of the same run is ``/healthz`` alone (``--baseline``): the cost of the server, routing and one
query, with no application work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CONGVAN = Path(sys.executable).with_name("congvan")
SEARCH_TERMS = [
    "chuyển đổi số",
    "ngân sách",
    "tuyên truyền",
    "Cổng Dịch vụ công",
    "chữ ký số",
    "an toàn thông tin",
    "báo cáo",
    "kế hoạch",
    "đài truyền thanh",
    "hệ thống thông tin cơ sở",
]
# Requests in every 100 of the mix: (who, what, share). Writes take a fresh work item each.
#
# "workday" (the default) follows one incoming document through an office's day: registered once, directed
# once, then opened by the clerk, the leader and the units and listed again and again in their inboxes and
# lists as it moves — about ten reads for every write, plus the searches, and the public reading the portal,
# mostly the newest publications (the portal's front page). "write-heavy" is the first version of this test:
# twice the writes, public reads spread evenly over every publication; kept to compare.
MIXES = {
    "workday": [
        ("public", "portal_index", 12),
        ("public", "portal_search", 6),
        ("public", "portal_detail", 20),
        ("public", "static", 4),
        ("specialist", "api_search", 10),
        ("specialist", "search_page", 4),
        ("specialist", "api_document", 10),
        ("clerk", "incoming_page", 9),
        ("clerk", "api_incoming", 5),
        ("clerk", "api_register_book", 3),
        ("clerk", "register", 3),
        ("clerk", "issue", 1),
        ("leader", "api_inbox", 10),
        ("leader", "direct", 3),
    ],
    "write-heavy": [
        ("public", "portal_index", 12),
        ("public", "portal_search", 6),
        ("public", "portal_detail", 20),
        ("public", "static", 4),
        ("specialist", "api_search", 10),
        ("specialist", "search_page", 4),
        ("specialist", "api_document", 8),
        ("clerk", "incoming_page", 8),
        ("clerk", "api_incoming", 4),
        ("clerk", "api_register_book", 3),
        ("clerk", "register", 6),
        ("clerk", "issue", 2),
        ("leader", "api_inbox", 7),
        ("leader", "direct", 6),
    ],
}
MIX = MIXES["workday"]
# Of the public's reads of a published document, the share that goes to the newest ones (the front page's
# 20), the rest spread over every publication; "write-heavy" spreads them all.
NEWEST_SHARE = {"workday": 0.6, "write-heavy": 0.0}
WRITES = {"register", "issue", "direct"}

WRK_LUA = r"""
-- Each wrk thread reads its own slice of the plan: one request per line, writes used once.
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  local path, n = args[1], tonumber(args[2])
  plan, reads, errors, statuses, pos = {}, {}, 0, {}, 0
  local k = 0
  for line in io.lines(path) do
    if k % n == id then
      local kind, method, p, hk, hv, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if hk ~= "" then headers[hk] = hv end
      if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
      local req = wrk.format(method, p, headers, body)
      table.insert(plan, {kind, req})
      if method == "GET" then table.insert(reads, req) end
    end
    k = k + 1
  end
end
function request()
  pos = pos + 1
  if pos <= #plan then return plan[pos][2] end
  return reads[(pos % #reads) + 1]  -- past the plan: reads only, never a write twice
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 400 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local errs, st = 0, {}
  for _, t in ipairs(threads) do
    errs = errs + t:get("errors")
    for s, c in pairs(t:get("statuses")) do st[tostring(s)] = (st[tostring(s)] or 0) + c end
  end
  local parts = {}
  for s, c in pairs(st) do table.insert(parts, string.format('"%s": %d', s, c)) end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "http_errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "statuses": {%s}, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, errs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, table.concat(parts, ", "),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# ----------------------------------------------------------------------------------------------------------
# 1. prepare


def prepare(*, orgs_n: int, items: dict[str, int], seed: int) -> dict[str, Any]:
    """People, credentials, publications and fresh work items of each writing kind (``items[kind]``)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from congvan.documents import services
    from congvan.documents.models import Document
    from congvan.documents.selectors import readable_by
    from congvan.documents.services import DraftData, RecipientLine
    from congvan.documents.tokens import token_create
    from congvan.orgs.models import Membership, Organization, Unit, User
    from congvan.portal.models import Category, Publication
    from congvan.vbhc.workflow import Role, SigningAuthority

    call_command("migrate", verbosity=0)
    from django.conf import settings

    backends = list(settings.AUTHENTICATION_BACKENDS)
    backend = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
    rnd = random.Random(seed)
    started = time.perf_counter()
    # The organisations with the fewest documents: each run adds its work items (a few thousand documents) to
    # the organisations it uses, so always taking the same ones made a rerun meet organisations grown by the
    # runs before it — twice the generated size after fifteen runs, with lists, counts and unit searches to
    # match (PostgreSQL's CPU per request rose from 1.9 to 2.6 ms, fifth session). Rotating keeps every run
    # against organisations of the generated database's size.
    orgs = list(
        Organization.objects.filter(parent__isnull=False)
        .annotate(documents_n=Count("documents"))
        .order_by("documents_n", "pk")[:orgs_n]
    )
    if len(orgs) < orgs_n:
        raise SystemExit("run bench/gen_documents.py on this database first")
    people: dict[str, list[dict[str, Any]]] = defaultdict(list)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    for org in orgs:
        unit = Unit.objects.get(organization=org, code="TTBCXB")
        office = Unit.objects.get(organization=org, code="VP")
        roles: dict[str, Membership] = {}

        def member(key: str, role: Role, org=org, **extra: Any) -> Membership:
            user, _ = User.objects.get_or_create(
                username=f"load-{org.pk}-{key}", defaults={"full_name": f"Người {key} {org.pk}"}
            )
            m, _ = Membership.objects.get_or_create(
                user=user, organization=org, defaults={"role": role.value, **extra}
            )
            return m

        roles["clerk"] = Membership.objects.get(organization=org, role="clerk")
        roles["specialist"] = Membership.objects.get(organization=org, role="specialist")
        roles["unit_head"] = member("unit-head", Role.UNIT_HEAD, unit=unit, title="TRƯỞNG PHÒNG")
        roles["head"] = member("head", Role.LEADER, title="GIÁM ĐỐC", is_head=True)
        roles["leader"] = member("deputy", Role.LEADER, title="PHÓ GIÁM ĐỐC")
        for who in ("clerk", "specialist", "leader"):
            m = roles[who]
            _, key = token_create(user=m.user, name=f"load test {stamp}")
            session = SessionStore()
            session[SESSION_KEY] = str(m.user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = m.user.get_session_auth_hash()
            session.create()
            people[who].append(
                {
                    "org": org.pk,
                    "token": key,
                    "session": session.session_key,
                    "unit": unit.pk,
                    "office": office.pk,
                }
            )
        roles_by_org = roles
        people["_roles"].append({"org": org.pk, **{k: v.pk for k, v in roles_by_org.items()}})
    t_people = time.perf_counter() - started

    # Portal: 2 % of the issued letters published, as an office would publish its directing documents.
    category, _ = Category.objects.get_or_create(
        slug="chi-dao-dieu-hanh", defaults={"name": "Chỉ đạo điều hành"}
    )
    if not Publication.objects.exists():
        ids = list(
            Document.objects.filter(direction="out", state="issued", confidentiality=0)
            .order_by("pk")
            .values_list("pk", flat=True)[::50]
        )
        now = timezone.now()
        Publication.objects.bulk_create(
            (Publication(document_id=i, category=category, published_at=now) for i in ids), batch_size=5000
        )
    published = list(
        Publication.objects.order_by("-published_at", "-pk").values_list("document_id", flat=True)[:20000]
    )

    # Work items, each used once by the run.
    memberships = {
        m.pk: m
        for m in Membership.objects.filter(organization__in=orgs).select_related(
            "user", "organization", "unit"
        )
    }
    roles_rows = people.pop("_roles")
    register_items, issue_items, direct_items = [], [], []
    t0 = time.perf_counter()
    year = timezone.localdate().year
    for r in roles_rows:
        org_id = r["org"]
        sender = next(o for o in orgs if o.pk != org_id)
        docs = Document.objects.bulk_create(
            Document(
                owner_id=org_id,
                direction="in",
                state="received",
                doc_type="CV",
                number_text=f"{rnd.randint(1, 999999)}",
                symbol=f"LT{stamp}-{org_id}-{k}",
                issued_on=dt.date(year, 1, 1),
                issuer_name=sender.name,
                subject=f"Về việc thử tải {stamp} số {k}",
                received_at=timezone.now(),
            )
            for k in range(items["register"] // len(roles_rows) + 1)
        )
        register_items += [(org_id, d.pk) for d in docs]
        direct_items += [
            (org_id, pk)
            for pk in Document.objects.filter(owner_id=org_id, direction="in", state="registered")
            .order_by("?")
            .values_list("pk", flat=True)[: items["direct"] // len(roles_rows) + 1]
        ]
    t_incoming = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_issue = max(len(roles_rows), items["issue"])
    for k in range(n_issue):
        r = roles_rows[k % len(roles_rows)]
        drafter, unit_head, deputy = (
            memberships[r["specialist"]],
            memberships[r["unit_head"]],
            memberships[r["leader"]],
        )
        with transaction.atomic():
            doc = services.document_create_draft(
                actor=drafter,
                data=DraftData(
                    subject=f"Về việc thử tải ban hành {stamp} số {k}",
                    body="Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, đề nghị các cơ quan, đơn vị triển khai.",
                    recipients=[RecipientLine("Các sở, ban, ngành tỉnh")],
                    distribution=[RecipientLine("Như trên"), RecipientLine("Lưu: VT, TTBCXB")],
                ),
            )
            services.document_submit(document=doc, actor=drafter)
            services.document_approve(document=doc, actor=unit_head)
            services.document_sign(document=doc, actor=deputy, authority=SigningAuthority.KT)
        issue_items.append((r["org"], doc.pk))
    t_signed = time.perf_counter() - t0
    print(
        f"prepared {len(roles_rows)} organisations' people in {t_people:.1f} s, {len(register_items)} to register and"
        f" {len(direct_items)} to direct in {t_incoming:.1f} s, {len(issue_items)} signed letters in {t_signed:.1f} s,"
        f" {len(published)} published",
        file=sys.stderr,
    )
    return {
        "people": dict(people),
        "published": published,
        "register": register_items,
        "issue": issue_items,
        "direct": direct_items,
        # Documents each specialist may read (the access rules of documents.selectors), for the detail reads.
        "sample_docs": [
            (pk, r["org"])
            for r in roles_rows
            for pk in readable_by(memberships[r["specialist"]])
            .filter(owner_id=r["org"])
            .order_by("?")
            .values_list("pk", flat=True)[:300]
        ],
        "static": "/static/congvan/app.css",
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }


def build_plan(data: dict[str, Any], *, length: int, seed: int, mix: str = "workday") -> list[str]:
    """``length`` requests in the mix's proportions, shuffled; tab-separated for the Lua side."""
    rnd = random.Random(seed)
    people = data["people"]
    by_org = {who: {p["org"]: p for p in people[who]} for who in people}
    docs_by_org: dict[int, list[int]] = defaultdict(list)
    for pk, owner in data["sample_docs"]:
        docs_by_org[owner].append(pk)
    writes = {k: list(data[k]) for k in WRITES}
    for v in writes.values():
        rnd.shuffle(v)
    kinds = [kind for _, kind, share in MIXES[mix] for _ in range(share)]
    newest = data["published"][:20]
    lines = []

    def line(kind: str, method: str, path: str, header: tuple[str, str] = ("", ""), body: str = "") -> str:
        return "\t".join([kind, method, path, header[0], header[1], body])

    def bearer(p: dict[str, Any]) -> tuple[str, str]:
        return ("Authorization", f"Bearer {p['token']}")

    def cookie(p: dict[str, Any]) -> tuple[str, str]:
        return ("Cookie", f"{data['session_cookie']}={p['session']}")

    for _ in range(length):
        kind = rnd.choice(kinds)
        term = urllib.parse.quote(rnd.choice(SEARCH_TERMS))
        if kind in WRITES and not writes[kind]:
            kind = "api_inbox"
        if kind == "portal_index":
            lines.append(line(kind, "GET", "/" if rnd.random() < 0.7 else f"/?page={rnd.randint(2, 5)}"))
        elif kind == "portal_search":
            lines.append(line(kind, "GET", f"/?q={term}"))
        elif kind == "portal_detail":
            pool = newest if rnd.random() < NEWEST_SHARE[mix] else data["published"]
            lines.append(line(kind, "GET", f"/van-ban/{rnd.choice(pool)}/"))
        elif kind == "static":
            lines.append(line(kind, "GET", data["static"]))
        elif kind == "api_search":
            p = rnd.choice(people["specialist"])
            lines.append(line(kind, "GET", f"/api/v1/search?q={term}", bearer(p)))
        elif kind == "search_page":
            p = rnd.choice(people["specialist"])
            lines.append(line(kind, "GET", f"/app/search/?q={term}", cookie(p)))
        elif kind == "api_document":
            p = rnd.choice(people["specialist"])
            lines.append(
                line(kind, "GET", f"/api/v1/documents/{rnd.choice(docs_by_org[p['org']])}", bearer(p))
            )
        elif kind == "incoming_page":
            p = rnd.choice(people["clerk"])
            lines.append(line(kind, "GET", "/app/incoming/", cookie(p)))
        elif kind == "api_incoming":
            p = rnd.choice(people["clerk"])
            lines.append(line(kind, "GET", "/api/v1/documents?direction=in", bearer(p)))
        elif kind == "api_register_book":
            p = rnd.choice(people["clerk"])
            lines.append(line(kind, "GET", f"/api/v1/registers/in/{rnd.randint(2019, 2025)}", bearer(p)))
        elif kind == "api_inbox":
            p = rnd.choice(people["leader"])
            lines.append(line(kind, "GET", "/api/v1/inbox", bearer(p)))
        elif kind == "register":
            org, pk = writes[kind].pop()
            lines.append(
                line(
                    kind,
                    "POST",
                    f"/api/v1/documents/{pk}/actions/register",
                    bearer(by_org["clerk"][org]),
                    "{}",
                )
            )
        elif kind == "issue":
            org, pk = writes[kind].pop()
            lines.append(
                line(
                    kind, "POST", f"/api/v1/documents/{pk}/actions/issue", bearer(by_org["clerk"][org]), "{}"
                )
            )
        elif kind == "direct":
            org, pk = writes[kind].pop()
            p = by_org["leader"][org]
            body = json.dumps({"lead_unit_id": p["unit"], "note": "Giao phòng chủ trì, tham mưu."})
            lines.append(line(kind, "POST", f"/api/v1/documents/{pk}/actions/direct", bearer(p), body))
    return lines


# ----------------------------------------------------------------------------------------------------------
# 2. run


def loadavg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} not ready after {timeout} s")


def wait_tasks_drained(timeout: float = 900) -> int:
    """Wait until the task workers have run what the preparation queued (search indexing of the prepared
    letters): measured with them, the first runs counted that backlog as the cost of the mix's requests."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        connection.close()
        if not waiting:
            return 0
        time.sleep(2)
    return waiting


def run_wrk(
    *, url: str, plan: Path, threads: int, connections: int, duration: int, lua: Path
) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(lua),
            url,
            "--",
            str(plan),
            str(threads),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"^WRK_JSON (.*)$", out, re.M)
    if not found:
        raise SystemExit(f"wrk said:\n{out}")
    return json.loads(found.group(1))


def errors_text(r: dict[str, Any]) -> str:
    """0, or how many failed and how: HTTP statuses >= 400 and wrk's socket errors by kind."""
    parts = [f"HTTP {s}×{c}" for s, c in sorted(r["statuses"].items()) if int(s) >= 400]
    parts += [f"{kind} {r[kind]}" for kind in ("connect", "read", "write", "timeout") if r.get(kind)]
    total = r["http_errors"] + r["socket_errors"]
    return f"{total} ({', '.join(parts)})" if parts else str(total)


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def endpoint_table(log: Path, since: float) -> list[tuple[str, int, float, float, float, str]]:
    """Per (method, route): count, p50, p95, max of the time inside Django, and the statuses."""
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    for raw in log.read_text(errors="replace").splitlines():
        if not raw.startswith("{") or '"congvan.request"' not in raw:
            continue
        rec = json.loads(raw)
        # "timestamp" is UTC with its offset; "time" is local to the server's TIME_ZONE, so not comparable.
        if dt.datetime.fromisoformat(rec["timestamp"]).timestamp() < since:
            continue
        key = f"{rec['method']} /{rec['route']}"
        if "<action>" in key:  # one row per workflow step: register, direct, issue
            key = key.replace("<action>", rec["path"].rstrip("/").rsplit("/", 1)[-1])
        times[key].append(rec["duration_ms"])
        statuses[key][rec["status"]] += 1
    rows = []
    for key, values in times.items():
        values.sort()
        rows.append(
            (
                key,
                len(values),
                percentile(values, 0.5),
                percentile(values, 0.95),
                values[-1],
                " ".join(f"{s}×{c}" for s, c in sorted(statuses[key].items())),
            )
        )
    rows.sort(key=lambda r: -r[3])
    return rows


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(roots: list[int], database: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the application's processes (the given ones and their children) and of the
    PostgreSQL backends serving ``database``: what a request costs, whatever the neighbours do."""
    app: dict[int, float] = {}
    web: dict[int, float] = {}
    db: dict[int, float] = {}
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        # Backends serving the database; not autovacuum, whose rounds come from earlier bulk writes.
        if cmdline.startswith("postgres: ") and f" {database} " in cmdline and "autovacuum" not in cmdline:
            db[pid] = _proc_cpu(pid)
    for pid, ppid in parents.items():
        if pid in roots or ppid in roots:
            app[pid] = _proc_cpu(pid)
            if roots[0] in (pid, ppid):  # the web server (the first root) apart from the task workers
                web[pid] = app[pid]
    return {"app": app, "web": web, "db": db}


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {
        side: sum(t - before[side].get(pid, 0.0) for pid, t in after[side].items())
        for side in ("app", "web", "db")
    }


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(CONGVAN), *args], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of measured load")
    parser.add_argument("--mix", choices=sorted(MIXES), default="workday", help="the proportions of requests")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--server", choices=["gunicorn", "granian"], default="granian", help="congvan serve --server"
    )
    parser.add_argument("--web-workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--web-threads", type=int, default=1)
    parser.add_argument("--orgs", type=int, default=20, help="organisations whose people take part")
    parser.add_argument(
        "--rate-cap", type=int, default=600, help="requests/s the plan of unique writes covers"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="py-spy the web processes during the run")
    parser.add_argument("--baseline", action="store_true", help="also measure /healthz alone")
    parser.add_argument("--out", default=os.environ.get("CONGVAN_LOAD_OUT", "/tmp/congvan-load"))
    opts = parser.parse_args()
    if not os.environ.get("CONGVAN_DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set CONGVAN_DATABASE_URL to the PostgreSQL database made by bench/gen_documents.py")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: bash scripts/install-system-deps")
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    # The sessions made here must verify in the server: same secret key on both sides.
    os.environ["CONGVAN_SECRET_KEY"] = os.environ.get("CONGVAN_SECRET_KEY") or "load-test-" + "x" * 40
    setup_django()
    from django.db import connection

    # Past the plan's end wrk sends reads only (a write is never repeated): the plan covers --rate-cap per second.
    total = opts.duration * opts.rate_cap
    shares = {kind: share for _, kind, share in MIXES[opts.mix]}
    items = {kind: int(total * shares[kind] / sum(shares.values()) * 1.2) + 20 for kind in WRITES}
    data = prepare(orgs_n=opts.orgs, items=items, seed=opts.seed)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM documents_document")
        documents = cur.fetchone()[0]
        # The server's settings that change the measurement, printed with the results (docs/deploy.md).
        settings_shown = (
            "shared_buffers",
            "effective_cache_size",
            "random_page_cost",
            "jit",
            "synchronous_commit",
        )
        cur.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s) ORDER BY name",
            [list(settings_shown)],
        )
        pg_settings = ", ".join(f"{n}={v}" for n, v in cur.fetchall())
        # Fresh statistics and visibility map for the rows just prepared, as autovacuum keeps them on a settled
        # production database (the server here runs without autovacuum), so that the plans and index-only
        # scans are the ones production gets and no automatic VACUUM or ANALYZE runs mid-measurement.
        cur.execute("VACUUM (ANALYZE)")
    connection.close()
    lines = build_plan(data, length=total, seed=opts.seed, mix=opts.mix)
    warm_lines = [
        ln
        for ln in build_plan(
            {**data, **{k: [] for k in WRITES}}, length=20000, seed=opts.seed + 1, mix=opts.mix
        )
    ]
    plan, warm_plan, lua = out / "plan.tsv", out / "warmup.tsv", out / "mix.lua"
    plan.write_text("\n".join(lines) + "\n")
    warm_plan.write_text("\n".join(warm_lines) + "\n")
    lua.write_text(WRK_LUA)

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="congvan.config.settings",
        CONGVAN_LOG_FORMAT="json",
        CONGVAN_REQUEST_LOG="1",
        CONGVAN_DATA_DIR=env.get("CONGVAN_DATA_DIR") or str(out / "data"),
        CONGVAN_ALLOWED_HOSTS="127.0.0.1,localhost",
        # As in production: anonymous portal pages cached, in one Redis cache shared by every process.
        CONGVAN_PORTAL_CACHE_SECONDS=env.get("CONGVAN_PORTAL_CACHE_SECONDS", "60"),
        CONGVAN_CACHE_URL=env.get("CONGVAN_CACHE_URL", "redis://127.0.0.1:6379/15"),
        # Connections (and so the PostgreSQL backends) that outlive the measurement: the CPU of a backend that
        # ends during it is lost to the count read from /proc, and with the default 60 s they did, so the
        # database's share came out too low by up to a half.
        CONGVAN_DB_CONN_MAX_AGE=env.get("CONGVAN_DB_CONN_MAX_AGE", "900"),
    )
    if env["CONGVAN_CACHE_URL"].startswith("redis"):
        import redis

        redis.Redis.from_url(env["CONGVAN_CACHE_URL"]).flushdb()  # every run starts from a cold cache
    server_log, workers_log = out / "server.log", out / "workers.log"
    server_log.write_text("")
    workers_log.write_text("")
    base = f"http://127.0.0.1:{opts.port}"
    procs = [
        start(
            [
                "serve",
                "--server",
                opts.server,
                "--bind",
                f"127.0.0.1:{opts.port}",
                "--workers",
                str(opts.web_workers),
                "--threads",
                str(opts.web_threads),
                "--pid",
                str(out / "web.pid"),
            ],
            env,
            server_log,
        ),
        start(["worker", "--worker-id", "load-worker-1"], env, workers_log),
        start(["worker", "--worker-id", "load-worker-2"], env, workers_log),
    ]
    results: list[tuple[str, dict[str, Any], str, str]] = []
    profile_proc = None
    try:
        wait_ready(f"{base}/readyz")
        left = wait_tasks_drained()
        print(f"queued tasks left before the run: {left}", file=sys.stderr)
        if opts.warmup:
            run_wrk(
                url=base,
                plan=warm_plan,
                threads=opts.threads,
                connections=opts.connections,
                duration=opts.warmup,
                lua=lua,
            )
        if opts.baseline:
            healthz = out / "healthz.tsv"
            healthz.write_text("healthz\tGET\t/healthz\t\t\t\n" * 1000)  # every wrk thread gets lines
            before = loadavg()
            results.append(
                (
                    "baseline /healthz",
                    run_wrk(
                        url=base,
                        plan=healthz,
                        threads=opts.threads,
                        connections=opts.connections,
                        duration=min(20, opts.duration),
                        lua=lua,
                    ),
                    before,
                    loadavg(),
                )
            )
        if opts.profile:
            master = (out / "web.pid").read_text().strip()
            profile_proc = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    master,
                    "--subprocesses",
                    "--format",
                    "raw",
                    "--rate",
                    "50",
                    "--duration",
                    str(opts.duration),
                    "--nonblocking",
                    "--output",
                    str(out / "profile.txt"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        since = time.time()
        before = loadavg()
        dbname = connection.settings_dict["NAME"]
        cpu_before = cpu_snapshot([p.pid for p in procs], dbname)
        results.append(
            (
                "mix",
                run_wrk(
                    url=base,
                    plan=plan,
                    threads=opts.threads,
                    connections=opts.connections,
                    duration=opts.duration,
                    lua=lua,
                ),
                before,
                loadavg(),
            )
        )
        cpu = cpu_used(cpu_before, cpu_snapshot([p.pid for p in procs], dbname))
        if profile_proc is not None:
            profile_proc.wait(timeout=opts.duration + 60)
    finally:
        for p in procs:
            stop(p)
    time.sleep(0.5)

    print(
        f"\nmix {opts.mix!r}; {documents:,} documents on PostgreSQL; server: {opts.server}, {opts.web_workers} processes × "
        f"{opts.web_threads} threads, 2 task workers; wrk {opts.threads} threads, {opts.connections} connections; "
        f"{os.cpu_count()} CPUs\nPostgreSQL: {pg_settings}\n"
    )
    print(
        "| run | requests/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms | errors | load avg before → after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, r, before, after in results:
        rps = r["requests"] / (r["duration_us"] / 1e6)
        print(
            f"| {name} | {rps:.0f} | {r['p50_us'] / 1000:.0f} | {r['p90_us'] / 1000:.0f} | {r['p95_us'] / 1000:.0f} |"
            f" {r['p99_us'] / 1000:.0f} | {r['max_us'] / 1000:.0f} | {errors_text(r)} |"
            f" {before} → {after} |"
        )
    mix = results[-1][1]
    per_request = (cpu["app"] + cpu["db"]) / max(mix["requests"], 1)
    print(
        f"\nCPU per request of the mix: {per_request * 1000:.1f} ms ({cpu['app'] * 1000 / max(mix['requests'], 1):.1f} ms"
        f" server and task workers — of which the web server {cpu['web'] * 1000 / max(mix['requests'], 1):.1f} ms —,"
        f" {cpu['db'] * 1000 / max(mix['requests'], 1):.1f} ms PostgreSQL); on"
        f" {os.cpu_count()} otherwise idle CPUs that is at most {(os.cpu_count() or 1) / max(per_request, 1e-9):.0f}"
        " requests/s."
    )
    print("\nTime inside Django by endpoint during the measured run (from the JSON request log):\n")
    print("| endpoint | requests | p50 ms | p95 ms | max ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    for key, n, p50, p95, mx, st in endpoint_table(server_log, since):
        print(f"| {key} | {n} | {p50:.0f} | {p95:.0f} | {mx:.0f} | {st} |")
    if opts.profile and (out / "profile.txt").exists():
        kinds, functions = profile_summary(out / "profile.txt")
        print(
            "\nWhere the web processes spend the time of requests (py-spy samples, by innermost known frame):\n"
        )
        for share, kind in kinds:
            print(f"  {share:5.1f} %  {kind}")
        print("\nCông Văn functions, share of request samples spent inside each (inclusive):\n")
        for share, frame in functions:
            print(f"  {share:5.1f} %  {frame}")
    print(f"\nlogs and plan in {out}")
    return 0


CATEGORIES = [  # (what the file path contains, what it stands for), the first match from the leaf upwards
    ("psycopg", "PostgreSQL: waiting for and reading answers (psycopg)"),
    ("django/template", "templates (Django)"),
    ("django/db", "ORM: building SQL, making model objects (Django)"),
    ("ninja/", "API layer (django-ninja, pydantic)"),
    ("pydantic", "API layer (django-ninja, pydantic)"),
    ("django/utils/translation", "translation lookups (Django)"),
    ("logging", "logging"),
    ("json", "JSON"),
    ("congvan/", "Công Văn code itself"),
    ("django/", "rest of Django (middleware, urls, sessions, auth)"),
    ("axes/", "sign-in lockout, two-factor, CSP middleware"),
    ("django_otp/", "sign-in lockout, two-factor, CSP middleware"),
    ("csp/", "sign-in lockout, two-factor, CSP middleware"),
]
SKIP = (
    "congvan/cli.py",
    "congvan/commands/serve.py",
    "congvan/ops/middleware.py",
    "congvan/web/twofactor.py",
    "congvan:",
)


def profile_summary(raw: Path, top: int = 15) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """From py-spy's collapsed stacks of the web processes, the samples spent handling requests: (1) by what
    the innermost known frame belongs to, (2) inclusive share of Công Văn's own functions (views, selectors,
    services)."""
    by_kind: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit() or "WSGIHandler.__call__" not in stack:
            continue
        count = int(n)
        total += count
        frames = stack.split(";")
        kind = "other (Python, C extensions)"
        for frame in reversed(frames):
            found = next((label for needle, label in CATEGORIES if needle in frame), None)
            if found:
                kind = found
                break
        by_kind[kind] += count
        for frame in set(frames):
            if "congvan/" in frame and not any(x in frame for x in SKIP):
                by_function[re.sub(r":\d+\)$", ")", frame)] += count
    share = 100 / max(total, 1)
    return (
        [(c * share, k) for k, c in by_kind.most_common()],
        [(c * share, f) for f, c in by_function.most_common(top)],
    )


if __name__ == "__main__":
    sys.exit(main())
