"""The highlight escapes with html.escape (issue 10): the same text as Django's escape gave for every piece."""

from __future__ import annotations

import random

from django.utils.html import escape
from django.utils.safestring import mark_safe

from congvan.search.selectors import _TOKEN_RE, _fold_word, highlight


def reference(text: str, terms: list[str]) -> str:
    """The former highlight, with django.utils.html.escape."""
    wanted = set(terms)
    out: list[str] = []
    last = 0
    for m in _TOKEN_RE.finditer(text):
        if _fold_word(m.group(0)) in wanted:
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def test_the_same_highlight_as_djangos_escape():
    """Texts with every character HTML escapes (& < > " '), Vietnamese words and matches anywhere."""
    rnd = random.Random(5)
    pieces = ["Phòng", "cháy", "&", "<b>", '"x"', "'y'", "&amp;", "kế", "hoạch", "—", " ", "\n"]
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 40)))
        terms = rnd.sample(["chay", "ke", "hoach", "amp", "b"], rnd.randint(1, 3))
        got = highlight(text, terms)
        assert got == reference(text, terms)
        assert hasattr(got, "__html__")
