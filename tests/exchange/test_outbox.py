"""The outbox worker: retries with exponential backoff, order kept per peer (QCVN 102:2016 transport)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvan.exchange.models import OutboxMessage
from congvan.exchange.outbox import SendResult, backoff_seconds, deliver_due


class FakeSender:
    """Answers from a script: True delivered, False failed."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.bodies: list[bytes] = []

    def post(self, peer, body):  # type: ignore[no-untyped-def]
        self.bodies.append(body)
        ok = self.answers.pop(0) if self.answers else True
        return SendResult(ok, "" if ok else "ConnectionRefusedError")

    def close(self) -> None:
        pass


@pytest.fixture
def queued(db, remote_peer):
    now = timezone.now()
    return [
        OutboxMessage.objects.create(
            peer=remote_peer, kind="status", payload=f"m{i}".encode(), created_at=now, next_attempt_at=now
        )
        for i in range(3)
    ]


class TestBackoff:
    def test_delay_doubles_with_each_failure(self):
        """Exponential backoff: base · 2^(n−1)."""
        assert [backoff_seconds(n, base=2, cap=1000, jitter=0) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]

    def test_delay_is_capped(self):
        """A peer down for days is tried at most once per cap."""
        assert backoff_seconds(40, base=2, cap=3600, jitter=0) == 3600

    def test_jitter_stays_within_its_bounds(self):
        """Jitter spreads the retries of many messages without leaving ±25 %."""
        delays = {backoff_seconds(3, base=2, cap=1000) for _ in range(50)}
        assert all(6 <= d <= 10 for d in delays)


class TestRetry:
    def test_failure_schedules_the_next_attempt(self, queued):
        """A failed send is kept with its error and tried again after the backoff."""
        deliver_due(sender=FakeSender(False))
        head = OutboxMessage.objects.get(pk=queued[0].pk)
        assert (head.attempts, head.delivered_at) == (1, None)
        assert head.next_attempt_at > timezone.now()
        assert "ConnectionRefused" in head.last_error

    def test_failure_stops_the_peers_queue(self, queued):
        """Messages to one peer leave in order: nothing overtakes a message that failed."""
        sender = FakeSender(False)
        deliver_due(sender=sender)
        assert sender.bodies == [b"m0"]
        assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 3

    def test_message_is_not_retried_before_its_time(self, queued):
        """The worker leaves a message alone until its next attempt is due."""
        deliver_due(sender=FakeSender(False))
        sender = FakeSender()
        deliver_due(sender=sender)
        assert sender.bodies == []

    def test_due_retry_delivers_everything_in_order(self, queued):
        """After the backoff the queue is delivered in the order it was written."""
        deliver_due(sender=FakeSender(False))
        OutboxMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        sender = FakeSender()
        assert deliver_due(sender=sender) == 3
        assert sender.bodies == [b"m0", b"m1", b"m2"]
        assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()

    def test_peer_held_by_another_worker_is_skipped(self, queued, remote_peer):
        """Two workers never send one peer's queue at once (a lease on the peer)."""
        type(remote_peer).objects.filter(pk=remote_peer.pk).update(
            lease_until=timezone.now() + dt.timedelta(minutes=1)
        )
        sender = FakeSender()
        assert deliver_due(sender=sender) == 0
        assert sender.bodies == []


class WindowSender(FakeSender):
    """Records which messages travelled together."""

    parallel = 8

    def __init__(self, *answers: bool) -> None:
        super().__init__(*answers)
        self.windows: list[list[bytes]] = []

    def post_many(self, peer, bodies):  # type: ignore[no-untyped-def]
        self.windows.append(list(bodies))
        return [self.post(peer, body) for body in bodies]


class TestWindows:
    def test_independent_messages_travel_together(self, queued):
        """Arrivals and statuses of different documents do not wait for each other."""
        sender = WindowSender()
        deliver_due(sender=sender)
        assert sender.windows == [[b"m0", b"m1", b"m2"]]

    def test_recall_goes_alone_after_everything_before_it(self, queued, remote_peer):
        """Phụ lục VI III.8: a recall never overtakes the document it recalls (a barrier message)."""
        now = timezone.now()
        for body, barrier in ((b"recall", True), (b"after", False)):
            OutboxMessage.objects.create(
                peer=remote_peer,
                kind="edoc",
                payload=body,
                barrier=barrier,
                created_at=now,
                next_attempt_at=now,
            )
        sender = WindowSender()
        deliver_due(sender=sender)
        assert sender.windows == [[b"m0", b"m1", b"m2"], [b"recall"], [b"after"]]

    def test_failure_in_a_window_holds_the_barrier(self, queued, remote_peer):
        """If an earlier message failed, the recall waits for its retry."""
        now = timezone.now()
        OutboxMessage.objects.create(
            peer=remote_peer,
            kind="edoc",
            payload=b"recall",
            barrier=True,
            created_at=now,
            next_attempt_at=now,
        )
        sender = WindowSender(True, False, True)
        deliver_due(sender=sender)
        assert sender.windows == [[b"m0", b"m1", b"m2"]]
        assert OutboxMessage.objects.get(payload=b"recall").delivered_at is None


class FakeTask:
    """Records what would be enqueued on the task queue."""

    def __init__(self) -> None:
        self.enqueued: list[object] = []

    def enqueue(self) -> None:
        self.enqueued.append("now")

    def using(self, *, run_after: object) -> FakeTask:
        self.enqueued.append(run_after)
        return _Sink()


class _Sink(FakeTask):
    def enqueue(self) -> None:
        pass


class TestTaskQueue:
    def test_writing_the_outbox_enqueues_the_task_on_commit(
        self, agency, remote_peer, monkeypatch, django_capture_on_commit_callbacks
    ):
        """The worker is asked to deliver only after the change committed (DESIGN §6, django-tasks)."""
        from exchange_helpers import issued_letter

        from congvan.exchange import outbox
        from factories import Agency

        task = FakeTask()
        monkeypatch.setattr(outbox, "deliver_outbox", task)
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = far.org.code
        remote_peer.save()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            issued_letter(agency, far.org)
        assert task.enqueued == []
        for callback in callbacks:
            callback()
        assert task.enqueued == ["now"]

    def test_task_schedules_itself_for_the_next_retry(self, queued, monkeypatch):
        """A failed message is retried by the same task, enqueued for its next attempt (no other scheduler)."""
        from congvan.exchange import outbox

        task = FakeTask()
        monkeypatch.setattr(outbox, "deliver_outbox", task)
        monkeypatch.setattr(outbox, "Sender", lambda: FakeSender(False))
        assert outbox.deliver_outbox_run() == 0
        head = OutboxMessage.objects.get(pk=queued[0].pk)
        assert task.enqueued == [head.next_attempt_at]
