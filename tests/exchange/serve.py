"""A Công Văn web server for the exchange tests: Django's own threaded WSGI server (the one behind runserver)
without runserver's system checks and autoreloader, so that a killed receiver is back in about a second.

    python serve.py PORT

Several processes may serve one port (``SO_REUSEPORT``: the kernel spreads the connections), as several
stateless web processes would behind a proxy in production.
"""

from __future__ import annotations

import os
import sys


def main(port: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvan.config.settings")
    import django

    django.setup()
    from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run

    WSGIServer.request_queue_size = 64
    WSGIServer.allow_reuse_port = True
    run("127.0.0.1", port, get_internal_wsgi_application(), ipv6=False, threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
