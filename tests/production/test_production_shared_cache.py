"""The shared cache on Redis (CONGVAN_CACHE_URL, issue 10) keeps one redis-py client per connection pool instead of
building one per operation, and behaves as Django's Redis cache: values kept, added once, expired, deleted, and
usable again in a forked process."""

from __future__ import annotations

import os

import pytest

from congvan.ops.cache import SharedRedisCache

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def shared():
    cache = SharedRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{os.getpid()}"})
    cache.clear()
    yield cache
    cache.clear()


def test_values_kept_added_once_and_deleted(shared):
    """What the sessions and the portal's page cache rely on: set, get, add only when absent, delete."""
    shared.set("page", {"html": "<h1>Công văn</h1>"}, 60)
    assert shared.get("page") == {"html": "<h1>Công văn</h1>"}
    assert shared.add("lock", 1, 60) is True
    assert shared.add("lock", 2, 60) is False
    shared.delete("lock")
    assert shared.get("lock") is None
    assert shared.get_many(["page", "lock"]) == {"page": {"html": "<h1>Công văn</h1>"}}


def test_a_value_set_for_no_time_is_not_kept(shared):
    """A timeout of 0 stores nothing, as with Django's backend."""
    shared.set("gone", "x", 0)
    assert shared.get("gone") is None


def test_one_client_for_every_operation(shared):
    """Reads and writes go through the same client of the one pool, not a new client each time."""
    client = shared._cache.get_client("a")
    assert shared._cache.get_client("b") is client
    assert shared._cache.get_client("c", write=True) is client


def test_a_forked_process_reads_and_writes(shared):
    """A web or task worker process forked after the cache was used gets its own connections and works."""
    shared.set("before-fork", "parent", 60)
    pid = os.fork()
    if pid == 0:  # the child: exit status 0 only if both the read and the write worked
        ok = shared.get("before-fork") == "parent"
        shared.set("from-child", "child", 60)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert shared.get("from-child") == "child"
