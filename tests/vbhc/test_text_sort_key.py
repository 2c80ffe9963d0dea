"""Vietnamese alphabetical order for lists of names (the organisation directory): ``vbhc.text.sort_key``."""

from __future__ import annotations

import pytest

from congvan.vbhc.text import sort_key

CASES = {
    "letters-after-their-base": (["Ân Thi", "Ăn Khê", "An Giang"], ["An Giang", "Ăn Khê", "Ân Thi"]),
    "d-before-dd": (["Đà Nẵng", "Dak Lak", "Điện Biên"], ["Dak Lak", "Đà Nẵng", "Điện Biên"]),
    "o-o-hat-o-horn": (["Ơn", "Ô Môn", "Oanh"], ["Oanh", "Ô Môn", "Ơn"]),
    "u-before-u-horn": (["Ưng Hòa", "Uông Bí", "Văn"], ["Uông Bí", "Ưng Hòa", "Văn"]),
    "tones-after-letters": (["Bắc Kạn", "Bạc Liêu", "Ba Vì"], ["Ba Vì", "Bạc Liêu", "Bắc Kạn"]),
    "tone-order": (["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba"], ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"]),
    "accented-capitals-not-after-z": (["Ủy ban nhân dân", "Sở Y tế"], ["Sở Y tế", "Ủy ban nhân dân"]),
    "shorter-word-first": (["Anh Sơn", "An Lão"], ["An Lão", "Anh Sơn"]),
}


@pytest.mark.parametrize("given, expected", list(CASES.values()), ids=list(CASES))
def test_dictionary_order(given, expected):
    """Names sort as in a Vietnamese dictionary: ă, â, đ, ê, ô, ơ, ư after their base letter, tones only
    between names spelled alike (level, huyền, hỏi, ngã, sắc, nặng)."""
    assert sorted(given, key=sort_key) == expected


@pytest.mark.parametrize(
    "a, b",
    [("Hoà Bình", "Hòa Bình"), ("ỦY BAN", "Ủy ban"), ("Xoá  nhà", "Xóa nhà")],
    ids=["tone", "case", "space"],
)
def test_same_name_same_place(a, b):
    """Tone placement (old/new), case and spacing do not move a name: only the tie-break differs."""
    assert sort_key(a)[:2] == sort_key(b)[:2]
