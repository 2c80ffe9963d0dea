"""The snippet reads the text's words only as far as it needs: the same snippet as tokenising the whole text
(the former function, kept here as the reference) for matches at the start, the middle, the end or nowhere,
for any size."""

from __future__ import annotations

import random

from django.utils.html import escape
from django.utils.safestring import mark_safe

from congvan.search.selectors import _TOKEN_RE, _fold_word, highlight, snippet


def reference(text: str, terms: list[str], size: int = 30) -> str:
    wanted = set(terms)
    tokens = list(_TOKEN_RE.finditer(text))
    first = next((k for k, m in enumerate(tokens) if _fold_word(m.group(0)) in wanted), None)
    if first is None:
        return mark_safe("")
    lo = max(0, first - size // 3)
    hi = min(len(tokens), lo + size)
    piece = " ".join(text[tokens[lo].start() : tokens[hi - 1].end()].split())
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(tokens) else ""
    return mark_safe(escape(prefix) + highlight(piece, terms) + escape(suffix))


WORDS = [
    "Phòng",
    "cháy",
    "chữa",
    "cháy",
    "<b>",
    "&",
    "mùa",
    "khô",
    "Kế",
    "hoạch",
    "năm",
    "2024",
    "—",
    "\n",
    "“x”",
]


def test_same_snippet_as_the_whole_texts():
    """Random texts, terms and sizes: the snippet is the one the whole text's words gave."""
    rnd = random.Random(10)
    seen = set()
    for _ in range(3000):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 80)))
        terms = rnd.sample(["chay", "kho", "ke", "hoach", "2024", "vang"], rnd.randint(1, 3))
        size = rnd.choice([1, 2, 3, 4, 5, 9, 10, 30, 31, 100])
        assert snippet(text, terms, size) == reference(text, terms, size), (text, terms, size)
        assert snippet(text, terms) == reference(text, terms)
        got = str(snippet(text, terms, size))
        seen.add((got == "", got.startswith("… "), got.endswith(" …")))
    assert {(True, False, False), (False, True, True), (False, False, False)} <= seen
