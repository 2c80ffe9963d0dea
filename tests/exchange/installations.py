"""Real Công Văn installations in subprocesses on 127.0.0.1: each with its own SQLite file, data folder (files
and exchange key), web server (Django's threaded WSGI server, ``serve.py``) and outbox worker
(``congvan exchange worker``). Used by the two-installation and fault tests and by ``bench/bench_exchange.py``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NODE = Path(__file__).with_name("node.py")
SERVE = Path(__file__).with_name("serve.py")
SRC_DIR = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Installation:
    name: str
    root: Path
    port: int = field(default_factory=free_port)
    server: subprocess.Popen[bytes] | None = None
    extra_servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    worker: subprocess.Popen[bytes] | None = None
    key: str = ""
    tasks: bool = False  # deliver through django-tasks (``congvan worker``) instead of the loop worker
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            CONGVAN_DATABASE_URL=f"sqlite:///{self.root / 'db.sqlite3'}",
            CONGVAN_DATA_DIR=str(self.root / "data"),
            DJANGO_SETTINGS_MODULE="congvan.config.settings",
            CONGVAN_EXCHANGE_ENQUEUE="1" if self.tasks else "0",  # else the loop worker delivers
            CONGVAN_EXCHANGE_RETRY_BASE=env.get("CONGVAN_EXCHANGE_RETRY_BASE", "0.1"),
            CONGVAN_EXCHANGE_RETRY_CAP=env.get("CONGVAN_EXCHANGE_RETRY_CAP", "1"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH", "")])),
        )
        env.pop("CONGVAN_DEBUG", None)
        env.update(self.extra_env)
        return env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/exchange/v1/messages"

    def node(self, *args: str, timeout: float = 300) -> dict[str, Any]:
        out = subprocess.run(
            [sys.executable, str(NODE), *args],
            env=self.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"{self.name} {args}: {out.stderr.decode(errors='replace')[-3000:]}")
        return json.loads(out.stdout.decode().strip().splitlines()[-1])

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        """Read this installation's database directly (quicker than a Django process for polling)."""
        with sqlite3.connect(f"file:{self.root / 'db.sqlite3'}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute(query, params).fetchall()

    def delivery_status(self, document_id: str, organ_id: str) -> str | None:
        rows = self.sql(
            "SELECT d.status FROM exchange_delivery d JOIN documents_document o ON d.outgoing_id = o.id "
            "JOIN orgs_organization r ON d.recipient_id = r.id WHERE o.document_id = ? AND r.code = ?",
            document_id,
            organ_id,
        )
        return rows[0][0] if rows else None

    def count(self, query: str, *params: object) -> int:
        return int(self.sql(query, *params)[0][0])

    def cli(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "congvan.cli", *args],
            env=self.env,
            capture_output=True,
            timeout=120,
            check=True,
        )
        return out.stdout.decode()

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.key = self.node("init")["key"]

    def add_peer(self, other: Installation, *organ_ids: str, url: str | None = None) -> None:
        self.cli("exchange", "peer", other.name, url or other.url, other.key, *organ_ids)

    def start_server(self, processes: int = 1) -> None:
        """``processes`` web processes on the port (SO_REUSEPORT); kill_server kills the first."""
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (kept open for the process's life)
        procs = [
            subprocess.Popen(
                [sys.executable, str(SERVE), str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for _ in range(processes)
        ]
        self.server, self.extra_servers = procs[0], self.extra_servers + procs[1:]
        wait_http(f"http://127.0.0.1:{self.port}/healthz", timeout=60)

    def kill_server(self) -> None:
        if self.server is not None:
            self.server.send_signal(signal.SIGKILL)
            self.server.wait(timeout=10)
            self.server = None

    def start_worker(self, interval: float = 0.02) -> None:
        log = open(self.root / "worker.log", "ab")  # noqa: SIM115
        if self.tasks:  # django-tasks' database worker runs deliver_outbox, enqueued on commit
            command = ["worker", "--interval", str(max(interval, 0.1))]
        else:
            command = ["exchange", "worker", "--interval", str(interval)]
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "congvan.cli", *command],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        for proc in (self.server, self.worker, *self.extra_servers):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.server = self.worker = None


def init_all(first: Installation, *others: Installation) -> None:
    """Migrate and load the demo once, then copy the database and files (not the key) to the others: each
    installation then makes its own exchange key."""
    first.init()
    for node in others:
        node.root.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            if (first.root / f"db.sqlite3{suffix}").exists():
                shutil.copyfile(first.root / f"db.sqlite3{suffix}", node.root / f"db.sqlite3{suffix}")
        shutil.copytree(first.root / "data", node.root / "data", ignore=shutil.ignore_patterns("exchange"))
        node.key = node.cli("exchange", "key").strip()


def wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(url)
        time.sleep(0.05)


def wait_for(check: Any, timeout: float, interval: float = 0.2) -> Any:
    """Call ``check`` until it returns something truthy; that value, or the last one on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class FlakyProxy:
    """A TCP proxy on 127.0.0.1 that drops a share of connections: some before the request reaches the
    server, some after the server answered but before the answer reaches the client (the case that needs an
    idempotent receiver)."""

    def __init__(self, target_port: int, *, drop_before: float, drop_after: float, seed: int = 7) -> None:
        self.target_port = target_port
        self.drop_before = drop_before
        self.drop_after = drop_after
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.dropped_before = 0
        self.dropped_after = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/exchange/v1/messages"

    def _roll(self) -> tuple[bool, bool]:
        with self.lock:
            return self.random.random() < self.drop_before, self.random.random() < self.drop_after

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        """One request per connection (the sender reconnects after a closed connection)."""
        try:
            request = _read_http(client)
            if request is None:
                return
            before, after = self._roll()
            if before:
                with self.lock:
                    self.dropped_before += 1
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
            except OSError:
                return  # the receiver is down: the client sees a closed connection
            with upstream:
                upstream.sendall(request.replace(b"Connection: keep-alive", b"Connection: close"))
                response = _read_http(upstream)
            if response is None:
                return
            if after:
                with self.lock:
                    self.dropped_after += 1
                return
            client.sendall(response)
        except OSError:
            pass
        finally:
            client.close()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


def _read_http(sock: socket.socket) -> bytes | None:
    """One HTTP message (headers and a Content-Length body) from ``sock``, or None if it closed first."""
    sock.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(min(65536, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body
