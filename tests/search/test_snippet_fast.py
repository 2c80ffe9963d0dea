"""The snippet and the highlight find the words by one pattern over the text as it is (issue 10), not by
folding every word: the same output, byte for byte, as the word-by-word functions they replace, kept here
verbatim as the oracle (renamed, the snippet calling the oracle's highlight)."""

from __future__ import annotations

import collections
import functools
import html
import re
import unicodedata

import pytest
from django.utils.safestring import SafeString, mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from congvan.search import selectors
from congvan.search.selectors import SNIPPET_WORDS, highlight, snippet
from congvan.vbhc.text import fold

# --- the oracle: selectors.py before issue 10's pattern ---------------------------------------------------

_TOKEN_RE = re.compile(r"\w+")
_fold_word = functools.lru_cache(maxsize=100_000)(fold)


def old_highlight(text: str, terms: list[str]) -> SafeString:
    escape = html.escape
    wanted = set(terms)
    out: list[str] = []
    last = 0
    for m in _TOKEN_RE.finditer(text):
        if _fold_word(m.group(0)) in wanted:
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def old_snippet(text: str, terms: list[str], size: int = SNIPPET_WORDS) -> SafeString:
    wanted = set(terms)
    words = _TOKEN_RE.finditer(text)
    before: collections.deque[re.Match[str]] = collections.deque(maxlen=size // 3)
    skipped = False  # words before those kept
    for match in words:
        if _fold_word(match.group(0)) in wanted:
            break
        if len(before) == before.maxlen:
            skipped = True
        before.append(match)
    else:
        return mark_safe("")
    window = [*before, match]
    more = False
    for match in words:
        if len(window) >= size:
            more = True
            break
        window.append(match)
    piece = " ".join(text[window[0].start() : window[-1].end()].split())
    prefix = "… " if skipped else ""
    suffix = " …" if more else ""
    return mark_safe(html.escape(prefix) + old_highlight(piece, terms) + html.escape(suffix))  # noqa: S308


# --- texts ---------------------------------------------------------------------------------------------

SENTENCE = (
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về phong trào thi đua, Sở Thông tin và Truyền thông đề nghị "
    "các cơ quan, đơn vị triển khai một số nội dung sau. Kinh phí thực hiện từ nguồn ngân sách nhà nước."
)
FILLER = SENTENCE.split()


def body(words: int, match_at: int | None = None, word: str = "Xoá") -> str:
    """``words`` words of an administrative letter, ``word`` at index ``match_at``."""
    out = [FILLER[i % len(FILLER)] for i in range(words)]
    if match_at is not None:
        out[match_at] = word
    return " ".join(out)


def numbered(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


CASES = [
    pytest.param("Xoá nhà tạm, nhà dột nát trên địa bàn tỉnh", ["xoa"], id="match-at-start"),
    pytest.param(body(60, 30), ["xoa"], id="match-in-middle"),
    pytest.param(body(3000, 2500), ["xoa"], id="match-deep-in-long-text"),
    pytest.param(body(3000, 10), ["xoa"], id="match-early-in-long-text"),
    pytest.param(body(3000), ["xoa"], id="no-match-long-text"),
    pytest.param("Kế hoạch năm 2024", ["zzz"], id="no-match"),
    pytest.param("", ["xoa"], id="empty-text"),
    pytest.param(
        body(80, 50) + " đài truyền thanh " + body(20), ["dai", "truyen", "xoa"], id="several-terms"
    ),
    pytest.param("Chấn chỉnh Xóa nhà tạm; xoá dột nát; XOÁ; xoa", ["xoa"], id="xoa-spellings"),
    pytest.param("Ngày Sách ĐÀI truyền thanh Đài đài dai", ["dai"], id="dai-spellings"),
    pytest.param(unicodedata.normalize("NFD", body(40, 20) + " Đài"), ["xoa", "dai", "o"], id="nfd-text"),
    pytest.param(body(40) + " Straße Xoá", ["strasse"], id="sharp-s"),
    pytest.param(body(40) + " ﬁnal ŉ İstanbul Xoá", ["final", "ʼn", "istanbul"], id="casefold-expansions"),
    pytest.param("Å\u212bo \u212aế hoạch Xoá", ["ao", "ke"], id="singleton-decompositions"),
    pytest.param("xoa_nha 2024xoa xoa2024 _xoa_ xoa", ["xoa", "xoa_nha"], id="underscores-and-digits"),
    pytest.param("<b>Xoá</b> & \"nhà\" 'tạm' <i>x</i>", ["xoa", "nha", "b"], id="html-around-match"),
    pytest.param("&amp;lt; Xoá&nbsp;nhà &lt;", ["xoa", "amp", "lt"], id="html-entities-as-text"),
    pytest.param(body(50) + " Xoá", ["xoa"], id="match-last-word"),
    pytest.param(numbered(10) + " Xoá " + numbered(40), ["xoa"], id="exactly-a-third-before"),
    pytest.param(numbered(11) + " Xoá " + numbered(40), ["xoa"], id="one-more-than-a-third-before"),
    pytest.param(numbered(10) + " Xoá " + numbered(19), ["xoa"], id="exactly-size-words"),
    pytest.param(numbered(10) + " Xoá " + numbered(20), ["xoa"], id="one-word-more-than-size"),
    pytest.param("Kế  hoạch\n\n  năm\t2024\r\n Xoá \n\n nhà   tạm\n", ["xoa"], id="newlines-and-spaces"),
    pytest.param("." * 5000 + " một hai ba Xoá", ["xoa"], id="long-punctuation-before-match"),
    pytest.param("a" * 300 + " " + "b" * 200 + " Xoá c", ["xoa"], id="long-words-before-match"),
    pytest.param("Xoá nhà tạm", ["", "xoa nha", "Xoa", "-", "x"], id="terms-no-word-folds-to"),
    pytest.param("Báo cáo 😀 kết quả Xoá", ["xoa"], id="emoji-before-match"),
    pytest.param("Xoá 😀 kết quả ß", ["xoa"], id="unchecked-characters-after-match"),
]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 30, 31])
@pytest.mark.parametrize(("text", "terms"), CASES)
def test_snippet_is_the_oracles(text, terms, size):
    """Rule: the snippet is byte for byte the word-by-word one, for every kind of text and size."""
    got = snippet(text, terms, size)
    assert str(got) == str(old_snippet(text, terms, size))
    assert isinstance(got, SafeString)


@pytest.mark.parametrize(("text", "terms"), CASES)
def test_default_size_snippet_is_the_oracles(text, terms):
    """Rule: at the size the search uses, the snippet is the word-by-word one."""
    assert str(snippet(text, terms)) == str(old_snippet(text, terms))


@pytest.mark.parametrize(("text", "terms"), CASES)
def test_highlight_is_the_oracles(text, terms):
    """Rule: the highlight is byte for byte the word-by-word one."""
    got = highlight(text, terms)
    assert str(got) == str(old_highlight(text, terms))
    assert isinstance(got, SafeString)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Xoá", "<mark>Xoá</mark>", id="alone"),
        pytest.param("Không có", "", id="no-match"),
        pytest.param(numbered(11) + " Xoá " + numbered(40), "… w1 w2 ", id="words-skipped"),
    ],
)
def test_snippet_shape(text, expected):
    """Rule: the match is marked, no match gives an empty string, skipped words give a leading ellipsis."""
    got = str(snippet(text, ["xoa"]))
    assert got.startswith(expected) if expected else got == ""


def test_negative_size_raises_as_before():
    """Rule: a negative size is refused as the word-by-word snippet refused it."""
    with pytest.raises(ValueError):
        old_snippet("Xoá", ["xoa"], -1)
    with pytest.raises(ValueError):
        snippet("Xoá", ["xoa"], -1)


@pytest.mark.parametrize(
    ("text", "word_by_word"),
    [
        pytest.param(body(100, 50), False, id="vietnamese-precomposed"),
        pytest.param(body(100) + " Xoá", False, id="no-match-checked"),
        pytest.param(unicodedata.normalize("NFD", body(100, 50)), True, id="nfd"),
        pytest.param("Straße " + body(100, 50), True, id="sharp-s-before-match"),
        pytest.param(body(100, 50) + " Straße", False, id="sharp-s-after-match"),
        pytest.param("Báo cáo 😀 Xoá", True, id="emoji-before-match"),
    ],
)
def test_unchecked_characters_before_the_match_fall_back(monkeypatch, text, word_by_word):
    """Rule: a text with a character outside those checked before its match goes word by word; after
    the match such characters do not matter to the match."""
    calls = []
    real = selectors._snippet_word_by_word

    def spy(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(selectors, "_snippet_word_by_word", spy)
    assert str(snippet(text, ["xoa"])) == str(old_snippet(text, ["xoa"]))
    assert bool(calls) is word_by_word


def test_checked_characters_fold_one_for_one_in_words():
    """Rule: each checked word character folds to one word character, inside a word as alone, so a word of
    them folds to their folds side by side (what the pattern relies on)."""
    chars = selectors._folded_chars()
    for folded, sources in chars.by_fold.items():
        assert re.fullmatch(r"\w", folded)
        for c in sources:
            assert fold(c) == folded
            assert fold(f"a{c}{c}b") == f"a{folded}{folded}b", hex(ord(c))
            assert chars.unchecked.search(c) is None


@pytest.mark.parametrize(
    "char",
    ["ß", "ŉ", "ﬁ", "\u0301", "\u0323", "😀", "α", "中", "\ud800"],
    ids=[
        "sharp-s",
        "n-apostrophe",
        "fi-ligature",
        "combining-acute",
        "combining-dot",
        "emoji",
        "greek",
        "cjk",
        "surrogate",
    ],
)
def test_unchecked_characters_are_found(char):
    """Rule: casefold expansions, combining marks and characters outside the checked blocks are found."""
    assert selectors._folded_chars().unchecked.search(f"Xoá {char}") is not None


# --- random texts --------------------------------------------------------------------------------------

SYLLABLES = ["Xoá", "xóa", "XOA", "nhà", "tạm", "Đài", "đài", "dai", "kế", "hoạch", "2024", "_", "Åo"]
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ALPHABET = LETTERS + LETTERS.upper() + "0123456789_ \n\t.,;:-—–“”<>&\"'()/…\u212b"
SEPARATORS = [" ", " ", " ", "\n", "  ", ", ", ". ", " <b>", "&", "—", "", "...."]
# Characters the pattern leaves to the word-by-word functions, put into some texts only: most texts are to
# exercise the pattern.
UNCHECKED = ["ß", "\u0301", "ﬁ", "😀", "ŉ"]


@st.composite
def text_and_terms(draw):
    pieces = draw(
        st.lists(
            st.one_of(st.sampled_from(SYLLABLES), st.text(alphabet=ALPHABET, min_size=1, max_size=8)),
            max_size=80,
        )
    )
    text = "".join(p + draw(st.sampled_from(SEPARATORS)) for p in pieces)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(UNCHECKED)) + text[at:]
    folded = sorted({fold(w) for w in _TOKEN_RE.findall(text)})
    from_text = st.sampled_from(folded) if folded else st.just("xoa")
    terms = draw(
        st.lists(st.one_of(from_text, st.sampled_from(["xoa", "dai", "zz", ""])), min_size=1, max_size=4)
    )
    size = draw(st.sampled_from([0, 1, 2, 3, 5, 7, 30]))
    return text, terms, size


@settings(max_examples=200, deadline=None)
@given(text_and_terms())
def test_random_texts_match_the_oracle(case):
    """Rule: for random Vietnamese, ASCII and punctuation texts and terms among their folded words, the
    snippet and the highlight are the word-by-word ones."""
    text, terms, size = case
    assert str(snippet(text, terms, size)) == str(old_snippet(text, terms, size))
    assert str(highlight(text, terms)) == str(old_highlight(text, terms))
