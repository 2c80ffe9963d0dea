"""Hypothesis feeds the reader random and mutated documents: no exception escapes, and no run takes
more than a second per 100 KB (issue 3)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congvan.vbhc.reader import ParseError, parse_text
from congvan.vbhc.reader.files import extract_text

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
# the Unicode documents of the corpus (the TCVN3 and VNI copies are bytes of other encodings)
DOCUMENTS = [
    p.read_text(encoding="utf-8")
    for p in sorted(CORPUS.glob("*.txt"))
    if not p.stem.endswith(("_tcvn3", "_vni"))
]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text rich in what the reader keys on: Vietnamese letters, header words, list dashes, slashes.
_PIECES = list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằấầệọồờụừ0123456789/-.,;:()\n ") + [
    "Số:", "V/v", "Kính gửi:", "Nơi nhận:", "KT.", "TM.", "ngày", "tháng", "năm", "CỘNG HÒA", "- ",
]  # fmt: skip
VIETNAMESE = st.lists(st.sampled_from(_PIECES), max_size=1500).map("".join)


def _time_limit(text: str) -> float:
    """One second per 100 KB, never less than a second."""
    return max(1.0, len(text.encode("utf-8")) / 100_000)


def _check(text: str) -> None:
    # CPU time, not the wall clock: the bound is about the reader's work (no runaway regex or quadratic loop),
    # and must not depend on what else the machine is running.
    start = time.process_time()
    doc = parse_text(text, "fuzz.txt")
    elapsed = time.process_time() - start
    assert elapsed <= _time_limit(text), f"{elapsed:.2f} s for {len(text)} characters"
    assert isinstance(doc["recipients"], list) and isinstance(doc["warnings"], list)


@st.composite
def mutated_document(draw: st.DrawFn) -> str:
    """A corpus document with lines dropped, repeated, swapped, cut, merged or garbled."""
    lines = draw(st.sampled_from(DOCUMENTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "merge", "garble", "case", "insert"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "merge" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
        elif action == "garble":
            lines[i] = draw(st.text(max_size=80))
        elif action == "case":
            lines[i] = lines[i].upper() if draw(st.booleans()) else lines[i].lower()
        else:
            lines.insert(i, draw(VIETNAMESE))
    return "\n".join(lines)


class TestNoExceptionEscapes:
    """Whatever the text, parse_text returns the schema object."""

    @FUZZ
    @given(st.text(max_size=5000))
    def test_random_unicode(self, text: str) -> None:
        """Arbitrary Unicode, control characters included."""
        _check(text)

    @FUZZ
    @given(VIETNAMESE)
    def test_random_vietnamese_fragments(self, text: str) -> None:
        """Random mixes of header words, dashes and dates."""
        _check(text)

    @FUZZ
    @given(mutated_document())
    def test_mutated_documents(self, text: str) -> None:
        """Real documents with lines dropped, repeated, swapped, cut, merged or garbled."""
        _check(text)

    @FUZZ
    @given(st.binary(max_size=4000))
    def test_random_bytes_through_the_file_path(self, data: bytes) -> None:
        """Random bytes either read as text or raise ParseError; nothing else escapes."""
        try:
            text, _ = extract_text(data)
        except ParseError:
            return
        _check(text)


class TestLargeInputs:
    """Long and pathological inputs stay within a second per 100 KB (no regex blow-ups)."""

    @pytest.mark.parametrize(
        "text",
        [
            "a" * 300_000,
            ("Số: " + "1" * 50 + "/" * 50 + " ") * 3000,
            "- Như trên;\n" * 20_000,
            ("CỘNG HÒA XÃ HỘI " * 5 + "\n") * 2000,
            ("Công văn số 12/ " + "A-" * 40 + "\n") * 2000,
            ("ngày . . . . . . tháng . . . . năm " * 200 + "\n") * 50,
            "\n".join(DOCUMENTS) * 3,
        ],
        ids=[
            "one-long-word",
            "number-lines",
            "dash-list",
            "motto-fragments",
            "long-symbols",
            "dotted-dates",
            "corpus",
        ],
    )
    def test_within_time(self, text: str) -> None:
        """Each input parses within its time limit."""
        _check(text)
