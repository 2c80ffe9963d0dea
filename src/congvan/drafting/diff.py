"""Differences between two versions of a draft, for a side-by-side view. Pure Python (no Django).

The body is compared in two passes with ``difflib.SequenceMatcher``: paragraphs first, then word by word
inside the paragraphs that changed (docs/decisions/0011-two-pass-word-diff.md). A word diff of a whole
30-page body in one pass costs seconds; the paragraph pass leaves only the few changed paragraphs to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

_WORDS = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "del" (only on the left) or "ins" (only on the right)
    text: str


@dataclass
class Row:
    """One line of the side-by-side view: a paragraph of the older version beside its counterpart."""

    left: list[Piece] = field(default_factory=list)
    right: list[Piece] = field(default_factory=list)
    changed: bool = False


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: Any
    new: Any


@dataclass
class Comparison:
    rows: list[Row]
    fields: list[FieldChange]
    added: list[dict[str, Any]]  # attachments only in the newer version
    removed: list[dict[str, Any]]  # attachments only in the older version
    words_added: int = 0
    words_removed: int = 0

    @property
    def body_changed(self) -> bool:
        return any(r.changed for r in self.rows)


def paragraphs(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text) or ([text] if text else [])


def word_rows(old: list[str], new: list[str]) -> tuple[list[Row], int, int]:
    """Align the changed paragraphs ``old`` and ``new`` and mark the words that differ."""
    a = [w for p in old for w in _words(p) + ["\n"]]
    b = [w for p in new for w in _words(p) + ["\n"]]
    rows: list[Row] = [Row(changed=True)]
    left: list[Piece] = rows[0].left
    right: list[Piece] = rows[0].right
    added = removed = 0

    def flush_line() -> None:
        nonlocal left, right
        row = Row(changed=True)
        rows.append(row)
        left, right = row.left, row.right

    # A word and its following space are one token, so "Sở " and "Sở\n" differ only in the space.
    matcher = SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                word_a, word_b = a[i1 + k], b[j1 + k]
                if word_a == "\n" and word_b == "\n":
                    flush_line()
                    continue
                left.append(Piece("same", word_a))
                right.append(Piece("same", word_b))
            continue
        for w in a[i1:i2]:
            if w == "\n":
                left.append(Piece("same", " "))
            else:
                left.append(Piece("del", w))
                removed += 1
        for w in b[j1:j2]:
            if w == "\n":
                right.append(Piece("same", " "))
            else:
                right.append(Piece("ins", w))
                added += 1
    if not rows[-1].left and not rows[-1].right:
        rows.pop()
    return rows, added, removed


# Word alignment costs about the square of the words compared; beyond this many on both sides of one changed
# run (a body rewritten rather than edited) the run is shown paragraph by paragraph instead.
MAX_WORD_BLOCK = 2000


def _count(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


def whole_rows(old: list[str], new: list[str]) -> tuple[list[Row], int, int]:
    """A rewritten run: the old paragraphs struck through beside the new ones, without word alignment."""
    rows = [
        Row(
            [Piece("del", old[k])] if k < len(old) else [],
            [Piece("ins", new[k])] if k < len(new) else [],
            changed=True,
        )
        for k in range(max(len(old), len(new)))
    ]
    return rows, _count(new), _count(old)


def body_rows(old: str, new: str) -> tuple[list[Row], int, int]:
    """Paragraphs side by side; unchanged ones as they are, changed runs word by word."""
    a, b = paragraphs(old), paragraphs(new)
    rows: list[Row] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(Row([Piece("same", p)], [Piece("same", p)]) for p in a[i1:i2])
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            # as many paragraphs on each side: each edited in place, compared with its counterpart alone
            blocks = [([a[i1 + k]], [b[j1 + k]]) for k in range(i2 - i1)]
        else:
            blocks = [(a[i1:i2], b[j1:j2])]
        for old_block, new_block in blocks:
            if min(_count(old_block), _count(new_block)) > MAX_WORD_BLOCK:
                changed, n_add, n_del = whole_rows(old_block, new_block)
            else:
                changed, n_add, n_del = word_rows(old_block, new_block)
            rows.extend(changed)
            added += n_add
            removed += n_del
    return rows, added, removed


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    keys = list(new) + [k for k in old if k not in new]
    return [FieldChange(key, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)]


def attachment_changes(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Attachments are the same file when their name and SHA-256 are the same."""
    key = lambda a: (a.get("name"), a.get("sha256"))  # noqa: E731
    old_keys = {key(a) for a in old}
    new_keys = {key(a) for a in new}
    return [a for a in new if key(a) not in old_keys], [a for a in old if key(a) not in new_keys]


def compare(
    *,
    old_fields: dict[str, Any],
    new_fields: dict[str, Any],
    old_body: str,
    new_body: str,
    old_attachments: list[dict[str, Any]],
    new_attachments: list[dict[str, Any]],
) -> Comparison:
    rows, added, removed = body_rows(old_body, new_body)
    files_added, files_removed = attachment_changes(old_attachments, new_attachments)
    return Comparison(
        rows=rows,
        fields=field_changes(old_fields, new_fields),
        added=files_added,
        removed=files_removed,
        words_added=added,
        words_removed=removed,
    )


def changed_keys(
    old: tuple[dict[str, Any], str, list[dict[str, Any]]] | None,
    new: tuple[dict[str, Any], str, list[dict[str, Any]]],
) -> list[str]:
    """What a save changed: field keys, "body", "attachments" (nothing to compare for the first version)."""
    fields, body, attachments = new
    if old is None:
        return []
    keys = [c.key for c in field_changes(old[0], fields)]
    if old[1] != body:
        keys.append("body")
    if attachment_changes(old[2], attachments) != ([], []):
        keys.append("attachments")
    return keys
