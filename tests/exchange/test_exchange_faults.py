"""Exactly once under faults (issue 7, "done when"; QCVN 102:2016 transport): the Sở's installation sends
letters while the receiving installation is killed (SIGKILL) and restarted at random moments and the network
drops requests both before they reach the receiver and after it answered. At the end every letter has arrived
exactly once and every sender's delivery row shows status 01.

1,000 letters, as the issue asks (about two minutes on the shared 2-CPU machine, most of it the Sở issuing
them one by one through ``document_issue``). The workers send batches (``exchange/batch.py``) of at most
``BATCH`` messages, small enough that many requests cross the dropping proxies and a kill often lands in the
middle of a batch; ``bench/bench_exchange.py --faults N`` runs the same with any N.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from installations import FlakyProxy, Installation, init_all, wait_for
from node import BAO, DAI, SO

pytestmark = pytest.mark.slow

MESSAGES = 1000
KILLS = 10
BATCH = 20


@dataclass
class Chaos:
    """Kills the receiver's server at random moments and starts it again."""

    node: Installation
    seed: int = 11
    max_kills: int = 5
    kills: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        rnd = random.Random(self.seed)
        while self.kills < self.max_kills and not self.stop.wait(rnd.uniform(0.5, 3.0)):
            self.node.kill_server()
            self.kills += 1
            time.sleep(rnd.uniform(0.05, 0.5))
            self.node.start_server()


def run_faulty_exchange(
    root: Path,
    messages: int,
    log: Callable[[str], None] = lambda _m: None,
    max_kills: int = KILLS,
    batch: int = BATCH,
) -> dict[str, Any]:
    """Send ``messages`` letters through flaky links to a receiver that keeps dying; report what arrived."""
    env = {"CONGVAN_EXCHANGE_BATCH": str(batch)}
    so = Installation("so", root / "so", extra_env=env)
    press = Installation("press", root / "press", extra_env=env)
    init_all(so, press)
    to_press = FlakyProxy(press.port, drop_before=0.1, drop_after=0.1, seed=1)
    to_so = FlakyProxy(so.port, drop_before=0.1, drop_after=0.1, seed=2)
    so.add_peer(press, BAO, DAI, url=to_press.url)
    press.add_peer(so, SO, url=to_so.url)
    chaos = Chaos(press, max_kills=max_kills)
    try:
        for node in (so, press):
            node.start_server()
            node.start_worker()
        thread = threading.Thread(target=chaos.run, daemon=True)
        thread.start()
        started = time.monotonic()
        ids = so.node("issue-many", str(messages))["document_ids"]
        log(f"{messages} letters issued in {time.monotonic() - started:.1f} s")
        arrived = wait_for(
            lambda: (
                press.count(
                    "SELECT count(DISTINCT document_id) FROM documents_document WHERE direction = 'in'"
                )
                >= messages
            ),
            timeout=max(120, messages),
            interval=0.5,
        )
        chaos.stop.set()
        thread.join(timeout=30)
        if press.server is None:
            press.start_server()
        log(f"arrived: {bool(arrived)} after {time.monotonic() - started:.1f} s, {chaos.kills} kills")
        wait_for(
            lambda: (
                so.count("SELECT count(*) FROM exchange_delivery WHERE status = '01'") >= messages
                and not so.count("SELECT count(*) FROM exchange_outboxmessage WHERE delivered_at IS NULL")
                and not press.count("SELECT count(*) FROM exchange_outboxmessage WHERE delivered_at IS NULL")
            ),
            timeout=max(120, messages),
            interval=0.5,
        )
        census_press = press.node("census")
        census_so = so.node("census")
        return {
            "ids": ids,
            "elapsed": time.monotonic() - started,
            "kills": chaos.kills,
            "dropped": {
                "before": to_press.dropped_before + to_so.dropped_before,
                "after": to_press.dropped_after + to_so.dropped_after,
            },
            "press": census_press,
            "so": census_so,
        }
    finally:
        chaos.stop.set()
        to_press.close()
        to_so.close()
        so.stop()
        press.stop()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_faulty_exchange(tmp_path_factory.mktemp("faults"), MESSAGES)


def test_every_letter_arrived_exactly_once(outcome: dict[str, Any]) -> None:
    """Idempotent receiver: retries after lost answers and crashes make no second copy, and none is lost."""
    copies = outcome["press"]["copies"]
    assert sorted(copies) == sorted(outcome["ids"])
    assert set(copies.values()) == {1}


def test_every_delivery_shows_arrival(outcome: dict[str, Any]) -> None:
    """Status 01 came back for each letter (the statuses travelled through the same faults)."""
    assert outcome["so"]["deliveries"] == {"01": MESSAGES}


def test_both_outboxes_are_empty(outcome: dict[str, Any]) -> None:
    """Nothing is left waiting: every message was delivered in the end."""
    assert outcome["so"]["outbox_waiting"] == outcome["press"]["outbox_waiting"] == 0


def test_faults_really_happened(outcome: dict[str, Any]) -> None:
    """The run is only meaningful if the receiver died and requests were dropped on both sides of it."""
    assert outcome["kills"] >= 2
    assert outcome["dropped"]["before"] > 0 and outcome["dropped"]["after"] > 0
