"""``congvan demo``: the embedded installation with the sample's chain, served on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path


def prepare(data_dir: Path) -> None:
    """Point the settings at the demo's data folder before Django starts."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["CONGVAN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("CONGVAN_SECRET_KEY", key_file.read_text().strip())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")


def setup_database(*, verbose: bool = True) -> dict[str, object] | None:
    """Migrate and, on an empty database, load the demo. Returns what was loaded, or None if it was there."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from congvan.demo.data import load_demo
    from congvan.orgs.models import Organization

    if Organization.objects.exists():
        demo_certificates(verbose=verbose)
        return None
    if verbose:
        print("Đang nạp dữ liệu trình diễn / loading demo data …", flush=True)
    loaded = load_demo()
    demo_certificates(verbose=verbose)
    return loaded


def demo_certificates(*, verbose: bool = True) -> None:
    """At the first start: a demo CA and certificates for the Sở and its leaders (docs/signatures.md)."""
    from django.conf import settings

    from congvan.demo.data import DEMO_PASSWORD
    from congvan.signatures.demo import ensure_demo_certificates

    made = ensure_demo_certificates(Path(settings.DATA_DIR), DEMO_PASSWORD)
    if made and verbose:
        folder = Path(settings.DATA_DIR) / "certs"
        print(f"Chứng thư số trình diễn / demo certificates ({folder}): {', '.join(made)}", flush=True)


def print_accounts(host: str, port: int) -> None:
    from congvan.demo.data import DEMO_PASSWORD

    url = f"http://{host}:{port}"
    print(
        f"""
Công Văn — bản trình diễn / demo
  Đăng nhập / sign in:  {url}/app/
  Cổng thông tin:       {url}/      API: {url}/api/v1/docs      Quản trị: {url}/admin/
  Mật khẩu mọi tài khoản / password of every account: {DEMO_PASSWORD}

  Tài khoản / accounts (Sở TTTT Lạng Sơn):
    vanthu.sotttt        văn thư / clerk — cấp số, phát hành
    chuyenvien.sotttt    chuyên viên / specialist (Phòng TTBCXB) — soạn thảo
    truongphong.sotttt   lãnh đạo phòng / unit head — kiểm tra nội dung
    lhyen                Phó Giám đốc Lê Hải Yến / deputy director — ký
    giamdoc.sotttt       Giám đốc / director — phân công văn bản đến
    admin                quản trị / administrator (/admin/)
  Nơi nhận / recipients:
    vanthu.baols, lanhdao.baols      Báo Lạng Sơn
    vanthu.daipt, lanhdao.daipt      Đài PT-TH tỉnh
    vanthu.vhtt.<huyện>, lanhdao.vhtt.<huyện>   e.g. vanthu.vhtt.trangdinh, vanthu.vhtt.langsontp
    vanthu.dtt.<xã>, lanhdao.dtt.<xã>           e.g. vanthu.dtt.daidong

  Thử / try: sign in as vanthu.sotttt, open the letter waiting for its number, "Cấp số và phát hành";
  then sign in as vanthu.baols and "Vào sổ văn bản đến"; back as vanthu.sotttt, see status 03.
""",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="congvan demo", description="Chạy bản trình diễn Công Văn / run the demo"
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--data",
        default=os.environ.get("CONGVAN_DATA_DIR", "congvan-demo-data"),
        help="thư mục dữ liệu / data folder (default: ./congvan-demo-data)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu / prepare the data only"
    )
    args = parser.parse_args(argv)
    prepare(Path(args.data).resolve())
    setup_database()
    print_accounts(args.host, args.port)
    if args.no_serve:
        return 0
    from django.core.management import call_command

    print("Nhấn Ctrl+C để dừng / press Ctrl+C to stop.", flush=True)
    try:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
