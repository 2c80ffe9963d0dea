"""Two real installations over HTTP on 127.0.0.1 (issue 7, "done when"): the Sở's installation issues the
sample letter with its attachments to the Báo and the Đài, served by a second installation with its own
database; every status comes back (01, 02, 03, 04, 05, 06); then the Sở recalls the letter (13) and the
recipients' clerks agree (15); a second letter's recall is refused (16) — QCVN 102:2016, Điều 22, Phụ lục VI
III.8."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from installations import Installation, init_all, wait_for
from node import BAO, DAI, SO

pytestmark = pytest.mark.slow

TIMEOUT = 30


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Installation, Installation]]:
    root: Path = tmp_path_factory.mktemp("two-installations")
    so = Installation("so", root / "so")
    press = Installation("press", root / "press")
    init_all(so, press)
    so.add_peer(press, BAO, DAI)  # the Sở's installation: the Báo and the Đài are elsewhere
    press.add_peer(so, SO)
    try:
        for node in (so, press):
            node.start_server()
            node.start_worker()
        yield so, press
    finally:
        so.stop()
        press.stop()


def _status(so: Installation, document_id: str, org: str, code: str) -> bool:
    return so.delivery_status(document_id, org) == code


def _copies(press: Installation, document_id: str) -> int:
    return press.count(
        "SELECT count(*) FROM documents_document WHERE direction = 'in' AND document_id = ?", document_id
    )


def _statuses_seen(so: Installation, document_id: str) -> list[str]:
    """The status messages the Sở's audit log recorded for the letter, each code once."""
    rows = so.sql(
        "SELECT DISTINCT e.action FROM documents_event e JOIN documents_document d ON e.document_id = d.id "
        "WHERE d.document_id = ? AND d.direction = 'out' AND e.action LIKE 'status_%' ORDER BY e.action",
        document_id,
    )
    return [r[0] for r in rows]


def _pending(press: Installation, document_id: str) -> int:
    return press.count(
        "SELECT count(*) FROM exchange_changerequest WHERE answer = '' AND document_id = ?", document_id
    )


def test_sample_letter_travels_with_every_status_and_is_recalled(
    pair: tuple[Installation, Installation],
) -> None:
    """The whole exchange, in the order a clerk lives it."""
    so, press = pair
    issued = so.node("issue")
    doc_id = issued["document_id"]

    # arrival: both copies with the same files; 01 back to the Sở for each
    arrived = wait_for(lambda: _copies(press, doc_id) == 2, TIMEOUT)
    assert arrived, press.node("state", doc_id)
    copies = press.node("state", doc_id)["copies"]
    assert {c["owner"] for c in copies} == {BAO, DAI}
    assert all(c["files"] == sorted(issued["attachments"]) for c in copies)
    assert all(c["signer"] == "KT. GIÁM ĐỐC" for c in copies)
    assert wait_for(lambda: _status(so, doc_id, BAO, "01") and _status(so, doc_id, DAI, "01"), TIMEOUT)

    # the Đài refuses (02); the Báo registers (03), directs (04), reports progress (05) and completes (06)
    press.node(
        "act",
        doc_id,
        "dai-clerk:refuse",
        "bao-clerk:register",
        "bao-leader:direct",
        "bao-leader:progress",
        "bao-leader:complete",
    )
    assert wait_for(lambda: _status(so, doc_id, DAI, "02") and _status(so, doc_id, BAO, "06"), TIMEOUT)
    assert _statuses_seen(so, doc_id) == [
        "status_01",
        "status_02",
        "status_03",
        "status_04",
        "status_05",
        "status_06",
    ]

    # recall: frozen at the Sở (13), both clerks agree, the copies are destroyed with tombstones (15)
    assert so.node("recall", doc_id)["state"] == "recalled"
    deliveries = so.node("state", doc_id)["deliveries"]
    assert (deliveries[BAO], deliveries[DAI]) == ("13", "13")
    assert wait_for(lambda: _pending(press, doc_id) == 2, TIMEOUT)
    press.node("act", doc_id, "bao-clerk:agree-recall", "dai-clerk:agree-recall")
    final = press.node("state", doc_id)
    assert (final["copies"], sorted(final["tombstones"])) == ([], sorted([BAO, DAI]))
    assert wait_for(lambda: _status(so, doc_id, BAO, "15") and _status(so, doc_id, DAI, "15"), TIMEOUT)
    assert so.node("state", doc_id)["outgoing_state"] == "recalled"


def test_refused_recall_comes_back_as_16_and_the_copy_stays(pair: tuple[Installation, Installation]) -> None:
    """The last status: the Báo's clerk refuses the Sở's recall (16, with the reason); the Sở's copy stays
    frozen (recalled), the Báo keeps its copy and no tombstone is made (Phụ lục VI III.8)."""
    so, press = pair
    doc_id = so.node("issue-many", "1")["document_ids"][0]
    assert wait_for(lambda: _copies(press, doc_id) == 1 and _status(so, doc_id, BAO, "01"), TIMEOUT)
    press.node("act", doc_id, "bao-clerk:register")
    assert wait_for(lambda: _status(so, doc_id, BAO, "03"), TIMEOUT)
    assert so.node("recall", doc_id)["state"] == "recalled"
    assert wait_for(lambda: _pending(press, doc_id) == 1, TIMEOUT)
    assert press.node("act", doc_id, "bao-clerk:refuse-recall")["bao-clerk:refuse-recall"] == {"answered": 1}
    assert wait_for(lambda: _status(so, doc_id, BAO, "16"), TIMEOUT)
    final = press.node("state", doc_id)
    assert ([c["state"] for c in final["copies"]], final["tombstones"]) == (["registered"], [])
    assert so.node("state", doc_id)["outgoing_state"] == "recalled"
    assert "status_16" in _statuses_seen(so, doc_id)
    assert (
        "Văn bản đã được triển khai"
        in so.sql(
            "SELECT d.description FROM exchange_delivery d JOIN documents_document o ON d.outgoing_id = o.id "
            "WHERE o.document_id = ?",
            doc_id,
        )[0][0]
    )


def test_task_worker_delivers_both_ways(tmp_path: Path) -> None:
    """With django-tasks' worker (``congvan worker``) instead of the loop: the issue enqueues deliver_outbox on
    commit, the receiving request enqueues the 01 on its side (DESIGN §6)."""
    so = Installation("so", tmp_path / "so", tasks=True)
    press = Installation("press", tmp_path / "press", tasks=True)
    init_all(so, press)
    so.add_peer(press, BAO, DAI)
    press.add_peer(so, SO)
    try:
        for node in (so, press):
            node.start_server()
            node.start_worker()
        doc_id = so.node("issue")["document_id"]
        assert wait_for(lambda: _status(so, doc_id, BAO, "01") and _status(so, doc_id, DAI, "01"), TIMEOUT)
    finally:
        so.stop()
        press.stop()
