"""The shared Redis cache (CONGVAN_CACHE_URL=redis://…), with one redis-py client per connection pool.

Django's ``RedisCache`` builds a new ``redis.Redis`` for every operation. Since redis-py 6 that constructor
copies its whole table of response callbacks (about 170 commands) into a case-insensitive dictionary: 120 µs
of CPU per cache read on this project's 2-core machine, more than the read itself (issue 10; a signed-in page
reads its session from the cache, the public portal reads and writes its cached pages). A ``redis.Redis`` is
safe to share between threads and reconnects after a fork (its pool checks the process id), so each pool keeps
one. Decision record: docs/decisions/0017-one-redis-client-per-pool.md.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class SharedRedisCache(RedisCache):
    """Django's Redis cache backend, everything the same but the client reused (see the module's doc)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
