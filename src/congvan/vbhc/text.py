"""Vietnamese text normalisation: NFC, tone-mark placement, legacy encodings, search keys.

Everything that compares or indexes Vietnamese text goes through here so that "Xoá" and "Xóa",
a TCVN3 file and a Unicode one, "Hòa" typed with combining marks and a precomposed "Hòa" are the
same text to the rest of the system. Output text is never rewritten beyond NFC: keys are for
comparison, the document keeps its own spelling.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = [
    "LegacyEncoding",
    "convert_legacy",
    "detect_legacy",
    "fold",
    "nfc",
    "normalize_tones",
    "sort_key",
    "tone_key",
]

# Combining tone marks (Vietnamese has five tones besides the level one).
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONE_MARKS}]")
_WORD_RE = re.compile(r"\w+")

LegacyEncoding = Literal["tcvn3", "vni"]


def nfc(text: str) -> str:
    """Unicode NFC: documents typed with combining marks compare equal to precomposed ones."""
    return unicodedata.normalize("NFC", text)


# --- tone placement -------------------------------------------------------------------------------
# The only syllables whose spelling differs between the old and the new placement rule are the open
# ones ending in the glides "oa", "oe" and "uy" (hoà/hòa, khoẻ/khỏe, thuỷ/thủy). Everything else has
# a single accepted placement, so the key moves tones only there.
_GLIDE_PAIRS = {"oa", "oe", "uy"}


def _move_tone(word: str, style: Literal["new", "old"]) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = _TONE_RE.findall(decomposed)
    if len(tones) != 1:
        return word
    base = _TONE_RE.sub("", decomposed)
    lower = base.lower()
    # "qu" + "y" is a consonant plus a vowel (quý), not the glide "uy"; "gi" likewise.
    match = re.fullmatch(r"([^aeiouy\u0300-\u036f]*)([aeiouy]+)", lower)
    if not match:
        return word
    onset, vowels = match.groups()
    if onset.endswith("q") or vowels not in _GLIDE_PAIRS:
        return word
    position = len(onset) + (1 if style == "new" else 0)
    rebuilt = base[: position + 1] + tones[0] + base[position + 1 :]
    return unicodedata.normalize("NFC", rebuilt)


def normalize_tones(text: str, style: Literal["new", "old"] = "new") -> str:
    """Place tone marks of 'oa', 'oe', 'uy' syllables by one rule: new ('hoà') or old ('hòa')."""
    return _WORD_RE.sub(lambda m: _move_tone(m.group(0), style), nfc(text))


def tone_key(text: str) -> str:
    """A comparison key equal for both tone placements and any case: tone_key('Xoá') == tone_key('xóa')."""
    collapsed = " ".join(nfc(text).split())
    return normalize_tones(collapsed, "new").casefold()


def fold(text: str) -> str:
    """Search key without diacritics: 'Xóa nhà tạm' -> 'xoa nha tam', 'Đ' -> 'd'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y — ă, â, đ, ê, ô, ơ, ư are
# letters of their own, after their base letter; tones count only between words spelled alike, in the order
# level, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple[str, tuple[int, ...], str]:
    """A key that sorts Vietnamese names in dictionary order, whatever the tone placement or the case:
    'An Giang' < 'Ân Thi' < 'Bạc Liêu' < 'Bắc Kạn' < 'Dak Lak' < 'Đà Nẵng' (Python's default order puts
    every accented capital after 'Z')."""
    letters: list[str] = []
    tones: list[int] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", " ".join(nfc(text).split()).casefold()):
        if ch in _TONE_RANK:
            tone = _TONE_RANK[ch]
        elif ch in _LETTER_MARKS and letters:
            letters[-1] = letters[-1][0] + _LETTER_MARKS[ch]
        elif ch == "đ":
            letters.append("d4")
        elif unicodedata.combining(ch):
            continue
        else:
            if not ch.isalnum():
                tones.append(tone)
                tone = 0
            letters.append(ch + "0")
    tones.append(tone)
    return "".join(letters), tuple(tones), nfc(text)


# --- legacy encodings -----------------------------------------------------------------------------
# TCVN3 (ABC, TCVN 5712:1993) puts each lower-case Vietnamese letter on one byte of 0xA1-0xFE; read
# as Latin-1 it shows as "C«ng v¨n". Upper-case letters with tones lived in a separate font, so
# their bytes are the lower-case ones: conversion gives lower case, as the file really holds.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_TABLE = str.maketrans({chr(k): v for k, v in _TCVN3_BYTES.items()})
# Bytes that in TCVN3 are very common letters (à á ã ă ô đ ê ...) but in Unicode text are
# punctuation nobody types: they tell TCVN3 apart from Unicode and from VNI.
_TCVN3_TELLS = frozenset("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾")

# VNI Windows writes a base letter followed by one or two mark bytes ("Vieät" = "Việt").
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_TONES_UPPER = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# Circumflex or breve combined with a tone in one byte.
_VNI_SHAPED = {
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"), "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"),
    "ú": ("\u0306", "\u0309"), "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
}  # fmt: skip
_VNI_SHAPED_UPPER = {k.upper(): v for k, v in _VNI_SHAPED.items()}
# Single bytes standing for a whole letter.
_VNI_LETTERS = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip
_VNI_RE = re.compile(
    r"([aeoAEO])([âáàåãäÂÁÀÅÃÄ])"  # circumflex (+ tone)
    r"|([aA])([êéèúüëÊÉÈÚÜË])"  # breve (+ tone)
    r"|([aeiouyAEIOUYôöÔÖ])([ùøûõïÙØÛÕÏ])"  # plain vowel or ơ/ư + tone
    r"|([ôöñíìæóòîÔÖÑÍÌÆÓÒÎ])"  # whole-letter bytes
)
# Mark bytes that never follow a vowel in Unicode Vietnamese: their presence means VNI.
_VNI_TELL_RE = re.compile(r"[aeiouyAEIOUY][øûïäåëüØÛÏÄÅËÜ]")


def _vni_replace(match: re.Match[str]) -> str:
    if match.group(1):
        shape, tone = (_VNI_SHAPED | _VNI_SHAPED_UPPER)[match.group(2)]
        return nfc(match.group(1) + shape + tone)
    if match.group(3):
        shape, tone = (_VNI_SHAPED | _VNI_SHAPED_UPPER)[match.group(4)]
        return nfc(match.group(3) + shape + tone)
    if match.group(5):
        base = _VNI_LETTERS.get(match.group(5), match.group(5))
        tone = (_VNI_TONES | _VNI_TONES_UPPER)[match.group(6)]
        return nfc(base + tone)
    return _VNI_LETTERS[match.group(7)]


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Say whether text (bytes read as Latin-1 / cp1252) is TCVN3 or VNI rather than Unicode."""
    letters = sum(c.isalpha() for c in text) or 1
    tcvn3 = sum(c in _TCVN3_TELLS for c in text)
    vni = len(_VNI_TELL_RE.findall(text))
    # A handful of stray symbols must not flip a Unicode document; legacy text has them in
    # nearly every other word.
    threshold = max(3, letters // 200)
    if tcvn3 >= threshold and tcvn3 >= vni:
        return "tcvn3"
    if vni >= threshold:
        return "vni"
    return None


def _restore_capitals(line: str) -> str:
    """TCVN3 capitals with marks were lower-case bytes in a capitals font (.VnTimeH): "CộNG HòA".

    A line whose plain ASCII letters are all capitals was typed in that font, so it is upper-cased whole;
    a word whose ASCII letters are capitals is upper-cased in mixed lines.
    """
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
        return line.upper()
    words = line.split(" ")
    for i, word in enumerate(words):
        plain = [c for c in word if c.isascii() and c.isalpha()]
        if len(plain) >= 2 and all(c.isupper() for c in plain):
            words[i] = word.upper()
    return " ".join(words)


def convert_legacy(text: str, encoding: LegacyEncoding) -> str:
    """Convert TCVN3 or VNI text (as read through Latin-1 / cp1252) to Unicode NFC."""
    if encoding == "tcvn3":
        return "\n".join(_restore_capitals(line) for line in nfc(text.translate(_TCVN3_TABLE)).split("\n"))
    return nfc(_VNI_RE.sub(_vni_replace, text))
