"""One table of edXML status codes (QCVN 102:2016 StatusCode; Phụ lục VI III.8): ``vbhc.edxml.STATUS_CODES`` is
the source of truth, the exchange app's ``Status`` choices carry the same codes and labels, and what the system
does with 13, 15 and 16 is what the table says (a request, and the answer to it — not the kind of change,
which travels as the business type 1, 2, 3)."""

from __future__ import annotations

import pytest
from django.utils import translation

from congvan.exchange.models import Status
from congvan.exchange.statuses import may_move
from congvan.vbhc.edxml import STATUS_CODES


def test_exchange_status_has_the_codes_of_the_table():
    """Every code the system stores is a code of the standard's table, and every code of the table is stored."""
    assert [s.value for s in Status] == list(STATUS_CODES)


@pytest.mark.parametrize("code", list(STATUS_CODES), ids=list(STATUS_CODES))
def test_exchange_label_is_the_tables_label(code):
    """The label the sender's delivery list shows is the table's (the Vietnamese source string)."""
    with translation.override("vi"):
        assert str(Status(code).label) == STATUS_CODES[code]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("13", ("Đề nghị", "thu hồi")),
        ("15", ("Đồng ý", "cập nhật", "thay thế")),
        ("16", ("Từ chối", "thay thế")),
    ],
    ids=["13-request", "15-agreed", "16-refused"],
)
def test_recall_codes_are_a_request_and_its_answers(code, words):
    """III.8: 13 is the sender's request, 15 and 16 the recipient's answer to a recall, update or replacement
    (the kind is the business type), so the labels name the request and the answers, not the kind."""
    assert all(w in STATUS_CODES[code] for w in words)


@pytest.mark.parametrize(
    ("current", "new", "moves"),
    [("13", "15", True), ("13", "16", True), ("15", "05", False), ("16", "06", False), ("16", "13", True)],
    ids=["agreed", "refused", "late-05-after-answer", "late-06-after-answer", "second-recall"],
)
def test_answers_follow_the_request(current, new, moves):
    """An answer (15/16) moves a delivery waiting on a request (13); a late ordinary status never replaces the
    answer; a new request is always recorded (a second recall after a refusal)."""
    assert may_move(current, new) is moves
