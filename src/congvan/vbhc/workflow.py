"""The states of a document and the transitions between them (Điều 10–24).

Pure data: the services in ``congvan.documents`` use it to decide whether a transition is allowed
for a state and a role, so that the web interface, the API and the tests follow one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # văn thư
    SPECIALIST = "specialist"  # chuyên viên
    UNIT_HEAD = "unit_head"  # lãnh đạo phòng
    LEADER = "leader"  # lãnh đạo cơ quan
    ADMIN = "admin"  # quản trị


class State(StrEnum):
    # outgoing
    DRAFT = "draft"
    CONTENT_REVIEW = "content_review"
    SIGNATURE = "signature"
    SIGNED = "signed"
    ISSUED = "issued"
    RECALLED = "recalled"
    # incoming; the values mirror edXML status codes 01..06
    RECEIVED = "received"
    REFUSED = "refused"
    REGISTERED = "registered"
    DIRECTED = "directed"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Action(StrEnum):
    SUBMIT = "submit"  # specialist sends the draft for content check
    APPROVE = "approve"  # unit head approves content, forwards for signature
    RETURN = "return"  # unit head or leader returns with comments
    SIGN = "sign"  # leader signs
    ISSUE = "issue"  # clerk numbers, dates, registers and issues
    REGISTER = "register"  # clerk registers an incoming document
    REFUSE = "refuse"  # clerk refuses an incoming document
    DIRECT = "direct"  # leader directs handling
    PROGRESS = "progress"  # assignee records progress
    COMPLETE = "complete"  # assignee records completion
    RECALL = "recall"  # clerk or leader recalls an issued document; it is frozen (Phụ lục VI III.8.a)


@dataclass(frozen=True)
class Transition:
    action: Action
    source: frozenset[State]
    target: State
    roles: frozenset[Role]


def _t(action: Action, source: set[State], target: State, roles: set[Role]) -> Transition:
    return Transition(action, frozenset(source), target, frozenset(roles))


TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.SUBMIT, {State.DRAFT}, State.CONTENT_REVIEW, {Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER}),
    _t(Action.APPROVE, {State.CONTENT_REVIEW}, State.SIGNATURE, {Role.UNIT_HEAD, Role.LEADER}),
    _t(
        Action.RETURN,
        {State.CONTENT_REVIEW, State.SIGNATURE, State.SIGNED},
        State.DRAFT,
        {Role.UNIT_HEAD, Role.LEADER},
    ),
    _t(Action.SIGN, {State.SIGNATURE}, State.SIGNED, {Role.LEADER}),
    _t(Action.ISSUE, {State.SIGNED}, State.ISSUED, {Role.CLERK}),
    _t(Action.REGISTER, {State.RECEIVED}, State.REGISTERED, {Role.CLERK}),
    _t(Action.REFUSE, {State.RECEIVED}, State.REFUSED, {Role.CLERK}),
    _t(Action.DIRECT, {State.REGISTERED, State.DIRECTED}, State.DIRECTED, {Role.LEADER, Role.UNIT_HEAD}),
    _t(
        Action.PROGRESS,
        {State.DIRECTED, State.IN_PROGRESS},
        State.IN_PROGRESS,
        {Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER},
    ),
    _t(
        Action.COMPLETE,
        {State.DIRECTED, State.IN_PROGRESS},
        State.DONE,
        {Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER},
    ),
    _t(Action.RECALL, {State.ISSUED}, State.RECALLED, {Role.CLERK, Role.LEADER}),
)

BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

OUTGOING_STATES = (
    State.DRAFT,
    State.CONTENT_REVIEW,
    State.SIGNATURE,
    State.SIGNED,
    State.ISSUED,
    State.RECALLED,
)
INCOMING_STATES = (
    State.RECEIVED,
    State.REFUSED,
    State.REGISTERED,
    State.DIRECTED,
    State.IN_PROGRESS,
    State.DONE,
)

# edXML status codes (QCVN 102:2016) that a recipient's incoming state reports back to the sender.
STATUS_OF_STATE: dict[State, str] = {
    State.RECEIVED: "01",
    State.REFUSED: "02",
    State.REGISTERED: "03",
    State.DIRECTED: "04",
    State.IN_PROGRESS: "05",
    State.DONE: "06",
}


class SigningAuthority(StrEnum):
    """Điều 13: on whose behalf the signer signs; empty when in their own capacity."""

    OWN = ""
    TM = "TM."  # thay mặt a collective
    KT = "KT."  # ký thay the head
    TL = "TL."  # thừa lệnh
    TUQ = "TUQ."  # thừa ủy quyền
    Q = "Q."  # quyền (acting head)


def allowed(action: Action, state: State, roles: set[Role]) -> tuple[bool, bool]:
    """Return (state allows the action, one of the roles may take it)."""
    t = BY_ACTION[action]
    return state in t.source, bool(t.roles & roles)
