"""``congvan serve``'s options reach the web server it runs (issue 10): the address, processes, threads and time
limits given once, for gunicorn or granian."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.commands.serve import _options, granian_config, gunicorn_config


@pytest.mark.parametrize(
    ("bind", "expected"),
    [
        ("127.0.0.1:8000", {"address": "127.0.0.1", "port": 8000}),
        ("0.0.0.0:80", {"address": "0.0.0.0", "port": 80}),
        ("[::1]:8080", {"address": "::1", "port": 8080}),
        ("unix:/run/congvan/web.sock", {"uds": Path("/run/congvan/web.sock")}),
    ],
    ids=["loopback", "all-interfaces", "ipv6", "unix-socket"],
)
def test_granian_listens_where_bind_says(bind, expected):
    """--bind host:port, [ipv6]:port or unix:/path, as for gunicorn."""
    config = granian_config(_options(["--server", "granian", "--bind", bind]))
    assert {k: config[k] for k in expected} == expected


def test_granian_takes_processes_threads_timeout_and_pid_file():
    """Processes and application threads per process, the time a stopping process may take, the pid file."""
    config = granian_config(
        _options(["--workers", "4", "--threads", "3", "--timeout", "30", "--pid", "/run/congvan/web.pid"])
    )
    assert (config["workers"], config["blocking_threads"], config["workers_kill_timeout"]) == (4, 3, 30)
    assert config["pid_file"] == Path("/run/congvan/web.pid")
    assert config["interface"] == "wsgi" and config["target"] == "congvan.config.wsgi:application"


def test_granian_refuses_two_addresses():
    """gunicorn listens on several addresses; granian on one: said plainly instead of ignoring the second."""
    with pytest.raises(SystemExit, match="--bind"):
        granian_config(_options(["--bind", "127.0.0.1:8000,127.0.0.1:8001"]))


def test_the_server_comes_from_the_environment(monkeypatch):
    """CONGVAN_WEB_SERVER chooses the server when --server is not given; gunicorn otherwise."""
    assert _options([]).server == "gunicorn"
    monkeypatch.setenv("CONGVAN_WEB_SERVER", "granian")
    assert _options([]).server == "granian"


def test_gunicorn_keeps_its_options():
    """gunicorn: several addresses, synchronous processes unless threads are asked for."""
    config = gunicorn_config(_options(["--bind", "127.0.0.1:8000,unix:/run/w.sock", "--workers", "3"]))
    assert config["bind"] == ["127.0.0.1:8000", "unix:/run/w.sock"]
    assert (config["workers"], config["worker_class"]) == (3, "sync")
