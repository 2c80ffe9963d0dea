"""Generate realistic synthetic documents for the search benchmark (issue 6).

    CONGVAN_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/gen_documents.py --count 1000000
    CONGVAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cv_bench .venv/bin/python bench/gen_documents.py --count 1000000

Migrates the database named by CONGVAN_DATABASE_URL (it should be empty), then writes 500 organisations (a tree
province → departments and districts), their units, a clerk and a specialist each, registers per year, and
``--count`` documents: Vietnamese subjects and bodies built from the phrases of real administrative letters,
numbers and symbols per register (Điều 15), issuers, signers, 5 % confidential, references to earlier
documents (so number/symbol queries find citing documents), and "Kính gửi"/"Nơi nhận" recipient lines.
Rows go in with ``bulk_create`` in batches. Prints rows per second. ``--no-index`` skips indexing; otherwise
the search index is then built with ``congvan.search.indexing.rebuild`` and its rate printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

ORG_KINDS = [
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Tài chính", "STC"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Y tế", "SYT"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Ủy ban nhân dân huyện", "UBND"),
    ("Phòng Văn hóa và Thông tin huyện", "PVHTT"),
]
PLACES = [
    "Lạng Sơn",
    "Cao Bằng",
    "Hà Giang",
    "Điện Biên",
    "Sơn La",
    "Lào Cai",
    "Yên Bái",
    "Thái Nguyên",
    "Bắc Kạn",
    "Quảng Ninh",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Thừa Thiên Huế",
    "Đà Nẵng",
    "Khánh Hòa",
    "Đắk Lắk",
    "Lâm Đồng",
    "Cần Thơ",
    "An Giang",
    "Cà Mau",
    "Bạc Liêu",
    "Sóc Trăng",
    "Tiền Giang",
    "Bến Tre",
]
UNITS = [
    ("VP", "Văn phòng"),
    ("TH", "Phòng Tổng hợp"),
    ("KHTC", "Phòng Kế hoạch - Tài chính"),
    ("TTBCXB", "Phòng Thông tin - Báo chí - Xuất bản"),
    ("TTCNS", "Trung tâm Công nghệ số"),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Nông",
    "Vy",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Hải", "Đức", "Quang", "Thanh", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thành",
    "Trang",
    "Tú",
    "Yến",
    "Xuân",
]
ACTIONS = [
    "Tuyên truyền",
    "Hướng dẫn thực hiện",
    "Triển khai",
    "Báo cáo kết quả",
    "Tăng cường công tác",
    "Tổ chức",
    "Đôn đốc thực hiện",
    "Góp ý dự thảo",
    "Đề nghị cung cấp thông tin về",
    "Kiểm tra, rà soát",
    "Phê duyệt",
    "Ban hành kế hoạch",
    "Tổng kết",
    "Phát động phong trào thi đua",
    "Chấn chỉnh",
]
TOPICS = [
    "kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
    "phong trào thi đua “Xóa nhà tạm, nhà dột nát”",
    "chuyển đổi số năm {year}",
    "cải cách hành chính",
    "phòng, chống dịch bệnh",
    "phòng chống thiên tai, lụt bão",
    "an toàn thông tin mạng",
    "xây dựng nông thôn mới",
    "Ngày Sách và Văn hóa đọc Việt Nam",
    "công tác thi đua, khen thưởng",
    "dự toán ngân sách năm {year}",
    "tuyển sinh năm học {year}-{next}",
    "tiêm chủng mở rộng",
    "giải phóng mặt bằng",
    "quản lý nhà nước về báo chí",
    "phổ biến, giáo dục pháp luật",
    "bầu cử đại biểu Hội đồng nhân dân",
    "Tháng hành động vì trẻ em",
    "bảo vệ môi trường",
    "phát triển du lịch cộng đồng",
    "ứng dụng công nghệ thông tin",
    "hệ thống thông tin cơ sở",
    "đài truyền thanh cấp xã",
    "Cổng Dịch vụ công quốc gia",
    "chữ ký số chuyên dùng",
]
SENTENCES = [
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về {topic}, {org} đề nghị các cơ quan, đơn vị triển khai một số nội dung sau.",
    "Tổ chức tuyên truyền sâu rộng trên các phương tiện thông tin đại chúng, hệ thống thông tin cơ sở và mạng xã hội.",
    "Các cơ quan báo chí tăng thời lượng, mở chuyên trang, chuyên mục phản ánh kết quả {topic}.",
    "Báo cáo kết quả thực hiện về {org} trước ngày {day}/{month}/{year} để tổng hợp, báo cáo cấp trên.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Văn phòng để được hướng dẫn.",
    "Phòng Văn hóa và Thông tin các huyện, thành phố chỉ đạo Trung tâm Văn hóa, Thể thao và Truyền thông phối hợp thực hiện.",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm chỉ đạo, tổ chức thực hiện nghiêm túc, hiệu quả.",
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán năm {year} và các nguồn hợp pháp khác.",
    "Giao Trung tâm Công nghệ số đăng tải văn bản trên Cổng thông tin điện tử của Sở.",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.",
    "Các đơn vị rà soát, cập nhật số liệu, đảm bảo chính xác, đầy đủ và đúng thời hạn quy định.",
    "Tăng cường kiểm tra, giám sát, kịp thời phát hiện và xử lý các vi phạm theo quy định của pháp luật.",
]
TYPES = [
    ("CV", None),
    ("CV", None),
    ("CV", None),
    ("QD", "QĐ"),
    ("KH", "KH"),
    ("TB", "TB"),
    ("BC", "BC"),
    ("TTR", "TTr"),
]
STATES_IN = ["registered", "directed", "in_progress", "done", "done"]
YEARS = list(range(2019, 2026))


def name(rnd: random.Random) -> str:
    return f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"


def subject(rnd: random.Random, year: int) -> str:
    topic = rnd.choice(TOPICS).format(year=year, next=year + 1)
    return f"{rnd.choice(ACTIONS)} {topic}"


def body(rnd: random.Random, year: int, org: str) -> str:
    topic = rnd.choice(TOPICS).format(year=year, next=year + 1)
    picked = rnd.sample(SENTENCES, rnd.randint(4, 9))
    return "\n".join(
        s.format(topic=topic, org=org, year=year, day=rnd.randint(1, 28), month=rnd.randint(1, 12))
        for s in picked
    )


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_orgs(n: int) -> list:
    from django.contrib.auth.hashers import make_password

    from congvan.documents.models import Register
    from congvan.orgs.models import Membership, Organization, Unit, User

    root = Organization.objects.create(code="000.00.00.B00", name="Ủy ban nhân dân tỉnh", abbreviation="UBND")
    orgs = Organization.objects.bulk_create(
        Organization(
            code=f"000.{i // 100:02d}.{i % 100:02d}.B01",
            name=f"{ORG_KINDS[i % len(ORG_KINDS)][0]} {PLACES[i % len(PLACES)]} {i}",
            abbreviation=ORG_KINDS[i % len(ORG_KINDS)][1],
            parent=root,
            place=PLACES[i % len(PLACES)],
        )
        for i in range(n - 1)
    )
    orgs = [root, *orgs]
    Unit.objects.bulk_create(Unit(organization=o, code=c, name=nm) for o in orgs for c, nm in UNITS)
    password = make_password("mat-khau-thu-nghiem")
    users = User.objects.bulk_create(
        User(username=f"u{o.pk}-{role}", full_name=f"Người {role} {o.pk}", password=password)
        for o in orgs
        for role in ("clerk", "specialist")
    )
    units = {(u.organization_id, u.code): u.pk for u in Unit.objects.all()}
    Membership.objects.bulk_create(
        Membership(user=u, organization_id=o.pk, role=role, unit_id=units[(o.pk, "TTBCXB")])
        for (o, role), u in zip(((o, r) for o in orgs for r in ("clerk", "specialist")), users, strict=True)
    )
    Register.objects.bulk_create(
        Register(organization=o, direction=d, year=y) for o in orgs for d in ("in", "out") for y in YEARS
    )
    return orgs


def generate(count: int, orgs_n: int, batch: int, seed: int) -> None:
    from congvan.documents.models import Document, Recipient, Reference, Register
    from congvan.orgs.models import Unit

    rnd = random.Random(seed)
    started, cpu = time.perf_counter(), time.process_time()
    orgs = make_orgs(orgs_n)
    registers = {(r.organization_id, r.direction, r.year): r.pk for r in Register.objects.all()}
    units = {}
    for u in Unit.objects.all():
        units.setdefault(u.organization_id, []).append(u.pk)
    counters: dict[tuple[int, str, int], int] = {}
    recent: list[tuple[str, str, dt.date, str]] = []  # (number, symbol, date, issuer) of issued letters
    written = 0
    while written < count:
        n = min(batch, count - written)
        docs: list[Document] = []
        cites: list[list[tuple[str, str, dt.date, str]]] = []
        for _ in range(n):
            org = orgs[rnd.randrange(len(orgs))]
            year = rnd.choice(YEARS)
            issued = dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28))
            direction = "out" if rnd.random() < 0.4 else "in"
            type_code, type_abbr = rnd.choice(TYPES)
            key = (org.pk, direction, year)
            counters[key] = counters.get(key, 0) + 1
            if direction == "out":
                unit_code = rnd.choice(UNITS)[0]
                symbol = f"{type_abbr}-{org.abbreviation}" if type_abbr else f"{org.abbreviation}-{unit_code}"
                number = counters[key]
                fields = dict(
                    state="issued",
                    number=number,
                    number_text="",
                    issuer_name="",
                    drafting_unit_id=rnd.choice(units[org.pk]),
                )
                issuer = org.name
            else:
                sender = orgs[rnd.randrange(len(orgs))]
                symbol = f"{type_abbr}-{sender.abbreviation}" if type_abbr else f"{sender.abbreviation}-VP"
                number = rnd.randint(1, 3000)
                fields = dict(
                    state=rnd.choice(STATES_IN),
                    number=None,
                    number_text=f"{number:02d}",
                    issuer_name=sender.name,
                    arrival_number=counters[key],
                    drafting_unit_id=None,
                )
                issuer = sender.name
            doc = Document(
                owner_id=org.pk,
                direction=direction,
                doc_type=type_code,
                symbol=symbol,
                issued_on=issued,
                subject=subject(rnd, year),
                body=body(rnd, year, issuer),
                signer_name=name(rnd),
                signer_title=rnd.choice(["GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
                confidentiality=1 if rnd.random() < 0.05 else 0,
                register_id=registers[key],
                place=org.place,
                **fields,
            )
            docs.append(doc)
            cites.append(
                rnd.sample(recent, min(len(recent), rnd.randint(1, 2)))
                if recent and rnd.random() < 0.2
                else []
            )
            if rnd.random() < 0.05:
                recent.append((f"{number:02d}", symbol, issued, issuer))
                if len(recent) > 2000:
                    recent.pop(0)
        created = Document.objects.bulk_create(docs, batch_size=2000)
        Reference.objects.bulk_create(
            (
                Reference(
                    document_id=d.pk,
                    number=num,
                    symbol=sym,
                    date=day,
                    issuer_name=iss,
                    kind="Công văn",
                    position=k,
                )
                for d, refs in zip(created, cites, strict=True)
                for k, (num, sym, day, iss) in enumerate(refs)
            ),
            batch_size=5000,
        )
        Recipient.objects.bulk_create(
            (
                Recipient(document_id=d.pk, kind=kind, position=k, text=text)
                for d in created
                if d.direction == "out"
                for k, (kind, text) in enumerate(
                    [
                        ("action", "Các sở, ban, ngành tỉnh"),
                        ("action", "UBND các huyện, thành phố"),
                        ("info", "Như trên"),
                        ("info", "Lưu: VT"),
                    ]
                )
            ),
            batch_size=5000,
        )
        written += n
        elapsed = time.perf_counter() - started
        print(
            f"\rdocuments {written}/{count} ({written / elapsed:.0f}/s)", end="", flush=True, file=sys.stderr
        )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(file=sys.stderr)
    print(
        f"generated {count} documents for {orgs_n} organisations in {elapsed:.1f} s wall ({count / elapsed:.0f}/s),"
        f" {cpu:.1f} s CPU ({count / cpu:.0f}/s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--no-index", action="store_true")
    parser.add_argument(
        "--index-workers", type=int, default=os.cpu_count() or 1, help="processes folding the documents"
    )
    parser.add_argument(
        "--index-only", action="store_true", help="rebuild the index of an already filled database"
    )
    args = parser.parse_args()
    setup()
    if args.index_only:
        index(args.index_workers)
        return 0
    generate(args.count, args.orgs, args.batch, args.seed)
    if not args.no_index:
        index(args.index_workers)
    return 0


def _server_cpu(dbname: str, seen: dict[int, float]) -> None:
    """Record the CPU seconds of every PostgreSQL backend serving ``dbname`` (its title names the database)."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                title = fh.read().decode(errors="replace")
            if not title.startswith("postgres: ") or f" {dbname} " not in title:
                continue
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seen[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick


def index(workers: int) -> None:
    """Rebuild the index; print the wall rate and the CPU it cost: this process, its workers and (PostgreSQL on
    this machine) the database server's backends, sampled every 0.2 s while they live."""
    import resource
    import threading

    from django.db import connection

    from congvan.search.indexing import rebuild

    dbname = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
    seen: dict[int, float] = {}
    if dbname:
        _server_cpu(dbname, seen)
    before = dict(seen)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            _server_cpu(dbname, seen)

    sampler = threading.Thread(target=sample, daemon=True)
    if dbname:
        sampler.start()
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = rebuild(progress=sys.stderr.isatty(), workers=workers)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    if dbname:
        stop.set()
        sampler.join()
        _server_cpu(dbname, seen)
    server_cpu = sum(v - before.get(pid, 0.0) for pid, v in seen.items())
    total = cpu + child_cpu + server_cpu
    print(
        f"indexed {done} documents on {connection.vendor} with {workers} worker(s) in {elapsed:.1f} s wall"
        f" ({done / elapsed:.0f}/s), load average {load:.1f} -> {os.getloadavg()[0]:.1f}; CPU: this process"
        f" {cpu:.1f} s, workers {child_cpu:.1f} s, database server {server_cpu:.1f} s, total {total:.1f} s"
        f" ({done / total:.0f} documents per CPU-second)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
