"""``congvan serve``: the production web server — the WSGI application in several processes, under gunicorn
(the default) or granian.

    congvan serve                                 # gunicorn, 127.0.0.1:8000, 2 × cores + 1 processes
    congvan serve --bind 0.0.0.0:8000 --workers 5 --threads 4
    congvan serve --server granian                # granian: keeps connections open between requests

Defaults come from CONGVAN_WEB_SERVER, CONGVAN_BIND, CONGVAN_WEB_WORKERS, CONGVAN_WEB_THREADS,
CONGVAN_WEB_TIMEOUT. Static files are collected first (WhiteNoise serves them from the app) unless
``--no-collectstatic``. ``kill -HUP <master pid>`` starts new processes on the new code and lets the old ones
finish their requests (docs/deploy.md, upgrade); SIGTERM stops gracefully, finishing the requests in flight.

gunicorn's processes answer one request per connection and can take their listening socket from systemd
(``congvan-web.socket``); granian's keep a client's connection open for its next request and read HTTP in
Rust, which costs the machine less per request (docs/benchmarks.md, issue 10: about 0.6 ms of CPU per request
on the 2-core load test), but it binds its socket itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, cast

SERVERS = ("gunicorn", "granian")
APPLICATION = "congvan.config.wsgi:application"


def _options(argv: list[str]) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="congvan serve", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default=os.environ.get("CONGVAN_WEB_SERVER", "gunicorn"),
        help="gunicorn (systemd socket activation) or granian (keep-alive, less CPU per request)",
    )
    parser.add_argument("--bind", default=os.environ.get("CONGVAN_BIND", "127.0.0.1:8000"))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("CONGVAN_WEB_WORKERS", str(2 * cores + 1)))
    )
    parser.add_argument("--threads", type=int, default=int(os.environ.get("CONGVAN_WEB_THREADS", "1")))
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("CONGVAN_WEB_TIMEOUT", "60")))
    parser.add_argument(
        "--max-requests",
        type=int,
        default=int(os.environ.get("CONGVAN_WEB_MAX_REQUESTS", "5000")),
        help="recycle a process after this many requests (0: never), against slow memory growth",
    )
    parser.add_argument(
        "--pid", default=os.environ.get("CONGVAN_PID_FILE"), help="write the master's pid here"
    )
    parser.add_argument("--access-log", action="store_true", help="the server's own access log as well")
    parser.add_argument("--no-collectstatic", action="store_true")
    return parser.parse_args(argv)


def gunicorn_config(opts: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {
        "bind": opts.bind.split(","),
        "workers": max(1, opts.workers),
        "threads": max(1, opts.threads),
        "worker_class": "gthread" if opts.threads > 1 else "sync",
        "timeout": opts.timeout,
        "graceful_timeout": opts.timeout,
        "keepalive": 5,
        "max_requests": opts.max_requests,
        "max_requests_jitter": opts.max_requests // 10,
        "proc_name": "congvan",
        # gunicorn's control socket would land in the service user's home; systemd and signals do its work.
        "control_socket_disable": True,
        "errorlog": "-",
        "accesslog": "-" if opts.access_log else None,
        # Behind a reverse proxy on the same network: trust its X-Forwarded-* headers.
        "forwarded_allow_ips": os.environ.get("CONGVAN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }
    if opts.pid:
        config["pidfile"] = opts.pid
    logging = json_logging(["gunicorn.error", "gunicorn.access"])
    if logging:
        config["logconfig_dict"] = logging
    return config


def json_logging(loggers: list[str]) -> dict[str, Any] | None:
    """The server's own loggers through the project's JSON formatter, when the logs are JSON (CONGVAN_LOG_FORMAT)."""
    from django.conf import settings

    formatters = cast(dict[str, Any], settings.LOGGING).get("formatters", {})
    if "json" not in formatters:
        return None
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": formatters["json"]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {name: {"handlers": ["console"], "level": "INFO", "propagate": False} for name in loggers},
    }


def granian_config(opts: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments of ``granian.Granian`` for the same options as gunicorn's."""
    binds = opts.bind.split(",")
    if len(binds) > 1:
        raise SystemExit("granian: một địa chỉ --bind / one --bind address")
    bind = binds[0]
    address: dict[str, Any]
    if bind.startswith("unix:"):
        address = {"uds": Path(bind[len("unix:") :])}
    else:
        host, _, port = bind.rpartition(":")
        address = {"address": host.strip("[]") or "127.0.0.1", "port": int(port)}
    config: dict[str, Any] = {
        "target": APPLICATION,
        "interface": "wsgi",
        "websockets": False,
        **address,
        "workers": max(1, opts.workers),
        # The application's threads per process; the connections' I/O stays on granian's own (Rust) thread.
        "blocking_threads": max(1, opts.threads),
        "runtime_threads": 1,
        "backlog": 2048,
        "workers_kill_timeout": opts.timeout,
        "respawn_failed_workers": True,
        "log_access": opts.access_log,
        "pid_file": Path(opts.pid) if opts.pid else None,
    }
    logging = json_logging(["_granian", "granian.access"])
    if logging:
        config["log_dictconfig"] = logging
    return config


def _serve_granian(opts: argparse.Namespace) -> None:
    import multiprocessing

    from granian import Granian

    # Fresh interpreters for the processes (not forks of this one, which has loaded Django): SIGHUP then
    # brings in the new code of an upgrade, as with gunicorn.
    multiprocessing.set_start_method("spawn", force=True)
    Granian(**granian_config(opts)).serve()


def main(argv: list[str]) -> int:
    opts = _options(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    if not opts.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)

    if opts.server == "granian":
        _serve_granian(opts)
        return 0
    config = gunicorn_config(opts)

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in config.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            # Each process loads the application itself (no preload), so that SIGHUP brings in new code.
            from congvan.config.wsgi import application

            return application

    Application().run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
