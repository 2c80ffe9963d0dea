"""The ``congvan`` command. Each sub-command lives in ``congvan.commands.<name>`` and exposes ``main(argv)``;
anything else is handed to Django's management commands, so ``congvan migrate`` works as ``manage.py migrate``."""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("congvan.commands.demo", "chạy bản trình diễn (SQLite, dữ liệu mẫu) / run the demo"),
    "parse": ("congvan.commands.parse", "đọc văn bản thành các trường / read documents into fields"),
    "edxml": ("congvan.commands.edxml", "đọc, ghi thông điệp edXML / read and write edXML messages"),
    "check": ("congvan.commands.check", "kiểm tra thể thức văn bản / check a document's format"),
    "render": ("congvan.commands.render", "trình bày văn bản ra PDF, DOCX / render to PDF or DOCX"),
    "import": ("congvan.commands.importer", "vào sổ cả thư mục văn bản / register a folder of documents"),
    "exchange": (
        "congvan.commands.exchange",
        "liên thông: khóa, hệ thống, gửi / exchange: key, peers, outbox",
    ),
    "worker": ("congvan.commands.worker", "chạy tiến trình xử lý nền / run the background task worker"),
    "serve": ("congvan.commands.serve", "chạy máy chủ web (gunicorn, nhiều tiến trình) / run the web server"),
    "verify": (
        "congvan.commands.verify",
        "kiểm tra chữ ký số của tệp PDF; không có tệp: kiểm tra kho / verify PDF signatures, or the installation",
    ),
    "backup": ("congvan.commands.backup", "sao lưu CSDL và kho tệp / back up the database and files"),
    "restore": ("congvan.commands.restore", "phục hồi từ bản sao lưu / restore from a backup"),
    "reindex": (
        "congvan.commands.reindex",
        "xây dựng lại, kiểm tra chỉ mục tìm kiếm / rebuild or check the search index",
    ),
}


def _usage() -> str:
    lines = ["usage: congvan <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += [
        "  manage     Django management commands: congvan manage check, congvan manage migrate …",
        "  <other>    any other Django command directly (migrate, createsuperuser, ...)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0
    name = args[0]
    if name == "manage":  # Django's own commands, also those whose names ours shadow (``manage check``)
        args = args[1:]
    elif name in COMMANDS:
        try:
            module = importlib.import_module(COMMANDS[name][0])
        except ModuleNotFoundError as exc:
            if exc.name == COMMANDS[name][0]:
                print(f"congvan: '{name}' is not available in this build", file=sys.stderr)
                return 2
            raise
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["congvan", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
