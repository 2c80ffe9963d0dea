"""Several signed messages in one request between two Công Văn installations (exchange/batch.py): each message
is verified and applied exactly as if it had come alone (QCVN 102:2016 transport; issue 7: exactly once, in
order, idempotent on document id and business type)."""

from __future__ import annotations

import json

import pytest
from exchange_helpers import REMOTE_ORGAN, issued_letter, remote_edoc

from congvan.exchange import batch, keys
from congvan.exchange.models import Delivery, InboxReceipt, OutboxMessage
from congvan.exchange.views import max_message_bytes
from congvan.vbhc import edxml
from congvan.vbhc.edxml import write_edoc, write_status
from factories import Agency


def post_batch(client, bodies, key, signatures=None):  # type: ignore[no-untyped-def]
    data = batch.encode(
        [
            (body, sig or keys.sign(body, key))
            for body, sig in zip(bodies, signatures or [None] * len(bodies), strict=True)
        ]
    )
    response = client.post("/exchange/v1/messages", data=data, content_type=batch.CONTENT_TYPE)
    return response


def results(response) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(r["status"], r["note"]) for r in json.loads(response.content)["results"]]


def letters(agency, count: int, start: int = 1) -> list[bytes]:  # type: ignore[no-untyped-def]
    return [write_edoc(remote_edoc(agency.org.code, number=str(n))) for n in range(start, start + count)]


class TestFraming:
    def test_round_trip(self):
        """What encode writes, decode reads back, bodies and signatures byte for byte."""
        items = [(b"<a/>", "ed25519=AAAA"), (b"", "ed25519=BB"), (b"x\ny 5 z", "")]
        assert [(i.body, i.signature) for i in batch.decode(batch.encode(items))] == items

    @pytest.mark.parametrize(
        "data",
        [
            b"",
            b"<edXML/>",
            batch.MAGIC,
            batch.MAGIC + b"10 sig\nshort",
            batch.MAGIC + b"x sig\nbody",
            batch.MAGIC + b"4 sig",
            batch.MAGIC + b"-4 sig\nbody",
            batch.MAGIC + b"4 \xff\xfe\nbody",
        ],
        ids=[
            "empty",
            "not-a-batch",
            "no-message",
            "cut-short",
            "bad-length",
            "no-newline",
            "negative",
            "binary-sig",
        ],
    )
    def test_broken_framing_is_refused(self, data):
        """A batch that is not framed exactly as written is refused whole."""
        with pytest.raises(batch.BatchError):
            batch.decode(data)

    def test_too_many_messages_refused(self):
        """A batch cannot carry more than its limit (memory and time of one request stay bounded)."""
        with pytest.raises(batch.BatchError, match="more than 3"):
            batch.decode(batch.encode([(b"m", "s")] * 4), max_messages=3)

    def test_broken_batch_is_400_and_changes_nothing(self, client, agency, remote_peer):
        """The endpoint answers 400 and applies nothing when the framing is broken."""
        response = client.post(
            "/exchange/v1/messages", data=batch.MAGIC + b"99 sig\nshort", content_type=batch.CONTENT_TYPE
        )
        assert response.status_code == 400
        assert not agency.org.documents.exists()


class TestBatchArrival:
    def test_every_letter_becomes_one_incoming_document(self, client, agency, remote_peer, remote_key):
        """Each message of the batch is received as if alone: one incoming copy each, answered 200."""
        response = post_batch(client, letters(agency, 5), remote_key)
        assert response.status_code == 200
        assert results(response) == [(200, "accepted")] * 5
        assert sorted(agency.org.documents.filter(direction="in").values_list("number_text", flat=True)) == [
            "1",
            "2",
            "3",
            "4",
            "5",
        ]

    def test_each_arrival_answers_status_01(self, client, agency, remote_peer, remote_key):
        """Điều 22: the 01 of every letter of the batch goes back through the outbox."""
        post_batch(client, letters(agency, 3), remote_key)
        codes = [edxml.read_message(bytes(r.payload)).status_code for r in OutboxMessage.objects.all()]  # type: ignore[union-attr]
        assert codes == ["01", "01", "01"]

    def test_batch_sent_again_creates_nothing(self, client, agency, remote_peer, remote_key):
        """Idempotent on (document id, business type): a batch whose answer was lost, sent again, makes no copy
        and is answered 'duplicate' message by message."""
        bodies = letters(agency, 3)
        post_batch(client, bodies, remote_key)
        again = post_batch(client, bodies, remote_key)
        assert results(again) == [(200, "duplicate")] * 3
        assert agency.org.documents.filter(direction="in").count() == 3
        assert InboxReceipt.objects.count() == 3

    def test_batch_overlapping_single_sends_is_exactly_once(self, client, agency, remote_peer, remote_key):
        """A message first sent alone and then inside a batch (the worker switched to batches) is one copy."""
        from exchange_helpers import post_signed

        bodies = letters(agency, 3)
        assert post_signed(client, bodies[1], remote_key).status_code == 200
        assert results(post_batch(client, bodies, remote_key)) == [
            (200, "accepted"),
            (200, "duplicate"),
            (200, "accepted"),
        ]
        assert agency.org.documents.filter(direction="in").count() == 3

    def test_same_letter_twice_in_one_batch_is_one_copy(self, client, agency, remote_peer, remote_key):
        """Within one batch too, the second copy of a message is a duplicate."""
        body = letters(agency, 1)[0]
        assert results(post_batch(client, [body, body], remote_key)) == [
            (200, "accepted"),
            (200, "duplicate"),
        ]
        assert agency.org.documents.filter(direction="in").count() == 1

    def test_bad_signature_stops_the_batch_in_order(self, client, agency, remote_peer, remote_key):
        """A message with a wrong signature is refused (403); the ones before it are applied, the ones after it
        are not (503), so nothing overtakes a message the sender must send again."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        bodies = letters(agency, 3)
        forged = keys.sign(bodies[1], Ed25519PrivateKey.generate())
        response = post_batch(client, bodies, remote_key, signatures=[None, forged, None])
        assert [code for code, _note in results(response)] == [200, 403, 503]
        assert list(agency.org.documents.filter(direction="in").values_list("number_text", flat=True)) == [
            "1"
        ]

    def test_recall_in_a_batch_follows_the_letter(self, client, agency, remote_peer, remote_key):
        """A recall (business type 1) after the letter in one batch is applied after it (Phụ lục VI III.8)."""
        letter = remote_edoc(agency.org.code, number="7")
        recall = remote_edoc(
            agency.org.code,
            number="7",
            business=edxml.Business(bussiness_doc_type=edxml.BUSINESS_RECALL, bussiness_doc_reason="Sai"),
        )
        response = post_batch(client, [write_edoc(letter), write_edoc(recall)], remote_key)
        assert results(response) == [(200, "accepted"), (200, "accepted")]
        copy = agency.org.documents.get(direction="in")
        assert copy.change_requests.get().kind == 1


class TestQueries:
    @pytest.mark.parametrize("kind", ["letters", "statuses"], ids=["letters", "statuses"])
    def test_statements_do_not_grow_with_the_batch(
        self, client, agency, remote_peer, remote_key, kind, monkeypatch
    ):
        """A batch of new letters (each with its own attachment) or of statuses is applied with the same number
        of SQL statements whether it holds 3 messages or 12: bulk writes per run, not per message."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from congvan.exchange.outbox import peers_by_organ

        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = f"{REMOTE_ORGAN}\n{far.org.code}"
        remote_peer.save()
        docs = [issued_letter(agency, far.org) for _ in range(15)] if kind == "statuses" else []
        monkeypatch.setenv("CONGVAN_EXCHANGE_PEER_CACHE", "3600")
        peers_by_organ()  # the peers are read once per process, not per batch: out of the count

        def bodies(start: int, count: int) -> list[bytes]:
            if kind == "letters":
                out = []
                for n in range(start, start + count):
                    message = remote_edoc(agency.org.code, number=str(n + 1))
                    message.attachments[0].data = f"tệp của văn bản {n}".encode()
                    out.append(write_edoc(message))
                return out
            return [
                write_status(
                    edxml.StatusMessage(
                        sender=edxml.Organization(organ_id=far.org.code),
                        status_code="03",
                        response_for=edxml.ResponseFor(organ_id=agency.org.code, document_id=d.document_id),
                    )
                )
                for d in docs[start : start + count]
            ]

        counts = []
        for start, count in ((0, 3), (3, 12)):
            with CaptureQueriesContext(connection) as queries:
                response = post_batch(client, bodies(start, count), remote_key)
            assert results(response) == [(200, "accepted")] * count
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestBatchStatuses:
    def test_statuses_in_one_batch_move_the_delivery_in_order(self, client, agency, remote_peer, remote_key):
        """01, 03 and 06 in one batch: the sender's delivery ends at 06 and each status is in its audit log."""
        far = Agency("Báo Lạng Sơn", "BLS")
        remote_peer.organ_ids = f"{REMOTE_ORGAN}\n{far.org.code}"
        remote_peer.save()
        doc = issued_letter(agency, far.org)
        bodies = [
            write_status(
                edxml.StatusMessage(
                    sender=edxml.Organization(organ_id=far.org.code),
                    status_code=code,
                    response_for=edxml.ResponseFor(organ_id=agency.org.code, document_id=doc.document_id),
                    description=f"bước {code}",
                )
            )
            for code in ("01", "03", "06", "04")
        ]
        assert results(post_batch(client, bodies, remote_key)) == [(200, "accepted")] * 4
        delivery = Delivery.objects.get(outgoing=doc)
        assert (delivery.status, delivery.description) == ("06", "bước 06")
        assert {"status_01", "status_03", "status_06", "status_04"} <= set(
            doc.events.values_list("action", flat=True)
        )


class TestCapability:
    def test_every_answer_says_batches_are_taken(self, client, agency, remote_peer, remote_key):
        """The endpoint tells a Công Văn sender it may batch (other systems just ignore the header)."""
        from exchange_helpers import post_signed

        response = post_signed(client, letters(agency, 1)[0], remote_key)
        assert batch.parse_capability(response[batch.CAPABILITY_HEADER]) == max_message_bytes()

    @pytest.mark.parametrize(
        ("header", "limit"),
        [(None, 0), ("", 0), ("2", 0), ("1", 4 * 1024 * 1024), ("1;max-bytes=1000", 1000), ("yes", 0)],
        ids=["absent", "empty", "other-version", "no-limit", "limit", "garbage"],
    )
    def test_capability_header_is_read_strictly(self, header, limit):
        """Only our own header turns batches on; a receiver's size limit bounds the sender's batches."""
        assert batch.parse_capability(header) == limit

    def test_sender_keeps_batches_under_the_receivers_limit(self, remote_peer):
        """A batch is never larger than the receiver reads (it would be refused with 413 again and again)."""
        from congvan.exchange import outbox

        outbox._batch_urls[remote_peer.url] = 1024 * 1024
        try:
            assert outbox.Sender().batch_limit(remote_peer) < 1024 * 1024
        finally:
            outbox._batch_urls.pop(remote_peer.url, None)


@pytest.mark.django_db(transaction=True)
def test_worker_switches_to_batches_after_the_first_answer(live_server, agency, monkeypatch):
    """The real worker and a real HTTP server: the first message goes alone (the peer is not yet known to
    take batches), the rest in batches; every letter arrives once and every row is marked delivered."""
    from django.utils import timezone

    from congvan.exchange import outbox
    from congvan.exchange.models import Peer

    # This installation posting to itself: the peer serves the remote organ id, with our own key.
    peer = Peer.objects.create(
        name="Chính mình",
        url=f"{live_server.url}/exchange/v1/messages",
        public_key=keys.public_key_text(),
        organ_ids=REMOTE_ORGAN,
    )
    outbox.forget_peers()
    outbox._batch_urls.pop(peer.url, None)
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(peer=peer, kind="edoc", payload=body, created_at=now, next_attempt_at=now)
        for body in letters(agency, 12)
    )
    edocs = list(OutboxMessage.objects.filter(kind="edoc").values_list("pk", flat=True))
    calls: list[tuple[str, int]] = []
    real_post, real_post_batch = outbox.Sender.post, outbox.Sender.post_batch

    def post(self, peer, body):  # type: ignore[no-untyped-def]
        calls.append(("alone", 1))
        return real_post(self, peer, body)

    def post_batch(self, peer, bodies):  # type: ignore[no-untyped-def]
        calls.append(("batch", len(bodies)))
        return real_post_batch(self, peer, bodies)

    monkeypatch.setattr(outbox.Sender, "post", post)
    monkeypatch.setattr(outbox.Sender, "post_batch", post_batch)
    sender = outbox.Sender(parallel=1)
    sender.batch_messages = 5
    try:
        outbox.deliver_peer(peer, sender=sender)
    finally:
        sender.close()
    # the first alone; then 11 in windows of at most 5 (a window of one travels alone)
    assert calls[:4] == [("alone", 1), ("batch", 5), ("batch", 5), ("alone", 1)]
    assert not OutboxMessage.objects.filter(pk__in=edocs, delivered_at__isnull=True).exists()
    assert agency.org.documents.filter(direction="in").count() == 12
