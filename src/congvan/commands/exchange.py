"""``congvan exchange``: this installation's exchange key, its peers, and the outbox worker.

congvan exchange key                       print this installation's public key (give it to peers)
congvan exchange peer NAME URL KEY ORGAN_ID...
                                           add or update a peer (an installation serving these organ ids)
congvan exchange worker [--interval S] [--once]
                                           deliver the outbox in a loop (or one pass)
congvan exchange outbox                    how many messages wait, and the last errors
"""

from __future__ import annotations

import argparse
import os


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="congvan exchange", description="Liên thông edXML / edXML exchange")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("key", help="khóa công khai / public key")
    peer = sub.add_parser("peer", help="thêm, sửa hệ thống liên thông / add or update a peer")
    peer.add_argument("name")
    peer.add_argument("url")
    peer.add_argument("key")
    peer.add_argument("organ_ids", nargs="+")
    worker = sub.add_parser("worker", help="gửi thông điệp chờ / deliver the outbox")
    worker.add_argument("--interval", type=float, default=0.5)
    worker.add_argument("--once", action="store_true")
    sub.add_parser("outbox", help="thông điệp chờ gửi / pending messages")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    _setup()
    from congvan.exchange import keys
    from congvan.exchange.models import OutboxMessage, Peer
    from congvan.exchange.outbox import deliver_due, run_loop

    if args.command == "key":
        print(keys.public_key_text())
    elif args.command == "peer":
        peer, created = Peer.objects.update_or_create(
            name=args.name,
            defaults={"url": args.url, "public_key": args.key, "organ_ids": "\n".join(args.organ_ids)},
        )
        print(f"{'thêm' if created else 'cập nhật'} / {'added' if created else 'updated'}: {peer.name}")
    elif args.command == "worker":
        if args.once:
            print(deliver_due())
        else:
            run_loop(interval=args.interval)
    elif args.command == "outbox":
        waiting = OutboxMessage.objects.filter(delivered_at__isnull=True)
        print(f"chờ gửi / waiting: {waiting.count()}")
        for row in waiting.exclude(last_error="").order_by("-id")[:10]:
            print(f"  #{row.pk} {row.summary} (lần {row.attempts}): {row.last_error[:200]}")
    return 0
